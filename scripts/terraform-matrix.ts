/**
 * A generated matrix of tenant files for the Terraform stage: every role kind (Entra built-in and
 * custom, direct and group delivery; Azure roles at management group, subscription and resource
 * group; PIM for Groups member and owner, by name and by object id) under each option profile
 * (tickets and ticket systems, end dates, durations in days and hours, permanent, active
 * assignments of users and service principals, approvers and notifications, authentication
 * context, admin workstation variants, break-glass decommissioned and renamed, raised provider
 * versions). Each profile is one stack that applies the option to every role kind it fits.
 */

const SUB = "5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7";
const MG = "/providers/Microsoft.Management/managementGroups/contoso-platform";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-landing-zone`;
const GROUP_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const SP_ID = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
const CUSTOM_ROLE = "b5c3f1d2-8e4a-4b6c-9d7e-0a1b2c3d4e5f";
const APPROVERS = [{ group: "PIM Approvers Tier 0" }, { user: "megan.bowen@contoso.com" }];

/** A date `days` from now, as a tenant file writes it (end dates in the past are refused). */
function inDays(days: number, time = false): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  const day = d.toISOString().slice(0, 10);
  return time ? `${day}T18:00:00Z` : day;
}

type Assignment = Readonly<Record<string, string | undefined>>;
type Role = Record<string, unknown>;

interface Kind {
  readonly id: string;
  readonly role: Role;
  /** Group delivery and PIM groups take time-bound eligibility and active assignments. */
  readonly timeBound: boolean;
  readonly tier0: boolean;
  /** Whether the settings may require eligibility to expire (not direct delivery). */
  readonly canExpire: boolean;
  /** Whether ticket needs ticketSystem (azuread's PIM for Groups schedules). */
  readonly ticketNeedsSystem: boolean;
  /** Whether a group may be an active member (not of a role-assignable group). */
  readonly activeGroups: boolean;
}

const KINDS: readonly Kind[] = [
  { id: "entra-direct", role: { entraRole: "Global Administrator", delivery: "direct" }, timeBound: false, tier0: true, canExpire: false, ticketNeedsSystem: false, activeGroups: false },
  { id: "entra-direct-tier2", role: { entraRole: "Reports Reader" }, timeBound: false, tier0: false, canExpire: false, ticketNeedsSystem: false, activeGroups: false },
  { id: "entra-group", role: { entraRole: "User Administrator", delivery: "group", groupName: "PIM User Administrators" }, timeBound: true, tier0: true, canExpire: true, ticketNeedsSystem: true, activeGroups: false },
  { id: "custom-direct", role: { customEntraRole: { id: CUSTOM_ROLE, displayName: "Contoso Helpdesk", tier: 2 } }, timeBound: false, tier0: false, canExpire: false, ticketNeedsSystem: false, activeGroups: false },
  { id: "custom-group", role: { customEntraRole: { id: "c6d4e2f3-9f5b-4c7d-8e8f-1b2c3d4e5f60", displayName: "Contoso Operators", tier: 1 }, delivery: "group" }, timeBound: true, tier0: false, canExpire: true, ticketNeedsSystem: true, activeGroups: false },
  { id: "azure-mg", role: { azureRole: "Owner", scope: MG }, timeBound: true, tier0: true, canExpire: true, ticketNeedsSystem: false, activeGroups: true },
  { id: "azure-sub", role: { azureRole: "Role Based Access Control Administrator", scope: `/subscriptions/${SUB}` }, timeBound: true, tier0: true, canExpire: true, ticketNeedsSystem: false, activeGroups: true },
  { id: "azure-rg", role: { azureRole: "Contributor", scope: RG }, timeBound: true, tier0: false, canExpire: true, ticketNeedsSystem: false, activeGroups: true },
  { id: "pim-member", role: { pimGroup: "Tier0 Operators", access: "member", tier: 0 }, timeBound: true, tier0: true, canExpire: true, ticketNeedsSystem: true, activeGroups: true },
  { id: "pim-owner-by-id", role: { pimGroup: GROUP_ID, access: "owner", tier: 1 }, timeBound: true, tier0: false, canExpire: true, ticketNeedsSystem: true, activeGroups: true },
];

const BREAK_GLASS = {
  accounts: [{ userPrincipalName: "bg-alpha@contoso.onmicrosoft.com" }, { userPrincipalName: "bg-bravo@contoso.onmicrosoft.com" }],
  alerting: {
    logAnalyticsWorkspaceId: `/subscriptions/${SUB}/resourceGroups/rg-security/providers/Microsoft.OperationalInsights/workspaces/law-entra`,
    resourceGroupName: "rg-security",
    location: "westeurope",
    emails: ["soc@contoso.com"],
  },
};

interface Profile {
  readonly name: string;
  readonly eligible: (k: Kind) => Assignment[];
  readonly active?: (k: Kind) => Assignment[];
  readonly settings?: (k: Kind) => Record<string, unknown>;
  readonly tenant?: Record<string, unknown>;
}

function settingsFor(k: Kind, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const activation = { ...(k.tier0 ? { approvers: APPROVERS } : {}), ...((extra.activation as object) ?? {}) };
  // SCuBA MS.AAD.7.7-7.9: highly privileged roles notify a monitored mailbox.
  const notifications = extra.notifications ?? (k.tier0 ? { all: { additionalRecipients: ["soc@contoso.com"] } } : undefined);
  return { ...extra, ...(Object.keys(activation).length ? { activation } : {}), ...(notifications ? { notifications } : {}) };
}

const PROFILES: readonly Profile[] = [
  { name: "permanent", eligible: () => [{ user: "adele.vance@contoso.com" }, { group: "Platform Engineers" }] },
  {
    name: "durations",
    eligible: (k) => (k.timeBound ? [{ user: "lee.gu@contoso.com", expires: "P30D" }, { group: "Platform Engineers", expires: "PT12H" }] : [{ user: "lee.gu@contoso.com" }]),
    settings: (k) => (k.canExpire ? { eligibleAssignment: { expirationRequired: true, maximumDuration: "P90D" } } : {}),
  },
  {
    name: "end-dates",
    eligible: (k) => (k.timeBound ? [{ user: "lee.gu@contoso.com", expires: inDays(60) }, { group: "Platform Engineers", expires: inDays(45, true) }] : [{ user: "lee.gu@contoso.com" }]),
  },
  {
    name: "tickets",
    eligible: (k) => [
      k.timeBound ? { user: "lee.gu@contoso.com", expires: "P90D", ticket: "CHG-1042", ticketSystem: "ServiceNow" } : { user: "lee.gu@contoso.com", justification: "Tier-0 operations (CHG-1001)" },
      ...(k.timeBound && !k.ticketNeedsSystem ? [{ user: "alex.wilber@contoso.com", expires: "P30D", ticket: "CHG-1077" }] : []),
    ],
  },
  {
    name: "active",
    eligible: () => [{ user: "adele.vance@contoso.com" }],
    active: (k) =>
      k.timeBound
        ? [
            { user: "lynne.robbins@contoso.com", expires: "P15D", justification: "Onboarding migration", ticket: "CHG-1050", ticketSystem: "ServiceNow" },
            { servicePrincipal: SP_ID, expires: inDays(10, true) },
            ...(k.activeGroups ? [{ group: "Break Fix Team", expires: "P15D" }] : []),
          ]
        : [],
  },
  {
    name: "permanent-active",
    eligible: () => [{ user: "adele.vance@contoso.com" }],
    active: (k) => (k.timeBound ? [{ user: "lynne.robbins@contoso.com" }] : []),
    settings: (k) => (k.timeBound ? { activeAssignment: { expirationRequired: false } } : {}),
    // A permanent active assignment of a tier-0 role is an error of the checks unless accepted.
    tenant: {
      suppressions: KINDS.filter((k) => k.timeBound && k.tier0).map((k) => ({ id: "PAC-PERMANENT-ACTIVE", target: roleKeyOf(k.role), reason: "Matrix stack: permanent active assignment on purpose." })),
    },
  },
  {
    name: "approvers-notifications",
    eligible: () => [{ user: "adele.vance@contoso.com" }],
    settings: () => ({
      preset: "highlyPrivileged",
      activation: { maximumDuration: "PT2H", requireTicket: true, approvers: APPROVERS },
      activeAssignment: { requireTicket: false, maximumDuration: "P30D" },
      notifications: {
        all: { level: "All", defaultRecipients: true, additionalRecipients: ["identity-team@contoso.com"] },
        activation: { approver: { level: "Critical", defaultRecipients: false, additionalRecipients: ["soc@contoso.com", "pim-approvals@contoso.com"] } },
      },
    }),
  },
  {
    name: "authentication-context",
    eligible: () => [{ user: "adele.vance@contoso.com" }],
    settings: () => ({ activation: { authenticationContext: "c2", maximumDuration: "PT1H" } }),
    tenant: { adminWorkstation: { state: "enabled", authenticationContext: { claimValue: "c2", displayName: "Tier-0 activation", description: "Phishing-resistant MFA on a PAW." } } },
  },
];

/** The tenant file's role key (docs/tenant-file.md "Stable keys"). */
function roleKeyOf(role: Role): string {
  if (typeof role.entraRole === "string") return role.entraRole;
  if (typeof role.azureRole === "string") return `${role.azureRole} at ${String(role.scope)}`;
  return `${String(role.pimGroup)} (${String(role.access ?? "member")})`;
}

function roleEntry(k: Kind, p: Profile): Role {
  const extra = p.settings?.(k) ?? {};
  const settings = settingsFor(k, extra);
  const active = p.active?.(k) ?? [];
  return { ...k.role, eligible: p.eligible(k), ...(active.length ? { active } : {}), ...(Object.keys(settings).length ? { settings } : {}) };
}

function profileTenant(p: Profile): Record<string, unknown> {
  return {
    name: `matrix-${p.name}`,
    providers: { azurerm: { subscriptionId: SUB } },
    breakGlass: BREAK_GLASS,
    roles: KINDS.map((k) => roleEntry(k, p)),
    adminWorkstation: {},
    suppressions: [],
    ...p.tenant,
  };
}

/** Stacks that vary the tenant around the roles: admin workstation, break glass, providers. */
const TENANT_VARIANTS: readonly { name: string; tenant: Record<string, unknown> }[] = [
  {
    name: "admin-workstation-custom",
    tenant: {
      adminWorkstation: {
        state: "enabled",
        displayNamePrefix: "CONTOSO-PAC",
        excluded: [{ group: "CA Exclusions - Emergency Process" }, { user: "sync-account@contoso.com" }],
        authenticationStrength: { displayName: "Contoso admin MFA", description: "FIDO2 or certificate", allowedCombinations: ["fido2", "x509CertificateMultiFactor", "windowsHelloForBusiness"] },
        compliantDevice: "compliant",
        privilegedWorkstation: 'device.extensionAttribute1 -eq "PAW" -and device.trustType -eq "AzureAD"',
        allowedLocations: [
          { name: "Contoso offices", ipRanges: ["203.0.113.0/24", "2001:db8:1000::/48"], trusted: true },
          { name: "Contoso countries", countries: ["NL", "GB", "US"], includeUnknownCountries: false },
          { namedLocationId: "0d9b5e7f-3c1a-4b2e-8f6d-5a4c3b2a1f0e" },
        ],
        signInFrequencyHours: 8,
        blockLegacyAuthentication: true,
        authenticationContext: { claimValue: "c1", displayName: "Privileged role activation" },
      },
    },
  },
  {
    name: "admin-workstation-minimal",
    tenant: {
      adminWorkstation: {
        authenticationStrength: "Multifactor authentication",
        compliantDevice: false,
        privilegedWorkstation: false,
        allowedLocations: false,
        signInFrequencyHours: false,
        blockLegacyAuthentication: false,
        authenticationContext: false,
      },
      // Every control off: the checks' errors are accepted for this stack only.
      suppressions: ["PAC-LEGACY-AUTH", "PAC-MFA-PHISHING-RESISTANT"].map((id) => ({ id, target: "tenant", reason: "Matrix stack: every admin workstation control turned off on purpose." })),
    },
  },
  {
    name: "break-glass-lifecycle",
    tenant: {
      breakGlass: {
        accounts: [
          { userPrincipalName: "bg-alpha@contoso.onmicrosoft.com", displayName: "Emergency access (alpha)", usageLocation: "NL" },
          { userPrincipalName: "bg-charlie@contoso.onmicrosoft.com", previousUserPrincipalName: "bg-bravo@contoso.onmicrosoft.com" },
          { userPrincipalName: "bg-delta@contoso.onmicrosoft.com", decommissioned: true },
        ],
        alerting: { ...BREAK_GLASS.alerting, emails: undefined, actionGroupId: `/subscriptions/${SUB}/resourceGroups/rg-security/providers/Microsoft.Insights/actionGroups/soc`, sendEntraLogsToWorkspace: true, name: "bg-sign-in" },
        requirePhishingResistantSignIn: { state: "enabled" },
      },
    },
  },
  {
    name: "raised-provider-versions",
    tenant: {
      providers: {
        azuread: { version: ">= 3.9.0, < 4.0.0", tenantId: "84841066-274d-4ec0-a5c1-276be684bdd3" },
        azurerm: { version: "~> 4.55.0", subscriptionId: SUB },
        msgraph: { version: ">= 0.4.0, < 0.5.0" },
        random: { version: "~> 3.7" },
      },
    },
  },
];

function variantTenant(name: string, tenant: Record<string, unknown>): Record<string, unknown> {
  const base: Record<string, unknown> = {
    name: `matrix-${name}`,
    providers: { azurerm: { subscriptionId: SUB } },
    breakGlass: BREAK_GLASS,
    roles: [roleEntry(KINDS[0], PROFILES[0]), roleEntry(KINDS[2], PROFILES[1]), roleEntry(KINDS[5], PROFILES[0]), roleEntry(KINDS[8], PROFILES[1])],
    adminWorkstation: {},
  };
  const merged = { ...base, ...tenant };
  // JSON round trip drops the `undefined` a variant uses to remove a key.
  return JSON.parse(JSON.stringify(merged)) as Record<string, unknown>;
}

export const MATRIX: readonly { name: string; tenant: Record<string, unknown> }[] = [
  ...PROFILES.map((p) => ({ name: p.name, tenant: profileTenant(p) })),
  ...TENANT_VARIANTS.map((v) => ({ name: v.name, tenant: variantTenant(v.name, v.tenant) })),
];
