import { IConstruct } from "constructs";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";
import { isUnresolved } from "../values";

/**
 * No Conditional Access policy still excludes a decommissioned break-glass account. Decommissioning
 * forgets the account without deleting it (removed blocks, `destroy = false`), so it keeps its
 * permanent Global Administrator assignment in the tenant; an exclusion left behind (an
 * AdminWorkstationPolicy `excluded` entry, a hand-written policy's `excluded_users`) lets that
 * unmanaged, unalerted account sign in past the policy. Read by the ids the stack gives it: the
 * principal lookup of its UPN, or an `azuread_user` data source of that UPN.
 */
export function decommissionedBreakGlassExcluded(node: IConstruct, model: StackModel): RuleOutcome {
  const policy = model.conditionalAccessPolicyOf(node);
  if (!policy || policy.state === "disabled" || isUnresolved(policy.excludedUsers)) return Compliance.NOT_APPLICABLE;
  const retired = model.decommissionedBreakGlass;
  if (retired.length === 0) return Compliance.NOT_APPLICABLE;
  const excluded = new Set(policy.excludedUsers.map((u) => u.toLowerCase()));
  return retired
    .filter((r) => r.references.some((ref) => excluded.has(ref)))
    .map(
      (r) =>
        `"${policy.displayName}" still excludes ${r.userPrincipalName}, a decommissioned break-glass account: it keeps Global Administrator in the tenant until deleted, and no longer has the sign-in alert`,
    );
}
