import type { AuthenticationContextRef } from "../settings/model";
import { z } from "zod";
import { ENTRA_ROLES, AZURE_ROLES } from "../catalog";
import { parseExpiry } from "../assignments";
import { PrincipalType, assertCreatableGroupName, principal } from "../principals";
import { Role } from "../role";
import { ASSIGNMENT_DURATIONS, NOTIFICATION_LEVELS, PRESET_NAMES, PresetName, RoleSettings, RoleSettingsProps, presetForTier } from "../settings";
import { ValidationError } from "../errors";
import { bareMessage } from "./errors";
import { attempt, flag, text } from "./zod-helpers";

/**
 * The `roles:` section of the tenant file: one entry per privileged role made just-in-time, in
 * the words of `JitRoleProps` and `RoleSettingsProps`. Structure is checked by zod; the values
 * (role names, durations, principals, settings) by the same functions the constructs use, so a
 * file and a TypeScript app are refused for the same reasons with the same messages.
 */

const PRINCIPAL_DOC = {
  user: "A user: object id (GUID) or user principal name (alice@contoso.com), resolved at plan time.",
  group: "A security group: object id (GUID) or display name, resolved at plan time. A display name cannot contain ' (azuread's lookup filter does not escape it): give the object id.",
  servicePrincipal: "A service principal: object id (GUID).",
} as const;

const principalFields = (kinds: readonly PrincipalType[]) =>
  Object.fromEntries(kinds.map((k) => [k, text(PRINCIPAL_DOC[k]).optional()])) as Record<PrincipalType, z.ZodOptional<z.ZodString>>;

/** JSON Schema for "exactly one of these keys" (editors flag `{ user, group }` and `{}`). */
const exactlyOne = (keys: readonly string[]) => ({
  oneOf: keys.map((k) => ({ required: [k] })),
});

/** An approver: `{ user: ... }` or `{ group: ... }`. */
const approverSchema = z
  .strictObject(principalFields(["user", "group"]))
  .meta({ description: "An approver: { user: <UPN or object id> } or { group: <display name or object id> }.", ...exactlyOne(["user", "group"]) });

const assignmentSchema = (kinds: readonly PrincipalType[], what: string) =>
  z
    .strictObject({
      // Every kind is a known key, so a kind that is not allowed here gets principal()'s message
      // ("a servicePrincipal is not allowed here"); the JSON Schema's oneOf lists only the allowed ones.
      ...principalFields(["user", "group", "servicePrincipal"]),
      expires: text(
        'When the assignment ends: an ISO 8601 duration of whole days or hours from creation ("P90D", "PT12H") or an end date ("2027-03-31", "2027-03-31T18:00:00Z"). Default: permanent.',
      ).optional(),
      justification: text("Recorded on the assignment. Default: the role's justification.").optional(),
      ticket: text("Ticket number from the change system. Default: none.").optional(),
      ticketSystem: text("Ticket system name. Default: none.").optional(),
    })
    .meta({ description: what, ...exactlyOne(kinds) })
    .superRefine((value, ctx) => {
      attempt(ctx, [], () => principal(value, "", undefined, kinds), { renameField: (f) => f.replace(/^\./, "") });
      attempt(ctx, ["expires"], () => parseExpiry(value.expires, "expires"), { renameField: () => "" });
    });

const notificationSchema = z
  .strictObject({
    level: z.enum(NOTIFICATION_LEVELS).meta({ description: "All or Critical." }).optional(),
    defaultRecipients: flag("Whether the default recipients (admins, the assignee, the approvers) are e-mailed.").optional(),
    additionalRecipients: z.array(z.string()).meta({ description: "More e-mail addresses (at most 1,000)." }).optional(),
  })
  .meta({ description: "One notification rule. Default: the preset's (level All, default recipients on)." });

const audiencesSchema = z.strictObject({
  admin: notificationSchema.optional(),
  assignee: notificationSchema.optional(),
  approver: notificationSchema.optional(),
});

