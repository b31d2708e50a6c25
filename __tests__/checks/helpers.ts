import { Construct } from "constructs";
import { TerraformStack, Testing } from "cdktf";
import { AuthenticationStrengths, BreakGlassRegistry, EntraRoles, JitRole, JitRoleProps, Role, RoleSettings } from "../../constructs";
import { ConditionalAccessPolicy, DirectoryRoleAssignment, User, ensureAzuread } from "../../constructs/providers";
import { Finding, PrivilegedAccessChecks } from "../../constructs/checks";
import { PimSecurityAlerts, PimSecurityAlertsProps } from "../../constructs/operations/pim-alerts";
import { PrivilegedAccessReviews, PrivilegedAccessReviewsProps } from "../../constructs/operations/access-reviews";

/**
 * One shared helper for the rule tests: a compliant tenant whose parts each test replaces, and
 * `check()` that applies the pack, synthesizes with validations and returns the findings.
 */

export const GA = EntraRoles.GLOBAL_ADMINISTRATOR.templateId;
export const PRA = EntraRoles.PRIVILEGED_ROLE_ADMINISTRATOR.templateId;
export const BREAK_GLASS = ["bg-01@contoso.onmicrosoft.com", "bg-02@contoso.onmicrosoft.com"];

/** Stands in for a break-glass account: a user holding Global Administrator, registered, with `alerted`. */
export class TestBreakGlass extends Construct {
  public readonly objectId: string;
  constructor(
    scope: Construct,
    id: string,
    public readonly userPrincipalName: string,
    private readonly alertConfigured = true,
  ) {
    super(scope, id);
    ensureAzuread(this);
    const user = new User(this, "User", { userPrincipalName, displayName: id });
    new DirectoryRoleAssignment(this, "GlobalAdministrator", { roleId: GA, principalObjectId: user.objectId, directoryScopeId: "/" });
    this.objectId = user.objectId;
    BreakGlassRegistry.of(this).register({ userPrincipalName, objectId: this.objectId, construct: this });
  }

  /** As BreakGlassAccount: true when a sign-in alert covers the account. */
  public get alerted(): boolean {
    return this.alertConfigured;
  }
}

/** A flat description of a Conditional Access policy. */
export interface PolicySpec {
  readonly displayName?: string;
  readonly state?: string;
  readonly includedUsers?: string[];
  readonly includedRoles?: string[];
  /** @default - the break-glass accounts (BreakGlassRegistry.excludedUserIds()) */
  readonly excludedUsers?: string[];
  readonly excludedGroups?: string[];
  readonly includedGroups?: string[];
  readonly excludedRoles?: string[];
  readonly includedApplications?: string[];
  readonly excludedApplications?: string[];
  readonly clientAppTypes?: string[];
  readonly builtInControls?: string[];
  readonly strength?: string;
  readonly operator?: string;
  /** Further conditions (locations, platforms, devices, risk levels), as the provider binding takes them. */
  readonly conditions?: Record<string, unknown>;
}

export function policy(stack: Construct, id: string, spec: PolicySpec): ConditionalAccessPolicy {
  ensureAzuread(stack);
  return new ConditionalAccessPolicy(stack, id, {
    displayName: spec.displayName ?? id,
    state: spec.state ?? "enabled",
    conditions: {
      clientAppTypes: spec.clientAppTypes ?? ["all"],
      applications: { includedApplications: spec.includedApplications ?? ["All"], excludedApplications: spec.excludedApplications },
      users: {
        includedUsers: spec.includedUsers,
        includedRoles: spec.includedRoles,
        includedGroups: spec.includedGroups,
        excludedUsers: spec.excludedUsers ?? BreakGlassRegistry.of(stack).excludedUserIds(),
        excludedGroups: spec.excludedGroups,
        excludedRoles: spec.excludedRoles,
      },
      ...spec.conditions,
    },
    grantControls: { operator: spec.operator ?? "OR", builtInControls: spec.builtInControls, authenticationStrengthPolicyId: spec.strength },
  });
}

