import { IConstruct } from "constructs";
import { AnnotationMetadataEntryType, App, TerraformStack, Testing } from "cdktf";
import {
  BREAK_GLASS_SIGN_IN_POLICY_NAME,
  BreakGlassAccount,
  BreakGlassAccountProps,
  BreakGlassAlerting,
  BreakGlassAlertingProps,
  BreakGlassSignInPolicy,
} from "../constructs/break-glass-account";
import { BreakGlassRegistry } from "../constructs/break-glass-registry";
import { ValidationError } from "../constructs/errors";
import { ConditionalAccessPolicy } from "../constructs/providers";
import { recordForTerraform } from "./terraform-record";

type Json = Record<string, unknown>;
type Blocks = Record<string, Record<string, Json>>;

const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";
const WORKSPACE =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-security/providers/Microsoft.OperationalInsights/workspaces/law-entra";
const ALERTING: BreakGlassAlertingProps = {
  logAnalyticsWorkspaceId: WORKSPACE,
  resourceGroupName: "rg-security",
  location: "westeurope",
  emails: ["soc@contoso.com"],
};
const UPN1 = "bg-01@contoso.onmicrosoft.com";
const UPN2 = "bg-02@contoso.onmicrosoft.com";
const NAME1 = "break_glass_bg-01_contoso_onmicrosoft_com";
const NAME2 = "break_glass_bg-02_contoso_onmicrosoft_com";

function newStack(): TerraformStack {
  const app: App = Testing.app();
  return new TerraformStack(app, "test");
}

function synth(stack: TerraformStack): Json {
  return JSON.parse(Testing.synth(stack, true)) as Json;
}

function resources(json: Json, type: string): Record<string, Json> {
  return ((json.resource as Blocks | undefined) ?? {})[type] ?? {};
}

function warnings(stack: TerraformStack): string[] {
  return stack.node
    .findAll()
    .flatMap((c: IConstruct) => c.node.metadata.filter((m) => m.type === AnnotationMetadataEntryType.WARN).map((m) => String(m.data)));
}

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error("expected a ValidationError");
}

/** Every value under a key named `password`, anywhere in the JSON. */
function passwordValues(node: unknown): unknown[] {
  if (Array.isArray(node)) return node.flatMap(passwordValues);
  if (node && typeof node === "object") {
    return Object.entries(node as Json).flatMap(([k, v]) => (k === "password" ? [v] : passwordValues(v)));
  }
  return [];
}

/**
 * The default fixture: bg-02 created first, then the shared alerting, then bg-01 (created AFTER
 * alerting was configured, and sorting before bg-02), with construct ids that say nothing.
 */
const main = (() => {
  const stack = newStack();
  const second = new BreakGlassAccount(stack, "Second", { userPrincipalName: UPN2 });
  const alerting = BreakGlassAccount.configureAlerting(stack, ALERTING);
  const first = new BreakGlassAccount(stack, "First", { userPrincipalName: UPN1 });
  const json = synth(stack);
  return { stack, first, second, alerting, json, text: JSON.stringify(json) };
})();

