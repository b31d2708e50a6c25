import { Construct } from "constructs";
import { Annotations, ITerraformDependable, TerraformIterator, Token } from "cdktf";
import { ValidationError, describeValue, expected } from "./errors";
import { Assignment, AssignmentInput, durationDays, parseAssignments } from "./assignments";
import { PrincipalDirectory } from "./principal-directory";
import { PrincipalRef } from "./principals";
import { Role } from "./role";
import { rejectUnknownProps } from "./props";
import { RoleSettings, presetForTier } from "./settings/role-settings";
import { GRAPH_RULE_IDS, renderGraphRules } from "./settings/graph";
import { renderAzurePolicy, renderGroupPolicy } from "./settings/provider-policy";
import {
  DataMsgraphResource,
  DirectoryRoleAssignment,
  DirectoryRoleEligibilityScheduleRequest,
  Group,
  GroupRoleManagementPolicy,
  MsgraphUpdateResource,
  PimActiveRoleAssignment,
  PimEligibleRoleAssignment,
  PrivilegedAccessGroupAssignmentSchedule,
  PrivilegedAccessGroupEligibilitySchedule,
  RoleManagementPolicy,
  ensureAzuread,
  ensureAzurerm,
  ensureMsgraph,
} from "./providers";

/** How an Entra directory role reaches its eligible users. */
export type Delivery = "direct" | "group";

export interface JitRoleProps {
  /** The role made just-in-time: `Role.entra(...)`, `Role.customEntra(...)`, `Role.azure(...)` or `Role.pimGroup(...)`. */
  readonly role: Role;
  /**
   * Entra roles only. `direct`: principals are eligible for the role itself (settings through Microsoft
   * Graph). `group`: a role-assignable group holds the role and principals are eligible members
   * of it (PIM for Groups), which allows time-bound eligibility and active assignments.
   * @default "direct"
   */
  readonly delivery?: Delivery;
  /**
   * Group delivery: the role-assignable group's display name.
   * @default - `PIM <role name>`
   */
  readonly groupName?: string;
  /** Principals (users or groups) eligible to activate the role. */
  readonly eligible?: readonly AssignmentInput[];
  /** Active assignments (time-bound unless the settings allow permanent ones). Not possible for direct delivery. */
  readonly active?: readonly AssignmentInput[];
  /**
   * The PIM settings (all 17 policy rules).
   * @default - the preset of the role's tier: highlyPrivileged (tier 0), privileged (tier 1), standard (tier 2)
   */
  readonly settings?: RoleSettings;
  /** Justification recorded on assignments that do not give their own. @default "Managed as code" */
  readonly justification?: string;
}

const DEFAULT_JUSTIFICATION = "Managed as code";
const JIT_ROLE_PROPS: readonly string[] = ["role", "delivery", "groupName", "eligible", "active", "settings", "justification"];
/** The same limit as an assignment's own justification (assignments.ts). */
const MAX_JUSTIFICATION = 500;
const JIT = Symbol.for("entra-pim-as-code.JitRole");

/**
 * `${each.value.<attribute>}` as a plain string. TerraformIterator.getString() makes two tokens
 * per call and a new one per resolution, and cdktf captures a full stack trace for each: at
 * 10,000 assignments that was half of synth time (bench/, README "Performance"). Output is identical.
 */
const eachValue = (attribute: string): string => `\${each.value.${attribute}}`;

/** The Terraform written for one JitRole, by role kind and delivery. */
export type JitRoleShape = "entraDirect" | "entraGroup" | "azure" | "pimGroup";

/**
 * One privileged role made just-in-time: eligible (not standing) access, PIM settings with all
 * 17 policy rules managed, and optional time-bound active assignments.
 *
 * Eligibilities of a role are one resource with `for_each` over a map keyed by principal
 * (`user:alice@contoso.com`), so reordering or adding principals never moves another's address.
 */
export class JitRole extends Construct {
  /** True for JitRole instances (works across package copies). */
  public static isJitRole(x: unknown): x is JitRole {
    return typeof x === "object" && x !== null && (x as { [JIT]?: boolean })[JIT] === true;
  }

  public readonly role: Role;
  public readonly shape: JitRoleShape;
  public readonly settings: RoleSettings;
  /** Validated eligible assignments, sorted by principal key. */
  public readonly eligible: readonly Assignment[];
  /** Validated active assignments, sorted by principal key. */
  public readonly active: readonly Assignment[];
  /** Group delivery: the role-assignable group. */
  public readonly group?: Group;