/** `settings:` a preset plus field-by-field overrides (RoleSettingsProps). */
export const settingsSchema = z
  .strictObject({
    preset: z
      .enum(PRESET_NAMES)
      .meta({ description: "The preset the overrides apply to. Default: from the role's tier (tier 0 highlyPrivileged, tier 1 privileged, tier 2 standard)." })
      .optional(),
    activation: z
      .strictObject({
        maximumDuration: text("Longest activation: PT30M..PT23H30M in 30-minute steps, or P1D. Default: the preset's (PT1H, PT4H, PT8H).").optional(),
        requireMfa: flag("Require MFA on activation. Default: the preset's (true); false when authenticationContext is given.").optional(),
        requireJustification: flag("Require a justification on activation. Default: the preset's (true).").optional(),
        requireTicket: flag("Require ticket information on activation. Default: the preset's (highlyPrivileged: true).").optional(),
        authenticationContext: text(
          'Conditional Access authentication context claim value ("c1".."c99") required on activation; define it under adminWorkstation.authenticationContext. Default: none.',
        ).optional(),
        requireApproval: flag("Require approval of activation. Default: the preset's (highlyPrivileged: true).").optional(),
        approvers: z.array(approverSchema).meta({ description: "Users or groups that approve activation. Required when approval is." }).optional(),
      })
      .meta({ description: "What activating the role requires (Graph *_EndUser_Assignment rules)." })
      .optional(),
    eligibleAssignment: z
      .strictObject({
        expirationRequired: flag("Eligibility must expire. Default: false.").optional(),
        maximumDuration: z.enum(ASSIGNMENT_DURATIONS).meta({ description: "Longest eligibility when it must expire. Default: P365D." }).optional(),
      })
      .meta({ description: "Rules for making someone eligible (Expiration_Admin_Eligibility)." })
      .optional(),
    activeAssignment: z
      .strictObject({
        expirationRequired: flag("Active assignments must expire. Default: true.").optional(),
        maximumDuration: z.enum(ASSIGNMENT_DURATIONS).meta({ description: "Longest active assignment. Default: the preset's (P15D, P30D, P90D)." }).optional(),
        requireMfa: flag("Require MFA on active assignment. Default: true.").optional(),
        requireJustification: flag("Require a justification on active assignment. Default: true.").optional(),
        requireTicket: flag("Require ticket information on active assignment. Default: false.").optional(),
      })
      .meta({ description: "Rules for active (standing, time-bound) assignments (Expiration_Admin_Assignment, Enablement_Admin_Assignment)." })
      .optional(),
    notifications: z
      .strictObject({
        all: notificationSchema.meta({ description: "Applied to all nine notification rules first." }).optional(),
        eligibleAssignment: audiencesSchema.meta({ description: "When someone is made eligible." }).optional(),
        activeAssignment: audiencesSchema.meta({ description: "When someone is given an active assignment." }).optional(),
        activation: audiencesSchema.meta({ description: "When an eligible principal activates." }).optional(),
      })
      .meta({ description: "E-mail notifications of the nine Notification_* rules: all, then per event and audience (admin, assignee, approver)." })
      .optional(),
  })
  .meta({ description: "PIM settings (all 17 policy rules): a preset plus overrides. Default: the preset of the role's tier." });

const ROLE_KINDS = ["entraRole", "customEntraRole", "azureRole", "pimGroup"] as const;
type RoleKindKey = (typeof ROLE_KINDS)[number];

