import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { GLOBAL_ADMINISTRATOR_ID, StackModel } from "../model";
import { appliesToAllUsers, contains, enforcement, enforcesControl } from "../conditional-access";
import { describe, isUnresolved } from "../values";
import { all, targetsBreakGlass } from "./helpers";

/**
 * An enabled Conditional Access policy that blocks or requires a control for all users, for
 * Global Administrators (which every break-glass account is), for a group the stack shows to hold
 * a break-glass account, or for users among whom it names one, excludes every break-glass account:
 * otherwise one mistake in it locks out the accounts meant to repair it.
 */
export function conditionalAccessLockout(node: IConstruct, model: StackModel): RuleOutcome {
  const policy = model.conditionalAccessPolicyOf(node);
  if (!policy) return Compliance.NOT_APPLICABLE;
  const state = enforcement(policy);
  if (state === undefined || state === "reportOnly") return Compliance.NOT_APPLICABLE;
  const accounts = model.breakGlassAccounts;
  const everyone = appliesToAllUsers(policy);
  const admins = contains(policy.includedRoles, GLOBAL_ADMINISTRATOR_ID);
  // A policy also reaches the accounts through a group it includes that the stack shows to hold
  // one, or by naming one among other users (the dedicated policy that targets only them is exempt).
  const viaGroup = isUnresolved(policy.includedGroups) ? undefined : policy.includedGroups.find((g) => model.breakGlassGroups.has(g.toLowerCase()));
  const named = isUnresolved(policy.includedUsers) ? [] : accounts.filter((b) => (policy.includedUsers as string[]).some((u) => u.toLowerCase() === b.objectId.toLowerCase()));
  const reaches = everyone === true || admins === true || viaGroup !== undefined || named.length > 0;
  const scope = reaches ? true : isUnresolved(everyone) ? everyone : admins;
  const applies = all([isUnresolved(state) ? state : true, enforcesControl(policy), scope]);
  if (applies === false || targetsBreakGlass(policy, accounts)) return Compliance.NOT_APPLICABLE;
  const name = `"${policy.displayName}"`;
  if (isUnresolved(applies)) return [`${name}: cannot tell at synth whether it enforces controls on everyone or on Global Administrators (${describe(applies)})`];
  const who =
    everyone === true ? "all users" : admins === true ? "Global Administrators" : viaGroup !== undefined ? `the group ${viaGroup} (it holds a break-glass account)` : `break-glass account(s) ${named.map((b) => b.userPrincipalName).join(", ")} among other users`;
  if (accounts.length === 0 && model.breakGlassManagedElsewhere) return Compliance.NOT_APPLICABLE;
  if (accounts.length === 0) return [`${name} enforces controls on ${who} and the stack has no break-glass account to keep out of it`];
  if (contains(policy.excludedRoles, GLOBAL_ADMINISTRATOR_ID) === true) return Compliance.COMPLIANT;
  const excluded = policy.excludedUsers;
  if (isUnresolved(excluded)) return [`${name}: excluded_users ${describe(excluded)}: cannot tell whether the break-glass accounts are excluded`];
  const missing = accounts.filter((b) => !excluded.includes(b.objectId)).map((b) => b.userPrincipalName);
  return missing.length === 0 ? Compliance.COMPLIANT : [`${name} enforces controls on ${who} without excluding break-glass account(s) ${missing.join(", ")}`];
}