describe("BreakGlassAccount: default rendering", () => {
  test("matches the snapshot", () => {
    expect(recordForTerraform("break-glass-account", main.json)).toMatchSnapshot();
  });

  test("writes a cloud-only enabled user with non-expiring password, protected by prevent_destroy", () => {
    const users = resources(main.json, "azuread_user");
    expect(Object.keys(users).sort()).toEqual([NAME1, NAME2]);
    expect(users[NAME1]).toEqual({
      user_principal_name: UPN1,
      display_name: "bg-01",
      account_enabled: true,
      disable_password_expiration: true,
      force_password_change: false,
      password: `\${random_password.${NAME1}.result}`,
      lifecycle: { prevent_destroy: true, ignore_changes: ["password"] },
    });
  });

  test("assigns Global Administrator permanently by role template id, protected by prevent_destroy", () => {
    const assignments = resources(main.json, "azuread_directory_role_assignment");
    expect(Object.keys(assignments).sort()).toEqual([NAME1, NAME2]);
    expect(assignments[NAME2]).toEqual({
      role_id: GLOBAL_ADMIN,
      principal_object_id: `\${azuread_user.${NAME2}.object_id}`,
      directory_scope_id: "/",
      lifecycle: { prevent_destroy: true },
    });
  });

  test("never writes a password literal: the only password is a random_password reference", () => {
    const values = passwordValues(main.json);
    expect(values).toEqual([`\${random_password.${NAME1}.result}`, `\${random_password.${NAME2}.result}`].sort());
    expect(resources(main.json, "random_password")[NAME1]).toEqual({
      length: 64,
      special: true,
      min_lower: 1,
      min_upper: 1,
      min_numeric: 1,
      min_special: 1,
    });
    expect(main.text).not.toMatch(/"password":"(?!\$\{random_password\.)/);
    expect(main.json.provider).toHaveProperty("random");
  });

  test("names the Terraform addresses after the UPN, not the construct id", () => {
    expect(main.first.resourceName).toBe(NAME1);
    expect(Object.keys(resources(main.json, "random_password")).sort()).toEqual([NAME1, NAME2]);
  });

  test("one sign-in alert covers every account, including one created after alerting was configured", () => {
    const rules = resources(main.json, "azurerm_monitor_scheduled_query_rules_alert_v2");
    expect(Object.keys(rules)).toHaveLength(1);
    const rule = Object.values(rules)[0];
    expect(rule).toMatchObject({
      name: "break-glass-sign-in",
      severity: 0,
      // The window is longer than the frequency (late logs); the query counts each sign-in once by ingestion time.
      evaluation_frequency: "PT5M",
      window_duration: "PT1H",
      scopes: [WORKSPACE],
      resource_group_name: "rg-security",
      location: "westeurope",
    });
    const criteria = rule.criteria as Json[];
    expect(criteria).toHaveLength(1);
    expect(criteria[0]).toMatchObject({ time_aggregation_method: "Count", operator: "GreaterThan", threshold: 0 });
    // Sorted by UPN: bg-01 (created last) first.
    expect(criteria[0].query).toBe(
      [
        `let breakGlassAccounts = dynamic(["\${azuread_user.${NAME1}.object_id}", "\${azuread_user.${NAME2}.object_id}"]);`,
        "union isfuzzy=true SigninLogs, AADNonInteractiveUserSignInLogs",
        "| where UserId in~ (breakGlassAccounts)",
        "| where ingestion_time() > ago(5m)",
        "| project TimeGenerated, Type, UserPrincipalName, UserId, AppDisplayName, IPAddress, ResultType, ResultDescription",
      ].join("\n"),
    );
    const groups = resources(main.json, "azurerm_monitor_action_group");
    expect(Object.keys(groups)).toHaveLength(1);
    const [groupName, group] = Object.entries(groups)[0];
    expect(group.email_receiver).toEqual([{ name: "email-soc-contoso-com", email_address: "soc@contoso.com", use_common_alert_schema: true }]);
    expect(rule.action).toEqual({ action_groups: [`\${azurerm_monitor_action_group.${groupName}.id}`] });
    expect(main.json).not.toHaveProperty(["resource", "azurerm_monitor_aad_diagnostic_setting"]);
  });

  test("exposes the account facts the checks and report use", () => {
    expect(main.first.userPrincipalName).toBe(UPN1);
    expect(main.first.displayName).toBe("bg-01");
    expect(main.first.decommissioned).toBe(false);
    expect(main.first.alerted).toBe(true);
    expect(main.second.alerted).toBe(true);
    expect(BreakGlassAccount.isBreakGlassAccount(main.first)).toBe(true);
    expect(BreakGlassAccount.isBreakGlassAccount(main.alerting)).toBe(false);
    expect(BreakGlassAccount.accountsOf(main.stack).map((a) => a.userPrincipalName)).toEqual([UPN1, UPN2]);
    expect(BreakGlassAlerting.of(main.first)).toBe(main.alerting);
  });

  test("two active accounts raise no count warning", () => {
    expect(warnings(main.stack)).toEqual([]);
  });
});

describe("BreakGlassAccount: Conditional Access", () => {
  test("a policy created before or after the accounts excludes the same accounts", () => {
    const excluded = (policyFirst: boolean): unknown => {
      const stack = newStack();
      const policy = () =>
        new ConditionalAccessPolicy(stack, "Policy", {
          displayName: "Admins need MFA",
          state: "enabled",
          conditions: {
            clientAppTypes: ["all"],
            applications: { includedApplications: ["All"] },
            users: { includedRoles: [GLOBAL_ADMIN], excludedUsers: BreakGlassRegistry.of(stack).excludedUserIds() },
          },
          grantControls: { operator: "OR", builtInControls: ["mfa"] },
        });
      if (policyFirst) policy();
      new BreakGlassAccount(stack, "B", { userPrincipalName: UPN2 });
      new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1 });
      if (!policyFirst) policy();
      return (resources(synth(stack), "azuread_conditional_access_policy").Policy.conditions as Json).users;
    };
    const before = excluded(true);
    expect(before).toEqual({
      included_roles: [GLOBAL_ADMIN],
      excluded_users: [`\${azuread_user.${NAME1}.object_id}`, `\${azuread_user.${NAME2}.object_id}`],
    });
    expect(excluded(false)).toEqual(before);
  });

  test("the opt-in sign-in policy targets the accounts but one with phishing-resistant MFA, report-only by default", () => {
    const stack = newStack();
    const policy = BreakGlassAccount.requirePhishingResistantSignIn(stack);
    new BreakGlassAccount(stack, "B", { userPrincipalName: UPN2 });
    new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1 });
    const policies = resources(synth(stack), "azuread_conditional_access_policy");
    expect(Object.values(policies)).toEqual([
      {
        display_name: BREAK_GLASS_SIGN_IN_POLICY_NAME,
        state: "enabledForReportingButNotEnforced",
        conditions: {
          client_app_types: ["all"],
          applications: { included_applications: ["All"] },
          // The first account by UPN is left out and excluded: one account outside every policy (Maester MT.1005).
          users: { included_users: [`\${azuread_user.${NAME2}.object_id}`], excluded_users: [`\${azuread_user.${NAME1}.object_id}`] },
        },
        grant_controls: { operator: "OR", authentication_strength_policy_id: "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004" },
      },
    ]);
    expect(policy.exemptAccount).toBe(UPN1);
    expect(BREAK_GLASS_SIGN_IN_POLICY_NAME).toBe("Break-glass accounts: require phishing-resistant MFA (managed as code)");
    expect(BreakGlassSignInPolicy.isBreakGlassSignInPolicy(policy.resource)).toBe(true);
    expect(BreakGlassAccount.requirePhishingResistantSignIn(stack, { state: "enabledForReportingButNotEnforced" })).toBe(policy);
  });

  test("the sign-in policy can be enforced, but not configured twice with different states", () => {
    const stack = newStack();
    BreakGlassAccount.requirePhishingResistantSignIn(stack, { state: "enabled" });
    const error = thrown(() => BreakGlassAccount.requirePhishingResistantSignIn(stack));
    expect(error.message).toBe(
      'test: state: is "enabledForReportingButNotEnforced", but the break-glass sign-in policy configured by test is "enabled": a stack has one such policy',
    );
    const users = (Object.values(resources(synth(stack), "azuread_conditional_access_policy"))[0].conditions as Json).users;
    expect(users).toEqual({ included_users: ["None"], excluded_users: [] });
  });

  test("exemptAccount names the account left out; one that is not an active break-glass account fails synth", () => {
    const stack = newStack();
    BreakGlassAccount.requirePhishingResistantSignIn(stack, { exemptAccount: UPN2.toUpperCase() });
    new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1 });
    new BreakGlassAccount(stack, "B", { userPrincipalName: UPN2 });
    const users = (Object.values(resources(synth(stack), "azuread_conditional_access_policy"))[0].conditions as Json).users;
    expect(users).toEqual({ included_users: [`\${azuread_user.${NAME1}.object_id}`], excluded_users: [`\${azuread_user.${NAME2}.object_id}`] });
    expect(thrown(() => BreakGlassAccount.requirePhishingResistantSignIn(stack, { exemptAccount: UPN1 })).message).toBe(
      `test: exemptAccount: is "${UPN1}", but the break-glass sign-in policy configured by test exempts "${UPN2.toUpperCase()}": a stack has one such policy`,
    );

    const other = newStack();
    BreakGlassAccount.requirePhishingResistantSignIn(other, { exemptAccount: "nobody@contoso.onmicrosoft.com" });
    new BreakGlassAccount(other, "A", { userPrincipalName: UPN1 });
    expect(() => synth(other)).toThrow(`test: exemptAccount "nobody@contoso.onmicrosoft.com" is not an active break-glass account of this stack (${UPN1})`);
    expect(thrown(() => BreakGlassAccount.requirePhishingResistantSignIn(newStack(), { exemptAccount: "bg" })).message).toBe(
      'test: exemptAccount: must be the user principal name of a break-glass account of the stack, got "bg"',
    );
  });

  test("refuses an unknown policy state", () => {
    const error = thrown(() => BreakGlassAccount.requirePhishingResistantSignIn(newStack(), { state: "on" as never }));
    expect(error.message).toBe('test: state: must be "enabled", "disabled", "enabledForReportingButNotEnforced", got "on"');
  });
});

