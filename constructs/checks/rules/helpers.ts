import { IConstruct } from "constructs";
import { HIGHLY_PRIVILEGED_ROLE_IDS, findEntraRole } from "../../catalog";
import { Assignment } from "../../assignments";
import { JitRole } from "../../jit-role";
import { NotificationSetting } from "../../settings/model";
import { Answer, ConditionalAccessView } from "../conditional-access";
import { BreakGlassView, GLOBAL_ADMINISTRATOR_ID, StackModel } from "../model";
import { Unresolved, describe, isReference, isUnresolved } from "../values";
export { isPrivilegedTarget } from "../privileged";

/** Shared vocabulary of the rules: small questions about one JitRole, grant or policy. */

export function isGlobalAdministrator(j: JitRole): boolean {
  return j.role.kind === "entra" && j.role.templateId === GLOBAL_ADMINISTRATOR_ID;
}

/** A JitRole of a CISA SCuBA highly privileged Entra role. */
export function isHighlyPrivileged(j: JitRole): boolean {
  return j.role.kind === "entra" && j.role.highlyPrivileged;
}

export function isPermanent(a: Assignment): boolean {
  return a.duration === undefined && a.endDateTime === undefined;
}

/**
 * A notification reaches a monitored mailbox: additional recipients are listed. ScubaGear's
 * MS.AAD.7.7-7.9 count `notificationRecipients` only (Rego/AADConfig.rego: a rule with no
 * additional recipients fails), and so does Maester: default recipients alone do not count.
 */
export function notifiesMonitoring(n: NotificationSetting): boolean {
  return n.additionalRecipients.length > 0;
}

/** A role's name in findings: the catalog name for a built-in template id, the id otherwise. */
export function roleName(templateId: string): string {
  return findEntraRole(templateId)?.displayName ?? templateId;
}

/**
 * For a raw (not library-managed) active directory role grant: a description of the highly
 * privileged role it grants, or of the role it may grant when the role is not known at synth.
 * Undefined when `node` is no such grant or the role is not highly privileged.
 */
export function rawPrivilegedGrant(node: IConstruct, model: StackModel): { role: string; principal: string } | undefined {
  const g = model.roleGrantOf(node);
  if (!g || g.kind !== "active" || g.source !== "raw") return undefined;
  const principal = isUnresolved(g.principalId) ? describe(g.principalId) : g.principalId;
  if (isUnresolved(g.roleId)) return { role: `a role that cannot be read at synth (${describe(g.roleId)}), possibly highly privileged`, principal };
  // A role id by reference (`${azuread_directory_role.x.template_id}`) is not known to be harmless: fail closed.
  if (isReference(g.roleId)) return { role: `the role ${g.roleId}, given by reference (possibly highly privileged; give the template id to let the checks read it)`, principal };
  return isPrivilegedRoleId(g.roleId) ? { role: roleName(g.roleId), principal } : undefined;
}

/** A built-in Entra role the rules protect: SCuBA's eight, tier 0, or labelled privileged by Microsoft (isPrivilegedTarget). */
export function isPrivilegedRoleId(templateId: string): boolean {
  if (HIGHLY_PRIVILEGED_ROLE_IDS.has(templateId)) return true;
  const def = findEntraRole(templateId);
  return def !== undefined && (def.tier === 0 || def.privileged);
}

/** All true → true; any false → false; otherwise the first Unresolved. */
export function all(answers: readonly Answer[]): Answer {
  if (answers.some((a) => a === false)) return false;
  return answers.find(isUnresolved) ?? true;
}

/**
 * The dedicated policy for the break-glass accounts: `included_users` lists break-glass accounts
 * only, and no role is included. A policy that names one beside `All`, other users or roles is
 * not exempt.
 */
export function targetsBreakGlass(p: ConditionalAccessView, accounts: readonly BreakGlassView[]): boolean {
  if (isUnresolved(p.includedUsers) || isUnresolved(p.includedRoles) || p.includedRoles.length > 0 || p.includedUsers.length === 0) return false;
  const ids = new Set(accounts.map((b) => b.objectId));
  return p.includedUsers.every((u) => ids.has(u));
}

/** A workload identity policy: `included_users = ["None"]` and no roles (it applies to service principals). */
export function appliesToNoUser(p: ConditionalAccessView): boolean {
  return !isUnresolved(p.includedUsers) && p.includedUsers.length === 1 && p.includedUsers[0] === "None" && !isUnresolved(p.includedRoles) && p.includedRoles.length === 0;
}

/**
 * The break-glass accounts (by UPN) a policy excludes: directly in `excluded_users`, or all of them
 * through an excluded group the stack shows to hold one (Maester MT.1005 accepts a group; the stack
 * does not say which accounts a group holds beyond that). Unresolved when `excluded_users` cannot be read.
 */
export function excludedBreakGlass(p: ConditionalAccessView, accounts: readonly BreakGlassView[], model: StackModel): Set<string> | Unresolved {
  if (isUnresolved(p.excludedUsers)) return p.excludedUsers;
  const users = new Set(p.excludedUsers.map((u) => u.toLowerCase()));
  const out = new Set(accounts.filter((b) => users.has(b.objectId.toLowerCase())).map((b) => b.userPrincipalName));
  if (!isUnresolved(p.excludedGroups) && p.excludedGroups.some((g) => model.breakGlassGroups.has(g.toLowerCase()))) for (const b of accounts) out.add(b.userPrincipalName);
  return out;
}
