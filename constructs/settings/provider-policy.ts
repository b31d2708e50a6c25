import { NotificationAudiences, NotificationSetting, RoleSettingsSpec } from "./model";
import { PrincipalResolver } from "./graph";

/**
 * Renders RoleSettings as the rule blocks shared by `azuread_group_role_management_policy`
 * (azuread 3.7.0) and `azurerm_role_management_policy` (azurerm 4.55.0): both resources have the
 * same `activation_rules`, `active_assignment_rules`, `eligible_assignment_rules` and
 * `notification_rules` schema (checked against the bindings' index.d.ts). Keys are the bindings'
 * camelCase config names.
 */
/**
 * How each provider names an approver's kind: azurerm 4.55.0 validates `User` / `Group`, azuread
 * 3.7.0 validates `singleUser` / `groupMembers` (the Graph subject set names), see
 * internal/services/authorization/role_management_policy_resource.go and
 * internal/services/policies/group_role_management_policy_resource.go, `primary_approver.type`.
 */
export type PolicyApproverType = "User" | "Group" | "singleUser" | "groupMembers";
const AZURERM_APPROVER_TYPES = { user: "User", group: "Group" } as const;
const AZUREAD_APPROVER_TYPES = { user: "singleUser", group: "groupMembers" } as const;

export interface PolicyNotification {
  readonly notificationLevel: string;
  readonly defaultRecipients: boolean;
  readonly additionalRecipients: string[];
}
export interface PolicyNotificationAudiences {
  readonly adminNotifications: PolicyNotification;
  readonly assigneeNotifications: PolicyNotification;
  readonly approverNotifications: PolicyNotification;
}
export interface PolicyRules {
  readonly activationRules: {
    readonly maximumDuration: string;
    readonly requireApproval: boolean;
    readonly requireJustification: boolean;
    readonly requireMultifactorAuthentication?: boolean;
    readonly requireTicketInfo: boolean;
    readonly requiredConditionalAccessAuthenticationContext?: string;
    readonly approvalStage?: { readonly primaryApprover: { readonly objectId: string; readonly type: PolicyApproverType }[] };
  };
  readonly activeAssignmentRules: {
    readonly expirationRequired: boolean;
    readonly expireAfter: string;
    readonly requireJustification: boolean;
    readonly requireMultifactorAuthentication: boolean;
    readonly requireTicketInfo: boolean;
  };
  readonly eligibleAssignmentRules: { readonly expirationRequired: boolean; readonly expireAfter: string };
  readonly notificationRules: {
    readonly eligibleAssignments: PolicyNotificationAudiences;
    readonly activeAssignments: PolicyNotificationAudiences;
    readonly eligibleActivations: PolicyNotificationAudiences;
  };
}

function note(s: NotificationSetting): PolicyNotification {
  return { notificationLevel: s.level, defaultRecipients: s.defaultRecipients, additionalRecipients: [...s.additionalRecipients] };
}
function audiences(n: NotificationAudiences): PolicyNotificationAudiences {
  return { adminNotifications: note(n.admin), assigneeNotifications: note(n.assignee), approverNotifications: note(n.approver) };
}

function renderRules(spec: RoleSettingsSpec, resolve: PrincipalResolver, approverTypes: { user: PolicyApproverType; group: PolicyApproverType }): PolicyRules {
  const a = spec.activation;
  return {
    activationRules: {
      maximumDuration: a.maximumDuration,
      requireApproval: a.requireApproval,
      requireJustification: a.requireJustification,
      // The providers reject require_multifactor_authentication together with an authentication context.
      ...(a.authenticationContext !== undefined
        ? { requiredConditionalAccessAuthenticationContext: a.authenticationContext }
        : { requireMultifactorAuthentication: a.requireMfa }),
      requireTicketInfo: a.requireTicket,
      ...(a.requireApproval
        ? { approvalStage: { primaryApprover: a.approvers.map((ref) => ({ objectId: resolve(ref), type: ref.type === "user" ? approverTypes.user : approverTypes.group })) } }
        : {}),
    },
    activeAssignmentRules: {
      expirationRequired: spec.activeAssignment.expirationRequired,
      expireAfter: spec.activeAssignment.maximumDuration,
      requireJustification: spec.activeAssignment.requireJustification,
      requireMultifactorAuthentication: spec.activeAssignment.requireMfa,
      requireTicketInfo: spec.activeAssignment.requireTicket,
    },
    eligibleAssignmentRules: {
      expirationRequired: spec.eligibleAssignment.expirationRequired,
      expireAfter: spec.eligibleAssignment.maximumDuration,
    },
    notificationRules: {
      eligibleAssignments: audiences(spec.notifications.eligibleAssignment),
      activeAssignments: audiences(spec.notifications.activeAssignment),
      eligibleActivations: audiences(spec.notifications.activation),
    },
  };
}

/** Config for `azuread_group_role_management_policy` (PIM for Groups; `roleId` member or owner). */
export function renderGroupPolicy(spec: RoleSettingsSpec, groupId: string, roleId: "member" | "owner", resolve: PrincipalResolver): PolicyRules & { groupId: string; roleId: string } {
  return { groupId, roleId, ...renderRules(spec, resolve, AZUREAD_APPROVER_TYPES) };
}

/** Config for `azurerm_role_management_policy` (an Azure RBAC role at a management group, subscription or resource group scope). */
export function renderAzurePolicy(spec: RoleSettingsSpec, scope: string, roleDefinitionId: string, resolve: PrincipalResolver): PolicyRules & { scope: string; roleDefinitionId: string } {
  return { scope, roleDefinitionId, ...renderRules(spec, resolve, AZURERM_APPROVER_TYPES) };
}
