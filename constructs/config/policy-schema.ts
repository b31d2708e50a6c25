import { z } from "zod";
import { AUTHENTICATION_STRENGTHS, ENTRA_ROLES } from "../catalog";
import { AUTHENTICATION_METHOD_MODES, DEFAULT_PAW_DEVICE_FILTER, DEFAULT_SIGN_IN_FREQUENCY_HOURS } from "../admin-workstation-policy";
import { flag, text } from "./zod-helpers";

/**
 * The `breakGlass:` and `adminWorkstation:` sections, in the words of BreakGlassAccountProps,
 * BreakGlassAlertingProps, BreakGlassSignInPolicyProps and AdminWorkstationPolicyProps. The
 * constructs validate the values (UPN domain, workspace ids, device filter syntax, CIDR ranges,
 * country codes); their errors are reported at these paths.
 */

const STATES = ["enabled", "disabled", "enabledForReportingButNotEnforced"] as const;
const stateSchema = (what: string) =>
  z.enum(STATES).meta({ description: `${what} State of the Conditional Access policy. Default: enabledForReportingButNotEnforced (report-only).` });

const accountSchema = z
  .strictObject({
    userPrincipalName: text(
      "On the tenant's *.onmicrosoft.com domain, e.g. bg-01@contoso.onmicrosoft.com. It names the Terraform addresses: changing it plans a replacement, which prevent_destroy refuses.",
    ),
    displayName: text("Display name in the directory. Default: the UPN's username part.").optional(),
    usageLocation: text("Two-letter ISO 3166 country code, needed only if a licence is ever assigned. Default: not set.").optional(),
    previousUserPrincipalName: text(
      "The UPN before a rename: writes moved blocks from the old addresses so Terraform updates the user in place. Keep it until every environment has applied the rename. Default: not renamed.",
    ).optional(),
    allowNonOnmicrosoftDomain: flag("Accept a UPN outside *.onmicrosoft.com deliberately (e.g. a sovereign cloud). Default: false.").optional(),
    decommissioned: flag(
      "Stop managing the account without deleting it (Terraform removed blocks, Terraform >= 1.7). Drop the entry after the next apply. Default: false.",
    ).optional(),
  })
  .meta({ description: "An emergency access account: cloud-only, permanent active Global Administrator, excluded from every Conditional Access policy of the stack." });

const alertingSchema = z
  .strictObject({
    logAnalyticsWorkspaceId: text(
      "Resource id of the Log Analytics workspace that receives the Entra sign-in logs (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>).",
    ),
    resourceGroupName: text("Resource group of the alert rule (and of the created action group)."),
    location: text("Azure region of the alert rule: the workspace's region, e.g. westeurope."),
    emails: z.array(z.string()).meta({ description: "E-mail addresses notified on every break-glass sign-in. Default: none." }).optional(),
    sms: z
      .array(
        z.strictObject({
          countryCode: text('Country calling code without +, e.g. "1" or "44".'),
          phoneNumber: text("Phone number without the country code, digits only."),
        }),
      )
      .meta({ description: "SMS receivers. Default: none." })
      .optional(),
    webhooks: z
      .array(z.strictObject({ name: text("Receiver name, unique (keep it stable)."), serviceUri: text("HTTPS endpoint.") }))
      .meta({ description: "Webhook receivers (e.g. the SOC's incident tool). Default: none." })
      .optional(),
    actionGroupId: text("An existing action group to notify instead of creating one; not with emails, sms or webhooks. Default: an action group is created.").optional(),
    sendEntraLogsToWorkspace: flag("Also create the Entra diagnostic setting that sends SignInLogs and AuditLogs to the workspace. Default: false.").optional(),
    name: text('Name of the alert rule and the created action group. Default: "break-glass-sign-in".').optional(),
  })
  .meta({ description: "The stack's sign-in alert on every break-glass account (Log Analytics scheduled query on SigninLogs + action group)." });

export const breakGlassSchema = z
  .strictObject({
    accounts: z
      .array(accountSchema)
      .meta({ description: "The emergency access accounts. Microsoft recommends two or more. Each is keyed by its UPN: reordering never replaces one." }),
    alerting: alertingSchema.optional(),
    requirePhishingResistantSignIn: z
      .union([
        z.boolean(),
        z.strictObject({
          state: stateSchema("Enforce only after every account has a phishing-resistant credential registered and a drill used it.").optional(),
          exemptAccount: text(
            "UPN of the account the policy leaves out and excludes, so one account stays outside every Conditional Access policy (Maester MT.1005). Default: the first account by UPN.",
          ).optional(),
        }),
      ])
      .meta({
        description:
          "The one Conditional Access policy that targets the break-glass accounts but one: phishing-resistant MFA for all applications. Either true (report-only), { state, exemptAccount }, or false. Default: false (no policy).",
      })
      .optional(),
  })
  .meta({ description: "Break-glass (emergency access) accounts and their sign-in alerting." });

