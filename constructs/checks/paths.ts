import { TerraformResource } from "cdktf";
import { AzureRoles } from "../catalog";
import { JitRole } from "../jit-role";
import { PrincipalDirectory } from "../principal-directory";
import { isPrivilegedTarget } from "./privileged";
import { Maybe, block, describe, identifier, isUnresolved, literal, resourceAttributes } from "./values";

/**
 * Ways into privileged access that resources written beside the constructs open, each with the
 * resource that opens it (the edge's evidence, as BloodHound's edges carry theirs):
 * - `memberOf`: `azuread_group_member` into a group that holds a privileged role (the
 *   role-assignable group of a JitRole's group delivery, or a privileged PIM group): standing
 *   membership is the role without PIM;
 * - `azureRole`: `azurerm_role_assignment` of Owner, User Access Administrator or Role Based
 *   Access Control Administrator at a management group or the root scope, outside PIM;
 * - `appPermission`: a Microsoft Graph application permission that lets a service principal grant
 *   itself roles (RoleManagement.ReadWrite.Directory, AppRoleAssignment.ReadWrite.All,
 *   Application.ReadWrite.All), through `azuread_app_role_assignment` or a Graph app role assignment.
 */
export interface PrivilegePath {
  readonly node: TerraformResource;
  readonly edge: "memberOf" | "azureRole" | "appPermission";
  readonly detail: string;
}

/**
 * Microsoft Graph application permissions (app role ids of the Microsoft Graph service principal,
 * the same in every tenant) with which an application can grant itself or others any role
 * (Microsoft Graph permissions reference; RoleManagement.ReadWrite.Directory: "allow an
 * application to grant additional privileges to itself").
 */
export const ROLE_GRANTING_APP_PERMISSIONS: Readonly<Record<string, string>> = Object.freeze({
  "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8": "RoleManagement.ReadWrite.Directory",
  "06b708a9-e830-4db3-a914-8e69da51d44f": "AppRoleAssignment.ReadWrite.All",
  "1bfefb4e-e0b5-418b-a88f-73c46d2cc8e9": "Application.ReadWrite.All",
});

const ACCESS_GRANTING_AZURE_ROLES = [AzureRoles.OWNER, AzureRoles.USER_ACCESS_ADMINISTRATOR, AzureRoles.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR];
const MANAGEMENT_GROUP_OR_ROOT = /^(?:\/|\/providers\/Microsoft\.Management\/managementGroups\/[^/]+)$/i;
const APP_ROLE_ASSIGNMENT_URL = /^\/?(?:(?:v1\.0|beta)\/)?servicePrincipals\/[^/]+\/(?:appRoleAssignments|appRoleAssignedTo)\/?$/i;

/** The groups that hold privileged access through a JitRole, by the id Terraform receives: id -> what they hold. */
export function privilegedGroups(jitRoles: readonly JitRole[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const j of jitRoles) {
    if (!isPrivilegedTarget(j)) continue;
    if (j.group) out.set(`\${azuread_group.${j.group.friendlyUniqueId}.object_id}`.toLowerCase(), `${j.role} (group "${j.groupDisplayName}")`);
    if (j.role.kind === "pimGroup" && j.role.group) {
      const id = PrincipalDirectory.referenceOf(j.role.group);
      if (id) out.set(id.toLowerCase(), `${j.role}`);
    }
  }
  return out;
}

function azureRoleOf(a: Record<string, unknown>): Maybe<string> | undefined {
  const name = literal(a.role_definition_name);
  if (isUnresolved(name)) return name;
  if (typeof name === "string") return ACCESS_GRANTING_AZURE_ROLES.find((r) => r.name.toLowerCase() === name.toLowerCase())?.name;
  const id = identifier(a.role_definition_id);
  if (isUnresolved(id)) return id;
  if (typeof id !== "string") return undefined;
  return ACCESS_GRANTING_AZURE_ROLES.find((r) => id.toLowerCase().endsWith(r.id))?.name;
}

/** The path a resource opens, or undefined; fails closed (a path) where a value it needs is unknown. */
export function privilegePathOf(node: TerraformResource, groups: ReadonlyMap<string, string>): PrivilegePath | undefined {
  const type = node.terraformResourceType;
  if (type === "azuread_group_member") {
    const a = resourceAttributes(node);
    const group = identifier(a.group_object_id);
    if (typeof group !== "string") return undefined;
    const holds = groups.get(group.toLowerCase());
    if (!holds) return undefined;
    return { node, edge: "memberOf", detail: `adds ${describe(identifier(a.member_object_id) ?? a.member_object_id)} as a standing member of the group that holds ${holds}: the role without PIM's eligibility, approval and alerts` };
  }
  if (type === "azurerm_role_assignment") {
    const a = resourceAttributes(node);
    const role = azureRoleOf(a);
    if (role === undefined) return undefined;
    const scope = literal(a.scope);
    if (isUnresolved(role)) {
      return { node, edge: "azureRole", detail: `assigns an Azure role that cannot be read at synth (${describe(role)}) at ${describe(scope)}: it may be Owner or an access administrator outside PIM` };
    }
    if (isUnresolved(scope)) return { node, edge: "azureRole", detail: `assigns ${role} at a scope that cannot be read at synth (${describe(scope)}), outside PIM` };
    if (typeof scope !== "string" || !MANAGEMENT_GROUP_OR_ROOT.test(scope)) return undefined;
    return { node, edge: "azureRole", detail: `assigns ${role} at ${scope} as a standing role assignment, outside PIM` };
  }
  if (type === "azuread_app_role_assignment" || type === "msgraph_resource") {
    const a = resourceAttributes(node);
    let appRole: unknown;
    if (type === "azuread_app_role_assignment") appRole = a.app_role_id;
    else {
      if (typeof a.url !== "string" || !APP_ROLE_ASSIGNMENT_URL.test(a.url)) return undefined;
      const body = block(a.body);
      appRole = body === undefined || isUnresolved(body) ? body : body.appRoleId;
    }
    const id = identifier(appRole);
    if (isUnresolved(id)) return { node, edge: "appPermission", detail: `grants an application permission that cannot be read at synth (${describe(id)}): it may let the service principal grant itself roles` };
    const permission = typeof id === "string" ? ROLE_GRANTING_APP_PERMISSIONS[id.toLowerCase()] : undefined;
    if (!permission) return undefined;
    return { node, edge: "appPermission", detail: `grants the Microsoft Graph application permission ${permission}: the service principal can grant itself or anyone a privileged role, Global Administrator included` };
  }
  return undefined;
}
