import { Testing } from "cdktf";
import { GroupRoleManagementPolicy, RoleManagementPolicy } from "../constructs/providers";
import { PrincipalRef } from "../constructs/principals";
import {
  GRAPH_RULE_IDS,
  GraphRuleBody,
  PrincipalResolver,
  RoleSettings,
  RoleSettingsProps,
  RoleSettingsSpec,
  renderAzurePolicy,
  renderGraphRules,
} from "../constructs/settings";
import { renderGroupPolicy } from "../constructs/settings/provider-policy";

type Json = Record<string, unknown>;

const APPROVERS_GROUP = "9f8e7d6c-0000-4000-8000-0000000a9900";
const PIM_GROUP = "5a5a5a5a-0000-4000-8000-000000000001";
const SUBSCRIPTION = "/subscriptions/00000000-0000-0000-0000-000000000000";
const OWNER = `${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`;

/** Object ids stand for themselves; names resolve to a readable placeholder (the directory's job at plan time). */
const resolve: PrincipalResolver = (ref: PrincipalRef) => (ref.isObjectId ? ref.value : `<${ref.key}>`);

/** Global Administrator as Microsoft's deployment plan has it: approvers are a group and a named user. */
const GLOBAL_ADMIN = RoleSettings.highlyPrivileged({
  activation: { approvers: [{ user: "security.lead@contoso.com" }, { group: APPROVERS_GROUP }] },
  notifications: { activation: { admin: { additionalRecipients: ["soc@contoso.com", "ciso@contoso.com"] } } },
});

const graph = (spec: RoleSettingsSpec): Record<string, GraphRuleBody> => Object.fromEntries(renderGraphRules(spec, resolve).map((b) => [b.id, b]));
const privileged = (overrides: RoleSettingsProps = {}): RoleSettingsSpec => RoleSettings.privileged(overrides).spec;

