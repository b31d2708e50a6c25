import {
  ASSIGNMENT_DURATIONS,
  GRAPH_RULE_IDS,
  AssignmentDuration,
  NOTIFICATION_AUDIENCES,
  NOTIFICATION_EVENTS,
  NotificationSetting,
  PRESET_NAMES,
  PresetName,
  RoleSettingsSpec,
  activationDuration,
  presetSpec,
} from "../settings";
import { SnapshotPrincipal } from "./snapshot";

/**
 * A PIM policy's 17 rules, as Graph (`@odata.type`, `userId`/`groupId` approvers) or ARM
 * (`ruleType`, `id` + `userType` approvers) returns them, turned back into the tenant file's
 * `settings`: the preset closest to the policy plus the fields that differ from it. The rule ids
 * are the same in both APIs ("unifiedRoleManagementPolicyRule" in Graph; "Role Management
 * Policies" in ARM).
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The tenant file's `settings` (a preset and RoleSettingsProps overrides) plus what could not be said. */
export interface ExportedSettings {
  readonly settings: Json;
  /** Values the tenant file cannot express, one sentence each (they take the preset's value). */
  readonly notes: readonly string[];
}

/** Approver, as the tenant file writes it. */
export type ExportedPrincipal = { user: string } | { group: string };

const EVENT_SUFFIX = { eligibleAssignment: "Admin_Eligibility", activeAssignment: "Admin_Assignment", activation: "EndUser_Assignment" } as const;
const AUDIENCE_RECIPIENT = { admin: "Admin", assignee: "Requestor", approver: "Approver" } as const;

/** The name a tenant file gives a principal: UPN or display name when known and unique, else the object id. */
export type NameOf = (id: string, type: "user" | "group") => string;

export function nameResolver(principals: Readonly<Record<string, SnapshotPrincipal>>): NameOf {
  // A display name shared by two groups would resolve to either at plan time: use the id then.
  const groupNames = new Map<string, number>();
  for (const p of Object.values(principals)) if (p.type === "group") groupNames.set(p.name.toLowerCase(), (groupNames.get(p.name.toLowerCase()) ?? 0) + 1);
  return (id, type) => {
    const p = principals[id.toLowerCase()];
    if (!p) return id.toLowerCase();
    if (type === "group" && ((groupNames.get(p.name.toLowerCase()) ?? 0) > 1 || p.name.includes("'"))) return p.id;
    return p.name;
  };
}

interface Parsed {
  readonly spec: RoleSettingsSpec;
  readonly notes: string[];
}

function enabled(rule: Json | undefined): string[] {
  return ((rule?.enabledRules ?? []) as unknown[]).map(String);
}

function approversOf(rule: Json | undefined, nameOf: NameOf, notes: string[]): ExportedPrincipal[] {
  const stages = (rule?.setting?.approvalStages ?? []) as Json[];
  if (stages.length > 1) notes.push(`activation approval has ${stages.length} stages in the tenant; the file writes one, with the first stage's approvers`);
  const stage = stages[0];
  const out: ExportedPrincipal[] = [];
  for (const a of (stage?.primaryApprovers ?? []) as Json[]) {
    const odata = String(a["@odata.type"] ?? "").toLowerCase();
    const userType = String(a.userType ?? "").toLowerCase();
    if (odata.endsWith("singleuser") || userType === "user") out.push({ user: nameOf(String(a.userId ?? a.id), "user") });
    else if (odata.endsWith("groupmembers") || userType === "group") out.push({ group: nameOf(String(a.groupId ?? a.id), "group") });
    else notes.push(`an approver of type ${JSON.stringify(a["@odata.type"] ?? a.userType)} is left out: the file names users and groups`);
  }
  if (stage?.isEscalationEnabled === true) notes.push("approval escalation is on in the tenant; the file turns it off");
  if (rule?.setting?.isApprovalRequiredForExtension === true) notes.push("approval for extension is required in the tenant; the file does not require it");
  return out.sort((x, y) => key(x).localeCompare(key(y)));
}

function key(p: ExportedPrincipal): string {
  return "user" in p ? `user:${p.user.toLowerCase()}` : `group:${p.group.toLowerCase()}`;
}

