/**
 * The only module that imports provider bindings. Deep paths only: the package roots load
 * 1,500+ modules (about 2 s and 400 MB) before any work.
 */
export { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
export { DataAzureadUser } from "@cdktf/provider-azuread/lib/data-azuread-user";
export { DataAzureadGroup } from "@cdktf/provider-azuread/lib/data-azuread-group";
export { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
export { DataAzureadClientConfig } from "@cdktf/provider-azuread/lib/data-azuread-client-config";
export { DirectoryRoleEligibilityScheduleRequest } from "@cdktf/provider-azuread/lib/directory-role-eligibility-schedule-request";
export { DirectoryRoleAssignment } from "@cdktf/provider-azuread/lib/directory-role-assignment";
export { Group } from "@cdktf/provider-azuread/lib/group";
export { GroupMember } from "@cdktf/provider-azuread/lib/group-member";
export { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
export { GroupRoleManagementPolicy } from "@cdktf/provider-azuread/lib/group-role-management-policy";
export { PrivilegedAccessGroupEligibilitySchedule } from "@cdktf/provider-azuread/lib/privileged-access-group-eligibility-schedule";
export { PrivilegedAccessGroupAssignmentSchedule } from "@cdktf/provider-azuread/lib/privileged-access-group-assignment-schedule";
export { User } from "@cdktf/provider-azuread/lib/user";
export { ConditionalAccessPolicy } from "@cdktf/provider-azuread/lib/conditional-access-policy";
export type { ConditionalAccessPolicyConfig } from "@cdktf/provider-azuread/lib/conditional-access-policy";
export { NamedLocation } from "@cdktf/provider-azuread/lib/named-location";
export { AuthenticationStrengthPolicy } from "@cdktf/provider-azuread/lib/authentication-strength-policy";

export { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
export { PimEligibleRoleAssignment } from "@cdktf/provider-azurerm/lib/pim-eligible-role-assignment";
export { PimActiveRoleAssignment } from "@cdktf/provider-azurerm/lib/pim-active-role-assignment";
export { RoleAssignment as AzureRoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
export { RoleManagementPolicy } from "@cdktf/provider-azurerm/lib/role-management-policy";
export { MonitorScheduledQueryRulesAlertV2 } from "@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2";
export { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
export { MonitorAadDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting";

export { RandomProvider } from "@cdktf/provider-random/lib/provider";
export { Password } from "@cdktf/provider-random/lib/password";

export * from "./msgraph";
export * from "./ensure";
export * from "./versions";