describe("Graph rule bodies", () => {
  const rules = renderGraphRules(GLOBAL_ADMIN.spec, resolve);
  const byId = graph(GLOBAL_ADMIN.spec);

  test("the 17 rule ids of every Entra role management policy, in GRAPH_RULE_IDS order", () => {
    expect([...GRAPH_RULE_IDS].sort()).toEqual(
      [
        "Expiration_EndUser_Assignment",
        "Enablement_EndUser_Assignment",
        "Approval_EndUser_Assignment",
        "AuthenticationContext_EndUser_Assignment",
        "Expiration_Admin_Eligibility",
        "Expiration_Admin_Assignment",
        "Enablement_Admin_Assignment",
        "Enablement_Admin_Eligibility",
        ...["Admin", "Requestor", "Approver"].flatMap((r) => ["Admin_Eligibility", "Admin_Assignment", "EndUser_Assignment"].map((s) => `Notification_${r}_${s}`)),
      ].sort(),
    );
    expect(rules.map((r) => r.id)).toEqual([...GRAPH_RULE_IDS]);
  });

  // One row per rule: its @odata.type suffix and target. Activation rules are the end user's
  // (EndUser/Assignment); assignment rules the admin's; notification rules follow their id's suffix.
  test.each([
    ["Expiration_EndUser_Assignment", "Expiration", "EndUser", "Assignment"],
    ["Enablement_EndUser_Assignment", "Enablement", "EndUser", "Assignment"],
    ["Approval_EndUser_Assignment", "Approval", "EndUser", "Assignment"],
    ["AuthenticationContext_EndUser_Assignment", "AuthenticationContext", "EndUser", "Assignment"],
    ["Expiration_Admin_Eligibility", "Expiration", "Admin", "Eligibility"],
    ["Enablement_Admin_Eligibility", "Enablement", "Admin", "Eligibility"],
    ["Expiration_Admin_Assignment", "Expiration", "Admin", "Assignment"],
    ["Enablement_Admin_Assignment", "Enablement", "Admin", "Assignment"],
    ["Notification_Admin_Admin_Eligibility", "Notification", "Admin", "Eligibility"],
    ["Notification_Requestor_Admin_Eligibility", "Notification", "Admin", "Eligibility"],
    ["Notification_Approver_Admin_Eligibility", "Notification", "Admin", "Eligibility"],
    ["Notification_Admin_Admin_Assignment", "Notification", "Admin", "Assignment"],
    ["Notification_Requestor_Admin_Assignment", "Notification", "Admin", "Assignment"],
    ["Notification_Approver_Admin_Assignment", "Notification", "Admin", "Assignment"],
    ["Notification_Admin_EndUser_Assignment", "Notification", "EndUser", "Assignment"],
    ["Notification_Requestor_EndUser_Assignment", "Notification", "EndUser", "Assignment"],
    ["Notification_Approver_EndUser_Assignment", "Notification", "EndUser", "Assignment"],
  ])("%s: %sRule, target %s/%s", (id, kind, caller, level) => {
    const body = byId[id];
    expect(body["@odata.type"]).toBe(`#microsoft.graph.unifiedRoleManagementPolicy${kind}Rule`);
    expect(body.id).toBe(id);
    expect(body.target).toEqual({ caller, operations: ["all"], level, inheritableSettings: [], enforcedSettings: [] });
  });

  test("expiration rules carry the activation and assignment limits", () => {
    expect(byId.Expiration_EndUser_Assignment).toMatchObject({ isExpirationRequired: true, maximumDuration: "PT1H" });
    expect(byId.Expiration_Admin_Eligibility).toMatchObject({ isExpirationRequired: false, maximumDuration: "P365D" });
    expect(byId.Expiration_Admin_Assignment).toMatchObject({ isExpirationRequired: true, maximumDuration: "P15D" });
  });

  test.each([
    [false, false, false, []],
    [true, false, false, ["MultiFactorAuthentication"]],
    [false, true, false, ["Justification"]],
    [false, false, true, ["Ticketing"]],
    [true, true, false, ["MultiFactorAuthentication", "Justification"]],
    [true, false, true, ["MultiFactorAuthentication", "Ticketing"]],
    [false, true, true, ["Justification", "Ticketing"]],
    [true, true, true, ["MultiFactorAuthentication", "Justification", "Ticketing"]],
  ])("activation with MFA %s, justification %s, ticket %s enables %j", (requireMfa, requireJustification, requireTicket, enabled) => {
    const rules = graph(privileged({ activation: { requireMfa, requireJustification, requireTicket } }));
    expect(rules.Enablement_EndUser_Assignment.enabledRules).toEqual(enabled);
  });

  test.each([
    [false, false, false, []],
    [true, true, false, ["MultiFactorAuthentication", "Justification"]],
    [false, false, true, ["Ticketing"]],
    [true, true, true, ["MultiFactorAuthentication", "Justification", "Ticketing"]],
  ])("active assignment with MFA %s, justification %s, ticket %s enables %j", (requireMfa, requireJustification, requireTicket, enabled) => {
    const rules = graph(privileged({ activeAssignment: { requireMfa, requireJustification, requireTicket } }));
    expect(rules.Enablement_Admin_Assignment.enabledRules).toEqual(enabled);
    expect(rules.Enablement_Admin_Eligibility.enabledRules).toEqual([]);
  });

  test("approval names each approver as a Graph subject set, resolved, sorted by key", () => {
    const setting = byId.Approval_EndUser_Assignment.setting as Json;
    expect(setting).toMatchObject({ isApprovalRequired: true, approvalMode: "SingleStage" });
    const [stage] = setting.approvalStages as Json[];
    expect(stage.primaryApprovers).toEqual([
      { "@odata.type": "#microsoft.graph.groupMembers", groupId: APPROVERS_GROUP },
      { "@odata.type": "#microsoft.graph.singleUser", userId: "<user:security.lead@contoso.com>" },
    ]);
    expect(stage.escalationApprovers).toEqual([]);
  });

  test("approver order in the input does not change the bodies", () => {
    const reordered = RoleSettings.highlyPrivileged({
      activation: { approvers: [{ group: APPROVERS_GROUP }, { user: "security.lead@contoso.com" }] },
      notifications: { activation: { admin: { additionalRecipients: ["ciso@contoso.com", "soc@contoso.com"] } } },
    });
    expect(renderGraphRules(reordered.spec, resolve)).toEqual(rules);
  });

  test("without approval, the stage lists no approvers even when some are configured", () => {
    const spec = GLOBAL_ADMIN.with({ activation: { requireApproval: false } }).spec;
    const setting = graph(spec).Approval_EndUser_Assignment.setting as Json;
    expect(setting.isApprovalRequired).toBe(false);
    expect((setting.approvalStages as Json[])[0].primaryApprovers).toEqual([]);
  });

  test("an authentication context enables its rule and drops MFA from the enablement rule", () => {
    const rules = graph(privileged({ activation: { authenticationContext: "c3" } }));
    expect(rules.AuthenticationContext_EndUser_Assignment).toMatchObject({ isEnabled: true, claimValue: "c3" });
    expect(rules.Enablement_EndUser_Assignment.enabledRules).toEqual(["Justification"]);
    expect(byId.AuthenticationContext_EndUser_Assignment).toMatchObject({ isEnabled: false, claimValue: "" });
  });

  test("notification rules map audiences to recipient types, with recipients sorted", () => {
    const spec = privileged({
      notifications: {
        eligibleAssignment: { admin: { level: "Critical" } },
        activeAssignment: { assignee: { defaultRecipients: false } },
        activation: { approver: { additionalRecipients: ["zed@contoso.com", "Amy@Contoso.com"] } },
      },
    });
    const rules = graph(spec);
    for (const id of GRAPH_RULE_IDS.filter((i) => i.startsWith("Notification_"))) {
      expect(rules[id]).toMatchObject({ notificationType: "Email", recipientType: id.split("_")[1] });
    }
    expect(rules.Notification_Admin_Admin_Eligibility).toMatchObject({ notificationLevel: "Critical", isDefaultRecipientsEnabled: true, notificationRecipients: [] });
    expect(rules.Notification_Requestor_Admin_Assignment).toMatchObject({ notificationLevel: "All", isDefaultRecipientsEnabled: false });
    expect(rules.Notification_Approver_EndUser_Assignment.notificationRecipients).toEqual(["amy@contoso.com", "zed@contoso.com"]);
    expect(byId.Notification_Admin_EndUser_Assignment.notificationRecipients).toEqual(["ciso@contoso.com", "soc@contoso.com"]);
  });

  test("highlyPrivileged rendering", () => {
    expect(rules).toMatchSnapshot();
  });
});