  constructor(scope: Construct, id: string, props: JitRoleProps) {
    super(scope, id);
    Object.defineProperty(this, JIT, { value: true });
    if (typeof props !== "object" || props === null || Array.isArray(props)) {
      throw new ValidationError("props", expected("JitRoleProps ({ role, eligible?, active?, settings?, ... })", props), this.node.path);
    }
    // A misspelt prop (`eligable`) would otherwise be ignored and silently grant nothing.
    rejectUnknownProps(props, JIT_ROLE_PROPS, "JitRole", this.node.path);
    if (!(props.role instanceof Role)) {
      throw new ValidationError("role", expected("a Role (Role.entra, Role.customEntra, Role.azure or Role.pimGroup)", props.role), this.node.path);
    }
    const role = props.role;
    const ctx = `JitRole ${role}`;
    this.role = role;
    const delivery = props.delivery ?? "direct";
    if (delivery !== "direct" && delivery !== "group") throw new ValidationError("delivery", expected('"direct" or "group"', delivery), ctx);
    if (props.delivery !== undefined && role.kind !== "entra") {
      throw new ValidationError("delivery", `applies to Entra directory roles only; ${role.kind === "azure" ? "Azure roles" : "PIM groups"} have one delivery`, ctx);
    }
    this.shape = role.kind === "azure" ? "azure" : role.kind === "pimGroup" ? "pimGroup" : delivery === "group" ? "entraGroup" : "entraDirect";
    if (props.groupName !== undefined && this.shape !== "entraGroup") {
      throw new ValidationError("groupName", `applies to delivery: "group" only (the role-assignable group it creates), got ${describeValue(props.groupName)}`, ctx);
    }
    // A RoleSettingsProps object where a RoleSettings belongs would otherwise be read as a spec.
    if (props.settings !== undefined && !(props.settings instanceof RoleSettings)) {
      throw new ValidationError(
        "settings",
        expected("a RoleSettings (RoleSettings.highlyPrivileged(...), RoleSettings.privileged(...), RoleSettings.standard(...) or RoleSettings.preset(...))", props.settings),
        ctx,
      );
    }

    this.settings = props.settings
      ? RoleSettings.validateFor(props.settings, ctx)
      : RoleSettings.preset(presetForTier(role.tier), {}, `${ctx} (default ${presetForTier(role.tier)} settings)`);
    const justification = props.justification ?? DEFAULT_JUSTIFICATION;
    if (typeof justification !== "string" || justification.trim() === "" || justification.length > MAX_JUSTIFICATION) {
      throw new ValidationError("justification", expected(`a non-empty text of at most ${MAX_JUSTIFICATION} characters`, props.justification), ctx);
    }
    this.eligible = parseAssignments(props.eligible, "eligible", { justification: justification.trim(), allowed: ["user", "group"] }, ctx);
    this.active = parseAssignments(props.active, "active", { justification: justification.trim(), allowed: ["user", "group", "servicePrincipal"] }, ctx);
    this.validate(ctx);
    const a = this.settings.spec.activation;
    if (!a.requireApproval && a.approvers.length > 0) {
      Annotations.of(this).addWarning(`${ctx}: settings.activation.approvers are listed but approval is off (requireApproval: false), so nobody approves activation; turn approval on or drop the approvers`);
    }

    const directory = PrincipalDirectory.of(this);
    const resolve = (ref: PrincipalRef) => directory.objectId(ref);
    switch (this.shape) {
      case "entraDirect":
        this.renderEntraDirect(resolve);
        break;
      case "entraGroup":
        this.group = this.renderEntraGroup(resolve, props.groupName);
        break;
      case "azure":
        this.renderAzure(resolve);
        break;
      case "pimGroup":
        this.renderPimGroup(resolve(role.group as PrincipalRef), resolve);
        break;
    }
  }