function assignment(value: unknown, field: string, fallback: AssignmentDuration, notes: string[]): AssignmentDuration {
  const v = String(value ?? "").toUpperCase();
  if ((ASSIGNMENT_DURATIONS as readonly string[]).includes(v)) return v as AssignmentDuration;
  if (value !== undefined && value !== null && value !== "") notes.push(`${field} is ${JSON.stringify(value)} in the tenant; the tenant file allows ${ASSIGNMENT_DURATIONS.join(", ")}, so it takes ${fallback}`);
  return fallback;
}

/** Parses the rules into a full spec, with approvers by name (kept aside: the spec holds refs). */
function parse(rules: readonly Json[], base: RoleSettingsSpec, nameOf: NameOf, allowContext: boolean): Parsed & { approvers: ExportedPrincipal[] } {
  const byId = new Map(rules.map((r) => [String(r.id), r]));
  const notes: string[] = [];
  const rule = (id: string) => byId.get(id);
  const endUser = enabled(rule("Enablement_EndUser_Assignment"));
  const adminAssignment = enabled(rule("Enablement_Admin_Assignment"));
  const approval = rule("Approval_EndUser_Assignment");
  const context = rule("AuthenticationContext_EndUser_Assignment");
  let maximumDuration = base.activation.maximumDuration;
  const asked = rule("Expiration_EndUser_Assignment")?.maximumDuration;
  if (asked !== undefined) {
    try {
      maximumDuration = activationDuration(String(asked), "activation.maximumDuration");
    } catch {
      notes.push(`activation.maximumDuration is ${JSON.stringify(asked)} in the tenant; the tenant file allows PT30M..PT23H30M in 30-minute steps or P1D, so it takes ${maximumDuration}`);
    }
  }
  const asksContext = context?.isEnabled === true && typeof context.claimValue === "string" && /^c([1-9]|[1-9][0-9])$/.test(context.claimValue);
  // The file requires a context only through adminWorkstation.authenticationContext (a construct
  // check): without it, activation requires MFA instead, the stricter reading.
  const claim = asksContext && allowContext ? (context.claimValue as string) : undefined;
  if (asksContext && !allowContext) notes.push(`activation requires authentication context ${context.claimValue} in the tenant; the file requires MFA instead until adminWorkstation.authenticationContext is set`);
  const notification = (id: string, fallback: NotificationSetting): NotificationSetting => {
    const r = rule(id);
    if (!r) return fallback;
    const level = String(r.notificationLevel ?? fallback.level);
    if (level !== "Critical" && level !== "All") notes.push(`${id} has notificationLevel ${JSON.stringify(level)} in the tenant; the file allows All or Critical, so it takes All`);
    return {
      level: level === "Critical" ? "Critical" : "All",
      defaultRecipients: r.isDefaultRecipientsEnabled !== false,
      additionalRecipients: [...new Set(((r.notificationRecipients ?? []) as unknown[]).map((x) => String(x).trim().toLowerCase()))].sort(),
    };
  };
  const notifications = Object.fromEntries(
    NOTIFICATION_EVENTS.map((event) => [
      event,
      Object.fromEntries(
        NOTIFICATION_AUDIENCES.map((aud) => [aud, notification(`Notification_${AUDIENCE_RECIPIENT[aud]}_${EVENT_SUFFIX[event]}`, base.notifications[event][aud])]),
      ),
    ]),
  ) as unknown as RoleSettingsSpec["notifications"];
  const approvers = approversOf(approval, nameOf, notes);
  const requireApproval = approval?.setting?.isApprovalRequired === true;
  if (requireApproval && approvers.length === 0) notes.push("activation requires approval in the tenant but names no approvers; the file turns approval off (add approvers and set requireApproval: true)");
  const expiration = (id: string) => rule(id);
  const eligibleExp = expiration("Expiration_Admin_Eligibility");
  const activeExp = expiration("Expiration_Admin_Assignment");
  const spec: RoleSettingsSpec = {
    activation: {
      maximumDuration,
      requireMfa: (endUser.includes("MultiFactorAuthentication") || (asksContext && !allowContext)) && claim === undefined,
      requireJustification: endUser.includes("Justification"),
      requireTicket: endUser.includes("Ticketing"),
      ...(claim !== undefined ? { authenticationContext: claim } : {}),
      requireApproval: requireApproval && approvers.length > 0,
      approvers: [],
    },
    eligibleAssignment: {
      expirationRequired: eligibleExp ? eligibleExp.isExpirationRequired === true : base.eligibleAssignment.expirationRequired,
      maximumDuration: assignment(eligibleExp?.maximumDuration, "eligibleAssignment.maximumDuration", base.eligibleAssignment.maximumDuration, notes),
    },
    activeAssignment: {
      expirationRequired: activeExp ? activeExp.isExpirationRequired === true : base.activeAssignment.expirationRequired,
      maximumDuration: assignment(activeExp?.maximumDuration, "activeAssignment.maximumDuration", base.activeAssignment.maximumDuration, notes),
      requireMfa: adminAssignment.includes("MultiFactorAuthentication"),
      requireJustification: adminAssignment.includes("Justification"),
      requireTicket: adminAssignment.includes("Ticketing"),
    },
    notifications,
  };
  return { spec, notes, approvers };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The overrides that turn `base` into `spec`, in RoleSettingsProps' shape. */
function overrides(spec: RoleSettingsSpec, base: RoleSettingsSpec, approvers: readonly ExportedPrincipal[]): { props: Json; count: number } {
  const props: Json = {};
  let count = 0;
  const put = (section: string, field: string, value: unknown, baseValue: unknown) => {
    if (same(value, baseValue)) return;
    props[section] ??= {};
    props[section][field] = value;
    count++;
  };
  const a = spec.activation;
  put("activation", "maximumDuration", a.maximumDuration, base.activation.maximumDuration);
  put("activation", "requireMfa", a.requireMfa, a.authenticationContext !== undefined ? false : base.activation.requireMfa);
  put("activation", "requireJustification", a.requireJustification, base.activation.requireJustification);
  put("activation", "requireTicket", a.requireTicket, base.activation.requireTicket);
  if (a.authenticationContext !== undefined) put("activation", "authenticationContext", a.authenticationContext, undefined);
  put("activation", "requireApproval", a.requireApproval, base.activation.requireApproval);
  if (a.requireApproval && approvers.length) {
    props.activation ??= {};
    props.activation.approvers = approvers;
  }
  put("eligibleAssignment", "expirationRequired", spec.eligibleAssignment.expirationRequired, base.eligibleAssignment.expirationRequired);
  put("eligibleAssignment", "maximumDuration", spec.eligibleAssignment.maximumDuration, base.eligibleAssignment.maximumDuration);
  for (const f of ["expirationRequired", "maximumDuration", "requireMfa", "requireJustification", "requireTicket"] as const) {
    put("activeAssignment", f, spec.activeAssignment[f], base.activeAssignment[f]);
  }
  for (const event of NOTIFICATION_EVENTS) {
    for (const aud of NOTIFICATION_AUDIENCES) {
      const s = spec.notifications[event][aud];
      const b = base.notifications[event][aud];
      const diff: Json = {};
      if (s.level !== b.level) diff.level = s.level;
      if (s.defaultRecipients !== b.defaultRecipients) diff.defaultRecipients = s.defaultRecipients;
      if (!same(s.additionalRecipients, b.additionalRecipients)) diff.additionalRecipients = s.additionalRecipients;
      if (Object.keys(diff).length === 0) continue;
      props.notifications ??= {};
      props.notifications[event] ??= {};
      props.notifications[event][aud] = diff;
      count += Object.keys(diff).length;
    }
  }
  return { props, count };
}

/**
 * The tenant file's `settings` for a policy: the preset with the fewest overrides (ties go to the
 * stricter preset), then the overrides.
 */
export function settingsFromRules(rules: readonly Json[], nameOf: NameOf, options: { readonly authenticationContext?: boolean } = {}): ExportedSettings | undefined {
  // A policy read without all 17 rules is not read: a missing Enablement rule would otherwise
  // say "nothing required" and the file would turn MFA off.
  const ids = new Set(rules.map((r) => String(r.id)));
  if (GRAPH_RULE_IDS.some((id) => !ids.has(id))) return undefined;
  let best: { preset: PresetName; props: Json; count: number; notes: string[] } | undefined;
  for (const preset of PRESET_NAMES) {
    const base = presetSpec(preset);
    const { spec, notes, approvers } = parse(rules, base, nameOf, options.authenticationContext ?? false);
    const { props, count } = overrides(spec, base, approvers);
    if (!best || count < best.count) best = { preset, props, count, notes };
  }
  const chosen = best as NonNullable<typeof best>;
  return { settings: { preset: chosen.preset, ...chosen.props }, notes: chosen.notes };
}
