import { IConstruct } from "constructs";
import { HIGHLY_PRIVILEGED_ROLE_IDS, findEntraRole } from "../../catalog";
import { Assignment } from "../../assignments";
import { JitRole } from "../../jit-role";
import { NotificationSetting } from "../../settings/model";
import { Answer, ConditionalAccessView } from "../conditional-access";
import { BreakGlassView, GLOBAL_ADMINISTRATOR_ID, StackModel } from "../model";
import { describe, isReference, isUnresolved } from "../values";

/** Shared vocabulary of the rules: small questions about one JitRole, grant or policy. */

export function isGlobalAdministrator(j: JitRole): boolean {
  return j.role.kind === "entra" && j.role.templateId === GLOBAL_ADMINISTRATOR_ID;
}

/** A JitRole of a CISA SCuBA highly privileged Entra role. */
export function isHighlyPrivileged(j: JitRole): boolean {
  return j.role.kind === "entra" && j.role.highlyPrivileged;
}

const MANAGEMENT_GROUP = /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i;

/**
 * A JitRole whose role the rules for standing access, approval, MFA, expiry and alerts protect
 * (issue 13): SCuBA's eight, every tier-0 and Microsoft-privileged built-in Entra role (and a
 * custom one the user put in tier 0), Owner, User Access Administrator and Role Based Access
 * Control Administrator at a management group or the root scope, and tier-0 PIM groups.
 */
export function isPrivilegedTarget(j: JitRole): boolean {
  const r = j.role;
  if (r.kind === "entra") return r.highlyPrivileged || r.tier === 0 || (r.privileged && !r.custom);
  if (r.kind === "azure") return r.tier === 0 && (r.scope === "/" || MANAGEMENT_GROUP.test(r.scope ?? ""));
  return r.tier === 0;
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