const roleEntryShape = {
  entraRole: text("An Entra built-in role by display name or template id, e.g. Global Administrator.")
    .meta({ examples: ENTRA_ROLES.map((r) => r.displayName) })
    .optional(),
  customEntraRole: z
    .strictObject({
      id: text("The custom role definition id (GUID)."),
      displayName: text("The custom role's display name (for reports and messages)."),
      tier: z.literal([0, 1, 2]).meta({ description: "0 = control plane, 1 = privileged, 2 = the rest. Default: 1 (fail closed)." }).optional(),
    })
    .meta({ description: "A custom Entra role by id." })
    .optional(),
  azureRole: text("An Azure RBAC role by name (Owner, Contributor, User Access Administrator...) or role definition id. Needs scope.")
    .meta({ examples: AZURE_ROLES.map((r) => r.name) })
    .optional(),
  scope: text(
    "azureRole only: a management group (/providers/Microsoft.Management/managementGroups/<name>), subscription (/subscriptions/<id>) or resource group (/subscriptions/<id>/resourceGroups/<name>) id.",
  ).optional(),
  pimGroup: text("PIM for Groups: a role-assignable group's display name or object id. A display name cannot contain ' (give the object id).").optional(),
  access: z.enum(["member", "owner"]).meta({ description: "pimGroup only: membership or ownership. Default: member." }).optional(),
  tier: z.literal([0, 1, 2]).meta({ description: "pimGroup only: the group's tier (picks the default preset). Default: 1." }).optional(),
  delivery: z
    .enum(["direct", "group"])
    .meta({
      description:
        "Entra roles only. With direct, principals are eligible for the role (settings through Microsoft Graph). With group, a role-assignable group holds the role and principals are eligible members (PIM for Groups): time-bound eligibility and active assignments. Default: direct.",
    })
    .optional(),
  administrativeUnit: text("Entra roles only: the object id of an administrative unit the role is scoped to (eligibility, or the group's assignment, at /administrativeUnits/{id}). The role's PIM settings stay tenant-wide. Default: the whole tenant.")
    .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, { message: "must be the administrative unit's object id (GUID)" })
    .optional(),
  groupName: text("delivery: group only: the role-assignable group's display name, without ' (azuread's duplicate-name check does not escape it). Default: PIM <role name>.").optional(),
  eligible: z.array(assignmentSchema(["user", "group"], "A user or group eligible to activate the role.")).meta({ description: "Who may activate the role." }).optional(),
  active: z
    .array(assignmentSchema(["user", "group", "servicePrincipal"], "A standing (time-bound) active assignment."))
    .meta({ description: "Active assignments. Not possible with delivery: direct. Default: none." })
    .optional(),
  settings: settingsSchema.optional(),
  justification: text('Recorded on assignments that do not give their own. Default: "Managed as code".').optional(),
};

/** A role entry as written in the file. */
export type RoleEntry = z.output<z.ZodObject<typeof roleEntryShape>>;

/** Which keys only make sense with which kind (for clear "does not apply" messages). */
const ONLY_WITH: Record<string, readonly RoleKindKey[]> = {
  scope: ["azureRole"],
  access: ["pimGroup"],
  tier: ["pimGroup"],
  delivery: ["entraRole", "customEntraRole"],
  groupName: ["entraRole", "customEntraRole"],
  administrativeUnit: ["entraRole", "customEntraRole"],
};

/** The kind keys present in an entry. */
export function roleKinds(entry: Partial<Record<string, unknown>>): RoleKindKey[] {
  return ROLE_KINDS.filter((k) => entry[k] !== undefined);
}

const FIELD_RENAMES: Record<RoleKindKey, readonly (readonly [string, string])[]> = {
  entraRole: [["role", "entraRole"]],
  customEntraRole: [["role", "customEntraRole"]],
  azureRole: [["role", "azureRole"]],
  pimGroup: [["role.group", "pimGroup"], ["role.access", "access"]],
};

/** Builds the Role of an entry. Throws ValidationError with fields relative to the entry. */
export function roleOf(entry: RoleEntry): Role {
  const kind = roleKinds(entry)[0];
  try {
    if (entry.entraRole !== undefined) return Role.entra(entry.entraRole);
    if (entry.customEntraRole !== undefined) return Role.customEntra(entry.customEntraRole);
    if (entry.azureRole !== undefined) {
      if (entry.scope === undefined) {
        throw new ValidationError("scope", "is required with azureRole: the management group, subscription or resource group id the role is made just-in-time at");
      }
      return Role.azure(entry.azureRole, entry.scope);
    }
    return Role.pimGroup(entry.pimGroup as string, entry.access ?? "member", entry.tier ?? 1);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const rename = FIELD_RENAMES[kind].find(([from]) => e.field === from || e.field.startsWith(`${from}.`));
    if (rename) throw new ValidationError(`${rename[1]}${e.field.slice(rename[0].length)}`, bareMessage(e));
    throw e;
  }
}

/**
 * The stable key of a role: its construct id and the name suppressions target. Built-in Entra
 * roles by display name (`Global Administrator`), custom Entra roles by id (a rename keeps its
 * resources), Azure roles with their scope (`Owner at /subscriptions/...`), PIM groups with the
 * access (`Tier0 Operators (member)`).
 */
