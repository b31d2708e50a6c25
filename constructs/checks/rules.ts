import { RuleDefinition, RuleInfo } from "./types";
import { activationAlert } from "./rules/activation-alert";
import { activationDuration } from "./rules/activation-duration";
import { activationMfa } from "./rules/activation-mfa";
import { approverBreakGlass } from "./rules/approver-break-glass";
import { approverNotRequestor } from "./rules/approver-not-requestor";
import { assignmentAlerts } from "./rules/assignment-alerts";
import { breakGlassAlert } from "./rules/break-glass-alert";
import { breakGlassCount } from "./rules/break-glass-count";
import { commonBreakGlassExclusion } from "./rules/common-break-glass-exclusion";
import { conditionalAccessExcludesBreakGlass } from "./rules/conditional-access-excludes-break-glass";
import { conditionalAccessLockout } from "./rules/conditional-access-lockout";
import { decommissionedBreakGlassExcluded } from "./rules/decommissioned-break-glass-excluded";
import { eligibleExpiry } from "./rules/eligible-expiry";
import { globalAdministratorActivationAlert } from "./rules/global-administrator-activation-alert";
import { globalAdministratorApproval } from "./rules/global-administrator-approval";
import { globalAdministratorCount } from "./rules/global-administrator-count";
import { globalAdministratorGroup } from "./rules/global-administrator-group";
import { legacyAuthentication } from "./rules/legacy-authentication";
import { legacyAuthenticationReportOnly } from "./rules/legacy-authentication-report-only";
import { outsidePimAlert } from "./rules/outside-pim-alert";
import { permanentActiveAssignment } from "./rules/permanent-active-assignment";
import { phishingResistantMfa } from "./rules/phishing-resistant-mfa";
import { phishingResistantMfaReportOnly } from "./rules/phishing-resistant-mfa-report-only";
import { pimOnly } from "./rules/pim-only";
import { privilegePath } from "./rules/privilege-path";
import { roleOutsideAdminPolicy } from "./rules/role-outside-admin-policy";
import { tierZeroApproval } from "./rules/tier-zero-approval";
import { tierZeroReview } from "./rules/tier-zero-review";

const SCUBA = "CISA SCuBA";
const EMERGENCY = "Microsoft Entra: Manage emergency access accounts";
const CA_EXCLUSIONS = "Microsoft Entra Conditional Access: exclude emergency access accounts";
const PIM_PLAN = "Microsoft Entra: Plan a PIM deployment";

/**
 * The rules of PrivilegedAccessChecks. The pack owns each rule's id, level, message, explanation
 * and baseline; the rule functions only answer. The order is the order of the docs table.
 */
