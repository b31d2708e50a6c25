/**
 * The provider versions the Terraform stage (`npm run test:terraform`) validates and plans every
 * synthesized stack with; they are also what the constructs write to `terraform.required_providers`,
 * exactly, so nothing unproven is admitted. Raise one with
 * `stack.addOverride("terraform.required_providers.<name>.version", "...")` (the tenant file:
 * `providers.<name>.version`) after checking it. Why these: azuread 3.9.0 sends AdminUpdate when a
 * PIM for Groups schedule changes (3.7.0 sent AdminAssign: RoleAssignmentExists); msgraph 0.4.0
 * retries 429/5xx by default (#129) and PATCHes the whole body of `msgraph_update_resource` on
 * every update (internal/services/msgraph_update_resource.go, CreateUpdate).
 */
export const PROVIDER_VERSIONS = { azuread: "3.9.0", azurerm: "4.55.0", msgraph: "0.4.0", random: "3.7.2" } as const;
export type ProviderName = keyof typeof PROVIDER_VERSIONS;

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
}

/**
 * Whether a Terraform version constraint (`"3.9.0"`, `">= 3.7.0, < 4.0.0"`, `"~> 3.8"`) admits
 * `version`, for advice only; undefined when a part is not read (pre-releases, unknown operators).
 */
export function constraintAdmits(constraint: string, version: string): boolean | undefined {
  const v = version.split(".").map(Number);
  for (const part of constraint.split(",")) {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(part);
    if (!m) return undefined;
    const parts = m[4] !== undefined ? 3 : m[3] !== undefined ? 2 : 1;
    const c = [Number(m[2]), Number(m[3] ?? 0), Number(m[4] ?? 0)];
    const d = compare(v, c);
    const op = m[1] ?? "=";
    let ok: boolean;
    if (op === "~>") {
      // ~> 3.8 admits 3.8 up to (not) 4.0; ~> 3.8.1 admits 3.8.1 up to (not) 3.9.0.
      const upper = parts === 3 ? [c[0], c[1] + 1, 0] : [c[0] + 1, 0, 0];
      ok = d >= 0 && compare(v, upper) < 0;
    } else {
      ok = { "=": d === 0, "!=": d !== 0, ">=": d >= 0, "<=": d <= 0, ">": d > 0, "<": d < 0 }[op] as boolean;
    }
    if (!ok) return false;
  }
  return true;
}
