import { TerraformStack, Testing } from "cdktf";
import { ActivationMonitoring, BreakGlassAccount, JitRole, Role, RoleSettings } from "../constructs";
import { OUTSIDE_PIM_QUERY, activationQuery } from "../constructs/operations/activation-monitoring";
import { message } from "./error-message";

/** Alerts on PIM activity (issue 15, item 3). */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALERTING = { logAnalyticsWorkspaceId: "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law", resourceGroupName: "rg", location: "westeurope", emails: ["soc@contoso.com"] };
const settings = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } });

test("two alerts on the break-glass workspace and action group, every 5 minutes over an hour; the activation query names the stack's tier-0 Entra roles, created before or after", () => {
  const stack = new TerraformStack(Testing.app(), "t");
  BreakGlassAccount.configureAlerting(stack, ALERTING);
  ActivationMonitoring.configure(stack, { workingHours: { start: 8, end: 18, utcOffsetHours: -5 }, allowedIpRanges: ["2001:db8::/48", "203.0.113.0/24"] });
  new JitRole(stack, "GA", { role: Role.entra("Global Administrator"), eligible: [{ user: "a@contoso.com" }], settings });
  new JitRole(stack, "Reader", { role: Role.entra("Reports Reader"), eligible: [{ user: "b@contoso.com" }], settings: RoleSettings.standard() });
  const json = JSON.parse(Testing.synth(stack)) as Json;
  const rules = json.resource.azurerm_monitor_scheduled_query_rules_alert_v2 as Record<string, Json>;
  expect(Object.keys(rules).sort()).toEqual(["break_glass_sign_in", "pim_activation_unusual", "role_assigned_outside_pim"]);
  for (const name of ["pim_activation_unusual", "role_assigned_outside_pim"]) {
    expect(rules[name]).toMatchObject({ evaluation_frequency: "PT5M", window_duration: "PT1H", scopes: [ALERTING.logAnalyticsWorkspaceId], action: rules.break_glass_sign_in.action });
  }
  const query = rules.pim_activation_unusual.criteria[0].query as string;
  expect(query.split("\n")).toEqual([
    'let tierZeroRoles = dynamic(["Global Administrator"]);',
    'let allowedV4 = dynamic(["203.0.113.0/24"]);',
    'let allowedV6 = dynamic(["2001:db8::/48"]);',
    "AuditLogs",
    "| where ingestion_time() > ago(5m)",
    '| where OperationName == "Add member to role completed (PIM activation)"',
    "| where TargetResources has_any (tierZeroRoles)",
    "| extend Local = TimeGenerated - 5h",
    "| extend Hour = hourofday(Local), Day = toint(dayofweek(Local) / 1d)",
    "| extend IPAddress = tostring(InitiatedBy.user.ipAddress), Actor = tostring(InitiatedBy.user.userPrincipalName)",
    "| where Hour < 8 or Hour >= 18 or Day in (0, 6) or not(ipv4_is_in_any_range(IPAddress, allowedV4) == true or ipv6_is_in_any_range(IPAddress, allowedV6) == true)",
    "| project TimeGenerated, Actor, IPAddress, Hour, Day, OperationName, TargetResources",
  ]);
  expect(rules.role_assigned_outside_pim.criteria[0].query).toBe(OUTSIDE_PIM_QUERY);
});

test("weekends as working days and no ranges leave only the hours; the outside-PIM alert can be turned off", () => {
  expect(activationQuery([], { start: 7, end: 19, offset: 0, weekends: true, ranges: [] })).toContain("| where Hour < 7 or Hour >= 19\n");
  const stack = new TerraformStack(Testing.app(), "t");
  BreakGlassAccount.configureAlerting(stack, ALERTING);
  expect(ActivationMonitoring.configure(stack, { assignmentsOutsidePim: false }).outsidePimAlert).toBeUndefined();
});

test.each([
  [{ workingHours: { start: 19, end: 7 } }, "workingHours.end: must be after workingHours.start (19), got 7"],
  [{ workingHours: { utcOffsetHours: 1.5 } }, "workingHours.utcOffsetHours: must be a whole number from -12 to 14, got 1.5"],
  [{ allowedIpRanges: ["203.0.113.0"] }, 'allowedIpRanges[0]: must be a CIDR range ("203.0.113.0/24", "2001:db8::/48"), got "203.0.113.0"'],
  [{ workingHour: {} }, "workingHour"],
])("refuses %j", (props, expected) => {
  const stack = new TerraformStack(Testing.app(), "t");
  BreakGlassAccount.configureAlerting(stack, ALERTING);
  expect(message(() => ActivationMonitoring.configure(stack, props as never))).toContain(expected);
});

test("needs the break-glass alerting, and says so", () => {
  expect(message(() => ActivationMonitoring.configure(new TerraformStack(Testing.app(), "t")))).toContain("activationMonitoring: needs the break-glass alerting (BreakGlassAccount.configureAlerting");
});

test("one configuration per stack: the same again returns it, a different one is refused", () => {
  const stack = new TerraformStack(Testing.app(), "t");
  BreakGlassAccount.configureAlerting(stack, ALERTING);
  const first = ActivationMonitoring.configure(stack, { workingHours: { start: 8 } });
  expect(ActivationMonitoring.configure(stack, { workingHours: { start: 8 } })).toBe(first);
  expect(message(() => ActivationMonitoring.configure(stack, {}))).toBe("t: activationMonitoring: differs from the activation monitoring at t: a stack has one");
});
