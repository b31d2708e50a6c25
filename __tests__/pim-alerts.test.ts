import { TerraformStack, Testing } from "cdktf";
import { PimSecurityAlerts } from "../constructs";
import { message } from "./error-message";

/** PIM security alerts as code (issue 15, item 2): one beta PATCH per alert configuration. */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const synth = (build: (stack: TerraformStack) => void): Json => {
  const stack = new TerraformStack(Testing.app(), "t");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Json;
};

test("every alert enabled by default, too many Global Administrators at the 8 of PAC-GA-COUNT, beta, stable addresses", () => {
  const json = synth((s) => void PimSecurityAlerts.configure(s));
  const updates = json.resource.msgraph_update_resource as Record<string, Json>;
  expect(Object.keys(updates).sort()).toEqual(
    ["invalid_license", "no_mfa_on_role_activation", "redundant_assignment", "roles_assigned_outside_pim", "sequential_activation_renewals", "stale_sign_in", "too_many_global_admins"].map((k) => `pim_alert_${k}`),
  );
  for (const u of Object.values(updates)) {
    expect(u.api_version).toBe("beta");
    expect(u.url).toMatch(/^identityGovernance\/roleManagementAlerts\/alertConfigurations\/DirectoryRole_\$\{data\.azuread_client_config\.pim_alerts_tenant\.tenant_id\}_[A-Za-z]+Alert$/);
    expect(u.body.isEnabled).toBe(true);
  }
  expect(updates.pim_alert_too_many_global_admins.body).toEqual({
    "@odata.type": "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration",
    isEnabled: true,
    globalAdminCountThreshold: 8,
  });
  expect(updates.pim_alert_roles_assigned_outside_pim.body).toEqual({ "@odata.type": "#microsoft.graph.rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration", isEnabled: true });
});

test("thresholds and durations as configured; false disables an alert (and sends no thresholds)", () => {
  const json = synth(
    (s) =>
      void PimSecurityAlerts.configure(s, {
        tooManyGlobalAdmins: false,
        staleSignIn: { duration: "P60D" },
        sequentialActivationRenewals: { threshold: 5, interval: "PT2H" },
      }),
  );
  const body = (k: string) => (json.resource.msgraph_update_resource as Record<string, Json>)[`pim_alert_${k}`].body;
  expect(body("too_many_global_admins")).toEqual({ "@odata.type": "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration", isEnabled: false });
  expect(body("stale_sign_in")).toEqual({ "@odata.type": "#microsoft.graph.staleSignInAlertConfiguration", isEnabled: true, duration: "P60D" });
  expect(body("sequential_activation_renewals")).toMatchObject({ sequentialActivationCounterThreshold: 5, timeIntervalBetweenActivations: "PT2H" });
});

test.each([
  [{ tooManyGlobalAdmins: { threshold: 9 } }, "tooManyGlobalAdmins.threshold: must be a whole number from 2 to 8, got 9"],
  [{ staleSignIn: { duration: "30 days" } }, 'staleSignIn.duration: must be an ISO 8601 duration in days or hours ("P30D", "PT1H"), got "30 days"'],
  [{ staleSignIn: { durations: "P30D" } }, "durations"],
  [{ rolesAssignedOutsidePim: "yes" }, 'rolesAssignedOutsidePim: must be true, false or the alert\'s settings, got "yes"'],
  [{ tooManyAdmins: true }, "tooManyAdmins"],
])("refuses %j", (props, expected) => {
  expect(message(() => PimSecurityAlerts.configure(new TerraformStack(Testing.app(), "t"), props as never))).toContain(expected);
});

test("one configuration per stack: the same again returns it, a different one is refused", () => {
  const stack = new TerraformStack(Testing.app(), "t");
  const a = PimSecurityAlerts.configure(stack, { invalidLicense: false });
  expect(PimSecurityAlerts.configure(stack, { invalidLicense: false })).toBe(a);
  expect(message(() => PimSecurityAlerts.configure(stack, {}))).toBe("t: pimAlerts: differs from the PIM alert configuration at t: a stack has one");
});
