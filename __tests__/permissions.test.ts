import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformDataSource, TerraformElement, TerraformResource, TerraformStack, Testing } from "cdktf";
import { ActivationMonitoring, JitRole, JitRoleProps, PimSecurityAlerts, PrivilegedAccessReviews, Role, RoleSettings } from "../constructs";
import { AdminWorkstationPolicy } from "../constructs/admin-workstation-policy";
import { BreakGlassAccount } from "../constructs/break-glass-account";
import { AzurermProvider } from "../constructs/providers";
import { buildTenantStack, readTenantSource } from "../constructs/config";
import { RequiredPermissions, buildAccessReport, requiredPermissions } from "../constructs/report";
import { attributesOf, lazyAttributesOf } from "../constructs/report/permissions";
import { MATRIX } from "../scripts/terraform-matrix";

const SUB_ID = "00000000-0000-0000-0000-000000000001";
const SUB = `/subscriptions/${SUB_ID}`;
const WORKSPACE = `${SUB}/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/entra`;
const approvers = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } });

function permissionsOf(build: (stack: TerraformStack) => void): RequiredPermissions {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return requiredPermissions(stack);
}

const graph = (p: RequiredPermissions) => Object.fromEntries(p.graphApplicationPermissions.map((g) => [g.permission, g.reason]));
const jit = (props: JitRoleProps) => (stack: TerraformStack) => void new JitRole(stack, "Role", props);

describe("Microsoft Graph application permissions, per kind of role", () => {
  test("a direct Entra role needs the eligibility and role-policy permissions, and reads for name lookups", () => {
    const p = permissionsOf(jit({ role: Role.entra("Global Administrator"), eligible: [{ user: "alice@contoso.com" }], settings: approvers }));
    expect(graph(p)).toEqual({
      "Group.Read.All": ["data.azuread_group"],
      "RoleEligibilitySchedule.ReadWrite.Directory": ["azuread_directory_role_eligibility_schedule_request"],
      "RoleManagementPolicy.ReadWrite.Directory": [
        "data.msgraph_resource (policies/roleManagementPolicyAssignments)",
        "msgraph_update_resource (policies/roleManagementPolicies)",
      ],
      "User.Read.All": ["data.azuread_user"],
    });
    expect(p.azureRoles).toEqual([]);
    expect(p.entraRoles).toEqual([]);
    expect(p.unmappedResourceTypes).toEqual([]);
  });

  test("principals given by object id need no read permission", () => {
    const p = permissionsOf(
      jit({ role: Role.entra("Global Reader"), eligible: [{ user: "9b1c7d3e-1111-4222-8333-444455556666" }] }),
    );
    expect(Object.keys(graph(p))).toEqual(["RoleEligibilitySchedule.ReadWrite.Directory", "RoleManagementPolicy.ReadWrite.Directory"]);
  });

  test("group delivery needs a role-assignable group, PIM for Groups schedules, the group policy and the role's own policy", () => {
    const p = permissionsOf(
      jit({
        role: Role.entra("Privileged Role Administrator"),
        delivery: "group",
        eligible: [{ user: "bob@contoso.com", expires: "P90D" }],
        active: [{ user: "carol@contoso.com", expires: "P15D", ticket: "CHG-1", ticketSystem: "ServiceNow" }],
        settings: approvers,
      }),
    );
    expect(graph(p)).toEqual({
      "Group.ReadWrite.All": ["azuread_group", "data.azuread_group"],
      "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup": ["azuread_privileged_access_group_assignment_schedule"],
      "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup": ["azuread_privileged_access_group_eligibility_schedule"],
      // The role's own policy needs RoleManagementPolicy.ReadWrite.Directory, which RoleManagement.ReadWrite.Directory includes.
      "RoleManagement.ReadWrite.Directory": [
        "azuread_directory_role_assignment",
        "azuread_group",
        "data.msgraph_resource (policies/roleManagementPolicyAssignments)",
        "msgraph_update_resource (policies/roleManagementPolicies)",
      ],
      "RoleManagementPolicy.ReadWrite.AzureADGroup": ["azuread_group_role_management_policy"],
      "User.Read.All": ["data.azuread_user"],
    });
  });

  test("a PIM group needs the PIM for Groups eligibility and group policy permissions", () => {
    const p = permissionsOf(jit({ role: Role.pimGroup("Tier1 Operators"), eligible: [{ user: "gina@contoso.com", expires: "P30D" }] }));
    expect(graph(p)).toEqual({
      "Group.Read.All": ["data.azuread_group"],
      "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup": ["azuread_privileged_access_group_eligibility_schedule"],
      "RoleManagementPolicy.ReadWrite.AzureADGroup": ["azuread_group_role_management_policy"],
      "User.Read.All": ["data.azuread_user"],
    });
    expect(p.azureRoles).toEqual([]);
  });

  test("RoleManagement.ReadWrite.Directory, when needed anyway, absorbs the narrower PIM permissions", () => {
    const p = permissionsOf((stack) => {
      new JitRole(stack, "Direct", { role: Role.entra("Global Administrator"), eligible: [{ user: "alice@contoso.com" }], settings: approvers });
      new JitRole(stack, "Group", { role: Role.entra("Groups Administrator"), delivery: "group", eligible: [{ user: "bob@contoso.com" }] });
    });
    const g = graph(p);
    expect(g["RoleEligibilitySchedule.ReadWrite.Directory"]).toBeUndefined();
    expect(g["RoleManagementPolicy.ReadWrite.Directory"]).toBeUndefined();
    expect(g["RoleManagement.ReadWrite.Directory"]).toEqual([
      "azuread_directory_role_assignment",
      "azuread_directory_role_eligibility_schedule_request",
      "azuread_group",
      "data.msgraph_resource (policies/roleManagementPolicyAssignments)",
      "msgraph_update_resource (policies/roleManagementPolicies)",
    ]);
    // ReadWrite covers Read of the same resource: Group.Read.All for the lookups folds into Group.ReadWrite.All.
    expect(g["Group.Read.All"]).toBeUndefined();
    expect(g["Group.ReadWrite.All"]).toEqual(["azuread_group", "data.azuread_group"]);
  });
});

