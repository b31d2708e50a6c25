import { ValidationError, expected, rejectPlaceholder } from "./errors";
import { AzureRoleDefinition, EntraRoleDefinition, RoleTier, azureRole, entraRole, findAzureRole, findEntraRole } from "./catalog";
import { PrincipalRef, isGuid, principal } from "./principals";

/** What kind of role a JitRole makes just-in-time. */
export type RoleKind = "entra" | "azure" | "pimGroup";

/** PIM for Groups access: membership or ownership of the group. */
export type GroupAccess = "member" | "owner";

// Management group ids and resource group names are 1-90 characters (Azure "naming rules and
// restrictions": Microsoft.Management/managementGroups, resourcegroups).
const MG = /^\/providers\/Microsoft\.Management\/managementGroups\/[^/]{1,90}$/i;
const SUB = /^\/subscriptions\/[0-9a-f-]{36}$/i;
const RG = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]{1,90}$/i;

/** Validates an Azure RBAC scope: a management group, subscription or resource group id. */
export function azureScope(value: unknown, field = "scope", context?: string): string {
  if (typeof value === "string") rejectPlaceholder(value, field, context);
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
 * Longest role name or id looked up in the catalog. The longest built-in name is well under 100
 * characters; the cap keeps the did-you-mean search (Levenshtein against every role) from running
 * for minutes on a pasted blob.
 */
const MAX_ROLE_NAME = 256;

function roleName(value: unknown, allowed: string, context?: string): string {
  if (typeof value !== "string" || value.trim() === "" || value.length > MAX_ROLE_NAME) {
    throw new ValidationError("role", expected(`${allowed} (at most ${MAX_ROLE_NAME} characters)`, value), context);
  }
  return value;
}

function roleTier(value: unknown, field: string, context?: string): RoleTier {
  if (value !== 0 && value !== 1 && value !== 2) throw new ValidationError(field, expected("0, 1 or 2 (0 = control plane)", value), context);
  return value;
}

/**
 * A catalog entry passed as an object: accepted only when it is the catalog's own entry (looked up
 * by id), so a hand-made `{ displayName, templateId }` cannot claim a tier it does not have.
 */
function catalogEntry<T>(value: unknown, key: "templateId" | "id", find: (id: string) => T | undefined, allowed: string): T {
  const id = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const found = typeof id === "string" ? find(id) : undefined;
  if (found === undefined) throw new ValidationError("role", expected(allowed, value));
  return found;
}

/** A custom Azure role given as `{ name, id }`: kept by name, always privileged (fail closed). */
function customAzureRole(role: unknown, id: string): AzureRoleDefinition | undefined {
  if (!isGuid(id)) return undefined;
  const name = (role as Record<string, unknown>).name;
  const display = typeof name === "string" && name.trim() !== "" && name.length <= MAX_ROLE_NAME ? name.trim() : id.toLowerCase();
  return { name: display, id: id.toLowerCase(), privileged: true };
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
    const allowed = "an Entra built-in role display name, template id or EntraRoles.* entry";
    const def = typeof role === "string" ? entraRole(roleName(role, allowed)) : catalogEntry(role, "templateId", findEntraRole, allowed);
    return new Role("entra", def.displayName, def.tier, def.highlyPrivileged, def.privileged, { templateId: def.templateId });
  }

  /** A custom Entra role. @default tier 1 (privileged): unknown roles are treated as privileged, fail-closed. */
  public static customEntra(props: { readonly id: string; readonly displayName: string; readonly tier?: RoleTier }): Role {
    if (typeof props !== "object" || props === null) throw new ValidationError("role", expected("{ id, displayName, tier? }", props));
    if (typeof props.id !== "string" || !isGuid(props.id)) throw new ValidationError("role.id", expected("a custom role definition id (GUID)", props.id));
    // A built-in role's template id as a "custom" role would get the custom default tier (1)
    // instead of the built-in's, and escape the checks that protect it.
    const builtIn = findEntraRole(props.id);
    if (builtIn) {
      throw new ValidationError("role.id", `is the template id of the built-in role ${builtIn.displayName}, not a custom role; use Role.entra(${JSON.stringify(builtIn.displayName)}) (tenant file: entraRole)`);
    }
    if (typeof props.displayName !== "string" || props.displayName.trim() === "" || props.displayName.length > MAX_ROLE_NAME) {
      throw new ValidationError("role.displayName", expected(`a non-empty display name of at most ${MAX_ROLE_NAME} characters`, props.displayName));
    }
    const tier = roleTier(props.tier ?? 1, "role.tier", props.displayName);
    return new Role("entra", props.displayName.trim(), tier, false, tier < 2, { templateId: props.id.toLowerCase(), custom: true });
  }

  public static azure(role: string | AzureRoleDefinition, scope: string): Role {
    const allowed = "an Azure role name, role definition id (GUID) or AzureRoles.* entry";
    const def =
      typeof role === "string"
        ? azureRole(roleName(role, allowed))
        : catalogEntry(role, "id", (id) => findAzureRole(id) ?? customAzureRole(role, id), allowed);
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
    roleTier(tier, "role.tier", group);
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
