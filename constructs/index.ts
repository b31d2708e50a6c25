/**
 * Microsoft Entra privileged access as code: the public API of the package root (the constructs,
 * their props and the role catalog). The rule pack, the tenant file, the access report and the
 * provider bindings are subpaths: `entra-pim-as-code/checks`, `/config`, `/report`, `/providers`.
 * Everything else is internal and may change in any release.
 */
export { ValidationError } from "./errors";
export type { PrincipalInput, PrincipalRef, PrincipalType } from "./principals";

// Catalog: built-in Entra roles, Azure roles and authentication strengths.
export type { AuthenticationStrengthDefinition, AzureRoleDefinition, EntraRoleDefinition, RoleTier } from "./catalog";
export {
  AUTHENTICATION_STRENGTHS,
  AUTHENTICATION_STRENGTH_POLICY_PREFIX,
  AZURE_ROLES,
  AuthenticationStrengths,
  AzureRoles,
  ENTRA_ROLES,
  EntraRoles,
  HIGHLY_PRIVILEGED_ROLE_IDS,
  SCUBA_HIGHLY_PRIVILEGED_ROLE_NAMES,
  TIER_0_ROLE_IDS,
  TIER_0_ROLE_NAMES,
  azureRole,
  entraRole,
  findAuthenticationStrength,
  findAzureRole,
  findEntraRole,
  isPrivilegedTemplateId,
} from "./catalog";

// Roles, assignments and PIM role settings.
export type { GroupAccess, RoleKind } from "./role";
export { Role } from "./role";
export type { Assignment, AssignmentInput, AssignmentOptions } from "./assignments";
// Consumers' tests pin "now" with it, as this repo's do (docs/tenant-file.md, "Ending assignments").
export { setAssignmentClock } from "./assignments";
export type { AssignmentDuration } from "./settings/durations";
export { ASSIGNMENT_DURATIONS } from "./settings/durations";
export type {
  AuthenticationContextRef,
  NotificationAudiences,
  NotificationAudiencesProps,
  NotificationLevel,
  NotificationSetting,
  NotificationSettingProps,
  RoleSettingsProps,
  RoleSettingsSpec,
} from "./settings/model";
export { MAX_NOTIFICATION_RECIPIENTS, NOTIFICATION_AUDIENCES, NOTIFICATION_EVENTS, NOTIFICATION_LEVELS } from "./settings/model";
export type { PresetName } from "./settings/role-settings";
export { PRESET_NAMES, RoleSettings, presetForTier } from "./settings/role-settings";

// The constructs.
export type { Delivery, JitRoleProps, JitRoleShape } from "./jit-role";
export { JitRole } from "./jit-role";
export type { BreakGlassEntry } from "./break-glass-registry";
export { BreakGlassRegistry } from "./break-glass-registry";
export { PrincipalDirectory } from "./principal-directory";
export type { ConditionalAccessState } from "./conditional-access-state";
export { CONDITIONAL_ACCESS_STATES } from "./conditional-access-state";
export type { BreakGlassAccountProps, BreakGlassAlertingProps, BreakGlassSignInPolicyProps } from "./break-glass-account";
export { BREAK_GLASS_SIGN_IN_POLICY_NAME, BreakGlassAccount, BreakGlassAlerting, BreakGlassSignInPolicy, RemovedBlocks } from "./break-glass-account";
export type {
  AdminControl,
  AdminPolicy,
  AdminWorkstationPolicyProps,
  AuthenticationContextProps,
  CustomAuthenticationStrength,
  DeviceRequirement,
} from "./admin-workstation-policy";
export {
  ADMIN_TEMPLATE_ROLE_IDS,
  ADMIN_TEMPLATE_ROLE_NAMES,
  AUTHENTICATION_METHOD_MODES,
  AdminWorkstationPolicy,
  DEFAULT_PAW_DEVICE_FILTER,
  DEFAULT_SIGN_IN_FREQUENCY_HOURS,
  MAX_DEVICE_FILTER_LENGTH,
} from "./admin-workstation-policy";

// Operations around PIM.
export type { DurationAlert, PimAlertKey, PimSecurityAlertsProps, SequentialActivationAlert, TooManyGlobalAdminsAlert } from "./operations/pim-alerts";
export { PIM_ALERTS, PimSecurityAlerts } from "./operations/pim-alerts";
export type { PrivilegedAccessReviewsProps, ReviewCadence, ReviewDefaultDecision } from "./operations/access-reviews";
export { PrivilegedAccessReviews, REVIEW_CADENCES } from "./operations/access-reviews";
export type { ActivationMonitoringProps, WorkingHours } from "./operations/activation-monitoring";
export { ActivationMonitoring } from "./operations/activation-monitoring";
