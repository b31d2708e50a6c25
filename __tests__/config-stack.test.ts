import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { parse, stringify } from "yaml";
import { PrivilegedAccessChecks } from "../constructs/checks";
import { TenantStack, buildTenantStack, loadTenantConfig } from "../constructs/config";
import { recordForTerraform } from "./terraform-record";

/**
 * The stack a tenant file becomes: what Terraform the Contoso example writes, that construct ids
 * come from keys (reordering the file changes nothing), and the provider and backend settings.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLE = fs.readFileSync(path.join(__dirname, "..", "examples", "tenant.yaml"), "utf8");

function build(data: unknown): { stack: TenantStack; json: Json } {
  const stack = buildTenantStack(Testing.app(), data);
  return { stack, json: JSON.parse(Testing.synth(stack)) };
}

const contoso = build(loadTenantConfig(EXAMPLE).config);
const json = contoso.json;

const names = (type: string, section: "resource" | "data" = "resource") => Object.keys(json[section]?.[type] ?? {}).sort();

describe("the Contoso example", () => {
  test("synthesizes to the reviewed Terraform JSON", () => {
    expect(recordForTerraform("config-stack-contoso", json)).toMatchSnapshot();
  });

  test("is named by the file: cdktf.out/stacks/contoso", () => {
    expect(contoso.stack.node.id).toBe("contoso");
  });

  test("writes every role kind: direct and group-delivered Entra roles, Azure roles at three scopes, a PIM group", () => {
    expect(names("azuread_directory_role_eligibility_schedule_request")).toEqual(["GlobalAdministrator_Eligibility_3B699D30", "PrivilegedRoleAdministrator_Eligibility_CEEDC6A3"]);
    expect(names("azuread_group")).toEqual(["ExchangeAdministrator_Group_DFF4243D", "UserAdministrator_Group_81C63999"]);
    const scopes = Object.values(json.resource.azurerm_pim_eligible_role_assignment as Json).map((r) => r.scope).sort();
    expect(scopes).toEqual([
      "/providers/Microsoft.Management/managementGroups/contoso-platform",
      "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7",
      "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg-landing-zone",
    ]);
    expect(Object.keys(json.resource.azuread_privileged_access_group_eligibility_schedule.Tier0Operatorsmember_Eligibility_72FAA8B7.for_each)).toEqual(["user:megan.bowen@contoso.com"]);
  });

  test("keeps time-bound eligibility and active assignments of the group-delivered role", () => {
    const eligibility = json.resource.azuread_privileged_access_group_eligibility_schedule.UserAdministrator_Eligibility_BA1F5196;
    expect(eligibility.for_each["user:lee.gu@contoso.com"]).toMatchObject({ duration: "P90D", ticket_number: "CHG-1042", ticket_system: "ServiceNow", permanent: false });
    expect(eligibility.for_each["group:Service Desk Leads"]).toMatchObject({ expiration_date: "2028-03-31T00:00:00Z", permanent: false });
    const active = json.resource.azuread_privileged_access_group_assignment_schedule.UserAdministrator_Active_C30CF9AE;
    expect(active.for_each["user:lynne.robbins@contoso.com"]).toMatchObject({ duration: "P15D", justification: "Onboarding migration (CHG-1050)" });
  });

  test("two break-glass accounts with the shared sign-in alert and the phishing-resistant sign-in policy", () => {
    expect(names("azuread_user")).toEqual(["break_glass_bg-alpha_contoso_onmicrosoft_com", "break_glass_bg-bravo_contoso_onmicrosoft_com"]);
    expect(names("azurerm_monitor_scheduled_query_rules_alert_v2")).toEqual(["break_glass_sign_in", "pim_activation_unusual", "role_assigned_outside_pim"]);
    expect(Object.values(json.resource.azuread_conditional_access_policy as Json).map((p) => p.display_name)).toContain(
      "Break-glass accounts: require phishing-resistant MFA (managed as code)",
    );
  });

  test("every admin workstation control; Global Administrator activation keeps MFA while the context's policy is report-only", () => {
    const displayNames = Object.values(json.resource.azuread_conditional_access_policy as Json).map((p) => p.display_name as string);
    expect(displayNames.filter((n) => n.startsWith("CONTOSO-PAC: "))).toHaveLength(6);
    expect(names("msgraph_resource").filter((n) => !n.startsWith("access_review_"))).toEqual(["AdminWorkstation_AuthenticationContext_66CFCF25"]);
    const policy = Object.entries(json.resource.msgraph_update_resource as Json).find(([address]) => address.startsWith("GlobalAdministrator_Settings_Policy_"))?.[1] as Json;
    const rules = policy.body.rules as Json[];
    expect(rules.find((r) => r.id === "AuthenticationContext_EndUser_Assignment")).toMatchObject({ isEnabled: false });
    expect(rules.find((r) => r.id === "Enablement_EndUser_Assignment")?.enabledRules).toContain("MultiFactorAuthentication");
  });

  test("pins the provider versions the Terraform stage proves and configures azurerm's subscription", () => {
    expect(json.terraform.required_providers).toMatchObject({
      azuread: { source: "hashicorp/azuread", version: "3.9.0" },
      azurerm: { source: "hashicorp/azurerm", version: "4.55.0" },
      msgraph: { source: "microsoft/msgraph", version: "0.4.0" },
      random: { version: "3.7.2" },
    });
    expect(json.provider.azurerm).toEqual([{ features: [{}], subscription_id: "5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7" }]);
  });

  test("keeps state in the azurerm backend with Entra ID authentication", () => {
    expect(json.terraform.backend).toEqual({
      azurerm: {
        resource_group_name: "rg-contoso-tfstate",
        storage_account_name: "stcontosotfstate",
        container_name: "tfstate",
        key: "entra/privileged-access.tfstate",
        use_azuread_auth: true,
      },
    });
  });

  test("passes the checks; the suppressions are recorded with their reasons", () => {
    const findings = PrivilegedAccessChecks.findingsOf(contoso.stack);
    expect(findings.filter((f) => f.level === "error" && !f.suppressed)).toEqual([]);
    expect(findings.filter((f) => f.suppressed).map((f) => `${f.rule} ${f.path}: ${f.suppressed?.reason.slice(0, 30)}`)).toEqual([
      "PAC-ELIGIBLE-EXPIRY contoso/Global Administrator: Direct delivery keeps eligibil",
      "PAC-ELIGIBLE-EXPIRY contoso/Global Administrator: Direct delivery keeps eligibil",
      "PAC-REVIEW-TIER0 contoso/Owner at --providers--Microsoft.Management--managementGroups--contoso-platform: Azure role reviews cannot be m",
      "PAC-ELIGIBLE-EXPIRY contoso/Privileged Role Administrator: Direct delivery keeps eligibil",
      "PAC-REVIEW-TIER0 contoso/User Access Administrator at --subscriptions--5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7--resourceGroups--rg-landing-zone: Azure role reviews cannot be m",
      "PAC-ACTIVATION-DURATION contoso/User Administrator: Bulk onboarding runs take up t",
    ]);
  });

  test("never writes a password", () => {
    expect(EXAMPLE).not.toMatch(/password|secret/i);
    expect(JSON.stringify(json.resource.azuread_user)).not.toMatch(/"password":"(?!\$\{)/);
  });
});

describe("stable construct ids", () => {
  test("reordering roles, accounts, principals and keys gives byte-identical output", () => {
    const data = parse(EXAMPLE) as Json;
    const pimAlerts = Object.fromEntries(Object.entries(data.pimAlerts as Json).reverse());
    const shuffled = {
      activationMonitoring: data.activationMonitoring,
      accessReviews: data.accessReviews,
      pimAlerts,
      suppressions: [...data.suppressions].reverse(),
      adminWorkstation: data.adminWorkstation,
      roles: [...data.roles].reverse().map((r: Json) => ({ ...r, ...(r.eligible ? { eligible: [...r.eligible].reverse() } : {}) })),
      breakGlass: { ...data.breakGlass, accounts: [...data.breakGlass.accounts].reverse() },
      backend: data.backend,
      providers: data.providers,
      name: data.name,
    };
    const again = build(parse(stringify(shuffled)));
    expect(Testing.synth(again.stack)).toBe(Testing.synth(contoso.stack));
  });

  test("role keys are the construct ids: Entra by name, Azure with the scope, PIM groups with the access", () => {
    expect([...contoso.stack.roles.keys()]).toEqual([
      "Contributor at /subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7",
      "Exchange Administrator",
      "Global Administrator",
      "Owner at /providers/Microsoft.Management/managementGroups/contoso-platform",
      "Privileged Role Administrator",
      "Tier0 Operators (member)",
      "User Access Administrator at /subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg-landing-zone",
      "User Administrator",
    ]);
    for (const [key, jit] of contoso.stack.roles) expect(jit.node.id).toBe(key.replace(/\//g, "--"));
  });
});

describe("defaults and options", () => {
  const BG = {
    breakGlass: {
      accounts: [{ userPrincipalName: "bg-01@contoso.onmicrosoft.com" }, { userPrincipalName: "bg-02@contoso.onmicrosoft.com" }],
      alerting: {
        logAnalyticsWorkspaceId: "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law",
        resourceGroupName: "rg",
        location: "westeurope",
        emails: ["soc@contoso.com"],
      },
    },
    adminWorkstation: {},
  };
  const minimal = build(BG);

  test("local state, the stack named tenant, the proven provider versions", () => {
    expect(minimal.stack.node.id).toBe("tenant");
    expect(minimal.json.terraform.backend).toBeUndefined();
    expect(minimal.json.terraform.required_providers.azuread.version).toBe("3.9.0");
  });

  const stackWarnings = (stack: TenantStack) => stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
  const pimGroup = { pimGroup: "Ops", eligible: [{ user: "a@contoso.com", expires: "2027-06-30" }] };

  test("PIM for Groups on the default azuread version needs no advice", () => {
    expect(stackWarnings(buildTenantStack(Testing.app(), { ...BG, roles: [pimGroup] }))).toEqual([]);
  });

  test("warns when providers.azuread.version admits a version before 3.9.0 and PIM for Groups is used", () => {
    const stack = buildTenantStack(Testing.app(), { ...BG, providers: { azuread: { version: ">= 3.7.0" } }, roles: [pimGroup] });
    expect(stackWarnings(stack)).toEqual([
      'PIM for Groups (Ops (member)) with providers.azuread.version ">= 3.7.0", which admits azuread before 3.9.0: changing an eligibility or assignment schedule fails with RoleAssignmentExists there (fixed in azuread 3.9.0). Require ">= 3.9.0", or drop the version to use the proven 3.9.0.',
    ]);
    expect(stackWarnings(buildTenantStack(Testing.app(), { ...BG, providers: { azuread: { version: "~> 3.9.0" } }, roles: [pimGroup] }))).toEqual([]);
  });

  test("a configured provider is written with its settings even if no resource of the file needs it", () => {
    const { json: out } = build({ ...BG, providers: { msgraph: { tenantId: "0c1d2e3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5", version: ">= 0.2.0, < 1.0.0" } } });
    expect(out.provider.msgraph).toEqual([{ tenant_id: "0c1d2e3f-4a5b-4c6d-8e7f-a0b1c2d3e4f5" }]);
    expect(out.terraform.required_providers.msgraph).toEqual({ source: "microsoft/msgraph", version: ">= 0.2.0, < 1.0.0" });
  });

  test("checks: false leaves the stack without the rule pack", () => {
    const stack = buildTenantStack(Testing.app(), { roles: [{ entraRole: "Security Reader" }] }, { checks: false });
    expect(stack.checked).toBe(false);
  });
});

test("a role that requires the admin workstation's authentication context by claim value depends on its creation", () => {
  const updates = json.resource.msgraph_update_resource as Json;
  const [contextAddress] = Object.entries(updates).find(([, r]) => String(r.url).startsWith("identity/conditionalAccess/authenticationContextClassReferences/c1")) as [string, Json];
  // Global Administrator and Privileged Role Administrator name c1; while the policy is report-only
  // they keep MFA, and depend on the context so that enforcing it switches them in one apply.
  const policies = Object.entries(updates).filter(([address]) => /^(GlobalAdministrator|PrivilegedRoleAdministrator)_Settings_Policy_/.test(address));
  expect(policies).toHaveLength(2);
  for (const [, policy] of policies) expect(policy.depends_on).toEqual([`msgraph_update_resource.${contextAddress}`]);
});

describe("group names that differ only in characters construct ids drop (issue 13, item 6)", () => {
  test("PIM groups named Ops Team, Ops-Team, Ops.Team, Ops_Team and Ops/Team each get their own schedules and policy", () => {
    const groups = ["Ops Team", "Ops-Team", "Ops.Team", "Ops_Team", "Ops/Team"];
    const data = parse(EXAMPLE) as Json;
    data.roles = [...data.roles, ...groups.map((g) => ({ pimGroup: g, eligible: [{ user: "a@contoso.com", expires: "P30D" }] }))];
    const { json: out } = build(loadTenantConfig(stringify(data)).config);
    const lookedUp = Object.keys(out.data.azuread_group.principal_groups.for_each);
    expect(groups.every((g) => lookedUp.includes(g))).toBe(true);
    const schedules = Object.values(out.resource.azuread_privileged_access_group_eligibility_schedule as Json);
    const byGroup = new Set(schedules.map((s) => s.group_id).filter((id: string) => groups.some((g) => id === `\${data.azuread_group.principal_groups[${JSON.stringify(g)}].object_id}`)));
    expect(byGroup.size).toBe(groups.length);
  });
});
