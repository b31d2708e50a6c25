import { IConstruct } from "constructs";
import { TerraformDataSource, TerraformProvider, TerraformResource, TerraformStack } from "cdktf";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { MsgraphProvider } from "./msgraph";
import { stackSingleton } from "../stack-singletons";
import { PROVIDER_VERSIONS, ProviderName } from "./versions";

/**
 * Every resource needs its provider in the stack. A construct calls `ensure*` and gets the
 * provider the user configured, or a default one (credentials from the environment: OIDC in
 * pipelines, Azure CLI locally). Providers created by the user anywhere in the stack win.
 */
function existing<T>(stack: TerraformStack, type: abstract new (...args: never[]) => T): T | undefined {
  return stack.node.findAll().find((c): c is IConstruct & T => c instanceof type) as T | undefined;
}

/**
 * Terraform >= 1.7: break-glass decommissioning writes `removed` blocks with
 * `lifecycle { destroy = false }`, which older versions reject.
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.7.0";

function ensureTerraformVersion(scope: IConstruct): void {
  stackSingleton(scope, "terraform:required_version", (stack) => {
    stack.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    stack.node.addValidation({ validate: () => invalidNames(stack) });
  });
}

/**
 * Terraform names must start with a letter or underscore (then letters, digits, `_`, `-`); cdktf
 * builds them from construct ids and writes whatever results, e.g. a JitRole with id
 * `7c9e6679-...` (a PIM group given by object id) gives `7c9e6679...owner_Settings_...`, which
 * `terraform init` refuses (Invalid resource name). Found by the Terraform stage.
 */
function invalidNames(stack: TerraformStack): string[] {
  const out: string[] = [];
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformResource || c instanceof TerraformDataSource)) continue;
    const name = stack.getLogicalId(c);
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name)) {
      out.push(
        `${c.terraformResourceType} "${name}" (${c.node.path}): Terraform names must start with a letter or underscore and contain only letters, digits, "_" and "-"; give the construct at ${c.node.path.split("/").slice(0, 2).join("/")} an id that starts with a letter`,
      );
    }
  }
  return out;
}

/**
 * Pins the provider's version and refuses, at synth, a second default (un-aliased) configuration of
 * it: one created after the constructs would otherwise be written beside the constructs' default,
 * which Terraform refuses ("Duplicate provider configuration") while synth exits 0.
 */
function ensureProvider<T extends TerraformProvider>(scope: IConstruct, name: ProviderName, type: abstract new (...args: never[]) => T, create: (stack: TerraformStack) => T): void {
  stackSingleton(scope, `provider:${name}`, (stack) => {
    // MsgraphProvider writes its own constraint (PROVIDER_VERSIONS.msgraph unless `versionConstraint` says otherwise).
    if (name !== "msgraph") stack.addOverride(`terraform.required_providers.${name}.version`, PROVIDER_VERSIONS[name]);
    stack.node.addValidation({ validate: () => duplicateDefaults(stack, name, type) });
    return existing(stack, type) ?? create(stack);
  });
}

function duplicateDefaults(stack: TerraformStack, name: string, type: abstract new (...args: never[]) => TerraformProvider): string[] {
  const defaults = stack.node.findAll().filter((c): c is TerraformProvider => c instanceof type && !(c as TerraformProvider).alias);
  if (defaults.length < 2) return [];
  return [
    `${defaults.length} default (un-aliased) ${name} provider configurations in stack ${stack.node.id}: ${defaults.map((p) => p.node.path).join(", ")}; ` +
      `Terraform refuses duplicate provider configurations. Create the provider before the constructs (they reuse it), or give the extra one an alias.`,
  ];
}

export function ensureAzuread(scope: IConstruct): void {
  ensureTerraformVersion(scope);
  ensureProvider(scope, "azuread", AzureadProvider, (stack) => new AzureadProvider(stack, "azuread", {}));
}

export function ensureAzurerm(scope: IConstruct): void {
  ensureTerraformVersion(scope);
  // The prebuilt binding writes source "azurerm"; pin the full address so it reads unambiguously.
  stackSingleton(scope, "source:azurerm", (stack) => stack.addOverride("terraform.required_providers.azurerm.source", "hashicorp/azurerm"));
  ensureProvider(scope, "azurerm", AzurermProvider, (stack) => new AzurermProvider(stack, "azurerm", { features: [{}] }));
}

export function ensureMsgraph(scope: IConstruct): void {
  ensureTerraformVersion(scope);
  ensureProvider(scope, "msgraph", MsgraphProvider, (stack) => new MsgraphProvider(stack, "msgraph", {}));
}

export function ensureRandom(scope: IConstruct): void {
  ensureProvider(scope, "random", RandomProvider, (stack) => new RandomProvider(stack, "random", {}));
}
