import type { ITerraformDependable } from "cdktf";
import { ValidationError, describeValue, expected } from "../errors";
import { PrincipalInput, PrincipalRef, assertUnique, byKey, principal } from "../principals";
import { AssignmentDuration, activationDuration, assignmentDuration } from "./durations";

/**
 * The provider-neutral model of a PIM role management policy: all 17 rules of Microsoft Graph's
 * `unifiedRoleManagementPolicy`, in the user's words. One model, three renderers (Graph rule
 * bodies, `azuread_group_role_management_policy`, `azurerm_role_management_policy`).
 */

/** Notification levels the policy providers accept (`notification_level`: All or Critical). */
export type NotificationLevel = "All" | "Critical";
export const NOTIFICATION_LEVELS: readonly NotificationLevel[] = ["All", "Critical"];

/** Maximum additional recipients per notification rule (Graph limit). */
export const MAX_NOTIFICATION_RECIPIENTS = 1000;

/** Something that carries an authentication context claim value (an AdminWorkstationPolicy's context). */
export interface AuthenticationContextRef {
  /** The claim value, `c1`..`c99`. */
  readonly claimValue: string;
  /**
   * The resource that creates the context in the tenant: policies that require the context
   * depend on it, so the first apply creates the context before Graph is asked to require it.
   */
  readonly dependency?: ITerraformDependable;
  /**
   * Whether the Conditional Access policy that targets the context is enforced. `false` (it is
   * report-only or off): activation keeps requiring MFA and requires the context only once the
   * policy is enforced, because Microsoft's PIM settings page says the context "isn't triggered if
   * the Conditional Access policy is turned off, is in report-only mode" and Entra refuses MFA and
   * a context on one rule. AdminWorkstationPolicy sets it from its `state`.
   * @default true
   */
  readonly enforced?: boolean;
}

/** One notification rule: who is e-mailed, at what level. */
export interface NotificationSetting {
  readonly level: NotificationLevel;
  /** Whether the default recipients (admins, the assignee, the approvers) get the mail. */
  readonly defaultRecipients: boolean;
  /** Additional e-mail addresses, sorted. */
  readonly additionalRecipients: readonly string[];
}

/** The three audiences of a PIM event. Graph calls them Admin, Requestor and Approver. */
export interface NotificationAudiences {
  readonly admin: NotificationSetting;
  readonly assignee: NotificationSetting;
  readonly approver: NotificationSetting;
}

/** The fully resolved settings of a role (every rule has a value). */
export interface RoleSettingsSpec {
  readonly activation: {
    /** Longest activation, canonical ISO 8601 (`PT1H`). */
    readonly maximumDuration: string;
    readonly requireMfa: boolean;
    readonly requireJustification: boolean;
    readonly requireTicket: boolean;
    /** Conditional Access authentication context claim value required on activation (`c1`..`c99`). */
    readonly authenticationContext?: string;
    /**
     * A context asked for whose Conditional Access policy is not enforced yet: activation requires
     * MFA instead, and requires this context once the policy is enforced (AuthenticationContextRef.enforced).
     */
    readonly pendingAuthenticationContext?: string;
    readonly requireApproval: boolean;
    /** Approvers, sorted by key. */
    readonly approvers: readonly PrincipalRef[];
  };
  readonly eligibleAssignment: {
    readonly expirationRequired: boolean;
    readonly maximumDuration: AssignmentDuration;
  };
  readonly activeAssignment: {
    readonly expirationRequired: boolean;
    readonly maximumDuration: AssignmentDuration;
    readonly requireMfa: boolean;
    readonly requireJustification: boolean;
    readonly requireTicket: boolean;
  };
  readonly notifications: {
    /** When someone is made eligible (Graph `*_Admin_Eligibility`). */
    readonly eligibleAssignment: NotificationAudiences;
    /** When someone is given an active assignment (Graph `*_Admin_Assignment`). */
    readonly activeAssignment: NotificationAudiences;
    /** When an eligible principal activates (Graph `*_EndUser_Assignment`). */
    readonly activation: NotificationAudiences;
  };
}

