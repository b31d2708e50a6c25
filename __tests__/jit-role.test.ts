import { TerraformStack, Testing } from "cdktf";
import { AssignmentInput, JitRole, JitRoleProps, Role, RoleSettings } from "../constructs";
import { recordForTerraform } from "./terraform-record";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const approvers = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } });

function synth(build: (stack: TerraformStack) => void): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  return JSON.parse(Testing.synth(stack, true));
}

function only(json: Json, type: string, section: "resource" | "data" = "resource"): Json {
  const entries = Object.values(json[section]?.[type] ?? {});
  expect(entries).toHaveLength(1);
  return entries[0] as Json;
}

function jit(props: Partial<JitRoleProps> & Pick<JitRoleProps, "role">): (stack: TerraformStack) => void {
  return (stack) => void new JitRole(stack, "Role", props);
}

describe("direct Entra role", () => {
  const eligible: AssignmentInput[] = [
    { user: "alice@contoso.com" },
    { group: "Tier0 Admins" },
    { user: "9b1c7d3e-1111-4222-8333-444455556666", justification: "On-call lead" },
  ];
  const json = synth(jit({ role: Role.entra("Global Administrator"), eligible, settings: approvers }));

  test("writes one eligibility request with for_each keyed by principal", () => {
    const req = only(json, "azuread_directory_role_eligibility_schedule_request");
    expect(Object.keys(req.for_each)).toEqual([
      "group:Tier0 Admins",
      "user:9b1c7d3e-1111-4222-8333-444455556666",
      "user:alice@contoso.com",
    ]);
    expect(req.role_definition_id).toBe("62e90394-69f5-4237-9190-012177145e10");
    expect(req.directory_scope_id).toBe("/");
    expect(req.principal_id).toBe("${each.value.principal_id}");
    expect(req.for_each["user:alice@contoso.com"].principal_id).toBe('${data.azuread_user.principal_users["alice@contoso.com"].object_id}');
    expect(req.for_each["user:9b1c7d3e-1111-4222-8333-444455556666"]).toEqual({ principal_id: "9b1c7d3e-1111-4222-8333-444455556666", justification: "On-call lead" });
    expect(req.lifecycle.ignore_changes).toEqual(["justification"]);
  });

  test("resolves names with one for_each data source per kind", () => {
    const users = only(json, "azuread_user", "data");
    expect(users.for_each).toEqual({ "alice@contoso.com": "alice@contoso.com" });
    expect(users.user_principal_name).toBe("${each.key}");
    const groups = json.data.azuread_group.principal_groups;
    expect(Object.keys(groups.for_each)).toEqual(["PIM Approvers", "Tier0 Admins"]);
    expect(groups.security_enabled).toBe(true);
  });

  test("manages all 17 policy rules with one PATCH of the policy, whose id is read from the policy assignment", () => {
    const lookup = only(json, "msgraph_resource", "data");
    expect(lookup.url).toBe("policies/roleManagementPolicyAssignments");
    expect(lookup.query_parameters.$filter).toEqual([
      "scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '62e90394-69f5-4237-9190-012177145e10'",
    ]);
    // Graph documents application permissions only for PATCH of the whole policy, not of one rule.
    const policy = only(json, "msgraph_update_resource");
    expect(policy.url).toMatch(/^policies\/roleManagementPolicies\/\$\{data\.msgraph_resource\.[A-Za-z0-9_]+\.output\.policy_id\}$/);
    expect(policy.read_query_parameters).toEqual({ $expand: ["rules"] });
    const rules = policy.body.rules as Json[];
    expect(rules.map((r) => r.id).sort()).toEqual([...JitRole.GRAPH_RULE_IDS].sort());
    for (const rule of rules) {
      expect(rule["@odata.type"]).toMatch(/^#microsoft\.graph\.unifiedRoleManagementPolicy(Expiration|Enablement|Approval|AuthenticationContext|Notification)Rule$/);
    }
    const approval = rules.find((r) => r.id === "Approval_EndUser_Assignment") as Json;
    expect(approval.setting.isApprovalRequired).toBe(true);
    expect(approval.setting.approvalStages[0].primaryApprovers).toEqual([
      { "@odata.type": "#microsoft.graph.groupMembers", groupId: '${data.azuread_group.principal_groups["PIM Approvers"].object_id}' },
    ]);
    const expiry = rules.find((r) => r.id === "Expiration_EndUser_Assignment") as Json;
    expect(expiry.maximumDuration).toBe("PT1H");
  });

  test("writes the policy before the eligibilities (Graph checks each request against the policy in force)", () => {
    const [address] = Object.keys(json.resource.msgraph_update_resource);
    expect(only(json, "azuread_directory_role_eligibility_schedule_request").depends_on).toEqual([`msgraph_update_resource.${address}`]);
  });

  test("declares the msgraph and azuread providers", () => {
    expect(json.terraform.required_providers.msgraph).toEqual({ source: "microsoft/msgraph", version: "0.4.0" });
    expect(json.terraform.required_providers.azuread.source).toBe("hashicorp/azuread");
  });

  test("snapshot", () => expect(recordForTerraform("jit-role-direct-entra", json)).toMatchSnapshot());
});

describe("Entra role through PIM for Groups", () => {
  const json = synth(
    jit({
      role: Role.entra("User Administrator"),
      delivery: "group",
      eligible: [{ user: "bob@contoso.com", expires: "P90D", ticket: "CHG-1", ticketSystem: "ServiceNow" }, { user: "carol@contoso.com" }],
      active: [{ user: "dave@contoso.com", expires: "2027-01-31", ticket: "CHG-2", ticketSystem: "ServiceNow" }],
      settings: approvers,
    }),
  );

  test("creates a role-assignable group that holds the role by template id", () => {
    const group = only(json, "azuread_group");
    expect(group).toMatchObject({ display_name: "PIM User Administrator", assignable_to_role: true, security_enabled: true, mail_enabled: false });
    const assignment = only(json, "azuread_directory_role_assignment");
    expect(assignment.role_id).toBe("fe930be7-5e62-47db-91af-98c3a49a38b1");
    expect(assignment.principal_object_id).toMatch(/^\$\{azuread_group\.[A-Za-z0-9_]+\.object_id\}$/);
  });

  test("makes principals eligible members with time-bound schedules", () => {
    const e = only(json, "azuread_privileged_access_group_eligibility_schedule");
    expect(e.assignment_type).toBe("member");
    expect(e.for_each["user:bob@contoso.com"]).toMatchObject({ duration: "P90D", permanent: false, ticket_number: "CHG-1", expiration_date: null });
    expect(e.for_each["user:carol@contoso.com"]).toMatchObject({ duration: null, permanent: true });
    const a = only(json, "azuread_privileged_access_group_assignment_schedule");
    expect(a.for_each["user:dave@contoso.com"]).toMatchObject({ expiration_date: "2027-01-31T00:00:00Z", permanent: false });
  });

  test("writes the group policy for the member role", () => {
    const p = only(json, "azuread_group_role_management_policy");
    expect(p.role_id).toBe("member");
    expect(p.activation_rules).toMatchObject({ maximum_duration: "PT1H", require_approval: true, require_ticket_info: true });
    expect(p.activation_rules.approval_stage.primary_approver).toEqual([
      // azuread names approver kinds after Graph's subject sets (singleUser / groupMembers).
      { object_id: '${data.azuread_group.principal_groups["PIM Approvers"].object_id}', type: "groupMembers" },
    ]);
    expect(p.notification_rules.eligible_activations.admin_notifications.notification_level).toBe("All");
  });

  test("writes the group policy before the schedules (issue 12, defect 4)", () => {
    const [policy] = Object.keys(json.resource.azuread_group_role_management_policy);
    for (const type of ["azuread_privileged_access_group_eligibility_schedule", "azuread_privileged_access_group_assignment_schedule"]) {
      expect(only(json, type).depends_on).toEqual([`azuread_group_role_management_policy.${policy}`]);
    }
  });

  test("uses a custom group name when given", () => {
    const j = synth(jit({ role: Role.entra("User Administrator"), delivery: "group", groupName: "sg-pim-useradmin", settings: approvers }));
    expect(only(j, "azuread_group").display_name).toBe("sg-pim-useradmin");
  });

  test("snapshot", () => expect(recordForTerraform("jit-role-entra-group", json)).toMatchSnapshot());
});

describe("Azure RBAC role at a scope", () => {
  const json = synth(
    jit({
      role: Role.azure("Contributor", SUB),
      eligible: [{ user: "erin@contoso.com", expires: "P30D" }, { group: "Cloud Ops", expires: "PT12H" }, { user: "frank@contoso.com", expires: "2027-06-30T18:00:00Z", ticket: "INC9" }],
    }),
  );

  test("writes azurerm_pim_eligible_role_assignment with for_each and time-bound expiration", () => {
    const e = only(json, "azurerm_pim_eligible_role_assignment");
    expect(e.scope).toBe(SUB);
    expect(e.role_definition_id).toBe(`${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`);
    expect(e.for_each["user:erin@contoso.com"]).toMatchObject({ duration_days: 30, duration_hours: null, end_date_time: null });
    expect(e.for_each["group:Cloud Ops"]).toMatchObject({ duration_days: null, duration_hours: 12 });
    expect(e.for_each["user:frank@contoso.com"]).toMatchObject({ end_date_time: "2027-06-30T18:00:00Z", ticket_number: "INC9" });
    expect(e.schedule.expiration).toEqual({
      duration_days: "${each.value.duration_days}",
      duration_hours: "${each.value.duration_hours}",
      end_date_time: "${each.value.end_date_time}",
    });
    // ForceNew and not read back once ARM purges the request (45 days): ignored, not replaced.
    expect(e.lifecycle).toEqual({ ignore_changes: ["justification", "ticket"] });
  });

  test("writes azurerm_role_management_policy with the privileged preset", () => {
    const p = only(json, "azurerm_role_management_policy");
    expect(p.scope).toBe(SUB);
    expect(p.activation_rules.maximum_duration).toBe("PT4H");
    expect(p.activation_rules.require_approval).toBe(false);
    expect(p.active_assignment_rules).toMatchObject({ expiration_required: true, expire_after: "P30D" });
    expect(json.provider.azurerm).toEqual([{ features: [{}] }]);
  });

  test("writes the role management policy before the eligibilities (issue 12, defect 4)", () => {
    const [policy] = Object.keys(json.resource.azurerm_role_management_policy);
    expect(only(json, "azurerm_pim_eligible_role_assignment").depends_on).toEqual([`azurerm_role_management_policy.${policy}`]);
  });

  test("accepts management group and resource group scopes", () => {
    for (const scope of ["/providers/Microsoft.Management/managementGroups/contoso-platform", `${SUB}/resourceGroups/rg-prod`]) {
      const j = synth(jit({ role: Role.azure("Reader", scope), eligible: [{ user: "a@contoso.com" }] }));
      expect(only(j, "azurerm_role_management_policy").scope).toBe(scope);
    }
  });

  test("snapshot", () => expect(recordForTerraform("jit-role-azure", json)).toMatchSnapshot());
});

describe("PIM for Groups", () => {
  const json = synth(jit({ role: Role.pimGroup("Tier0 Operators", "owner"), eligible: [{ user: "gina@contoso.com", expires: "P15D" }] }));

  test("makes principals eligible owners of the existing group and manages the owner policy", () => {
    const e = only(json, "azuread_privileged_access_group_eligibility_schedule");
    expect(e.assignment_type).toBe("owner");
    expect(e.group_id).toBe('${data.azuread_group.principal_groups["Tier0 Operators"].object_id}');
    expect(only(json, "azuread_group_role_management_policy").role_id).toBe("owner");
    expect(json.resource.azuread_group).toBeUndefined();
  });

  test("snapshot", () => expect(recordForTerraform("jit-role-pim-group", json)).toMatchSnapshot());
});

describe("stable addresses", () => {
  const principals: AssignmentInput[] = [
    { user: "a@contoso.com", expires: "P30D" },
    { user: "b@contoso.com" },
    { group: "Ops" },
    { user: "c@contoso.com", expires: "2027-01-01" },
  ];
  const build = (list: AssignmentInput[]) => (stack: TerraformStack) => {
    new JitRole(stack, "Owner", { role: Role.azure("Owner", SUB), eligible: list, settings: approvers });
    new JitRole(stack, "UserAdmin", { role: Role.entra("User Administrator"), delivery: "group", eligible: list, settings: approvers });
  };

  test("reordering principals gives byte-identical JSON", () => {
    const first = JSON.stringify(synth(build(principals)));
    const reversed = JSON.stringify(synth(build([...principals].reverse())));
    const rotated = JSON.stringify(synth(build([principals[2], principals[0], principals[3], principals[1]])));
    expect(reversed).toBe(first);
    expect(rotated).toBe(first);
  });

  test("adding a principal adds only its own for_each entry", () => {
    const before = synth(build(principals));
    const after = synth(build([...principals, { user: "d@contoso.com" }]));
    const keys = (j: Json) => Object.keys(j.resource.azurerm_pim_eligible_role_assignment).sort();
    expect(keys(after)).toEqual(keys(before));
    const e = (j: Json) => Object.values(j.resource.azurerm_pim_eligible_role_assignment)[0] as Json;
    const added = Object.keys(e(after).for_each).filter((k) => !(k in e(before).for_each));
    expect(added).toEqual(["user:d@contoso.com"]);
    for (const k of Object.keys(e(before).for_each)) expect(e(after).for_each[k]).toEqual(e(before).for_each[k]);
  });
});

describe("refusals", () => {
  const refuse = (props: Partial<JitRoleProps> & Pick<JitRoleProps, "role">, message: RegExp | string) =>
    expect(() => synth(jit(props))).toThrow(message);

  test("direct Entra role with settings that require eligible expiration", () =>
    refuse(
      { role: Role.entra("Global Administrator"), settings: approvers.with({ eligibleAssignment: { expirationRequired: true } }) },
      /JitRole Global Administrator: settings\.eligibleAssignment\.expirationRequired: is true, but direct Entra eligibilities are always permanent.*delivery: "group"/,
    ));

  test("time-bound direct Entra eligibility", () =>
    refuse(
      { role: Role.entra("Global Administrator"), settings: approvers, eligible: [{ user: "a@contoso.com", expires: "P30D" }] },
      /eligible\[user:a@contoso\.com\]\.expires: is P30D, but direct Entra eligibilities are always permanent/,
    ));

  test("active assignment on a direct Entra role", () =>
    refuse({ role: Role.entra("Global Administrator"), settings: approvers, active: [{ user: "a@contoso.com", expires: "P1D" }] }, /active: cannot be used with direct delivery/));

  test("an expiry longer than the settings allow", () =>
    refuse(
      { role: Role.azure("Owner", SUB), settings: approvers.with({ eligibleAssignment: { expirationRequired: true, maximumDuration: "P30D" } }), eligible: [{ user: "a@contoso.com", expires: "P90D" }] },
      /eligible\[user:a@contoso\.com\]\.expires: is P90D, longer than the settings' eligibleAssignment\.maximumDuration P30D/,
    ));

  test("a permanent active assignment when the settings require expiry", () =>
    refuse({ role: Role.azure("Reader", SUB), active: [{ user: "a@contoso.com" }] }, /active\[user:a@contoso\.com\]\.expires: is missing: the settings require active assignments to expire within P90D/));

  test("an activation duration outside the limits", () =>
    expect(() => RoleSettings.privileged({ activation: { maximumDuration: "PT48H" } })).toThrow(
      'activation.maximumDuration: must be an ISO 8601 duration between PT30M and PT23H30M in 30-minute steps, or P1D, got "PT48H"',
    ));

  test("approval without approvers, named with the role", () =>
    refuse({ role: Role.entra("Global Administrator") }, /JitRole Global Administrator \(default highlyPrivileged settings\): activation\.approvers: approval is required but no approvers are given/));

  test("authentication context together with activation MFA", () =>
    expect(() => RoleSettings.privileged({ activation: { authenticationContext: "c1", requireMfa: true } })).toThrow(/activation\.requireMfa: cannot be true together with activation\.authenticationContext "c1"/));

  test("a service principal made eligible", () =>
    refuse({ role: Role.azure("Reader", SUB), eligible: [{ servicePrincipal: "9b1c7d3e-1111-4222-8333-444455556666" }] }, /eligible\[0\]\.servicePrincipal: a servicePrincipal is not allowed here.*allowed: user, group/));

  test("the same principal twice (case-insensitive UPN)", () =>
    refuse({ role: Role.azure("Reader", SUB), eligible: [{ user: "a@contoso.com" }, { user: "A@Contoso.com" }] }, /eligible: lists user "A@Contoso\.com" more than once; each principal may appear once/));

  test("delivery on an Azure role", () =>
    refuse({ role: Role.azure("Reader", SUB), delivery: "group" }, /delivery: applies to Entra directory roles only/));

  test("an unknown Entra role name, with suggestions", () =>
    expect(() => Role.entra("Global Admin")).toThrow(/role: unknown Entra built-in role "Global Admin"; did you mean "Global Administrator"/));

  test("an Azure scope that is not a management group, subscription or resource group", () =>
    expect(() => Role.azure("Owner", "/subscriptions/not-a-guid")).toThrow(/Owner: scope: must be a management group .* got "\/subscriptions\/not-a-guid"/));

  test("a role that is not a Role", () =>
    expect(() => synth((s) => new JitRole(s, "R", { role: "Global Administrator" as unknown as Role }))).toThrow(/role: must be a Role/));

  test("a ticket missing where the settings require one on active assignments", () =>
    refuse(
      { role: Role.azure("Reader", SUB), settings: RoleSettings.standard({ activeAssignment: { requireTicket: true } }), active: [{ user: "a@contoso.com", expires: "P30D" }] },
      /active\[user:a@contoso\.com\]\.ticket: is required/,
    ));
});

test("warns when approvers are listed but approval is off", () => {
  const stack = new TerraformStack(Testing.app(), "warn");
  const role = new JitRole(stack, "Reader", {
    role: Role.azure("Reader", SUB),
    settings: RoleSettings.standard({ activation: { approvers: [{ user: "a@contoso.com" }] } }),
  });
  const warnings = role.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
  expect(warnings).toEqual([
    expect.stringMatching(/settings\.activation\.approvers are listed but approval is off/),
    expect.stringMatching(/on the first apply azurerm does not send activation\.requireApproval: false/),
  ]);
  const quiet = new JitRole(stack, "Owner", { role: Role.azure("Owner", SUB), settings: approvers });
  expect(quiet.node.metadata.filter((m) => m.type === "@cdktf/warn")).toEqual([]);
});

describe("one JitRole per role (issue 13, item 8: the tenant file already refuses it)", () => {
  const two = (a: Partial<JitRoleProps> & Pick<JitRoleProps, "role">, b: Partial<JitRoleProps> & Pick<JitRoleProps, "role">) => () => {
    const stack = new TerraformStack(Testing.app(), "twice");
    new JitRole(stack, "First", { settings: approvers, ...a });
    new JitRole(stack, "Second", { settings: approvers, ...b });
  };
  test("refuses the same Entra role twice, whatever the delivery", () => {
    expect(two({ role: Role.entra("User Administrator") }, { role: Role.entra("fe930be7-5e62-47db-91af-98c3a49a38b1"), delivery: "group" })).toThrow(
      /JitRole User Administrator: role: is already managed by the JitRole at twice\/First: two JitRoles of one role would write two policies/,
    );
  });
  test("refuses the same Azure role at the same scope and the same PIM group and access", () => {
    expect(two({ role: Role.azure("Owner", SUB) }, { role: Role.azure("Owner", SUB.toUpperCase()) })).toThrow(/is already managed by the JitRole at twice\/First/);
    expect(two({ role: Role.pimGroup("Tier0 Operators") }, { role: Role.pimGroup("tier0 operators") })).toThrow(/is already managed by the JitRole at twice\/First/);
  });
  test("accepts the same Azure role at other scopes, and a group's member and owner roles", () => {
    expect(two({ role: Role.azure("Owner", SUB) }, { role: Role.azure("Owner", `${SUB}/resourceGroups/rg-app`) })).not.toThrow();
    expect(two({ role: Role.pimGroup("Tier0 Operators", "member") }, { role: Role.pimGroup("Tier0 Operators", "owner") })).not.toThrow();
  });
});

test("a custom role cannot carry a built-in role's template id (issue 13, item 1: it would escape the checks as tier 1)", () => {
  expect(() => Role.customEntra({ id: "62E90394-69F5-4237-9190-012177145E10", displayName: "Totally custom" })).toThrow(
    /role\.id: is the template id of the built-in role Global Administrator, not a custom role; use Role\.entra\("Global Administrator"\)/,
  );
  expect(() => Role.customEntra({ id: "b5c3f1d2-8e4a-4b6c-9d7e-0a1b2c3d4e5f", displayName: "Contoso Helpdesk" })).not.toThrow();
});

describe("group delivery also writes the role's own policy (issue 13, item 7: the auditors read it)", () => {
  test("the same 17 rules as direct delivery with the same settings, from the role's policy assignment", () => {
    const settings = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] }, notifications: { all: { additionalRecipients: ["soc@contoso.com"] } } });
    const body = (delivery: "direct" | "group") => {
      const stack = new TerraformStack(Testing.app(), "t");
      new JitRole(stack, "Role", { role: Role.entra("User Administrator"), delivery, eligible: [{ user: "a@contoso.com", ...(delivery === "group" ? { expires: "P90D" } : {}) }], settings });
      const json = JSON.parse(Testing.synth(stack));
      const updates = Object.values(json.resource.msgraph_update_resource as Record<string, { url: string; body: unknown }>);
      expect(updates).toHaveLength(1);
      const lookups = Object.values(json.data.msgraph_resource as Record<string, { query_parameters: { $filter: string[] } }>);
      expect(lookups.map((l) => l.query_parameters.$filter[0])).toEqual(["scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq 'fe930be7-5e62-47db-91af-98c3a49a38b1'"]);
      return updates[0].body;
    };
    expect(body("group")).toEqual(body("direct"));
  });
});