describe("BreakGlassAccount: alerting options", () => {
  test("SMS and webhook receivers, and Entra logs sent to the workspace", () => {
    const stack = newStack();
    new BreakGlassAccount(stack, "A", {
      userPrincipalName: UPN1,
      alerting: {
        ...ALERTING,
        emails: ["secops@contoso.com", "Alice@contoso.com"],
        sms: [{ countryCode: "31", phoneNumber: "612345678" }],
        webhooks: [{ name: "pager", serviceUri: "https://pager.example.com/hook" }],
        sendEntraLogsToWorkspace: true,
      },
    });
    const json = synth(stack);
    const group = Object.values(resources(json, "azurerm_monitor_action_group"))[0];
    expect(group).toMatchObject({
      short_name: "BreakGlass",
      email_receiver: [
        { name: "email-alice-contoso-com", email_address: "Alice@contoso.com", use_common_alert_schema: true },
        { name: "email-secops-contoso-com", email_address: "secops@contoso.com", use_common_alert_schema: true },
      ],
      sms_receiver: [{ name: "sms-31-612345678", country_code: "31", phone_number: "612345678" }],
      webhook_receiver: [{ name: "pager", service_uri: "https://pager.example.com/hook", use_common_alert_schema: true }],
    });
    const [settingName, setting] = Object.entries(resources(json, "azurerm_monitor_aad_diagnostic_setting"))[0];
    expect(setting).toEqual({
      name: "break-glass-sign-in-entra-logs",
      log_analytics_workspace_id: WORKSPACE,
      enabled_log: [{ category: "AuditLogs" }, { category: "NonInteractiveUserSignInLogs" }, { category: "SignInLogs" }],
    });
    const rule = Object.values(resources(json, "azurerm_monitor_scheduled_query_rules_alert_v2"))[0];
    expect(rule).toMatchObject({ skip_query_validation: true, depends_on: [`azurerm_monitor_aad_diagnostic_setting.${settingName}`] });
  });

  test("an existing action group is notified instead of creating one", () => {
    const stack = newStack();
    const id = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-security/providers/Microsoft.Insights/actionGroups/soc";
    BreakGlassAccount.configureAlerting(stack, { ...ALERTING, emails: undefined, actionGroupId: id });
    new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1 });
    const json = synth(stack);
    expect(resources(json, "azurerm_monitor_action_group")).toEqual({});
    expect(Object.values(resources(json, "azurerm_monitor_scheduled_query_rules_alert_v2"))[0].action).toEqual({ action_groups: [id] });
  });

  test("accounts may repeat the identical alerting configuration; a different one is refused naming both", () => {
    const stack = newStack();
    const a = new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1, alerting: ALERTING });
    new BreakGlassAccount(stack, "B", { userPrincipalName: UPN2, alerting: { ...ALERTING, emails: ["soc@contoso.com"] } });
    expect(BreakGlassAlerting.of(stack)).toBe(BreakGlassAlerting.of(a));
    const error = thrown(() => BreakGlassAccount.configureAlerting(stack, { ...ALERTING, emails: ["other@contoso.com"] }));
    expect(error.message).toBe(
      "test: alerting: conflicts with the break-glass alerting configured by test/A: a stack has one shared sign-in alert, so configure it once (or repeat the identical configuration)",
    );
  });

  test("accounts are not alerted until alerting is configured", () => {
    const stack = newStack();
    const a = new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1 });
    expect(a.alerted).toBe(false);
    BreakGlassAccount.configureAlerting(stack, ALERTING);
    expect(a.alerted).toBe(true);
  });

  test.each([
    [{ ...ALERTING, emails: [] }, "test: alerting: needs someone to notify: give emails, sms or webhooks, or an existing actionGroupId"],
    [
      { ...ALERTING, actionGroupId: "/subscriptions/x/resourceGroups/y/providers/Microsoft.Insights/actionGroups/z" },
      "test: alerting.actionGroupId: cannot be combined with emails, sms or webhooks: add the receivers to the existing action group, or drop actionGroupId",
    ],
    [
      { ...ALERTING, logAnalyticsWorkspaceId: "law-entra" },
      'test: alerting.logAnalyticsWorkspaceId: must be a Log Analytics workspace resource id (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>), got "law-entra"',
    ],
    [{ ...ALERTING, emails: ["soc"] }, 'test: alerting.emails: must be e-mail addresses, got "soc"'],
    [{ ...ALERTING, webhooks: [{ name: "w", serviceUri: "http://x" }] }, 'test: alerting.webhooks[w].serviceUri: must be an https:// URL, got "http://x"'],
  ])("refuses an incomplete or malformed alerting configuration (%#)", (props, message) => {
    expect(thrown(() => BreakGlassAccount.configureAlerting(newStack(), props)).message).toBe(message);
  });
});

