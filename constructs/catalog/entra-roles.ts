import { describeValue, expected, ValidationError } from "../errors";
import { ENTRA_ROLE_ROWS } from "./entra-roles.data";
import { looksLikeGuid } from "./guid";
import { didYouMean } from "./suggest";

/** 0 = control plane (can take over the tenant), 1 = other privileged roles, 2 = the rest. */
export type RoleTier = 0 | 1 | 2;

/** A Microsoft Entra built-in directory role. */
export interface EntraRoleDefinition {
  /** Display name, exactly as Microsoft writes it (e.g. `Global Administrator`). */
  readonly displayName: string;
  /** Role template id (lowercase GUID): the same in every tenant. */
  readonly templateId: string;
  /** Microsoft's "privileged" label in the built-in roles reference. */
  readonly privileged: boolean;
  /** 0 = control plane (tenant takeover), 1 = other privileged, 2 = the rest. See {@link TIER_0_ROLE_NAMES}. */
  readonly tier: RoleTier;
  /** In CISA SCuBA's list of highly privileged roles (MS.AAD.7). See {@link SCUBA_HIGHLY_PRIVILEGED_ROLE_NAMES}. */
  readonly highlyPrivileged: boolean;
}

/**
 * CISA SCuBA's highly privileged roles, referenced by MS.AAD.7.x and MS.AAD.3.6.
 * Source: cisagov/ScubaGear `PowerShell/ScubaGear/baselines/aad.md`, section "Highly Privileged
 * Roles" (the same eight names are hard-coded in ScubaGear's `Get-PrivilegedUser`).
 */
export const SCUBA_HIGHLY_PRIVILEGED_ROLE_NAMES: readonly string[] = Object.freeze([
  "Global Administrator",
  "Privileged Role Administrator",
  "User Administrator",
  "SharePoint Administrator",
  "Exchange Administrator",
  "Hybrid Identity Administrator",
  "Application Administrator",
  "Cloud Application Administrator",
]);

/**
 * Tier 0, the control plane: SCuBA's highly privileged roles plus the roles that can take over the
 * tenant indirectly, by controlling the admins' credentials, the Conditional Access that protects
 * them, or how the tenant trusts identities and devices:
 *
 * - Privileged Authentication Administrator: resets any user's (including Global Administrators')
 *   password and authentication methods.
 * - Authentication Policy Administrator: changes the authentication methods policy and tenant-wide
 *   MFA settings that admins sign in with.
 * - Security Administrator, Conditional Access Administrator: change or disable the Conditional
 *   Access policies that protect admin sign-ins.
 * - Domain Name Administrator, External Identity Provider Administrator: add or change federated
 *   domains and identity providers, so sign-ins can be asserted from outside the tenant.
 * - Partner Tier2 Support: resets passwords of all users, admins included (Microsoft: "do not use").
 * - Intune Administrator: controls the managed devices (including privileged access workstations)
 *   that admin Conditional Access trusts, and can run code on them.
 *
 * Note that Microsoft does not label every tier-0 role "privileged" (Exchange Administrator,
 * SharePoint Administrator and Authentication Policy Administrator have no label), so `tier` and
 * `privileged` are independent facts.
 */
export const TIER_0_ROLE_NAMES: readonly string[] = Object.freeze([
  ...SCUBA_HIGHLY_PRIVILEGED_ROLE_NAMES,
  "Privileged Authentication Administrator",
  "Security Administrator",
  "Conditional Access Administrator",
  "Authentication Policy Administrator",
  "Partner Tier2 Support",
  "Domain Name Administrator",
  "External Identity Provider Administrator",
  "Intune Administrator",
]);

const byName = new Map<string, EntraRoleDefinition>();
const byId = new Map<string, EntraRoleDefinition>();

function idsOf(names: readonly string[]): ReadonlySet<string> {
  const known = new Map(ENTRA_ROLE_ROWS.map(([name, id]) => [name, id]));
  return new Set(
    names.map((name) => {
      const id = known.get(name);
      if (id === undefined) throw new Error(`catalog: "${name}" is not in the Entra role data`);
      return id;
    }),
  );
}

/** Template ids of CISA SCuBA's highly privileged roles ({@link SCUBA_HIGHLY_PRIVILEGED_ROLE_NAMES}). */
export const HIGHLY_PRIVILEGED_ROLE_IDS: ReadonlySet<string> = idsOf(SCUBA_HIGHLY_PRIVILEGED_ROLE_NAMES);

/** Template ids of the tier-0 roles ({@link TIER_0_ROLE_NAMES}). */
export const TIER_0_ROLE_IDS: ReadonlySet<string> = idsOf(TIER_0_ROLE_NAMES);

/** Every Microsoft Entra built-in role, sorted by display name (case-insensitive). */
export const ENTRA_ROLES: readonly EntraRoleDefinition[] = Object.freeze(
  ENTRA_ROLE_ROWS.map(([displayName, id, privileged]): EntraRoleDefinition => {
    const templateId = id.toLowerCase();
    const tier: RoleTier = TIER_0_ROLE_IDS.has(templateId) ? 0 : privileged ? 1 : 2;
    return Object.freeze({ displayName, templateId, privileged, tier, highlyPrivileged: HIGHLY_PRIVILEGED_ROLE_IDS.has(templateId) });
  }).sort((a, b) => compareText(a.displayName.toLowerCase(), b.displayName.toLowerCase())),
);

