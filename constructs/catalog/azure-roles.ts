import { describeValue, expected, ValidationError } from "../errors";
import { looksLikeGuid } from "./guid";
import { didYouMean } from "./suggest";

/** An Azure RBAC role definition (built-in, or a custom role given by id). */
export interface AzureRoleDefinition {
  /** Role name as Microsoft writes it; for a custom role given by id, the id itself. */
  readonly name: string;
  /** Role definition id (lowercase GUID): the same in every tenant for built-in roles. */
  readonly id: string;
  /**
   * Microsoft's "privileged administrator role" category. Custom roles given by id are treated
   * as privileged (fail closed), since the catalog cannot see their permissions.
   */
  readonly privileged: boolean;
}

/**
 * Azure RBAC built-in roles: every role of Microsoft's "Privileged" category plus commonly
 * PIM-managed ones. Not the full list (Azure has hundreds of built-in roles); any other role is
 * given by its id.
 *
 * Sources (read 2026-11-22), MicrosoftDocs/azure-docs:
 * - `articles/role-based-access-control/built-in-roles/privileged.md`: the privileged administrator
 *   roles Contributor, Owner, Reservations Administrator, Role Based Access Control Administrator,
 *   User Access Administrator.
 * - `articles/role-based-access-control/built-in-roles.md` (Compute, Networking, Storage tables):
 *   Reader, Virtual Machine Contributor, Virtual Machine Administrator Login, Network Contributor,
 *   Storage Account Contributor, Storage Blob Data Owner.
 * - `articles/role-based-access-control/built-in-roles/security.md`: Key Vault Administrator,
 *   Key Vault Data Access Administrator, Security Admin.
 * - `articles/role-based-access-control/built-in-roles/monitor.md`: Log Analytics Contributor.
 */
const ROWS: readonly (readonly [name: string, id: string, privileged: boolean])[] = [
  ["Contributor",                             "b24988ac-6180-42a0-ab88-20f7382dd24c", true],
  ["Key Vault Administrator",                 "00482a5a-887f-4fb3-b363-3b7fe8e74483", false],
  ["Key Vault Data Access Administrator",     "8b54135c-b56d-4d72-a534-26097cfdc8d8", false],
  ["Log Analytics Contributor",               "92aaf0da-9dab-42b6-94a3-d43ce8d16293", false],
  ["Network Contributor",                     "4d97b98b-1d4f-4787-a291-c67834d212e7", false],
  ["Owner",                                   "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", true],
  ["Reader",                                  "acdd72a7-3385-48ef-bd42-f606fba81ae7", false],
  ["Reservations Administrator",              "a8889054-8d42-49c9-bc1c-52486c10e7cd", true],
  ["Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168", true],
  ["Security Admin",                          "fb1c8493-542b-48eb-b624-b4c8fea62acd", false],
  ["Storage Account Contributor",             "17d1049b-9a84-46fb-8f53-869881c3d3ab", false],
  ["Storage Blob Data Owner",                 "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", false],
  ["User Access Administrator",               "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", true],
  ["Virtual Machine Administrator Login",     "1c0163c0-47e6-4577-8991-ea5c82e286e4", false],
  ["Virtual Machine Contributor",             "9980e02c-c2be-4d73-94e8-173b1dc7cf3c", false],
];

/** The Azure RBAC built-in roles this catalog knows, sorted by name. */
export const AZURE_ROLES: readonly AzureRoleDefinition[] = Object.freeze(
  ROWS.map(([name, id, privileged]): AzureRoleDefinition => Object.freeze({ name, id: id.toLowerCase(), privileged })),
);

const byName = new Map(AZURE_ROLES.map((r) => [r.name.toLowerCase(), r]));
const byId = new Map(AZURE_ROLES.map((r) => [r.id, r]));
const NAMES = AZURE_ROLES.map((r) => r.name);

/**
 * Finds a catalogued built-in role by name (case-insensitive, surrounding whitespace ignored) or
 * id (any case). Returns `undefined` for anything else, including custom role ids.
 */
export function findAzureRole(nameOrId: string): AzureRoleDefinition | undefined {
  if (typeof nameOrId !== "string") return undefined;
  const key = nameOrId.trim().toLowerCase();
  return byId.get(key) ?? byName.get(key);
}

/**
 * Resolves a role name or id. A catalogued built-in role is returned as is; any other GUID is
 * accepted as a custom (or uncatalogued built-in) role and returned as
 * `{ name: id, id, privileged: true }`: unknown roles are treated as privileged (fail closed).
 * An unknown name throws a {@link ValidationError} (field `role`) with the three closest names.
 */
export function azureRole(nameOrId: string): AzureRoleDefinition {
  if (typeof nameOrId !== "string" || nameOrId.trim() === "") {
    throw new ValidationError("role", expected("an Azure role name or role definition id (GUID)", nameOrId));
  }
  const known = findAzureRole(nameOrId);
  if (known) return known;
  const trimmed = nameOrId.trim();
  if (looksLikeGuid(trimmed)) {
    const id = trimmed.toLowerCase();
    return Object.freeze({ name: id, id, privileged: true });
  }
  throw new ValidationError(
    "role",
    `unknown Azure built-in role ${describeValue(nameOrId)}; ${didYouMean(nameOrId, NAMES)} Other built-in and custom roles are given by role definition id.`,
  );
}

/** Constants for the catalogued Azure RBAC built-in roles. */
export const AzureRoles = Object.freeze({
  OWNER: azureRole("Owner"),
  CONTRIBUTOR: azureRole("Contributor"),
  USER_ACCESS_ADMINISTRATOR: azureRole("User Access Administrator"),
  ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR: azureRole("Role Based Access Control Administrator"),
  READER: azureRole("Reader"),
  RESERVATIONS_ADMINISTRATOR: azureRole("Reservations Administrator"),
  KEY_VAULT_ADMINISTRATOR: azureRole("Key Vault Administrator"),
  KEY_VAULT_DATA_ACCESS_ADMINISTRATOR: azureRole("Key Vault Data Access Administrator"),
  SECURITY_ADMIN: azureRole("Security Admin"),
  VIRTUAL_MACHINE_CONTRIBUTOR: azureRole("Virtual Machine Contributor"),
  VIRTUAL_MACHINE_ADMINISTRATOR_LOGIN: azureRole("Virtual Machine Administrator Login"),
  STORAGE_ACCOUNT_CONTRIBUTOR: azureRole("Storage Account Contributor"),
  STORAGE_BLOB_DATA_OWNER: azureRole("Storage Blob Data Owner"),
  NETWORK_CONTRIBUTOR: azureRole("Network Contributor"),
  LOG_ANALYTICS_CONTRIBUTOR: azureRole("Log Analytics Contributor"),
});
