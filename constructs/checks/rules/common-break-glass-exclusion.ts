import { IConstruct } from "constructs";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";
import { isUnresolved } from "../values";
import { appliesToNoUser, excludedBreakGlass } from "./helpers";

/**
 * One break-glass account (or a group holding one) is excluded from EVERY Conditional Access
 * policy, as Maester's MT.1005 reads Microsoft's guidance: a different account per policy leaves
 * no account that can sign in past all of them. A policy that targets the break-glass accounts
 * counts too (Maester has no exemption for it); workload identity policies are left out, as in
 * PAC-CA-BREAK-GLASS-EXCLUDED; runs on the stack.
 */
export function commonBreakGlassExclusion(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  const accounts = model.breakGlassAccounts;
  if (accounts.length === 0) return Compliance.NOT_APPLICABLE;
  const policies = model.conditionalAccessPolicies.filter((p) => p.state !== "disabled" && !appliesToNoUser(p));
  if (policies.length < 2) return Compliance.NOT_APPLICABLE;
  let common: Set<string> | undefined = new Set(accounts.map((b) => b.userPrincipalName));
  const described: string[] = [];
  for (const p of policies) {
    const excluded = excludedBreakGlass(p, accounts, model);
    // PAC-CA-BREAK-GLASS-EXCLUDED reports the unreadable policy.
    if (isUnresolved(excluded) || isUnresolved(p.excludedGroups)) return Compliance.NOT_APPLICABLE;
    if (excluded.size === 0) return Compliance.NOT_APPLICABLE; // ... and the policy that excludes none
    common = new Set([...common].filter((a) => excluded.has(a)));
    described.push(`"${p.displayName}": ${[...excluded].sort().join(", ")}`);
  }
  if (common.size > 0) return Compliance.COMPLIANT;
  return [`no single break-glass account is excluded from every Conditional Access policy (${described.join("; ")})`];
}
