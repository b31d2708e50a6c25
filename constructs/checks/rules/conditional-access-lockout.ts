import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { GLOBAL_ADMINISTRATOR_ID, StackModel } from "../model";
import { appliesToAllUsers, contains, enforcement, enforcesControl } from "../conditional-access";
import { describe, isUnresolved } from "../values";
import { all, targetsBreakGlass } from "./helpers";

/**
 * An enabled Conditional Access policy that blocks or requires a control for all users, or for
 * Global Administrators (which every break-glass account is), excludes every break-glass
 * account: otherwise one mistake in it locks out the accounts meant to repair it.
 */
export function conditionalAccessLockout(node: IConstruct, model: StackModel): RuleOutcome {
  const policy = model.conditionalAccessPolicyOf(node);
  if (!policy) return Compliance.NOT_APPLICABLE;
  const state = enforcement(policy);
  if (state === undefined || state === "reportOnly") return Compliance.NOT_APPLICABLE;
  const everyone = appliesToAllUsers(policy);
  const admins = contains(policy.includedRoles, GLOBAL_ADMINISTRATOR_ID);
  const scope = everyone === true || admins === true ? true : isUnresolved(everyone) ? everyone : admins;
  const applies = all([isUnresolved(state) ? state : true, enforcesControl(policy), scope]);
  const accounts = model.breakGlassAccounts;
  if (applies === false || targetsBreakGlass(policy, accounts)) return Compliance.NOT_APPLICABLE;
  const name = `"${policy.displayName}"`;
  if (isUnresolved(applies)) return [`${name}: cannot tell at synth whether it enforces controls on everyone or on Global Administrators (${describe(applies)})`];
  const who = everyone === true ? "all users" : "Global Administrators";
  if (accounts.length === 0 && model.breakGlassManagedElsewhere) return Compliance.NOT_APPLICABLE;
  if (accounts.length === 0) return [`${name} enforces controls on ${who} and the stack has no break-glass account to keep out of it`];
  if (contains(policy.excludedRoles, GLOBAL_ADMINISTRATOR_ID) === true) return Compliance.COMPLIANT;
  const excluded = policy.excludedUsers;
  if (isUnresolved(excluded)) return [`${name}: excluded_users ${describe(excluded)}: cannot tell whether the break-glass accounts are excluded`];
  const missing = accounts.filter((b) => !excluded.includes(b.objectId)).map((b) => b.userPrincipalName);
  return missing.length === 0 ? Compliance.COMPLIANT : [`${name} enforces controls on ${who} without excluding break-glass account(s) ${missing.join(", ")}`];
}