describe("Azure roles", () => {
  test("an Azure role needs User Access Administrator at the role's scope (RBAC Administrator cannot write PIM schedules or policies)", () => {
    const p = permissionsOf(
      jit({ role: Role.azure("Owner", SUB), eligible: [{ group: "Cloud Platform" }], active: [{ user: "frank@contoso.com", expires: "PT12H" }], settings: approvers }),
    );
    expect(p.azureRoles).toEqual([
      {
        role: "User Access Administrator",
        scope: SUB,
        reason: ["azurerm_pim_active_role_assignment", "azurerm_pim_eligible_role_assignment", "azurerm_role_management_policy"],
      },
    ]);
    expect(Object.keys(graph(p))).toEqual(["Group.Read.All", "User.Read.All"]);
  });

  test("a role at a subscription covers roles at its resource groups", () => {
    const p = permissionsOf((stack) => {
      new JitRole(stack, "Rg", { role: Role.azure("Contributor", `${SUB}/resourceGroups/app`), eligible: [{ group: "App Team" }] });
      new JitRole(stack, "Sub", { role: Role.azure("Reader", SUB), eligible: [{ group: "Auditors" }] });
      new JitRole(stack, "Other", { role: Role.azure("Reader", "/subscriptions/00000000-0000-0000-0000-000000000002"), eligible: [{ group: "Auditors" }] });
    });
    expect(p.azureRoles.map((a) => a.scope)).toEqual([SUB, "/subscriptions/00000000-0000-0000-0000-000000000002"]);
    expect(p.azureRoles[0].reason).toEqual(["azurerm_pim_eligible_role_assignment", "azurerm_role_management_policy"]);
  });
});