describe("BreakGlassAccount: refusals and warnings", () => {
  test("refuses a UPN outside onmicrosoft.com", () => {
    const error = thrown(() => new BreakGlassAccount(newStack(), "A", { userPrincipalName: "bg-01@contoso.com" }));
    expect(error.field).toBe("userPrincipalName");
    expect(error.message).toBe(
      'test/A: userPrincipalName: must be on the tenant\'s *.onmicrosoft.com domain (Microsoft: emergency access accounts are cloud-only and must not depend on federation or a custom domain), got "bg-01@contoso.com"; set allowNonOnmicrosoftDomain: true to accept "contoso.com" deliberately (e.g. a sovereign cloud\'s initial domain)',
    );
  });

  test("accepts another domain with allowNonOnmicrosoftDomain", () => {
    const stack = newStack();
    const a = new BreakGlassAccount(stack, "A", { userPrincipalName: "bg-01@contoso.onmicrosoft.us", allowNonOnmicrosoftDomain: true });
    expect(a.resourceName).toBe("break_glass_bg-01_contoso_onmicrosoft_us");
  });

  test("refuses a UPN that is not an e-mail address", () => {
    const error = thrown(() => new BreakGlassAccount(newStack(), "A", { userPrincipalName: "break glass" }));
    expect(error.message).toBe(
      'test/A: userPrincipalName: must be an e-mail address style user principal name (<username>@<domain>, username of A-Z a-z 0-9 \' . - _ ! # ^ ~), got "break glass"',
    );
  });

  test("refuses the same UPN twice, case-insensitively, naming both", () => {
    const stack = newStack();
    new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1 });
    const error = thrown(() => new BreakGlassAccount(stack, "B", { userPrincipalName: UPN1.toUpperCase() }));
    expect(error.message).toBe(
      'test/B: userPrincipalName: "BG-01@CONTOSO.ONMICROSOFT.COM" is already a break-glass account in this stack (test/A, "bg-01@contoso.onmicrosoft.com"); each UPN may appear once (case-insensitive)',
    );
  });

  test("refuses two UPNs that map to the same Terraform name", () => {
    const stack = newStack();
    new BreakGlassAccount(stack, "A", { userPrincipalName: "bg.01@contoso.onmicrosoft.com" });
    const error = thrown(() => new BreakGlassAccount(stack, "B", { userPrincipalName: "bg_01@contoso.onmicrosoft.com" }));
    expect(error.message).toBe(
      'test/B: userPrincipalName: "bg_01@contoso.onmicrosoft.com" maps to the same Terraform name "break_glass_bg_01_contoso_onmicrosoft_com" as "bg.01@contoso.onmicrosoft.com" (test/A); choose UPNs that differ in letters or digits',
    );
  });

  test("refuses a malformed usage location", () => {
    const error = thrown(() => new BreakGlassAccount(newStack(), "A", { userPrincipalName: UPN1, usageLocation: "nl" }));
    expect(error.message).toBe('test/A: usageLocation: must be a two-letter ISO 3166 country code in capitals, e.g. "NL", got "nl"');
  });

  test("warns when the stack has fewer than two active accounts", () => {
    const stack = newStack();
    new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1, displayName: "Emergency 1", usageLocation: "NL" });
    const json = synth(stack);
    synth(stack); // validations run again: still one warning
    expect(resources(json, "azuread_user")[NAME1]).toMatchObject({ display_name: "Emergency 1", usage_location: "NL" });
    expect(warnings(stack)).toEqual([
      "Break-glass accounts: the stack has 1 active break-glass account (bg-01@contoso.onmicrosoft.com); Microsoft recommends two or more cloud-only emergency access accounts, so that one lost credential or one locked account does not lock the tenant out.",
    ]);
  });
});

