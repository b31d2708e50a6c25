import { TerraformStack } from "cdktf";
import { AdminWorkstationPolicy, AdminWorkstationPolicyProps, BreakGlassAccount, JitRole, PimSecurityAlerts, PrivilegedAccessReviews, Role, RoleSettings } from "../../constructs";
import { MsgraphResource, ensureMsgraph } from "../../constructs/providers";
import { BREAK_GLASS, GA_ROLE, REVIEWS, check } from "./helpers";

/** The pack on the library's own constructs: what a user who follows the docs synthesizes. */

const ALERTING = {
  logAnalyticsWorkspaceId: "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-security/providers/Microsoft.OperationalInsights/workspaces/law-entra",
  resourceGroupName: "rg-security",
  location: "westeurope",
  emails: ["soc@contoso.com"],
};

interface Setup {
  readonly alerting?: boolean;
  readonly decommissioned?: string;
  readonly adminWorkstation?: AdminWorkstationPolicyProps;
  /** @default true */
  readonly pimAlerts?: boolean;
  /** @default true */
  readonly reviews?: boolean;
  readonly extra?: (stack: TerraformStack) => void;
}

function documented(setup: Setup = {}): (stack: TerraformStack) => void {
  return (stack) => {
    if (setup.alerting ?? true) BreakGlassAccount.configureAlerting(stack, ALERTING);
    BREAK_GLASS.forEach((upn, i) => new BreakGlassAccount(stack, `BreakGlass${i + 1}`, { userPrincipalName: upn, decommissioned: upn === setup.decommissioned }));
    BreakGlassAccount.requirePhishingResistantSignIn(stack);
    new JitRole(stack, "GlobalAdministrator", GA_ROLE);
    new AdminWorkstationPolicy(stack, "AdminWorkstation", setup.adminWorkstation ?? { state: "enabled" });
    if (setup.pimAlerts ?? true) PimSecurityAlerts.configure(stack);
    if (setup.reviews ?? true) PrivilegedAccessReviews.configure(stack, REVIEWS);
    setup.extra?.(stack);
  };
}

test("Compliance: break-glass accounts with alerting, their sign-in policy, a Global Administrator JitRole and an enforced AdminWorkstationPolicy", () => {
  const result = check(documented());
  expect(result.findings).toEqual([]);
  expect(result.synthError).toBeUndefined();
});

test("a report-only AdminWorkstationPolicy gives the two report-only warnings and nothing else", () => {
  const result = check(documented({ adminWorkstation: {} }));
  expect(result.findings.map((f) => `${f.rule} ${f.level}`)).toEqual(["PAC-LEGACY-AUTH-REPORT-ONLY warning", "PAC-MFA-REPORT-ONLY warning"]);
  expect(result.synthError).toBeUndefined();
});

test("Noncompliance: no PIM security alerts, or the outside-PIM alert disabled (PAC-ALERT-OUTSIDE-PIM)", () => {
  const none = check(documented({ pimAlerts: false }));
  expect(none.of("PAC-ALERT-OUTSIDE-PIM").map((f) => f.detail)).toEqual(["the stack manages Global Administrator but configures no PIM security alerts, so a role granted outside PIM raises no alert"]);
  const off = check(documented({ pimAlerts: false, extra: (stack) => void PimSecurityAlerts.configure(stack, { rolesAssignedOutsidePim: false }) }));
  expect(off.of("PAC-ALERT-OUTSIDE-PIM").map((f) => [f.level, f.detail])).toEqual([
    ["warning", `PIM's "roles assigned outside PIM" alert is disabled (rolesAssignedOutsidePim: false) while the stack manages Global Administrator`],
  ]);
});

test("PAC-REVIEW-TIER0: Noncompliance without reviews, with tier 0 at cadence none, and for a tier-0 Azure role; Compliance with the default cadence", () => {
  expect(check(documented({ reviews: false })).of("PAC-REVIEW-TIER0").map((f) => f.detail)).toEqual(["Global Administrator is tier 0 and the stack configures no access reviews"]);
  const none = check(documented({ reviews: false, extra: (s) => void PrivilegedAccessReviews.configure(s, { ...REVIEWS, cadence: { tier0: "none" } }) }));
  expect(none.of("PAC-REVIEW-TIER0").map((f) => [f.level, f.detail])).toEqual([["warning", 'Global Administrator is tier 0 and has no access review: the cadence of tier 0 is "none"']]);
  const azure = check(
    documented({
      extra: (s) =>
        void new JitRole(s, "RootOwner", { role: Role.azure("Owner", "/providers/Microsoft.Management/managementGroups/contoso"), eligible: [{ user: "o@contoso.com", expires: "P90D" }], settings: GA_ROLE.settings }),
    }),
  );
  expect(azure.of("PAC-REVIEW-TIER0").map((f) => f.detail)).toEqual([expect.stringMatching(/^Owner at \/providers\/Microsoft\.Management\/managementGroups\/contoso is tier 0 and has no access review: Azure role reviews are an Azure Resource Manager API/)]);
  expect(check(documented()).of("PAC-REVIEW-TIER0")).toEqual([]);
});

test("Compliance: PAC-ALERT-OUTSIDE-PIM does not apply to a stack without privileged Entra roles", () => {
  const result = check((stack) => void new JitRole(stack, "Reader", { role: Role.entra("Reports Reader"), eligible: [{ user: "r@contoso.com" }], settings: RoleSettings.standard() }));
  expect(result.of("PAC-ALERT-OUTSIDE-PIM")).toEqual([]);
});

test("Noncompliance: accounts without configured alerting", () => {
  const result = check(documented({ alerting: false }));
  expect(result.of("PAC-BREAK-GLASS-ALERT").map((f) => f.path)).toEqual(["test/BreakGlass1", "test/BreakGlass2"]);
  expect(result.synthError?.message).toContain("PAC-BREAK-GLASS-ALERT at test/BreakGlass1");
});

test("Noncompliance: a decommissioned account no longer counts", () => {
  const result = check(documented({ decommissioned: BREAK_GLASS[1] }));
  expect(result.of("PAC-BREAK-GLASS-COUNT").map((f) => f.detail)).toEqual(["the stack has 1 break-glass account (bg-01@contoso.onmicrosoft.com); at least 2 are required"]);
});

test("Noncompliance: a Graph policy (msgraph_resource) for all users without exclusions is a lockout", () => {
  const extra = (stack: TerraformStack) => {
    ensureMsgraph(stack);
    new MsgraphResource(stack, "GraphPolicy", {
      url: "identity/conditionalAccess/policies",
      body: {
        displayName: "Block everyone outside the office",
        state: "enabled",
        conditions: { clientAppTypes: ["all"], applications: { includeApplications: ["All"] }, users: { includeUsers: ["All"] } },
        grantControls: { operator: "OR", builtInControls: ["block"] },
      },
    });
  };
  const result = check(documented({ extra }));
  expect(result.findings.map((f) => `${f.rule} ${f.path}: ${f.detail}`)).toEqual([
    'PAC-CA-BREAK-GLASS-EXCLUDED test/GraphPolicy: "Block everyone outside the office" excludes none of the break-glass accounts (bg-01@contoso.onmicrosoft.com, bg-02@contoso.onmicrosoft.com)',
    'PAC-CA-LOCKOUT test/GraphPolicy: "Block everyone outside the office" enforces controls on all users without excluding break-glass account(s) bg-01@contoso.onmicrosoft.com, bg-02@contoso.onmicrosoft.com',
  ]);
});
