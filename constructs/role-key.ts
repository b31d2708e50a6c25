import { Role } from "./role";

/** Stable identity of a role: two JitRoles for the same role and scope are the same role (the access report's and the access graph's key). */
export function roleKey(role: Role): string {
  if (role.kind === "entra") return `entra:${role.templateId}`;
  if (role.kind === "azure") return `azure:${role.azureRoleId}@${role.scope?.toLowerCase()}`;
  return `pimGroup:${role.group?.key}:${role.access}`;
}