/** Enabled policy: phishing-resistant MFA for Global Administrator and Privileged Role Administrator. */
export const PHISHING_RESISTANT: PolicySpec = { includedRoles: [GA, PRA], strength: AuthenticationStrengths.PHISHING_RESISTANT_MFA.policyId };
/** Enabled policy: legacy authentication blocked for all users. */
export const LEGACY_BLOCK: PolicySpec = { includedUsers: ["All"], clientAppTypes: ["exchangeActiveSync", "other"], builtInControls: ["block"] };

export const APPROVERS = { activation: { approvers: [{ group: "PIM Approvers" }] }, notifications: { all: { additionalRecipients: ["soc@contoso.com"] } } };

/** Global Administrator through a group: two users, eligibility expiring, approval by a separate group. */
export const GA_ROLE: JitRoleProps = {
  role: Role.entra("Global Administrator"),
  delivery: "group",
  eligible: [
    { user: "alice@contoso.com", expires: "P180D" },
    { user: "bob@contoso.com", expires: "P180D" },
  ],
  settings: RoleSettings.highlyPrivileged(APPROVERS),
};

/** Quarterly reviews of tier 0 by a reviewer group (the default cadence). */
export const REVIEWS: PrivilegedAccessReviewsProps = { reviewers: [{ group: "Access Reviewers" }], startDate: "2027-01-04" };

export interface TenantParts {
  /** Break-glass UPNs. @default BREAK_GLASS */
  readonly breakGlass?: readonly string[];
  /** @default true */
  readonly alerted?: boolean;
  /** The Global Administrator JitRole; null for none. @default GA_ROLE */
  readonly ga?: JitRoleProps | null;
  /** @default PHISHING_RESISTANT; null for none */
  readonly phishingResistant?: PolicySpec | null;
  /** @default LEGACY_BLOCK; null for none */
  readonly legacy?: PolicySpec | null;
  /** Access reviews; null for none. @default REVIEWS */
  readonly reviews?: PrivilegedAccessReviewsProps | null;
  /** PIM security alerts; null for none. @default {} (every alert enabled) */
  readonly pimAlerts?: PimSecurityAlertsProps | null;
  /** Anything else the test adds. */
  readonly extra?: (stack: TerraformStack) => void;
}

/** A tenant the pack finds nothing in, with the parts a test replaces. */
export function tenant(parts: TenantParts = {}): (stack: TerraformStack) => void {
  return (stack) => {
    (parts.breakGlass ?? BREAK_GLASS).forEach((upn, i) => new TestBreakGlass(stack, `BreakGlass${i + 1}`, upn, parts.alerted ?? true));
    if (parts.ga !== null) new JitRole(stack, "GlobalAdministrator", parts.ga ?? GA_ROLE);
    if (parts.phishingResistant !== null) policy(stack, "PhishingResistant", parts.phishingResistant ?? PHISHING_RESISTANT);
    if (parts.legacy !== null) policy(stack, "BlockLegacy", parts.legacy ?? LEGACY_BLOCK);
    if (parts.pimAlerts !== null) PimSecurityAlerts.configure(stack, parts.pimAlerts ?? {});
    if (parts.reviews !== null) PrivilegedAccessReviews.configure(stack, parts.reviews ?? REVIEWS);
    parts.extra?.(stack);
  };
}

export interface CheckResult {
  readonly stack: TerraformStack;
  readonly findings: readonly Finding[];
  /** What `Testing.synth(stack, true)` threw (validations fail on unsuppressed errors). */
  readonly synthError?: Error;
  /** Findings of one rule. */
  of(rule: string): Finding[];
}

/** Builds a stack, applies the pack, synthesizes with validations and collects the findings. */
export function check(build: (stack: TerraformStack) => void): CheckResult {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  PrivilegedAccessChecks.applyTo(stack, { findingsFiles: false });
  let synthError: Error | undefined;
  try {
    Testing.synth(stack, true);
  } catch (e) {
    synthError = e as Error;
  }
  const findings = PrivilegedAccessChecks.findingsOf(stack);
  return { stack, findings, synthError, of: (rule) => findings.filter((f) => f.rule === rule) };
}