describe("provider policy configs", () => {
  const group = renderGroupPolicy(GLOBAL_ADMIN.spec, PIM_GROUP, "member", resolve);
  const azure = renderAzurePolicy(GLOBAL_ADMIN.spec, SUBSCRIPTION, OWNER, resolve);

  test("azuread_group_role_management_policy config", () => {
    expect(group).toMatchSnapshot();
  });

  test("azurerm_role_management_policy config: the same rules at an Azure scope", () => {
    expect(azure).toMatchSnapshot();
    const { scope, roleDefinitionId, ...rules } = azure;
    const { groupId, roleId, ...groupRules } = group;
    expect({ scope, roleDefinitionId, groupId, roleId }).toEqual({ scope: SUBSCRIPTION, roleDefinitionId: OWNER, groupId: PIM_GROUP, roleId: "member" });
    expect({ ...rules, activationRules: { ...rules.activationRules, approvalStage: undefined } }).toEqual({
      ...groupRules,
      activationRules: { ...groupRules.activationRules, approvalStage: undefined },
    });
  });

  // azurerm 4.55.0 validates primary_approver.type in (User, Group); azuread 3.7.0 in (singleUser, groupMembers).
  test("approvers: { objectId, type } in each provider's vocabulary", () => {
    expect(azure.activationRules.approvalStage?.primaryApprover).toEqual([
      { objectId: APPROVERS_GROUP, type: "Group" },
      { objectId: "<user:security.lead@contoso.com>", type: "User" },
    ]);
    expect(group.activationRules.approvalStage?.primaryApprover).toEqual([
      { objectId: APPROVERS_GROUP, type: "groupMembers" },
      { objectId: "<user:security.lead@contoso.com>", type: "singleUser" },
    ]);
  });

  test("approval_stage is omitted when approval is off, even with approvers configured", () => {
    const spec = GLOBAL_ADMIN.with({ activation: { requireApproval: false } }).spec;
    for (const rules of [renderAzurePolicy(spec, SUBSCRIPTION, OWNER, resolve), renderGroupPolicy(spec, PIM_GROUP, "owner", resolve)]) {
      expect(rules.activationRules.requireApproval).toBe(false);
      expect(rules.activationRules).not.toHaveProperty("approvalStage");
    }
  });

  test("MFA is omitted when an authentication context is required (the providers refuse both)", () => {
    const withContext = renderAzurePolicy(privileged({ activation: { authenticationContext: { claimValue: "c5" } } }), SUBSCRIPTION, OWNER, resolve);
    expect(withContext.activationRules.requiredConditionalAccessAuthenticationContext).toBe("c5");
    expect(withContext.activationRules).not.toHaveProperty("requireMultifactorAuthentication");
    const withoutContext = renderGroupPolicy(privileged({ activation: { requireMfa: false } }), PIM_GROUP, "member", resolve);
    expect(withoutContext.activationRules.requireMultifactorAuthentication).toBe(false);
    expect(withoutContext.activationRules).not.toHaveProperty("requiredConditionalAccessAuthenticationContext");
  });

  test("notification events map to eligible_assignments, active_assignments and eligible_activations", () => {
    const spec = privileged({
      notifications: {
        eligibleAssignment: { admin: { level: "Critical" } },
        activeAssignment: { approver: { defaultRecipients: false } },
        activation: { assignee: { additionalRecipients: ["b@contoso.com", "a@contoso.com"] } },
      },
    });
    const n = renderAzurePolicy(spec, SUBSCRIPTION, OWNER, resolve).notificationRules;
    expect(n.eligibleAssignments.adminNotifications).toEqual({ notificationLevel: "Critical", defaultRecipients: true, additionalRecipients: [] });
    expect(n.activeAssignments.approverNotifications).toEqual({ notificationLevel: "All", defaultRecipients: false, additionalRecipients: [] });
    expect(n.eligibleActivations.assigneeNotifications.additionalRecipients).toEqual(["a@contoso.com", "b@contoso.com"]);
  });

  describe("through the real provider bindings", () => {
    // One synth for both resources: proves the config keys are the bindings' and shows the snake_case JSON.
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        new GroupRoleManagementPolicy(scope, "group_policy", group);
        new RoleManagementPolicy(scope, "azure_policy", azure);
      }),
    ) as { resource: Record<string, Record<string, Json>> };
    const groupPolicy = json.resource.azuread_group_role_management_policy.group_policy;
    const azurePolicy = json.resource.azurerm_role_management_policy.azure_policy;

    test("azuread_group_role_management_policy", () => {
      expect(groupPolicy).toMatchObject({
        group_id: PIM_GROUP,
        role_id: "member",
        activation_rules: {
          maximum_duration: "PT1H",
          require_approval: true,
          require_justification: true,
          require_multifactor_authentication: true,
          require_ticket_info: true,
          approval_stage: {
            primary_approver: [
              { object_id: APPROVERS_GROUP, type: "groupMembers" },
              { object_id: "<user:security.lead@contoso.com>", type: "singleUser" },
            ],
          },
        },
        active_assignment_rules: { expiration_required: true, expire_after: "P15D", require_multifactor_authentication: true, require_justification: true, require_ticket_info: false },
        eligible_assignment_rules: { expiration_required: false, expire_after: "P365D" },
        notification_rules: {
          eligible_activations: {
            admin_notifications: { notification_level: "All", default_recipients: true, additional_recipients: ["ciso@contoso.com", "soc@contoso.com"] },
          },
        },
      });
      expect(Object.keys(groupPolicy.notification_rules as Json).sort()).toEqual(["active_assignments", "eligible_activations", "eligible_assignments"]);
    });

    test("azurerm_role_management_policy", () => {
      expect(azurePolicy).toMatchObject({
        scope: SUBSCRIPTION,
        role_definition_id: OWNER,
        activation_rules: {
          maximum_duration: "PT1H",
          approval_stage: { primary_approver: [{ object_id: APPROVERS_GROUP, type: "Group" }, { type: "User" }] },
        },
        notification_rules: {
          eligible_assignments: { approver_notifications: { notification_level: "All", default_recipients: true } },
          active_assignments: { assignee_notifications: { notification_level: "All" } },
        },
      });
    });
  });
});
