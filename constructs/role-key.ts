import { EntraRoles } from "./catalog";
import { Role } from "./role";

/** Stable identity of a role: two JitRoles for the same role and scope are the same role (the access report's and the access graph's key). */
export function roleKey(role: Role): string {
  if (role.kind === "entra") return `entra:${role.templateId}`;
  if (role.kind === "azure") return `azure:${role.azureRoleId}@${role.scope?.toLowerCase()}`;
  return `pimGroup:${role.group?.key}:${role.access}`;
}

/** The role key of Global Administrator (`entra:<template id>`). */
export const GLOBAL_ADMINISTRATOR_KEY = `entra:${EntraRoles.GLOBAL_ADMINISTRATOR.templateId}`;