describe("break-glass accounts and Conditional Access", () => {
  const alerting = { logAnalyticsWorkspaceId: WORKSPACE, resourceGroupName: "alerts", location: "westeurope", emails: ["soc@contoso.com"] };

  test("an account needs user and role-assignment permissions; its alert needs Monitoring Contributor on the resource group", () => {
    const p = permissionsOf((stack) => {
      new BreakGlassAccount(stack, "Bg", { userPrincipalName: "bg-01@contoso.onmicrosoft.com", alerting });
    });
    expect(graph(p)).toEqual({
      "RoleManagement.ReadWrite.Directory": ["azuread_directory_role_assignment"],
      "User.ReadWrite.All": ["azuread_user"],
    });
    expect(p.azureRoles).toEqual([
      { role: "Monitoring Contributor", scope: "/subscriptions/{subscription}/resourceGroups/alerts", reason: ["azurerm_monitor_action_group", "azurerm_monitor_scheduled_query_rules_alert_v2"] },
      { role: "Monitoring Reader", scope: WORKSPACE, reason: ["azurerm_monitor_scheduled_query_rules_alert_v2"] },
    ]);
    expect(p.entraRoles).toEqual([]);
    expect(p.unmappedResourceTypes).toEqual([]);
  });

  test("sending Entra logs needs the Security Administrator role; a known subscription folds the workspace read into its resource group", () => {
    const p = permissionsOf((stack) => {
      new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: SUB_ID });
      new BreakGlassAccount(stack, "Bg", { userPrincipalName: "bg-01@contoso.onmicrosoft.com", alerting: { ...alerting, resourceGroupName: "logs", sendEntraLogsToWorkspace: true } });
    });
    expect(p.entraRoles).toEqual([{ role: "Security Administrator", reason: ["azurerm_monitor_aad_diagnostic_setting"] }]);
    expect(p.azureRoles).toEqual([
      { role: "Monitoring Contributor", scope: `${SUB}/resourceGroups/logs`, reason: ["azurerm_monitor_action_group", "azurerm_monitor_scheduled_query_rules_alert_v2"] },
    ]);
  });

  test("Conditional Access needs Policy.ReadWrite.ConditionalAccess and Policy.Read.All", () => {
    const p = permissionsOf((stack) => {
      new AdminWorkstationPolicy(stack, "Admins", { allowedLocations: [{ name: "HQ", ipRanges: ["203.0.113.0/24"] }] });
    });
    expect(graph(p)).toEqual({
      "Policy.Read.All": ["azuread_conditional_access_policy", "azuread_named_location", "msgraph_resource (identity/conditionalAccess/policies)"],
      "Policy.ReadWrite.ConditionalAccess": [
        "azuread_conditional_access_policy",
        "azuread_named_location",
        "msgraph_resource (identity/conditionalAccess/policies)",
        "msgraph_update_resource (identity/conditionalAccess/authenticationContextClassReferences)",
      ],
    });
  });
});