describe("BreakGlassAccount: renamed", () => {
  test("a rename moves the old addresses instead of destroying them", () => {
    const stack = newStack();
    new BreakGlassAccount(stack, "A", { userPrincipalName: "emergency-01@contoso.onmicrosoft.com", previousUserPrincipalName: UPN1 });
    const json = synth(stack);
    const to = "break_glass_emergency-01_contoso_onmicrosoft_com";
    expect(json.moved).toEqual(
      expect.arrayContaining([
        { from: `azuread_user.${NAME1}`, to: `azuread_user.${to}` },
        { from: `azuread_directory_role_assignment.${NAME1}`, to: `azuread_directory_role_assignment.${to}` },
        { from: `random_password.${NAME1}`, to: `random_password.${to}` },
      ]),
    );
    expect(json.moved).toHaveLength(3);
    expect(Object.keys(resources(json, "azuread_user"))).toEqual([to]);
  });

  test("refuses a previous UPN with the same Terraform name, or one still declared", () => {
    const same = thrown(() => new BreakGlassAccount(newStack(), "A", { userPrincipalName: UPN1, previousUserPrincipalName: UPN1.toUpperCase() }));
    expect(same.message).toBe(
      `test/A: previousUserPrincipalName: "BG-01@CONTOSO.ONMICROSOFT.COM" has the same Terraform name as "${UPN1}" ("${NAME1}"): nothing moves, drop previousUserPrincipalName`,
    );
    const stack = newStack();
    new BreakGlassAccount(stack, "A", { userPrincipalName: UPN1 });
    const declared = thrown(() => new BreakGlassAccount(stack, "B", { userPrincipalName: UPN2, previousUserPrincipalName: UPN1 }));
    expect(declared.message).toBe(`test/B: previousUserPrincipalName: maps to "${NAME1}", the Terraform name of "${UPN1}" (test/A), which is still declared`);
  });
});

