import { Construct, IConstruct } from "constructs";
import { TerraformElement } from "cdktf";
import { stackSingleton } from "../stack-singletons";
import { byCodePoint } from "./naming";

/**
 * Terraform `removed` blocks (Terraform >= 1.7): "forget this resource, do not destroy it".
 * cdktf 0.21 has no construct for them, so this element writes the top-level block itself:
 *
 * ```json
 * "removed": [{ "from": "azuread_user.break_glass_bg-01_contoso_onmicrosoft_com", "lifecycle": { "destroy": false } }]
 * ```
 *
 * One element per stack collects every address and emits them sorted, so the output does not
 * depend on the order the constructs were created in. (Terraform docs, "removed block reference".)
 */
export class RemovedBlocks extends TerraformElement {
  /** The stack's element, created on first use. */
  public static of(scope: IConstruct): RemovedBlocks {
    return stackSingleton(scope, "removed-blocks", (stack) => new RemovedBlocks(stack, "RemovedBlocks"));
  }

  private readonly addresses = new Set<string>();

  private constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  /** Adds `<type>.<name>` to forget without destroying. */
  public forget(address: string): void {
    this.addresses.add(address);
  }

  /** The addresses, sorted. */
  public get forgotten(): readonly string[] {
    return [...this.addresses].sort(byCodePoint);
  }

  public override toTerraform(): Record<string, unknown> {
    if (this.addresses.size === 0) return {};
    return { removed: this.forgotten.map((from) => ({ from, lifecycle: { destroy: false } })) };
  }

  /**
   * cdktf's HCL renderer only knows resource, data, provider, module, output, moved, import,
   * locals and variable fragments: a `removed` block would be dropped, and a dropped block means
   * Terraform destroys the account. Fail instead.
   */
  public override toHclTerraform(): Record<string, unknown> {
    if (this.addresses.size === 0) return {};
    throw new Error(
      `${this.node.path}: Terraform removed blocks (decommissioned break-glass accounts) need JSON output; cdktf's HCL output would drop them and Terraform would destroy ${this.forgotten.join(", ")}. Synthesize without hclOutput.`,
    );
  }
}
