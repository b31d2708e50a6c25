import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";
import { describe, isUnresolved } from "../values";
import { appliesToNoUser, excludedBreakGlass } from "./helpers";

/**
 * Every Conditional Access policy (enabled or report-only) excludes at least one break-glass
 * account in `excluded_users`, or a group the stack shows to hold one (Maester MT.1005 accepts
 * both). A policy that targets the break-glass accounts is not exempt: Maester counts it too, so it
 * leaves one account out and excludes it (BreakGlassSignInPolicy's `exemptAccount`). Workload
 * identity policies are exempt.
 */
export function conditionalAccessExcludesBreakGlass(node: IConstruct, model: StackModel): RuleOutcome {
  const policy = model.conditionalAccessPolicyOf(node);
  if (!policy || policy.state === "disabled" || appliesToNoUser(policy)) return Compliance.NOT_APPLICABLE;
  const accounts = model.breakGlassAccounts;
  if (accounts.length === 0 && model.breakGlassManagedElsewhere) return Compliance.NOT_APPLICABLE;
  if (accounts.length === 0) return [`"${policy.displayName}" cannot exclude a break-glass account: the stack has none (add BreakGlassAccount)`];
  const excluded = excludedBreakGlass(policy, accounts, model);
  if (isUnresolved(excluded)) return [`"${policy.displayName}": excluded_users ${describe(excluded)}: cannot tell whether a break-glass account is excluded`];
  if (excluded.size > 0) return Compliance.COMPLIANT;
  const groups = policy.excludedGroups;
  const unknownGroups = isUnresolved(groups) ? ` (excluded groups ${describe(groups)} cannot be read)` : groups.length ? `; the stack does not show a break-glass account in its excluded group(s) ${groups.join(", ")}` : "";
  return [`"${policy.displayName}" excludes none of the break-glass accounts (${accounts.map((b) => b.userPrincipalName).join(", ")})${unknownGroups}`];
}