for (const role of ENTRA_ROLES) {
  byName.set(role.displayName.toLowerCase(), role);
  byId.set(role.templateId, role);
}

const DISPLAY_NAMES = ENTRA_ROLES.map((r) => r.displayName);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Finds a built-in role by display name (case-insensitive, surrounding whitespace ignored) or by
 * template id (any case). Returns `undefined` when there is no such built-in role.
 */
export function findEntraRole(nameOrId: string): EntraRoleDefinition | undefined {
  if (typeof nameOrId !== "string") return undefined;
  const key = nameOrId.trim().toLowerCase();
  return byId.get(key) ?? byName.get(key);
}

/**
 * Like {@link findEntraRole}, but throws a {@link ValidationError} (field `role`) naming the three
 * closest display names when the role is unknown.
 */
export function entraRole(nameOrId: string): EntraRoleDefinition {
  if (typeof nameOrId !== "string" || nameOrId.trim() === "") {
    throw new ValidationError("role", expected("an Entra built-in role display name or template id", nameOrId));
  }
  const role = findEntraRole(nameOrId);
  if (role) return role;
  if (looksLikeGuid(nameOrId.trim())) {
    throw new ValidationError(
      "role",
      `${describeValue(nameOrId)} is not the template id of a Microsoft Entra built-in role. Custom roles are given by id, not looked up in the catalog.`,
    );
  }
  throw new ValidationError(
    "role",
    `unknown Entra built-in role ${describeValue(nameOrId)}; ${didYouMean(nameOrId, DISPLAY_NAMES)} Custom roles are given by id.`,
  );
}

/**
 * True unless `templateId` is a known built-in role that is neither labelled privileged by
 * Microsoft nor tier 0. Unknown ids (custom roles, roles newer than this catalog) are treated as
 * privileged: fail closed.
 */
export function isPrivilegedTemplateId(templateId: string): boolean {
  const role = typeof templateId === "string" ? byId.get(templateId.trim().toLowerCase()) : undefined;
  return role === undefined || role.tier < 2;
}

/** Constants for the commonly used built-in roles. */
export const EntraRoles = Object.freeze({
  GLOBAL_ADMINISTRATOR: entraRole("Global Administrator"),
  PRIVILEGED_ROLE_ADMINISTRATOR: entraRole("Privileged Role Administrator"),
  PRIVILEGED_AUTHENTICATION_ADMINISTRATOR: entraRole("Privileged Authentication Administrator"),
  SECURITY_ADMINISTRATOR: entraRole("Security Administrator"),
  CONDITIONAL_ACCESS_ADMINISTRATOR: entraRole("Conditional Access Administrator"),
  USER_ADMINISTRATOR: entraRole("User Administrator"),
  EXCHANGE_ADMINISTRATOR: entraRole("Exchange Administrator"),
  SHAREPOINT_ADMINISTRATOR: entraRole("SharePoint Administrator"),
  APPLICATION_ADMINISTRATOR: entraRole("Application Administrator"),
  CLOUD_APPLICATION_ADMINISTRATOR: entraRole("Cloud Application Administrator"),
  HYBRID_IDENTITY_ADMINISTRATOR: entraRole("Hybrid Identity Administrator"),
  AUTHENTICATION_ADMINISTRATOR: entraRole("Authentication Administrator"),
  AUTHENTICATION_POLICY_ADMINISTRATOR: entraRole("Authentication Policy Administrator"),
  HELPDESK_ADMINISTRATOR: entraRole("Helpdesk Administrator"),
  PASSWORD_ADMINISTRATOR: entraRole("Password Administrator"),
  INTUNE_ADMINISTRATOR: entraRole("Intune Administrator"),
  DOMAIN_NAME_ADMINISTRATOR: entraRole("Domain Name Administrator"),
  EXTERNAL_IDENTITY_PROVIDER_ADMINISTRATOR: entraRole("External Identity Provider Administrator"),
  PARTNER_TIER2_SUPPORT: entraRole("Partner Tier2 Support"),
  SECURITY_OPERATOR: entraRole("Security Operator"),
  SECURITY_READER: entraRole("Security Reader"),
  GLOBAL_READER: entraRole("Global Reader"),
  BILLING_ADMINISTRATOR: entraRole("Billing Administrator"),
  GROUPS_ADMINISTRATOR: entraRole("Groups Administrator"),
  LICENSE_ADMINISTRATOR: entraRole("License Administrator"),
  CLOUD_DEVICE_ADMINISTRATOR: entraRole("Cloud Device Administrator"),
  IDENTITY_GOVERNANCE_ADMINISTRATOR: entraRole("Identity Governance Administrator"),
  LIFECYCLE_WORKFLOWS_ADMINISTRATOR: entraRole("Lifecycle Workflows Administrator"),
  COMPLIANCE_ADMINISTRATOR: entraRole("Compliance Administrator"),
  TEAMS_ADMINISTRATOR: entraRole("Teams Administrator"),
  POWER_PLATFORM_ADMINISTRATOR: entraRole("Power Platform Administrator"),
  REPORTS_READER: entraRole("Reports Reader"),
  DIRECTORY_READERS: entraRole("Directory Readers"),
  DIRECTORY_WRITERS: entraRole("Directory Writers"),
});