describe("BreakGlassAccount: decommissioned", () => {
  const fixture = (() => {
    const stack = newStack();
    BreakGlassAccount.configureAlerting(stack, ALERTING);
    const policy = BreakGlassAccount.requirePhishingResistantSignIn(stack);
    const old = new BreakGlassAccount(stack, "Old", { userPrincipalName: UPN1, decommissioned: true });
    const kept = new BreakGlassAccount(stack, "Kept", { userPrincipalName: UPN2 });
    return { stack, old, kept, policy, json: synth(stack) };
  })();

  test("emits removed blocks instead of the user, role assignment and password", () => {
    expect(fixture.json.removed).toEqual([
      { from: `azuread_directory_role_assignment.${NAME1}`, lifecycle: { destroy: false } },
      { from: `azuread_user.${NAME1}`, lifecycle: { destroy: false } },
      { from: `random_password.${NAME1}`, lifecycle: { destroy: false } },
    ]);
    for (const type of ["azuread_user", "azuread_directory_role_assignment", "random_password"]) {
      expect(Object.keys(resources(fixture.json, type))).toEqual([NAME2]);
    }
  });

  test("leaves the exclusions, the alert and the sign-in policy", () => {
    const rule = Object.values(resources(fixture.json, "azurerm_monitor_scheduled_query_rules_alert_v2"))[0];
    const query = (rule.criteria as Json[])[0].query as string;
    expect(query).toContain(NAME2);
    expect(query).not.toContain(NAME1);
    expect(BreakGlassRegistry.of(fixture.stack).accounts.map((e) => e.userPrincipalName)).toEqual([UPN2]);
    const users = (resources(fixture.json, "azuread_conditional_access_policy")[fixture.policy.resource.friendlyUniqueId].conditions as Json).users;
    // One active account left: it is the one outside every policy, so the sign-in policy covers no one.
    expect(users).toEqual({ included_users: ["None"], excluded_users: [`\${azuread_user.${NAME2}.object_id}`] });
    expect(fixture.old.alerted).toBe(false);
    expect(fixture.old.decommissioned).toBe(true);
    expect(BreakGlassAccount.accountsOf(fixture.stack)).toEqual([fixture.old, fixture.kept]);
  });

  test("warns to drop the entry after the next apply, and that one active account is too few", () => {
    expect(warnings(fixture.stack)).toEqual([
      "Break-glass accounts: the stack has 1 active break-glass account (bg-02@contoso.onmicrosoft.com); Microsoft recommends two or more cloud-only emergency access accounts, so that one lost credential or one locked account does not lock the tenant out.",
      `Break-glass account ${UPN1} is decommissioned: Terraform forgets azuread_user.${NAME1}, azuread_directory_role_assignment.${NAME1}, random_password.${NAME1} without deleting them (removed blocks, Terraform >= 1.7); the account and its Global Administrator assignment stay in the tenant, no longer excluded from Conditional Access nor alerted on. Delete or disable it in the tenant, and drop the entry after the next apply.`,
    ]);
  });

  test("a decommissioned account's object id cannot end up in configuration", () => {
    const stack = newStack();
    const old = new BreakGlassAccount(stack, "Old", { userPrincipalName: UPN1, decommissioned: true });
    new ConditionalAccessPolicy(stack, "P", {
      displayName: "x",
      state: "disabled",
      conditions: { clientAppTypes: ["all"], applications: { includedApplications: ["All"] }, users: { includedUsers: [old.objectId] } },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    });
    expect(() => synth(stack)).toThrow("objectId: is not available: the account is decommissioned and no longer managed");
  });

  test("refuses HCL output, which would drop the removed blocks", () => {
    const stack = newStack();
    new BreakGlassAccount(stack, "Old", { userPrincipalName: UPN1, decommissioned: true });
    expect(() => Testing.synthHcl(stack)).toThrow(/need JSON output/);
  });
});

