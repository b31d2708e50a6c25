import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";
import { ConditionalAccessView } from "../conditional-access";
import { describe, isUnresolved } from "../values";
import { targetsBreakGlass } from "./helpers";

/** A workload identity policy: `included_users = ["None"]` and no roles (it applies to service principals). */
const appliesToNoUser = (p: ConditionalAccessView) =>
  !isUnresolved(p.includedUsers) && p.includedUsers.length === 1 && p.includedUsers[0] === "None" && !isUnresolved(p.includedRoles) && p.includedRoles.length === 0;

/**
 * Every Conditional Access policy (enabled or report-only) excludes at least one break-glass
 * account in `excluded_users`, or a group the stack shows to hold one (Maester MT.1005 accepts both). The dedicated policy that targets the break-glass accounts
 * (includes only them) is exempt, and so are workload identity policies.
 */
export function conditionalAccessExcludesBreakGlass(node: IConstruct, model: StackModel): RuleOutcome {
  const policy = model.conditionalAccessPolicyOf(node);
  if (!policy || policy.state === "disabled" || appliesToNoUser(policy)) return Compliance.NOT_APPLICABLE;
  const accounts = model.breakGlassAccounts;
  if (targetsBreakGlass(policy, accounts)) return Compliance.NOT_APPLICABLE;
  if (accounts.length === 0 && model.breakGlassManagedElsewhere) return Compliance.NOT_APPLICABLE;
  if (accounts.length === 0) return [`"${policy.displayName}" cannot exclude a break-glass account: the stack has none (add BreakGlassAccount)`];
  const excluded = policy.excludedUsers;
  if (isUnresolved(excluded)) return [`"${policy.displayName}": excluded_users ${describe(excluded)}: cannot tell whether a break-glass account is excluded`];
  if (accounts.some((b) => excluded.includes(b.objectId))) return Compliance.COMPLIANT;
  // Maester MT.1005: an excluded group that holds a break-glass account counts too.
  const groups = policy.excludedGroups;
  if (!isUnresolved(groups) && groups.some((g) => model.breakGlassGroups.has(g.toLowerCase()))) return Compliance.COMPLIANT;
  const unknownGroups = isUnresolved(groups) ? ` (excluded groups ${describe(groups)} cannot be read)` : groups.length ? `; the stack does not show a break-glass account in its excluded group(s) ${groups.join(", ")}` : "";
  return [`"${policy.displayName}" excludes none of the break-glass accounts (${accounts.map((b) => b.userPrincipalName).join(", ")})${unknownGroups}`];
}
