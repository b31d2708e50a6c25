import { PrincipalRef } from "../principals";
import { NotificationAudiences, NotificationSetting, RoleSettingsSpec } from "./model";

/**
 * Renders RoleSettings as the 17 Microsoft Graph `unifiedRoleManagementPolicyRule` bodies, each
 * PATCHed to `policies/roleManagementPolicies/{policyId}/rules/{id}`.
 * Source: Microsoft Graph v1.0, "Update unifiedRoleManagementPolicyRule" and the rule resource
 * types (unifiedRoleManagementPolicy{Expiration|Enablement|Approval|AuthenticationContext|Notification}Rule).
 *
 * Every value is written the way Graph's GET returns it: msgraph_update_resource re-reads the rule
 * on every plan and compares the keys of the body case-sensitively (terraform-provider-msgraph
 * `internal/utils/json.go` UpdateObject), so a value Graph returns in another spelling or shape is
 * a diff on every plan. Read-back checked against the documented GET responses in
 * `__tests__/graph-readback.test.ts` (fixtures in `__tests__/fixtures/graph/`).
 */

/** The 17 rule ids of every Entra role management policy, in a fixed order. */
export const GRAPH_RULE_IDS = [
  "Expiration_EndUser_Assignment",
  "Enablement_EndUser_Assignment",
  "Approval_EndUser_Assignment",
  "AuthenticationContext_EndUser_Assignment",
  "Expiration_Admin_Eligibility",
  "Enablement_Admin_Eligibility",
  "Expiration_Admin_Assignment",
  "Enablement_Admin_Assignment",
  "Notification_Admin_Admin_Eligibility",
  "Notification_Requestor_Admin_Eligibility",
  "Notification_Approver_Admin_Eligibility",
  "Notification_Admin_Admin_Assignment",
  "Notification_Requestor_Admin_Assignment",
  "Notification_Approver_Admin_Assignment",
  "Notification_Admin_EndUser_Assignment",
  "Notification_Requestor_EndUser_Assignment",
  "Notification_Approver_EndUser_Assignment",
] as const;
export type GraphRuleId = (typeof GRAPH_RULE_IDS)[number];

/** A rule body as Graph takes it (camelCase keys, `@odata.type` discriminator). */
export type GraphRuleBody = { readonly "@odata.type": string; readonly id: GraphRuleId; readonly target: GraphRuleTarget } & Record<string, unknown>;

export interface GraphRuleTarget {
  readonly caller: "EndUser" | "Admin";
  readonly operations: readonly string[];
  readonly level: "Assignment" | "Eligibility";
  readonly inheritableSettings: readonly string[];
  readonly enforcedSettings: readonly string[];
}

const ODATA = "#microsoft.graph.unifiedRoleManagementPolicy";

/**
 * The rule's target. `operations` is the OData enum unifiedRoleManagementPolicyRuleTargetOperations,
 * whose members are lower camel case: the GET examples of "Get unifiedRoleManagementPolicyRule" and
 * "List rules" (directory role policies) return `"all"`, although the PATCH examples and the
 * resource page spell it `"All"`. Graph parses the enum without regard to case on write (the PATCH
 * examples send "All", Microsoft's generated Go models send "all") and returns `"all"`, so the body
 * says `"all"`. caller, level and the setting lists are plain strings and read back as written
 * (`Admin`/`EndUser`, `Eligibility`/`Assignment`, `[]`).
 */
function target(caller: GraphRuleTarget["caller"], level: GraphRuleTarget["level"]): GraphRuleTarget {
  return { caller, operations: ["all"], level, inheritableSettings: [], enforcedSettings: [] };
}

/** Resolves a principal to its object id (a literal GUID or a Terraform reference). */
export type PrincipalResolver = (ref: PrincipalRef) => string;

function notificationRule(id: GraphRuleId, recipientType: "Admin" | "Requestor" | "Approver", s: NotificationSetting): GraphRuleBody {
  // Groups: 1 recipient, 2 caller, 3 level (Notification_Admin_EndUser_Assignment: caller EndUser, level Assignment).
  const [, , caller, level] = /^Notification_(Admin|Requestor|Approver)_(Admin|EndUser)_(Eligibility|Assignment)$/.exec(id) ?? [];
  return {
    "@odata.type": `${ODATA}NotificationRule`,
    id,
    target: target(caller === "EndUser" ? "EndUser" : "Admin", level === "Eligibility" ? "Eligibility" : "Assignment"),
    notificationType: "Email",
    recipientType,
    notificationLevel: s.level,
    isDefaultRecipientsEnabled: s.defaultRecipients,
    notificationRecipients: [...s.additionalRecipients],
  };
}

function notificationRules(suffix: "Admin_Eligibility" | "Admin_Assignment" | "EndUser_Assignment", n: NotificationAudiences): GraphRuleBody[] {
  return [
    notificationRule(`Notification_Admin_${suffix}` as GraphRuleId, "Admin", n.admin),
    notificationRule(`Notification_Requestor_${suffix}` as GraphRuleId, "Requestor", n.assignee),
    notificationRule(`Notification_Approver_${suffix}` as GraphRuleId, "Approver", n.approver),
  ];
}