describe("unknown props", () => {
  test("refuses a misspelt prop with a suggestion", () => {
    const e = thrown(() => new BreakGlassAccount(newStack(), "Bg", { userPrincipalName: UPN1, decomissioned: true } as unknown as BreakGlassAccountProps));
    expect(e.message).toMatch(/decomissioned: is not a prop of BreakGlassAccount \(did you mean "decommissioned".*allowed: userPrincipalName, /);
  });

  test("refuses an unknown alerting prop", () => {
    const e = thrown(() => new BreakGlassAccount(newStack(), "Bg", { userPrincipalName: UPN1, alerting: { ...ALERTING, email: ["soc@contoso.com"] } as unknown as BreakGlassAlertingProps }));
    expect(e.message).toMatch(/alerting\.email: is not a prop of BreakGlassAlerting \(did you mean "emails"/);
  });
});

describe("BreakGlassAccount on another domain (issue 13, item 5)", () => {
  test("warns when allowNonOnmicrosoftDomain accepts a domain that may be federated", () => {
    const stack = newStack();
    const account = new BreakGlassAccount(stack, "Custom", { userPrincipalName: "bg-gov@contoso.us", allowNonOnmicrosoftDomain: true });
    expect(account.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data))).toEqual([
      expect.stringMatching(/^bg-gov@contoso\.us is not on the tenant's initial \*\.onmicrosoft\.com domain: if "contoso\.us" is federated, the emergency account cannot sign in/),
    ]);
  });
  test("does not warn on the tenant's initial domain, in the public or a sovereign cloud", () => {
    const stack = newStack();
    for (const upn of ["bg-03@contoso.onmicrosoft.com", "bg-04@contoso.onmicrosoft.us"]) {
      const account = new BreakGlassAccount(stack, upn, { userPrincipalName: upn, allowNonOnmicrosoftDomain: upn.endsWith(".us") });
      expect(account.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
    }
  });
});