const customStrengthSchema = z.strictObject({
  displayName: text("At most 30 characters."),
  allowedCombinations: z
    .array(z.string())
    .meta({ description: `Method combinations, e.g. ["fido2", "windowsHelloForBusiness"]. Methods: ${AUTHENTICATION_METHOD_MODES.join(", ")}.` }),
  description: text('Default: "Managed as code".').optional(),
});

const locationSchema = z
  .strictObject({
    name: text("Display name of the named location to create.").optional(),
    ipRanges: z.array(z.string()).meta({ description: "IPv4/IPv6 CIDR ranges, prefix /8 or longer." }).optional(),
    trusted: flag("IP locations: mark the named location trusted. Default: false.").optional(),
    countries: z.array(z.string()).meta({ description: "ISO 3166-1 alpha-2 country codes." }).optional(),
    includeUnknownCountries: flag("Country locations: count addresses that map to no country as inside. Default: false.").optional(),
    namedLocationId: text("Object id of an existing named location.").optional(),
  })
  .meta({
    description: "One of { name, ipRanges, trusted? }, { name, countries, includeUnknownCountries? } or { namedLocationId }.",
    oneOf: [{ required: ["ipRanges"] }, { required: ["countries"] }, { required: ["namedLocationId"] }],
  });

export const adminWorkstationSchema = z
  .strictObject({
    roles: z
      .array(text("An Entra built-in role by display name or template id.").meta({ examples: ENTRA_ROLES.map((r) => r.displayName) }))
      .meta({
        description:
          "The Entra built-in roles the policies protect. Default: every privileged Entra role of roles:, Global Administrator when there are break-glass accounts, and Microsoft's 15 admin template roles.",
      })
      .optional(),
    includeMicrosoftAdminRoles: flag("Default role set only: add the 15 roles of Microsoft's admin templates. Default: true.").optional(),
    state: stateSchema("").optional(),
    allowEnforceWithoutBreakGlass: flag("Allow state: enabled without a break-glass account. Default: false.").optional(),
    excluded: z
      .array(
        z
          .strictObject({ user: text("UPN or object id.").optional(), group: text("Display name (without ') or object id.").optional() })
          .meta({ oneOf: [{ required: ["user"] }, { required: ["group"] }] }),
      )
      .meta({ description: "Users or groups excluded from every policy, in addition to the break-glass accounts. Default: none." })
      .optional(),
    displayNamePrefix: text('Prefix of the policies\' display names. Default: "PAC".').optional(),
    authenticationStrength: z
      .union([z.literal(false), z.string().meta({ examples: AUTHENTICATION_STRENGTHS.map((s) => s.name) }), customStrengthSchema])
      .meta({ description: "A built-in strength by name or id, a custom one { displayName, allowedCombinations }, or false. Default: Phishing-resistant MFA." })
      .optional(),
    compliantDevice: z
      .union([z.literal(false), z.enum(["compliantOrHybridJoined", "compliant"])])
      .meta({ description: "Require a managed device, or false. Default: compliantOrHybridJoined." })
      .optional(),
    privilegedWorkstation: z
      .union([z.literal(false), z.string()])
      .meta({ description: `Device filter rule matching your privileged access workstations (every other device is blocked), or false. Default: ${DEFAULT_PAW_DEVICE_FILTER}` })
      .optional(),
    allowedLocations: z
      .union([z.literal(false), z.array(locationSchema)])
      .meta({ description: "Locations the roles may sign in from; everything else is blocked. Default: no location restriction." })
      .optional(),
    signInFrequencyHours: z
      .union([z.literal(false), z.number()])
      .meta({ description: `Reauthentication interval in hours (1-23), with persistent browser sessions off; or false. Default: ${DEFAULT_SIGN_IN_FREQUENCY_HOURS}.` })
      .optional(),
    blockLegacyAuthentication: flag("Block legacy authentication (Exchange ActiveSync and other clients). Default: true.").optional(),
    authenticationContext: z
      .union([
        z.literal(false),
        z.strictObject({
          claimValue: text('Claim value "c1".."c99". Default: "c1".').optional(),
          displayName: text('Default: "Privileged role activation".').optional(),
          description: text("Default: says which authentication strength the context requires.").optional(),
        }),
      ])
      .meta({
        description:
          "The authentication context PIM activation can require (roles[].settings.activation.authenticationContext), with a policy that requires the authentication strength; or false. Default: claim value c1.",
      })
      .optional(),
  })
  .meta({
    description:
      "The Conditional Access around privileged roles: one policy per control (after Microsoft's templates for administrators), report-only until state: enabled. Every policy excludes the break-glass accounts.",
  });

export type BreakGlassConfig = z.output<typeof breakGlassSchema>;
export type AdminWorkstationConfig = z.output<typeof adminWorkstationSchema>;

