import { JitRole } from "../jit-role";

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