/** Overrides of one notification rule. */
export interface NotificationSettingProps {
  readonly level?: NotificationLevel;
  readonly defaultRecipients?: boolean;
  readonly additionalRecipients?: readonly string[];
}

export interface NotificationAudiencesProps {
  readonly admin?: NotificationSettingProps;
  readonly assignee?: NotificationSettingProps;
  readonly approver?: NotificationSettingProps;
}

/**
 * Field-by-field overrides of a preset. Every field is optional: what is not given keeps the
 * preset's value.
 */
export interface RoleSettingsProps {
  readonly activation?: {
    /** @default - the preset's (highlyPrivileged PT1H, privileged PT4H, standard PT8H) */
    readonly maximumDuration?: string;
    readonly requireMfa?: boolean;
    readonly requireJustification?: boolean;
    readonly requireTicket?: boolean;
    /**
     * Require a Conditional Access authentication context on activation: an AdminWorkstationPolicy's
     * `authenticationContext` (preferred) or a claim value `c1`..`c99`. Replaces `requireMfa`
     * (Entra refuses both): when given, `requireMfa` defaults to false.
     */
    readonly authenticationContext?: string | AuthenticationContextRef;
    readonly requireApproval?: boolean;
    /** Users or groups that approve activation. Required when approval is. */
    readonly approvers?: readonly PrincipalInput[];
  };
  readonly eligibleAssignment?: {
    readonly expirationRequired?: boolean;
    readonly maximumDuration?: AssignmentDuration;
  };
  readonly activeAssignment?: {
    readonly expirationRequired?: boolean;
    readonly maximumDuration?: AssignmentDuration;
    readonly requireMfa?: boolean;
    readonly requireJustification?: boolean;
    readonly requireTicket?: boolean;
  };
  readonly notifications?: {
    /** Applied to all nine rules first, then the specific ones below. */
    readonly all?: NotificationSettingProps;
    readonly eligibleAssignment?: NotificationAudiencesProps;
    readonly activeAssignment?: NotificationAudiencesProps;
    readonly activation?: NotificationAudiencesProps;
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** RFC 5321: a forward path is at most 256 octets, so an address at most 254 characters. Checked before EMAIL, which backtracks quadratically on long runs of dots. */
const MAX_EMAIL = 254;
const CLAIM = /^c([1-9]|[1-9][0-9])$/;
const EVENTS = ["eligibleAssignment", "activeAssignment", "activation"] as const;
const AUDIENCES = ["admin", "assignee", "approver"] as const;

/**
 * Checks that an override section is an object with known keys only: a misspelt key
 * (`requireAproval`) would otherwise be ignored silently and weaken the policy.
 */
function section<T extends object>(value: T | undefined, field: string, keys: readonly string[], context?: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ValidationError(field, expected(`an object with ${keys.join(", ")}`, value), context);
  }
  const unknown = Object.keys(value).find((k) => !keys.includes(k));
  if (unknown !== undefined) {
    throw new ValidationError(`${field}.${unknown}`.replace(/^\./, ""), `is not a known field; allowed: ${keys.join(", ")}`, context);
  }
  return value;
}

const PROPS_KEYS = ["activation", "eligibleAssignment", "activeAssignment", "notifications"];
const ACTIVATION_KEYS = ["maximumDuration", "requireMfa", "requireJustification", "requireTicket", "authenticationContext", "requireApproval", "approvers"];
const ELIGIBLE_KEYS = ["expirationRequired", "maximumDuration"];
const ACTIVE_KEYS = ["expirationRequired", "maximumDuration", "requireMfa", "requireJustification", "requireTicket"];
const NOTIFICATIONS_KEYS = ["all", ...EVENTS];
const NOTIFICATION_KEYS = ["level", "defaultRecipients", "additionalRecipients"];
const APPROVER_KEYS = ["user", "group", "servicePrincipal"];

function bool(value: unknown, field: string, context?: string): boolean {
  if (typeof value !== "boolean") throw new ValidationError(field, expected("true or false", value), context);
  return value;
}

/** Validates a claim value `c1`..`c99`. */
export function claimValue(value: unknown, field: string, context?: string): string {
  if (typeof value !== "string" || !CLAIM.test(value)) {
    throw new ValidationError(field, expected('an authentication context claim value "c1".."c99"', value), context);
  }
  return value;
}

function notification(base: NotificationSetting, props: NotificationSettingProps | undefined, field: string, context?: string): NotificationSetting {
  if (props === undefined) return base;
  section(props, field, NOTIFICATION_KEYS, context);
  const level = props.level ?? base.level;
  if (!NOTIFICATION_LEVELS.includes(level)) {
    throw new ValidationError(`${field}.level`, expected(`one of ${NOTIFICATION_LEVELS.join(", ")}`, level), context);
  }
  const recipients = props.additionalRecipients ?? base.additionalRecipients;
  if (!Array.isArray(recipients)) throw new ValidationError(`${field}.additionalRecipients`, expected("a list of e-mail addresses", recipients), context);
  if (recipients.length > MAX_NOTIFICATION_RECIPIENTS) {
    throw new ValidationError(`${field}.additionalRecipients`, `must have at most ${MAX_NOTIFICATION_RECIPIENTS} recipients, got ${recipients.length}`, context);
  }
  const normalized = Array.from(recipients as readonly unknown[], (r, i) => {
    if (typeof r !== "string" || r.trim().length > MAX_EMAIL || !EMAIL.test(r.trim())) {
      throw new ValidationError(`${field}.additionalRecipients[${i}]`, expected("an e-mail address", r), context);
    }
    return r.trim().toLowerCase();
  });
  if (new Set(normalized).size !== normalized.length) {
    const dup = normalized.find((r, i) => normalized.indexOf(r) !== i);
    throw new ValidationError(`${field}.additionalRecipients`, `lists ${describeValue(dup)} more than once; each address may appear once (compared without case)`, context);
  }
  return {
    level,
    defaultRecipients: bool(props.defaultRecipients ?? base.defaultRecipients, `${field}.defaultRecipients`, context),
    additionalRecipients: [...normalized].sort(),
  };
}

/**
 * Merges overrides onto a base spec and validates the result. Errors name the field, the
 * value and what is allowed; `context` (a role name) prefixes them.
 */
export function resolveSettings(base: RoleSettingsSpec, props: RoleSettingsProps = {}, context?: string): RoleSettingsSpec {
  if (typeof props !== "object" || props === null || Array.isArray(props)) throw new ValidationError("settings", expected("an object", props), context);
  section(props, "", PROPS_KEYS, context);
  const a = section(props.activation, "activation", ACTIVATION_KEYS, context) ?? {};
  const authContextInput = a.authenticationContext;
  const askedContext =
    authContextInput === undefined
      ? undefined
      : claimValue(
          typeof authContextInput === "object" && authContextInput !== null && authContextInput.claimValue !== undefined ? authContextInput.claimValue : authContextInput,
          "activation.authenticationContext",
          context,
        );
  // A context whose policy is report-only or off protects nothing: keep MFA until it is enforced.
  const deferred = askedContext !== undefined && typeof authContextInput === "object" && authContextInput !== null && authContextInput.enforced === false;
  const authenticationContext = authContextInput === undefined ? base.activation.authenticationContext : deferred ? undefined : askedContext;
  const pendingAuthenticationContext = authContextInput === undefined ? base.activation.pendingAuthenticationContext : deferred ? askedContext : undefined;
  // An authentication context replaces MFA on activation: Entra refuses a policy with both.
  const requireMfa = bool(
    a.requireMfa ?? (authContextInput !== undefined && !deferred ? false : base.activation.requireMfa || deferred),
    "activation.requireMfa",
    context,
  );
  if (requireMfa && authenticationContext !== undefined) {
    throw new ValidationError(
      "activation.requireMfa",
      `cannot be true together with activation.authenticationContext ${describeValue(authenticationContext)}: Entra refuses both; the authentication context's Conditional Access policy should require the authentication strength instead`,
      context,
    );
  }
  const approvers =
    a.approvers === undefined
      ? base.activation.approvers
      : (() => {
          if (!Array.isArray(a.approvers)) throw new ValidationError("activation.approvers", expected("a list of { user } or { group }", a.approvers), context);
          // Array.from visits the holes of a sparse list (map skips them).
          const refs = Array.from(a.approvers as readonly unknown[], (p: unknown, i: number) => {
            const ref = principal(p, `activation.approvers[${i}]`, context, ["user", "group"]);
            section(p as object, `activation.approvers[${i}]`, APPROVER_KEYS, context);
            return ref;
          });
          assertUnique(refs, "activation.approvers", context);
          return [...refs].sort(byKey);
        })();
  const requireApproval = bool(a.requireApproval ?? base.activation.requireApproval, "activation.requireApproval", context);
  if (requireApproval && approvers.length === 0) {
    throw new ValidationError(
      "activation.approvers",
      "approval is required but no approvers are given; add at least one user or group ({ user: ... } or { group: ... }), or set activation.requireApproval: false",
      context,
    );
  }
  const e = section(props.eligibleAssignment, "eligibleAssignment", ELIGIBLE_KEYS, context) ?? {};
  const act = section(props.activeAssignment, "activeAssignment", ACTIVE_KEYS, context) ?? {};
  const n = section(props.notifications, "notifications", NOTIFICATIONS_KEYS, context) ?? {};
  for (const event of EVENTS) section(n[event], `notifications.${event}`, AUDIENCES, context);
  const notifications = Object.fromEntries(
    EVENTS.map((event) => [
      event,
      Object.fromEntries(
        AUDIENCES.map((aud) => {
          const field = `notifications.${event}.${aud}`;
          const withAll = notification(base.notifications[event][aud], n.all, "notifications.all", context);
          return [aud, notification(withAll, n[event]?.[aud], field, context)];
        }),
      ),
    ]),
  ) as unknown as RoleSettingsSpec["notifications"];

  return {
    activation: {
      maximumDuration: activationDuration(a.maximumDuration ?? base.activation.maximumDuration, "activation.maximumDuration", context),
      requireMfa,
      requireJustification: bool(a.requireJustification ?? base.activation.requireJustification, "activation.requireJustification", context),
      requireTicket: bool(a.requireTicket ?? base.activation.requireTicket, "activation.requireTicket", context),
      ...(authenticationContext !== undefined ? { authenticationContext } : {}),
      ...(pendingAuthenticationContext !== undefined ? { pendingAuthenticationContext } : {}),
      requireApproval,
      approvers,
    },
    eligibleAssignment: {
      expirationRequired: bool(e.expirationRequired ?? base.eligibleAssignment.expirationRequired, "eligibleAssignment.expirationRequired", context),
      maximumDuration: assignmentDuration(e.maximumDuration ?? base.eligibleAssignment.maximumDuration, "eligibleAssignment.maximumDuration", context),
    },
    activeAssignment: {
      expirationRequired: bool(act.expirationRequired ?? base.activeAssignment.expirationRequired, "activeAssignment.expirationRequired", context),
      maximumDuration: assignmentDuration(act.maximumDuration ?? base.activeAssignment.maximumDuration, "activeAssignment.maximumDuration", context),
      requireMfa: bool(act.requireMfa ?? base.activeAssignment.requireMfa, "activeAssignment.requireMfa", context),
      requireJustification: bool(act.requireJustification ?? base.activeAssignment.requireJustification, "activeAssignment.requireJustification", context),
      requireTicket: bool(act.requireTicket ?? base.activeAssignment.requireTicket, "activeAssignment.requireTicket", context),
    },
    notifications,
  };
}

/** Names of the notification events and audiences, for renderers that iterate them. */
export const NOTIFICATION_EVENTS = EVENTS;
export const NOTIFICATION_AUDIENCES = AUDIENCES;