  private validate(ctx: string): void {
    const s = this.settings.spec;
    const direct = this.shape === "entraDirect";
    if (direct && s.eligibleAssignment.expirationRequired) {
      throw new ValidationError(
        "settings.eligibleAssignment.expirationRequired",
        'is true, but direct Entra eligibilities are always permanent (azuread 3.7.0 directory_role_eligibility_schedule_request has no expiry); use delivery: "group" for time-bound eligibility, or set eligibleAssignment.expirationRequired: false',
        ctx,
      );
    }
    for (const e of this.eligible) {
      const field = `eligible[${e.principal.key}].expires`;
      if (direct && (e.duration || e.endDateTime)) {
        throw new ValidationError(field, `is ${e.duration ?? e.endDateTime}, but direct Entra eligibilities are always permanent (azuread 3.7.0); use delivery: "group" for time-bound eligibility, or drop expires`, ctx);
      }
      this.checkExpiry(e, "eligibleAssignment", field, ctx);
    }
    if (direct && this.active.length > 0) {
      throw new ValidationError(
        "active",
        'cannot be used with direct delivery: azuread 3.7.0 can only write permanent directory role assignments; use delivery: "group" for time-bound active assignments',
        ctx,
      );
    }
    for (const a of this.active) {
      const field = `active[${a.principal.key}]`;
      if (a.principal.type === "servicePrincipal" && !a.principal.isObjectId) throw new ValidationError(`${field}.servicePrincipal`, "must be an object id", ctx);
      this.checkExpiry(a, "activeAssignment", `${field}.expires`, ctx);
      if (s.activeAssignment.requireTicket && !a.ticket) throw new ValidationError(`${field}.ticket`, "is required: the settings require ticket information on active assignments", ctx);
    }
  }

  private checkExpiry(a: Assignment, rule: "eligibleAssignment" | "activeAssignment", field: string, ctx: string): void {
    const r = this.settings.spec[rule];
    if (!r.expirationRequired) return;
    if (!a.duration && !a.endDateTime) {
      throw new ValidationError(field, `is missing: the settings require ${rule === "activeAssignment" ? "active assignments" : "eligibility"} to expire within ${r.maximumDuration}; give expires (e.g. "${r.maximumDuration}" or an end date)`, ctx);
    }
    const max = Number(r.maximumDuration.slice(1, -1));
    if (a.duration && durationDays(a.duration) > max) {
      throw new ValidationError(field, `is ${a.duration}, longer than the settings' ${rule}.maximumDuration ${r.maximumDuration}`, ctx);
    }
  }

  /** Sorted map for `for_each`: key order is the principal key order, so output is byte-stable. */
  private static forEach<T>(entries: readonly Assignment[], value: (a: Assignment) => T): TerraformIterator {
    const map: Record<string, T> = {};
    for (const a of entries) map[a.key] = value(a);
    return TerraformIterator.fromMap(map);
  }

  private renderEntraDirect(resolve: (ref: PrincipalRef) => string): void {
    ensureAzuread(this);
    ensureMsgraph(this);
    const templateId = this.role.templateId as string;
    if (this.eligible.length > 0) {
      const it = JitRole.forEach(this.eligible, (a) => ({ principal_id: resolve(a.principal), justification: a.justification }));
      new DirectoryRoleEligibilityScheduleRequest(this, "Eligibility", {
        forEach: it,
        directoryScopeId: "/",
        roleDefinitionId: templateId,
        principalId: eachValue("principal_id"),
        justification: eachValue("justification"),
        // Every attribute is ForceNew in azuread 3.7.0: a reworded justification would recreate the
        // request, which Graph refuses for an existing eligibility (RoleAssignmentExists).
        lifecycle: { ignoreChanges: ["justification"] },
      });
    }
    const settings = new Construct(this, "Settings");
    // The policy of a directory role is found through its policy assignment (Graph: List
    // roleManagementPolicyAssignments, filter on scopeId, scopeType and roleDefinitionId).
    const assignment = new DataMsgraphResource(settings, "PolicyAssignment", {
      url: "policies/roleManagementPolicyAssignments",
      queryParameters: { $filter: [`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${templateId}'`] },
      responseExportValues: { policy_id: "value[0].policyId" },
    });
    const policyId = assignment.outputValue("policy_id");
    for (const body of renderGraphRules(this.settings.spec, resolve)) {
      new MsgraphUpdateResource(settings, body.id, {
        dependsOn: this.dependencies(),
        url: `policies/roleManagementPolicies/${policyId}/rules/${body.id}`,
        body,
      });
    }
  }

  private renderEntraGroup(resolve: (ref: PrincipalRef) => string, groupName?: string): Group {
    ensureAzuread(this);
    const displayName = groupName ?? `PIM ${this.role.displayName}`;
    if (typeof displayName !== "string" || displayName.trim() === "" || displayName.length > 256) {
      throw new ValidationError("groupName", expected("a non-empty name of at most 256 characters", groupName), `JitRole ${this.role}`);
    }
    const group = new Group(this, "Group", {
      displayName,
      description: `Members hold ${this.role.displayName} through PIM for Groups. Managed as code.`,
      securityEnabled: true,
      mailEnabled: false,
      assignableToRole: true,
      preventDuplicateNames: true,
    });
    new DirectoryRoleAssignment(this, "RoleAssignment", {
      // azuread_directory_role_assignment needs the role template id (DESIGN.md).
      roleId: this.role.templateId as string,
      principalObjectId: group.objectId,
      directoryScopeId: "/",
    });
    this.renderGroupSchedules(group.objectId, "member", resolve);
    return group;
  }

