import { Construct } from "constructs";
import { EntraRoles, entraRole } from "../constructs";
import { BreakGlassAccount, BreakGlassAlertingProps } from "../constructs/break-glass-account";
import { ADMIN_TEMPLATE_ROLE_IDS, AdminWorkstationPolicy } from "../constructs/admin-workstation-policy";
import {
  ConditionalAccessPolicy,
  ConditionalAccessPolicyConfig,
  DirectoryRoleAssignment,
  MonitorActionGroup,
  MonitorScheduledQueryRulesAlertV2,
  MsgraphResource,
  MsgraphUpdateResource,
  Password,
  RandomProvider,
  User,
} from "../constructs/providers";
import { BenchTenant } from "./tenant";

/**
 * The tenant-wide part of the bench: two break-glass accounts with the shared sign-in alert, and
 * the admin Conditional Access (five policies plus the authentication context). Constant in size,
 * so it weighs on the 100-assignment tenant and not on the large ones.
 */

const BREAK_GLASS = ["bg-01@contoso.onmicrosoft.com", "bg-02@contoso.onmicrosoft.com"];
const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law-sec";
const ALERTING: BreakGlassAlertingProps = { logAnalyticsWorkspaceId: WORKSPACE, resourceGroupName: "rg-sec", location: "westeurope", emails: ["soc@contoso.com"] };
const STATE = "enabledForReportingButNotEnforced";

/** Library: BreakGlassAccount x2 (alerting on the first) and AdminWorkstationPolicy with its defaults. */
export function addLibraryExtras(scope: Construct): void {
  BREAK_GLASS.forEach((upn, i) => new BreakGlassAccount(scope, `BreakGlass${i + 1}`, { userPrincipalName: upn, ...(i === 0 ? { alerting: ALERTING } : {}) }));
  new AdminWorkstationPolicy(scope, "AdminWorkstation", {});
}

/** Raw: the same resources, written one by one with literal values. */
export function addRawExtras(scope: Construct, tenant: BenchTenant): void {
  new RandomProvider(scope, "random", {});
  const userIds = BREAK_GLASS.map((upn) => {
    const name = `break_glass_${upn.replace(/[@.]/g, "_")}`;
    const password = new Password(scope, `${name}_password`, { length: 64, special: true, minLower: 1, minUpper: 1, minNumeric: 1, minSpecial: 1 });
    const user = new User(scope, name, {
      userPrincipalName: upn,
      displayName: upn.split("@")[0],
      accountEnabled: true,
      password: password.result,
      forcePasswordChange: false,
      disablePasswordExpiration: true,
      lifecycle: { preventDestroy: true, ignoreChanges: ["password"] },
    });
    new DirectoryRoleAssignment(scope, `${name}_ga`, {
      roleId: EntraRoles.GLOBAL_ADMINISTRATOR.templateId,
      principalObjectId: user.objectId,
      directoryScopeId: "/",
      lifecycle: { preventDestroy: true },
    });
    return user.objectId;
  });
  const actionGroup = new MonitorActionGroup(scope, "break_glass_action_group", {
    name: "break-glass-sign-in",
    resourceGroupName: "rg-sec",
    shortName: "BreakGlass",
    emailReceiver: [{ name: "email-soc-contoso-com", emailAddress: "soc@contoso.com", useCommonAlertSchema: true }],
  });
  new MonitorScheduledQueryRulesAlertV2(scope, "break_glass_alert", {
    name: "break-glass-sign-in",
    displayName: "Break-glass account sign-in",
    description: "A break-glass (emergency access) account signed in or tried to.",
    resourceGroupName: "rg-sec",
    location: "westeurope",
    scopes: [WORKSPACE],
    severity: 0,
    enabled: true,
    evaluationFrequency: "PT5M",
    windowDuration: "PT5M",
    autoMitigationEnabled: false,
    action: { actionGroups: [actionGroup.id] },
    criteria: [
      {
        query: `let breakGlassAccounts = dynamic([${userIds.map((id) => `"${id}"`).join(", ")}]);\nSigninLogs\n| where UserId in~ (breakGlassAccounts)`,
        timeAggregationMethod: "Count",
        operator: "GreaterThan",
        threshold: 0,
        failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 },
      },
    ],
  });

  // included_roles: every privileged Entra role of the tenant, Global Administrator and Microsoft's admin template roles.
  const roles = new Set<string>([...ADMIN_TEMPLATE_ROLE_IDS, EntraRoles.GLOBAL_ADMINISTRATOR.templateId]);
  for (const r of tenant.roles) {
    if (r.kind !== "entraDirect" && r.kind !== "entraGroup") continue;
    const def = entraRole(r.name);
    if (def.privileged || def.tier < 2) roles.add(def.templateId);
  }
  const includedRoles = [...roles].sort();
  const ca = (id: string, displayName: string, rest: Omit<ConditionalAccessPolicyConfig, "displayName" | "state" | "conditions">, extra: Partial<ConditionalAccessPolicyConfig["conditions"]> = {}) =>
    new ConditionalAccessPolicy(scope, id, {
      displayName: `PAC: ${displayName} (managed as code)`,
      state: STATE,
      conditions: { clientAppTypes: ["all"], applications: { includedApplications: ["All"] }, users: { includedRoles, excludedUsers: userIds }, ...extra },
      ...rest,
    });
  ca("ca_strength", "Require phishing-resistant MFA for privileged roles", { grantControls: { operator: "OR", authenticationStrengthPolicyId: "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004" } });
  ca("ca_device", "Require compliant or hybrid-joined device for privileged roles", { grantControls: { operator: "OR", builtInControls: ["compliantDevice", "domainJoinedDevice"] } });
  ca("ca_paw", "Block privileged roles outside privileged access workstations", { grantControls: { operator: "OR", builtInControls: ["block"] } }, {
    devices: { filter: { mode: "exclude", rule: 'device.extensionAttribute1 -eq "PAW"' } },
  });
  ca("ca_frequency", "Sign in every 4 hours, no persistent browser for privileged roles", {
    sessionControls: { signInFrequency: 4, signInFrequencyPeriod: "hours", signInFrequencyInterval: "timeBased", signInFrequencyAuthenticationType: "primaryAndSecondaryAuthentication", persistentBrowserMode: "never" },
  });
  ca("ca_legacy", "Block legacy authentication for privileged roles", { grantControls: { operator: "OR", builtInControls: ["block"] } }, { clientAppTypes: ["exchangeActiveSync", "other"] });
  const reference = new MsgraphUpdateResource(scope, "auth_context_c1", {
    url: "identity/conditionalAccess/authenticationContextClassReferences/c1",
    body: { displayName: "Privileged role activation", description: "Requires phishing-resistant MFA. Managed as code.", isAvailable: true },
  });
  new MsgraphResource(scope, "ca_auth_context", {
    url: "identity/conditionalAccess/policies",
    dependsOn: [reference],
    body: {
      displayName: "PAC: Require phishing-resistant MFA for authentication context c1 (managed as code)",
      state: STATE,
      conditions: { clientAppTypes: ["all"], applications: { includeAuthenticationContextClassReferences: ["c1"] }, users: { includeUsers: ["All"], excludeUsers: userIds } },
      grantControls: { operator: "OR", authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" } },
    },
  });
}
