import { IConstruct } from "constructs";
import { ConditionalAccessView } from "../conditional-access";
import { BreakGlassView, StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";
import { isUnresolved } from "../values";
import { targetsBreakGlass } from "./helpers";

/** Break-glass accounts a policy excludes, directly or through a group the stack shows to hold them; undefined when unreadable. */
function excludedAccounts(p: ConditionalAccessView, accounts: readonly BreakGlassView[], model: StackModel): Set<string> | undefined {
  if (isUnresolved(p.excludedUsers) || isUnresolved(p.excludedGroups)) return undefined;
  const users = new Set(p.excludedUsers.map((u) => u.toLowerCase()));
  const out = new Set(accounts.filter((b) => users.has(b.objectId.toLowerCase())).map((b) => b.userPrincipalName));
  // A group the stack shows to hold break-glass accounts excludes them all here (MT.1005 accepts a group).
  if (p.excludedGroups.some((g) => model.breakGlassGroups.has(g.toLowerCase()))) for (const b of accounts) out.add(b.userPrincipalName);
  return out;
}

/**
 * One break-glass account (or a group holding one) is excluded from EVERY Conditional Access
 * policy, as Maester's MT.1005 reads Microsoft's guidance: a different account per policy leaves
 * no account that can sign in past all of them. Policies that target the break-glass accounts and
 * workload identity policies are left out, as in PAC-CA-BREAK-GLASS-EXCLUDED; runs on the stack.
 */
export function commonBreakGlassExclusion(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  const accounts = model.breakGlassAccounts;
  if (accounts.length === 0) return Compliance.NOT_APPLICABLE;
  const policies = model.conditionalAccessPolicies.filter(
    (p) => p.state !== "disabled" && !targetsBreakGlass(p, accounts) && !(Array.isArray(p.includedUsers) && p.includedUsers.length === 1 && p.includedUsers[0] === "None"),
  );
  if (policies.length < 2) return Compliance.NOT_APPLICABLE;
  let common: Set<string> | undefined = new Set(accounts.map((b) => b.userPrincipalName));
  const described: string[] = [];
  for (const p of policies) {
    const excluded = excludedAccounts(p, accounts, model);
    if (excluded === undefined) return Compliance.NOT_APPLICABLE; // PAC-CA-BREAK-GLASS-EXCLUDED reports the unreadable policy
    if (excluded.size === 0) return Compliance.NOT_APPLICABLE; // ... and the policy that excludes none
    common = new Set([...common].filter((a) => excluded.has(a)));
    described.push(`"${p.displayName}": ${[...excluded].sort().join(", ")}`);
  }
  if (common.size > 0) return Compliance.COMPLIANT;
  return [`no single break-glass account is excluded from every Conditional Access policy (${described.join("; ")})`];
}