export function roleKey(role: Role): string {
  return role.custom ? (role.templateId as string) : role.toString();
}

/** The settings of an entry: the preset (given, or the role tier's) with the overrides applied. */
export function settingsOf(entry: RoleEntry, role: Role, context?: AuthenticationContextRef): RoleSettings {
  const { preset, ...overrides } = entry.settings ?? {};
  const name: PresetName = preset ?? presetForTier(role.tier);
  // The file names the context by claim value; when it is the admin workstation's, use the
  // construct's context so the role's policy depends on the context being created first.
  const activation = overrides.activation as { authenticationContext?: unknown } | undefined;
  const props = (
    context && activation?.authenticationContext === context.claimValue ? { ...overrides, activation: { ...activation, authenticationContext: context } } : overrides
  ) as RoleSettingsProps;
  try {
    return RoleSettings.preset(name, props);
  } catch (e) {
    // Approval is the one rule a preset turns on that needs more input (approvers): say where it came from.
    if (preset === undefined && e instanceof ValidationError && e.field === "activation.approvers" && role.tier === 0) {
      throw new ValidationError(e.field, `${bareMessage(e)} (settings.preset defaults to "${name}" for this tier-${role.tier} role)`);
    }
    throw e;
  }
}

function checkRoleEntry(entry: RoleEntry, ctx: z.RefinementCtx): void {
  const kinds = roleKinds(entry);
  if (kinds.length !== 1) {
    ctx.addIssue({
      code: "custom",
      path: kinds.length > 1 ? [kinds[1]] : [],
      message:
        kinds.length === 0
          ? `must name the role with exactly one of ${ROLE_KINDS.join(", ")}, got none`
          : `cannot be combined with ${kinds[0]}: an entry names exactly one role (${ROLE_KINDS.join(", ")})`,
    });
    return;
  }
  const kind = kinds[0];
  for (const [key, kindsAllowed] of Object.entries(ONLY_WITH)) {
    if ((entry as Record<string, unknown>)[key] !== undefined && !kindsAllowed.includes(kind)) {
      ctx.addIssue({ code: "custom", path: [key], message: `applies to ${kindsAllowed.join(" and ")} entries only, not ${kind}` });
    }
  }
  if (entry.groupName !== undefined && entry.delivery !== "group") {
    ctx.addIssue({ code: "custom", path: ["groupName"], message: 'applies only with delivery: "group"' });
  } else if (typeof entry.groupName === "string") {
    // The check JitRole makes (a name with ' breaks prevent_duplicate_names), already at validate.
    const groupName = entry.groupName;
    attempt(ctx, [], () => assertCreatableGroupName(groupName, "groupName", undefined));
  }
  const role = attempt(ctx, [], () => roleOf(entry));
  if (role) attempt(ctx, ["settings"], () => settingsOf(entry, role));
  for (const list of ["eligible", "active"] as const) {
    const seen = new Map<string, number>();
    (entry[list] ?? []).forEach((assignment, i) => {
      let key: string;
      try {
        key = principal(assignment, "", undefined).key.toLowerCase();
      } catch {
        return; // reported by the assignment's own refinement
      }
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: [list, i], message: `lists ${key.replace(":", " ")} again (already ${list}[${first}]); each principal may appear once` });
      } else seen.set(key, i);
    });
  }
}

/** One entry of `roles:`. */
export const roleEntrySchema = z
  .strictObject(roleEntryShape)
  .meta({
    description:
      "A privileged role made just-in-time. Name it with exactly one of entraRole, customEntraRole, azureRole (+ scope) or pimGroup. Its key (role name, with the scope for Azure roles) is its construct id: reordering entries never replaces resources.",
    ...exactlyOne(ROLE_KINDS),
    // draft-07 spelling of dependentRequired (the schema targets draft-07 for editor support).
    dependencies: { azureRole: ["scope"], scope: ["azureRole"], access: ["pimGroup"], tier: ["pimGroup"], groupName: ["delivery"] },
  })
  .superRefine(checkRoleEntry);