/** The 17 rule bodies, in GRAPH_RULE_IDS order. */
export function renderGraphRules(spec: RoleSettingsSpec, resolve: PrincipalResolver): GraphRuleBody[] {
  const a = spec.activation;
  const endUserEnabled = [
    ...(a.requireMfa ? ["MultiFactorAuthentication"] : []),
    ...(a.requireJustification ? ["Justification"] : []),
    ...(a.requireTicket ? ["Ticketing"] : []),
  ];
  const adminAssignmentEnabled = [
    ...(spec.activeAssignment.requireMfa ? ["MultiFactorAuthentication"] : []),
    ...(spec.activeAssignment.requireJustification ? ["Justification"] : []),
    ...(spec.activeAssignment.requireTicket ? ["Ticketing"] : []),
  ];
  // Approvers read back with a read-only `description` (the name) added, which the provider ignores:
  // only the written keys are compared. The list is compared by position; it is written sorted by
  // principal key and Graph's read-back order is not documented (assumed to be the written order).
  const primaryApprovers = a.approvers.map((ref) =>
    ref.type === "user"
      ? { "@odata.type": "#microsoft.graph.singleUser", userId: resolve(ref) }
      : { "@odata.type": "#microsoft.graph.groupMembers", groupId: resolve(ref) },
  );
  const rules: GraphRuleBody[] = [
    {
      "@odata.type": `${ODATA}ExpirationRule`,
      id: "Expiration_EndUser_Assignment",
      target: target("EndUser", "Assignment"),
      isExpirationRequired: true,
      maximumDuration: a.maximumDuration,
    },
    {
      "@odata.type": `${ODATA}EnablementRule`,
      id: "Enablement_EndUser_Assignment",
      target: target("EndUser", "Assignment"),
      enabledRules: endUserEnabled,
    },
    {
      "@odata.type": `${ODATA}ApprovalRule`,
      id: "Approval_EndUser_Assignment",
      target: target("EndUser", "Assignment"),
      setting: {
        isApprovalRequired: a.requireApproval,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: "SingleStage",
        approvalStages: [
          {
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: a.requireApproval ? primaryApprovers : [],
            escalationApprovers: [],
          },
        ],
      },
    },
    {
      "@odata.type": `${ODATA}AuthenticationContextRule`,
      id: "AuthenticationContext_EndUser_Assignment",
      target: target("EndUser", "Assignment"),
      isEnabled: a.authenticationContext !== undefined,
      // A disabled context reads back as claimValue null in a directory role policy ("List rules"
      // Example 1); the provider keeps a written "" when the GET returns null (a zero value), so ""
      // causes no diff, and it is what the PATCH examples send.
      claimValue: a.authenticationContext ?? "",
    },
    {
      "@odata.type": `${ODATA}ExpirationRule`,
      id: "Expiration_Admin_Eligibility",
      target: target("Admin", "Eligibility"),
      isExpirationRequired: spec.eligibleAssignment.expirationRequired,
      maximumDuration: spec.eligibleAssignment.maximumDuration,
    },
    {
      "@odata.type": `${ODATA}EnablementRule`,
      id: "Enablement_Admin_Eligibility",
      target: target("Admin", "Eligibility"),
      enabledRules: [],
    },
    {
      "@odata.type": `${ODATA}ExpirationRule`,
      id: "Expiration_Admin_Assignment",
      target: target("Admin", "Assignment"),
      isExpirationRequired: spec.activeAssignment.expirationRequired,
      maximumDuration: spec.activeAssignment.maximumDuration,
    },
    {
      "@odata.type": `${ODATA}EnablementRule`,
      id: "Enablement_Admin_Assignment",
      target: target("Admin", "Assignment"),
      enabledRules: adminAssignmentEnabled,
    },
    ...notificationRules("Admin_Eligibility", spec.notifications.eligibleAssignment),
    ...notificationRules("Admin_Assignment", spec.notifications.activeAssignment),
    ...notificationRules("EndUser_Assignment", spec.notifications.activation),
  ];
  return rules;
}

/**
 * The order in which Graph lists a directory role policy's rules: the response of "List rules"
 * (Example 1) and of "Get unifiedRoleManagementPolicy" with `$expand=rules` (Example 2).
 * msgraph_update_resource compares arrays of objects without a `name` key position by position
 * (terraform-provider-msgraph 0.4.0 `internal/utils/json.go` UpdateObject), so the policy body
 * lists its rules in this order to read back equal.
 */
export const GRAPH_POLICY_RULE_ORDER: readonly GraphRuleId[] = [
  "Expiration_Admin_Eligibility",
  "Enablement_Admin_Eligibility",
  "Notification_Admin_Admin_Eligibility",
  "Notification_Requestor_Admin_Eligibility",
  "Notification_Approver_Admin_Eligibility",
  "Expiration_Admin_Assignment",
  "Enablement_Admin_Assignment",
  "Notification_Admin_Admin_Assignment",
  "Notification_Requestor_Admin_Assignment",
  "Notification_Approver_Admin_Assignment",
  "Expiration_EndUser_Assignment",
  "Enablement_EndUser_Assignment",
  "Approval_EndUser_Assignment",
  "AuthenticationContext_EndUser_Assignment",
  "Notification_Admin_EndUser_Assignment",
  "Notification_Requestor_EndUser_Assignment",
  "Notification_Approver_EndUser_Assignment",
];

/**
 * The body of one `PATCH /policies/roleManagementPolicies/{id}` that sets all 17 rules
 * ("Update unifiedRoleManagementPolicy", Example 1). One request per policy instead of one per
 * rule, and the only form Graph documents for application permissions: "Update
 * unifiedRoleManagementPolicyRule" lists Application as not supported, so a pipeline signed in as
 * a workload identity cannot PATCH single rules.
 */
export function renderGraphPolicy(spec: RoleSettingsSpec, resolve: PrincipalResolver): { rules: GraphRuleBody[] } {
  const byId = new Map(renderGraphRules(spec, resolve).map((r) => [r.id, r]));
  return { rules: GRAPH_POLICY_RULE_ORDER.map((id) => byId.get(id) as GraphRuleBody) };
}
