import { ValidationError, expected } from "./errors";
import { AzureRoleDefinition, EntraRoleDefinition, RoleTier, azureRole, entraRole } from "./catalog";
import { PrincipalRef, isGuid, principal } from "./principals";

/** What kind of role a JitRole makes just-in-time. */
export type RoleKind = "entra" | "azure" | "pimGroup";

/** PIM for Groups access: membership or ownership of the group. */
export type GroupAccess = "member" | "owner";

const MG = /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i;
const SUB = /^\/subscriptions\/[0-9a-f-]{36}$/i;
const RG = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+$/i;

/** Validates an Azure RBAC scope: a management group, subscription or resource group id. */
export function azureScope(value: unknown, field = "scope", context?: string): string {
  if (typeof value !== "string" || !(MG.test(value) || SUB.test(value) || RG.test(value))) {
    throw new ValidationError(
      field,
      expected(
        "a management group (/providers/Microsoft.Management/managementGroups/<name>), subscription (/subscriptions/<id>) or resource group (/subscriptions/<id>/resourceGroups/<name>) id",
        value,
      ),
      context,
    );
  }
  return value.replace(/\/$/, "");
}

/**
 * The role a JitRole manages. Use the static factories:
 *
 * - `Role.entra("Global Administrator")` or `Role.entra(EntraRoles.GLOBAL_ADMINISTRATOR)`: an Entra built-in role
 * - `Role.customEntra({ id, displayName })`: a custom Entra role by its role definition id
 * - `Role.azure("Owner", "/subscriptions/<id>")`: an Azure RBAC role at a scope
 * - `Role.pimGroup("Tier0 Operators", "member")`: membership (or ownership) of a role-assignable group
 */
export class Role {
  public static entra(role: string | EntraRoleDefinition): Role {
    const def = typeof role === "string" ? entraRole(role) : role;
    return new Role("entra", def.displayName, def.tier, def.highlyPrivileged, def.privileged, { templateId: def.templateId });
  }

  /** A custom Entra role. @default tier 1 (privileged): unknown roles are treated as privileged, fail-closed. */
  public static customEntra(props: { readonly id: string; readonly displayName: string; readonly tier?: RoleTier }): Role {
    if (typeof props?.id !== "string" || !isGuid(props.id)) throw new ValidationError("role.id", expected("a custom role definition id (GUID)", props?.id));
    if (typeof props.displayName !== "string" || props.displayName.trim() === "") {
      throw new ValidationError("role.displayName", expected("a non-empty display name", props.displayName));
    }
    const tier = props.tier ?? 1;
    return new Role("entra", props.displayName.trim(), tier, false, tier < 2, { templateId: props.id.toLowerCase(), custom: true });
  }

  public static azure(role: string | AzureRoleDefinition, scope: string): Role {
    const def = typeof role === "string" ? azureRole(role) : role;
    const s = azureScope(scope, "scope", def.name);
    // Roles that can grant access (Owner, User Access Administrator, RBAC Administrator) control the scope.
    const grantsAccess = ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"].includes(def.id);
    const tier: RoleTier = grantsAccess ? 0 : def.privileged ? 1 : 2;
    return new Role("azure", def.name, tier, false, def.privileged, { azureRoleId: def.id, scope: s });
  }

  /** @default access "member"; tier 1 */
  public static pimGroup(group: string, access: GroupAccess = "member", tier: RoleTier = 1): Role {
    const ref = principal({ group }, "role.group");
    if (access !== "member" && access !== "owner") throw new ValidationError("role.access", expected('"member" or "owner"', access), group);
    return new Role("pimGroup", `${ref.value} (${access})`, tier, false, tier < 2, { group: ref, access });
  }

  /** Entra template id (built-in) or role definition id (custom). */
  public readonly templateId?: string;
  public readonly custom: boolean;
  /** Azure role definition GUID. */
  public readonly azureRoleId?: string;
  public readonly scope?: string;
  public readonly group?: PrincipalRef;
  public readonly access?: GroupAccess;

  private constructor(
    public readonly kind: RoleKind,
    /** The role's name in the user's words (`Global Administrator`, `Owner`). */
    public readonly displayName: string,
    public readonly tier: RoleTier,
    /** In CISA SCuBA's highly privileged role list (Entra roles only). */
    public readonly highlyPrivileged: boolean,
    /** Microsoft labels it privileged. */
    public readonly privileged: boolean,
    extra: { templateId?: string; custom?: boolean; azureRoleId?: string; scope?: string; group?: PrincipalRef; access?: GroupAccess },
  ) {
    this.templateId = extra.templateId;
    this.custom = extra.custom ?? false;
    this.azureRoleId = extra.azureRoleId;
    this.scope = extra.scope;
    this.group = extra.group;
    this.access = extra.access;
  }

  /** Full role definition id at the scope, as azurerm's PIM resources take it. */
  public get azureRoleDefinitionId(): string | undefined {
    return this.scope && this.azureRoleId ? `${this.scope}/providers/Microsoft.Authorization/roleDefinitions/${this.azureRoleId}` : undefined;
  }

  /** How the role reads in messages and reports: `Owner at /subscriptions/...`. */
  public toString(): string {
    return this.kind === "azure" ? `${this.displayName} at ${this.scope}` : this.displayName;
  }
}