  private renderPimGroup(groupId: string, resolve: (ref: PrincipalRef) => string): void {
    ensureAzuread(this);
    this.renderGroupSchedules(groupId, this.role.access ?? "member", resolve);
  }

  private renderGroupSchedules(groupId: string, access: "member" | "owner", resolve: (ref: PrincipalRef) => string): void {
    const schedule = (a: Assignment) => ({
      principal_id: resolve(a.principal),
      justification: a.justification,
      permanent: !a.duration && !a.endDateTime,
      duration: a.duration ?? null,
      expiration_date: a.endDateTime ?? null,
      ticket_number: a.ticket ?? null,
      ticket_system: a.ticketSystem ?? null,
    });
    // azuread < 3.9.0 re-sends AdminAssign on update (RoleAssignmentExists); the tenant file can raise the provider version.
    const kinds = [
      ["Eligibility", this.eligible, PrivilegedAccessGroupEligibilitySchedule],
      ["Active", this.active, PrivilegedAccessGroupAssignmentSchedule],
    ] as const;
    for (const [id, entries, Schedule] of kinds) {
      if (entries.length === 0) continue;
      const it = JitRole.forEach(entries, schedule);
      new Schedule(this, id, {
        forEach: it,
        groupId,
        assignmentType: access,
        principalId: eachValue("principal_id"),
        justification: eachValue("justification"),
        permanentAssignment: Token.asAny(eachValue("permanent")),
        duration: eachValue("duration"),
        expirationDate: eachValue("expiration_date"),
        ticketNumber: eachValue("ticket_number"),
        ticketSystem: eachValue("ticket_system"),
      });
    }
    new GroupRoleManagementPolicy(this, "Settings", { ...renderGroupPolicy(this.settings.spec, groupId, access, resolve), dependsOn: this.dependencies() });
  }

  private renderAzure(resolve: (ref: PrincipalRef) => string): void {
    ensureAzurerm(this);
    const scope = this.role.scope as string;
    const roleDefinitionId = this.role.azureRoleDefinitionId as string;
    const schedule = (a: Assignment) => {
      const days = a.duration ? durationDays(a.duration) : undefined;
      return {
        principal_id: resolve(a.principal),
        justification: a.justification,
        duration_days: days !== undefined && Number.isInteger(days) ? days : null,
        duration_hours: days !== undefined && !Number.isInteger(days) ? Math.round(days * 24) : null,
        end_date_time: a.endDateTime ?? null,
        ticket_number: a.ticket ?? null,
        ticket_system: a.ticketSystem ?? null,
      };
    };
    const assignmentConfig = (it: TerraformIterator) => ({
      forEach: it,
      scope,
      roleDefinitionId,
      principalId: eachValue("principal_id"),
      justification: eachValue("justification"),
      schedule: {
        expiration: {
          durationDays: Token.asNumber(eachValue("duration_days")),
          durationHours: Token.asNumber(eachValue("duration_hours")),
          endDateTime: eachValue("end_date_time"),
        },
      },
      ticket: { number: eachValue("ticket_number"), systemAttribute: eachValue("ticket_system") },
    });
    if (this.eligible.length > 0) new PimEligibleRoleAssignment(this, "Eligibility", assignmentConfig(JitRole.forEach(this.eligible, schedule)));
    if (this.active.length > 0) new PimActiveRoleAssignment(this, "Active", assignmentConfig(JitRole.forEach(this.active, schedule)));
    new RoleManagementPolicy(this, "Settings", { ...renderAzurePolicy(this.settings.spec, scope, roleDefinitionId, resolve), dependsOn: this.dependencies() });
  }

  /** What the settings need created first (an authentication context), or undefined. */
  private dependencies(): ITerraformDependable[] | undefined {
    return this.settings.dependencies.length ? [...this.settings.dependencies] : undefined;
  }

  /** The Graph rule ids a direct Entra role manages (all 17). */
  public static readonly GRAPH_RULE_IDS = GRAPH_RULE_IDS;
}