const durationText = (what: string) => text(`${what} ISO 8601 days or hours ("P30D", "PT12H"). Default: the tenant's value.`).regex(/^P(?:\d{1,4}D|T\d{1,4}H)$/, { message: 'must be an ISO 8601 duration in days or hours ("P30D", "PT12H")' });
const onOff = (description: string) => z.boolean().meta({ description: `${description} True enables it, false disables it. Default: enabled.` }).optional();
const alert = <T extends z.ZodRawShape>(description: string, settings: T) =>
  z.union([z.boolean(), z.strictObject(settings)]).meta({ description: `${description} True (or its settings) enables it, false disables it. Default: enabled.` }).optional();

export const pimAlertsSchema = z
  .strictObject({
    rolesAssignedOutsidePim: onOff("Roles assigned outside PIM (a direct role assignment)."),
    noMfaOnRoleActivation: onOff("Role activations that did not require MFA."),
    tooManyGlobalAdmins: alert("Too many Global Administrators.", {
      threshold: z.number().int().min(2).max(8).meta({ description: "Alert above this many Global Administrators: 2 to 8, the bound of PAC-GA-COUNT. Default: 8." }).optional(),
      percentage: z.number().int().min(1).max(100).meta({ description: "Alert when Global Administrators are more than this percentage of all role holders. Default: the tenant's value." }).optional(),
    }),
    staleSignIn: alert("Eligible or active principals that have not signed in for a while.", { duration: durationText("How long without a sign-in:").optional() }),
    redundantAssignment: alert("Assignments not activated for a while.", { duration: durationText("How long without an activation:").optional() }),
    sequentialActivationRenewals: alert("The same role activated again and again.", {
      threshold: z.number().int().min(2).max(100).meta({ description: "Activations within the interval that raise the alert. Default: the tenant's value." }).optional(),
      interval: durationText("The interval:").optional(),
    }),
    invalidLicense: onOff("Licences that do not cover PIM."),
  })
  .meta({ description: "PIM's security alerts for Entra roles (Microsoft Graph beta alertConfigurations). Every alert is enabled by default; give {} to configure them with their defaults." });

const cadence = (tier: string, fallback: string) =>
  z.enum(["monthly", "quarterly", "semiannual", "annual", "none"]).meta({ description: `How often ${tier} roles are reviewed. Default: ${fallback}.` }).optional();

export const accessReviewsSchema = z
  .strictObject({
    reviewers: z
      .union([z.literal("manager"), z.array(z.union([z.strictObject({ user: text("A reviewer: object id or UPN.") }), z.strictObject({ group: text("A group whose members review: object id or display name.") })])).min(1)])
      .meta({ description: 'Who reviews: users, groups (their members), or "manager" (the manager of each reviewed principal; needs fallbackReviewers).' }),
    fallbackReviewers: z
      .array(z.union([z.strictObject({ user: text("A fallback reviewer: object id or UPN.") }), z.strictObject({ group: text("A group whose members review: object id or display name.") })]))
      .min(1)
      .meta({ description: "Who reviews when a reviewer does not exist (a principal without a manager). Required with reviewers: manager." })
      .optional(),
    startDate: text("The day the first review starts, YYYY-MM-DD."),
    cadence: z
      .strictObject({ tier0: cadence("tier 0", "quarterly"), tier1: cadence("tier 1", "semiannual"), tier2: cadence("tier 2", "none") })
      .meta({ description: "Cadence per role tier." })
      .optional(),
    durationInDays: z.number().int().min(1).max(365).meta({ description: "Days each review stays open (it ends before the next starts). Default: 14." }).optional(),
    defaultDecision: z.enum(["Deny", "Approve", "Recommendation", "None"]).meta({ description: "What happens to access nobody reviewed. Default: Deny." }).optional(),
    autoApplyDecisions: flag("Apply the decisions when a review ends. Default: true.").optional(),
    recommendations: flag("Show reviewers Entra's recommendations. Default: true.").optional(),
  })
  .meta({ description: "Recurring access reviews of the roles' holders (Microsoft Graph v1.0 accessReviews), by tier. Azure roles cannot be reviewed as code here." });

export const activationMonitoringSchema = z
  .strictObject({
    workingHours: z
      .strictObject({
        start: z.number().int().min(0).max(23).meta({ description: "First working hour, 0-23. Default: 7." }).optional(),
        end: z.number().int().min(1).max(24).meta({ description: "Hour the working day ends (exclusive), 1-24. Default: 19." }).optional(),
        utcOffsetHours: z.number().int().min(-12).max(14).meta({ description: "Offset of the organisation's time from UTC, in hours. Default: 0." }).optional(),
        weekends: flag("Whether Saturday and Sunday are working days. Default: false.").optional(),
      })
      .meta({ description: "Activations of tier-0 roles outside these hours alert." })
      .optional(),
    allowedIpRanges: z.array(text("A CIDR range, IPv4 or IPv6.")).meta({ description: "Ranges activations are expected from; others alert. Default: any address." }).optional(),
    assignmentsOutsidePim: flag("Also alert on role assignments made outside PIM. Default: true.").optional(),
  })
  .meta({ description: "Log Analytics alerts on tier-0 PIM activations at unusual times or places and on roles assigned outside PIM, on the break-glass alerting's workspace and action group (needs breakGlass.alerting)." });