describe("fail closed", () => {
  test("a resource type without a mapping is listed as unmapped, in the JSON and the report", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    new JitRole(stack, "Role", { role: Role.entra("Global Reader"), eligible: [{ user: "9b1c7d3e-1111-4222-8333-444455556666" }] });
    new TerraformResource(stack, "App", { terraformResourceType: "azuread_application" });
    expect(requiredPermissions(stack).unmappedResourceTypes).toEqual(["azuread_application"]);
    expect(buildAccessReport(stack)).toContain("**Unmapped** (look these up before deploying; the lists above are incomplete): `azuread_application`.");
  });

  test("every resource type the library writes is mapped", () => {
    const p = permissionsOf((stack) => {
      new JitRole(stack, "Direct", { role: Role.entra("Global Administrator"), eligible: [{ user: "alice@contoso.com" }], settings: approvers });
      new JitRole(stack, "Group", { role: Role.entra("Groups Administrator"), delivery: "group", eligible: [{ user: "bob@contoso.com" }], active: [{ user: "carol@contoso.com", expires: "P15D" }] });
      new JitRole(stack, "Azure", { role: Role.azure("Owner", SUB), eligible: [{ group: "Ops" }], active: [{ user: "frank@contoso.com", expires: "P15D" }], settings: approvers });
      new JitRole(stack, "Pim", { role: Role.pimGroup("Tier1 Operators"), eligible: [{ user: "gina@contoso.com" }], active: [{ user: "hank@contoso.com", expires: "P30D" }] });
      new AdminWorkstationPolicy(stack, "Admins", {
        authenticationStrength: { displayName: "FIDO2 only", allowedCombinations: ["fido2"] },
        allowedLocations: [{ name: "HQ", ipRanges: ["203.0.113.0/24"] }],
        excluded: [{ group: "CA Exclusions" }],
      });
      new BreakGlassAccount(stack, "Bg", {
        userPrincipalName: "bg-01@contoso.onmicrosoft.com",
        alerting: { logAnalyticsWorkspaceId: WORKSPACE, resourceGroupName: "alerts", location: "westeurope", emails: ["soc@contoso.com"], sendEntraLogsToWorkspace: true },
      });
      new BreakGlassAccount(stack, "Old", { userPrincipalName: "bg-00@contoso.onmicrosoft.com", decommissioned: true });
      BreakGlassAccount.requirePhishingResistantSignIn(stack);
    });
    expect(p.unmappedResourceTypes).toEqual([]);
    expect(graph(p)["Policy.ReadWrite.ConditionalAccess"]).toContain("azuread_authentication_strength_policy");
  });

  test("attributes read from input getters equal what toTerraform writes, in every example and matrix stack", () => {
    // What the mappings read; lazyAttributesOf takes them from `<camelCase>Input` getters.
    const names = ["scope", "url", "query_parameters", "assignable_to_role", "owners", "resource_group_name", "scopes", "role_definition_id", "display_name"];
    const examples = path.join(__dirname, "..", "examples");
    const tenants = [
      ...fs.readdirSync(examples).filter((f) => f.endsWith(".yaml")).map((f) => readTenantSource(path.join(examples, f)).data),
      ...MATRIX.map((m) => m.tenant),
    ];
    let compared = 0;
    for (const tenant of tenants) {
      const stack = buildTenantStack(new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "perm-")), skipValidation: true, stackTraces: false }), tenant);
      for (const el of stack.node.findAll()) {
        if (!TerraformElement.isTerraformElement(el) || !(el instanceof TerraformResource || el instanceof TerraformDataSource)) continue;
        const written = attributesOf(el);
        const lazy = lazyAttributesOf(el);
        for (const name of names) {
          expect([el.node.path, name, lazy[name]]).toEqual([el.node.path, name, written[name]]);
          if (written[name] !== undefined) compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  test("an override is read from what toTerraform writes", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    const role = new JitRole(stack, "Azure", { role: Role.azure("Owner", SUB), eligible: [{ group: "Ops" }], settings: approvers });
    const policy = role.node.findAll().find((c): c is TerraformResource => c instanceof TerraformResource && c.terraformResourceType === "azurerm_role_management_policy") as TerraformResource;
    policy.addOverride("scope", `${SUB}/resourceGroups/other`);
    expect(lazyAttributesOf(policy).scope).toBe(`${SUB}/resourceGroups/other`);
  });

  test("reordering the stack gives the same permissions", () => {
    const build = (reversed: boolean) =>
      permissionsOf((stack) => {
        const steps = [
          () => new JitRole(stack, "Direct", { role: Role.entra("Global Administrator"), eligible: [{ user: "alice@contoso.com" }], settings: approvers }),
          () => new JitRole(stack, "Group", { role: Role.entra("Groups Administrator"), delivery: "group", eligible: [{ user: "bob@contoso.com" }] }),
          () => new JitRole(stack, "Azure", { role: Role.azure("Owner", SUB), eligible: [{ group: "Ops" }], settings: approvers }),
          () => new AdminWorkstationPolicy(stack, "Admins"),
        ];
        for (const step of reversed ? steps.reverse() : steps) step();
      });
    expect(JSON.stringify(build(true))).toBe(JSON.stringify(build(false)));
  });
});

describe("operations around PIM (issue 15)", () => {
  test("access reviews need AccessReview.ReadWrite.All, PIM alerts RoleManagementAlert.ReadWrite.Directory, activation monitoring the alert rules' Azure role", () => {
    const stack = new TerraformStack(Testing.app(), "ops");
    BreakGlassAccount.configureAlerting(stack, {
      logAnalyticsWorkspaceId: "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law",
      resourceGroupName: "rg",
      location: "westeurope",
      emails: ["soc@contoso.com"],
    });
    ActivationMonitoring.configure(stack);
    PimSecurityAlerts.configure(stack);
    PrivilegedAccessReviews.configure(stack, { reviewers: [{ user: "lead@contoso.com" }], startDate: "2027-01-04" });
    new JitRole(stack, "GA", { role: Role.entra("Global Administrator"), eligible: [{ user: "a@contoso.com" }], settings: RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "X" }] } }) });
    const p = requiredPermissions(stack);
    const graphNeeds = Object.fromEntries(p.graphApplicationPermissions.map((g) => [g.permission, g.reason]));
    expect(graphNeeds["AccessReview.ReadWrite.All"]).toEqual(["msgraph_resource (identityGovernance/accessReviews)"]);
    expect(graphNeeds["RoleManagementAlert.ReadWrite.Directory"]).toEqual(["msgraph_update_resource (identityGovernance/roleManagementAlerts)"]);
    expect(p.unmappedResourceTypes).toEqual([]);
    expect(p.azureRoles.map((a) => a.role)).toContain("Monitoring Contributor");
  });
});