describe("administrative unit scope (issue 15, item 4)", () => {
  const AU = "7f3c2a1b-4d5e-4f60-8a71-92b3c4d5e6f7";
  const synthRole = (props: Partial<JitRoleProps>) => {
    const stack = new TerraformStack(Testing.app(), "t");
    new JitRole(stack, "Role", { role: Role.entra("User Administrator"), eligible: [{ user: "a@contoso.com" }], settings: RoleSettings.privileged(), ...props } as JitRoleProps);
    return JSON.parse(Testing.synth(stack));
  };
  test("direct delivery: eligibility at /administrativeUnits/{id}; the policy is still the tenant-wide one (scopeId '/')", () => {
    const json = synthRole({ administrativeUnit: AU.toUpperCase() });
    const requests = Object.values(json.resource.azuread_directory_role_eligibility_schedule_request) as { directory_scope_id: string }[];
    expect(requests.map((r) => r.directory_scope_id)).toEqual([`/administrativeUnits/${AU}`]);
    const lookups = Object.values(json.data.msgraph_resource) as { query_parameters: { $filter: string[] } }[];
    expect(lookups.map((l) => l.query_parameters.$filter[0])).toEqual(["scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq 'fe930be7-5e62-47db-91af-98c3a49a38b1'"]);
  });
  test("group delivery: the group's assignment of the role at the administrative unit", () => {
    const json = synthRole({ administrativeUnit: AU, delivery: "group", eligible: [{ user: "a@contoso.com", expires: "P90D" }] });
    expect((Object.values(json.resource.azuread_directory_role_assignment) as { directory_scope_id: string }[]).map((a) => a.directory_scope_id)).toEqual([`/administrativeUnits/${AU}`]);
  });
  test("refused for Azure roles and PIM groups, and when not a GUID", () => {
    const stack = new TerraformStack(Testing.app(), "t");
    expect(() => new JitRole(stack, "A", { role: Role.azure("Owner", "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"), administrativeUnit: AU } as JitRoleProps)).toThrow("administrativeUnit: applies to Entra directory roles only");
    expect(() => new JitRole(stack, "B", { role: Role.entra("User Administrator"), administrativeUnit: "EMEA users" } as JitRoleProps)).toThrow(
      'JitRole User Administrator: administrativeUnit: must be the administrative unit\'s object id (GUID), got "EMEA users"',
    );
  });
});