export const PRIVILEGED_ACCESS_RULES: readonly RuleDefinition[] = Object.freeze([
  {
    id: "PAC-GA-COUNT",
    level: "error",
    baseline: `${SCUBA} MS.AAD.7.1`,
    message: "Global Administrator is held by 2 to 8 principals (eligible, active, break-glass, and members or owners of a group that holds it; each counted once).",
    explanation: "Fewer than two holders risks losing control of the tenant; more than eight widens the attack surface of its most powerful role.",
    remediation: "Add or remove eligible principals of the Global Administrator JitRole, or break-glass accounts, until 2 to 8 remain. Use finer-grained roles for everyone else (MS.AAD.7.2).",
    rule: globalAdministratorCount,
  },
  {
    id: "PAC-GA-GROUP",
    level: "warning",
    baseline: `${SCUBA} MS.AAD.7.1`,
    message: "A group holding Global Administrator counts as one principal; its members are not counted.",
    explanation: "SCuBA counts the members of groups that hold Global Administrator; the stack cannot see group membership at synth.",
    remediation: "Make users eligible directly, or check the group's size against the 2 to 8 limit yourself and suppress with the count as the reason.",
    rule: globalAdministratorGroup,
  },
  {
    id: "PAC-PERMANENT-ACTIVE",
    level: "error",
    baseline: `${SCUBA} MS.AAD.7.4`,
    message: "No permanent active assignment of a highly privileged role, except break-glass accounts.",
    explanation: "A standing assignment gives a compromised account the role at any time; eligibility plus activation limits the exposure to the activation window.",
    remediation: "Give active assignments an expiry (`expires`), make the principal eligible instead, or model an emergency account as a BreakGlassAccount.",
    rule: permanentActiveAssignment,
  },
  {
    id: "PAC-PIM-ONLY",
    level: "error",
    baseline: `${SCUBA} MS.AAD.7.5`,
    message: "Highly privileged roles are provisioned only through PIM (JitRole), not by raw directory role grants.",
    explanation: "A role assigned outside PIM bypasses its eligibility, approval, justification and alerts.",
    remediation: "Replace the raw azuread_directory_role_assignment (or directory_role_member, or Graph role assignment) with a JitRole eligibility.",
    rule: pimOnly,
  },
  {
    id: "PAC-PRIVILEGE-PATH",
    level: "error",
    baseline: `${SCUBA} MS.AAD.7.5`,
    message: "No resource beside the constructs opens a standing way into privileged access (group membership, Azure access roles at a management group or root, role-granting Graph application permissions).",
    explanation:
      "Attackers follow paths, not role assignments: a member added to a role-holding group, an Owner of a management group or an application with RoleManagement.ReadWrite.Directory holds the power without PIM's eligibility, approval and alerts.",
    remediation: "Make the principal eligible through a JitRole (group membership through PIM for Groups, Azure roles through azurerm PIM), or remove the permission; suppress only with the compensating control.",
    rule: privilegePath,
  },
  {
    id: "PAC-GA-APPROVAL",
    level: "error",
    baseline: `${SCUBA} MS.AAD.7.6`,
    message: "Activation of Global Administrator requires approval.",
    explanation: "Approval puts a second person between stolen credentials and the tenant's most powerful role.",
    remediation: "Set `settings.activation.requireApproval` (the highlyPrivileged preset does) and name approvers.",
    rule: globalAdministratorApproval,
  },
  {
    id: "PAC-TIER0-APPROVAL",
    level: "warning",
    baseline: PIM_PLAN,
    message: "Activation of every other tier-0 role (Entra, Azure Owner, User Access Administrator and RBAC Administrator at a management group, tier-0 PIM groups) requires approval.",
    explanation: "Tier-0 roles control the tenant or an Azure estate; approval puts a second person between stolen credentials and them, as SCuBA asks for Global Administrator.",
    remediation: "Set `settings.activation.requireApproval` (the highlyPrivileged preset does) and name approvers, or suppress with the compensating control.",
    rule: tierZeroApproval,
  },
  {
    id: "PAC-ACTIVATION-MFA",
    level: "error",
    baseline: "Microsoft Entra: Configure PIM role settings (authentication context)",
    message: "Activation of a tier-0 role requires MFA, or an authentication context that an enabled Conditional Access policy enforces for every eligible principal.",
    explanation:
      "Microsoft's PIM settings: the authentication context is not enforced while its Conditional Access policy is off, report-only, or excludes an eligible user; an activation that requires the context instead of MFA then requires nothing.",
    remediation:
      "Keep activation.requireMfa, or enforce the context's policy (AdminWorkstationPolicy state: enabled; JitRoles that name its authenticationContext keep MFA until then) for all users, all sign-ins and no eligible principal excluded.",
    rule: activationMfa,
  },
  {
    id: "PAC-APPROVER-SELF",
    level: "error",
    baseline: `${SCUBA} MS.AAD.7.6`,
    message: "Approvers are not just the requestors: no approver group that is also eligible or holds the role, no single approver who is eligible, no approvers who are all eligible.",
    explanation: "Approval only helps if someone other than the requestor decides; a lone eligible approver cannot have their own requests approved at all.",
    remediation: "Name an approver group whose members are not eligible for the role, or more than one approver.",
    rule: approverNotRequestor,
  },
  {
    id: "PAC-APPROVER-BREAK-GLASS",
    level: "error",
    baseline: EMERGENCY,
    message: "No break-glass account approves role activations.",
    explanation: "Emergency access accounts sign in only in an emergency, and every sign-in alerts; an approver signs in whenever someone activates.",
    remediation: "Name people or an approver group in `settings.activation.approvers`, never a break-glass account.",
    rule: approverBreakGlass,
  },
  {
    id: "PAC-ALERT-ASSIGNMENT",
    level: "error",
    baseline: `${SCUBA} MS.AAD.7.7`,
    message: "Eligible and active assignments of highly privileged roles notify a monitored mailbox (additional recipients).",
    explanation: "An unexpected assignment of a highly privileged role is an early sign of compromise; the monitoring team must hear of it.",
    remediation: "Add additional recipients (e.g. the SOC mailbox) to settings.notifications.eligibleAssignment.admin and activeAssignment.admin, or to notifications.all; ScubaGear counts only additional recipients, not the default ones.",
    rule: assignmentAlerts,
  },
  {
    id: "PAC-REVIEW-TIER0",
    level: "warning",
    baseline: PIM_PLAN,
    message: "Every tier-0 role has a recurring access review of who holds it.",
    explanation: "Eligibility that nobody re-certifies accumulates; ISO 27001 and SOC 2 audits ask for periodic review of privileged access.",
    remediation: "Configure PrivilegedAccessReviews (tenant file: accessReviews) with a tier-0 cadence; for an Azure role, review it in PIM and suppress with the review's id as the reason.",
    rule: tierZeroReview,
  },
  {
    id: "PAC-ALERT-OUTSIDE-PIM",
    level: "warning",
    baseline: PIM_PLAN,
    message: "PIM's alert on roles assigned outside PIM is enabled when the stack manages privileged Entra roles.",
    explanation: "A role granted with a direct role assignment bypasses eligibility, approval and MFA on activation; PIM's own alert is how the tenant hears of it.",
    remediation: "Configure PimSecurityAlerts (tenant file: pimAlerts) and leave rolesAssignedOutsidePim enabled.",
    rule: outsidePimAlert,
  },
  {
    id: "PAC-ALERT-GA-ACTIVATION",
    level: "error",
    baseline: `${SCUBA} MS.AAD.7.8`,
    message: "Activation of Global Administrator notifies a monitored mailbox (additional recipients).",
    explanation: "Global Administrator activation is the event most worth watching: an attacker's activation looks like an admin's unless someone is told.",
    remediation: "Add additional recipients to settings.notifications.activation.admin (or notifications.all); ScubaGear counts only additional recipients.",
    rule: globalAdministratorActivationAlert,
  },
  {
    id: "PAC-ALERT-ACTIVATION",
    level: "warning",
    baseline: `${SCUBA} MS.AAD.7.9 (should)`,
    message: "Activation of other highly privileged roles notifies a monitored mailbox (additional recipients).",
    explanation: "Activation alerts let the monitoring team spot misuse of highly privileged roles; SCuBA makes this a should because of the alert volume.",
    remediation: "Add additional recipients to settings.notifications.activation.admin (or notifications.all); ScubaGear counts only additional recipients.",
    rule: activationAlert,
  },
  {
    id: "PAC-MFA-PHISHING-RESISTANT",
    level: "error",
    baseline: `${SCUBA} MS.AAD.3.6`,
    message: "Every highly privileged role the stack manages is covered by an enabled Conditional Access policy requiring phishing-resistant MFA for all apps.",
    explanation: "Passwords and phishable MFA (SMS, push) are how admin accounts are taken over; a phishing-resistant strength (passkeys, Windows Hello, certificates) stops that.",
    remediation: "Add an AdminWorkstationPolicy (or a policy) that includes the role, all cloud apps and the built-in phishing-resistant authentication strength, and enforce it.",
    rule: phishingResistantMfa,
  },
  {
    id: "PAC-MFA-REPORT-ONLY",
    level: "warning",
    baseline: `${SCUBA} MS.AAD.3.6`,
    message: "The policy requiring phishing-resistant MFA for a highly privileged role is report-only.",
    explanation: "Report-only policies only log what they would do: the requirement is not enforced yet.",
    remediation: "Review the policy's sign-in log results, then set its state to enabled.",
    rule: phishingResistantMfaReportOnly,
  },
  {
    id: "PAC-LEGACY-AUTH",
    level: "error",
    baseline: `${SCUBA} MS.AAD.1.1`,
    message: "Legacy authentication is blocked by an enabled Conditional Access policy for all users, or at least for every highly privileged role the stack manages.",
    explanation: "Legacy protocols (Exchange ActiveSync, IMAP, POP, SMTP AUTH) cannot do MFA, so they bypass every other sign-in control. SCuBA asks for all users.",
    remediation: "Add a policy that blocks client app types exchangeActiveSync and other for all users (excluding break-glass accounts) and all cloud apps, and enforce it.",
    rule: legacyAuthentication,
  },
  {
    id: "PAC-LEGACY-AUTH-REPORT-ONLY",
    level: "warning",
    baseline: `${SCUBA} MS.AAD.1.1`,
    message: "The policy blocking legacy authentication for a highly privileged role is report-only.",
    explanation: "Report-only policies only log what they would do: legacy authentication is still allowed.",
    remediation: "Review the policy's sign-in log results, then set its state to enabled.",
    rule: legacyAuthenticationReportOnly,
  },
  {
    id: "PAC-CA-ROLE-OUTSIDE",
    level: "warning",
    baseline: `${SCUBA} MS.AAD.3.6`,
    message: "Every privileged Entra role the stack makes eligible is protected by its AdminWorkstationPolicy.",
    explanation: "A role left out of the admin Conditional Access is activated and used from any device and location, without the phishing-resistant strength.",
    remediation: "Leave AdminWorkstationPolicy `roles` at its default (every privileged role of the stack) or add the role to it.",
    rule: roleOutsideAdminPolicy,
  },
  {
    id: "PAC-CA-BREAK-GLASS-EXCLUDED",
    level: "error",
    baseline: CA_EXCLUSIONS,
    message: "Every Conditional Access policy excludes at least one break-glass account, the one that targets them too.",
    explanation: "A misconfigured policy can lock every administrator out; an excluded emergency account is the way back in.",
    remediation: "Exclude the break-glass accounts (BreakGlassRegistry.of(this).excludedUserIds(); AdminWorkstationPolicy does this) in excluded_users; a policy that targets them leaves one out and excludes it (BreakGlassSignInPolicy `exemptAccount` does this).",
    rule: conditionalAccessExcludesBreakGlass,
  },
  {
    id: "PAC-CA-BREAK-GLASS-COMMON",
    level: "error",
    baseline: "Maester MT.1005",
    message: "One break-glass account (or a group holding one) is excluded from every Conditional Access policy.",
    explanation: "If each policy excludes a different account, no emergency account can sign in past all of them; Maester's MT.1005 requires one account excluded everywhere.",
    remediation: "Exclude the same break-glass account from every policy (BreakGlassRegistry.of(this).excludedUserIds() excludes all of them; AdminWorkstationPolicy does this).",
    rule: commonBreakGlassExclusion,
  },
  {
    id: "PAC-CA-BREAK-GLASS-DECOMMISSIONED",
    level: "error",
    baseline: EMERGENCY,
    message: "No Conditional Access policy still excludes a decommissioned break-glass account.",
    explanation: "Decommissioning forgets the account without deleting it: it keeps Global Administrator in the tenant, and an exclusion left behind lets it sign in past the policy with no sign-in alert.",
    remediation: "Remove the account from the policy's exclusions (AdminWorkstationPolicy `excluded`, excluded_users), and delete or disable it in the tenant.",
    rule: decommissionedBreakGlassExcluded,
  },
  {
    id: "PAC-CA-LOCKOUT",
    level: "error",
    baseline: CA_EXCLUSIONS,
    message: "An enabled policy that blocks or requires a control for all users, Global Administrators, or a group or users that include a break-glass account excludes every break-glass account.",
    explanation: "Such a policy applies to the break-glass accounts themselves: one mistake in it (a broken device filter, a missing location) locks out the accounts meant to repair it.",
    remediation: "Add every break-glass account to excluded_users (BreakGlassRegistry.of(this).excludedUserIds()).",
    rule: conditionalAccessLockout,
  },
  {
    id: "PAC-BREAK-GLASS-COUNT",
    level: "error",
    baseline: EMERGENCY,
    message: "The stack has at least two break-glass accounts.",
    explanation: "Microsoft recommends two or more emergency access accounts so that losing one credential does not leave the tenant without a way in.",
    remediation: "Add BreakGlassAccount constructs until there are two (cloud-only, `*.onmicrosoft.com`).",
    rule: breakGlassCount,
  },
  {
    id: "PAC-BREAK-GLASS-ALERT",
    level: "error",
    baseline: EMERGENCY,
    message: "Every break-glass account has a sign-in alert.",
    explanation: "Emergency accounts are used only in emergencies; any sign-in must reach the administrators at once.",
    remediation: "Configure BreakGlassAccount.configureAlerting(stack, { ... }) (a Log Analytics query on SigninLogs with an action group).",
    rule: breakGlassAlert,
  },
  {
    id: "PAC-ACTIVATION-DURATION",
    level: "warning",
    baseline: PIM_PLAN,
    message: "Activation of a tier-0 role lasts at most as long as the highlyPrivileged preset allows.",
    explanation: "The shorter the activation of a control-plane role, the shorter a hijacked session holds it.",
    remediation: "Lower `settings.activation.maximumDuration` to the highlyPrivileged preset's value or less.",
    rule: activationDuration,
  },
  {
    id: "PAC-ELIGIBLE-EXPIRY",
    level: "warning",
    baseline: PIM_PLAN,
    message: "Eligible assignments of highly privileged roles expire.",
    explanation: "Eligibility that never ends outlives the job it was granted for; an expiry forces a renewal decision.",
    remediation: 'Give eligible principals `expires` (e.g. "P180D"); direct Entra delivery cannot expire in azuread 3.x, use delivery: "group".',
    rule: eligibleExpiry,
  },
]);

/** The id of the finding recorded when a rule throws (the pack fails closed). */
export const RULE_ERROR_ID = "PAC-RULE-ERROR";

/** The finding recorded when a rule throws on a construct: an error, whatever the rule's level. */
export const RULE_ERROR: RuleInfo = Object.freeze({
  id: RULE_ERROR_ID,
  level: "error",
  baseline: "PrivilegedAccessChecks (fails closed)",
  message: "A rule could not evaluate this construct.",
  explanation: "A rule that cannot decide must not pass silently: the construct may be non-compliant.",
  remediation: "Read the error in the finding; fix the input it names, or report the rule's bug. Suppress only with the reason the construct is known compliant.",
});
