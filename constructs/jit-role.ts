import { Construct } from "constructs";
import { Annotations, ITerraformDependable, TerraformIterator, Token } from "cdktf";
import { ValidationError, describeValue, expected } from "./errors";
import { Assignment, AssignmentInput, durationDays, parseAssignments } from "./assignments";
import { PrincipalDirectory } from "./principal-directory";
import { PrincipalRef, assertCreatableGroupName, isGuid } from "./principals";
import { Role } from "./role";
import { rejectUnknownProps } from "./props";
import { stackSingleton } from "./stack-singletons";
import { RoleSettings, presetForTier } from "./settings/role-settings";
import { GRAPH_RULE_IDS, renderGraphPolicy } from "./settings/graph";
import { announceJitRole } from "./jit-role-registry";
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
  /**
   * Entra roles: the object id of an administrative unit the role is scoped to: eligibility
   * (direct delivery) or the group's assignment (group delivery) at `/administrativeUnits/{id}`.
   * The role's PIM settings stay tenant-wide: Graph keeps one policy per directory role, at scope
   * `/` (policyroot-list-rolemanagementpolicyassignments.md: "the scopeId must be /").
   * @default - the whole tenant (`/`)
   */
  readonly administrativeUnit?: string;
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
const JIT_ROLE_PROPS: readonly string[] = ["role", "delivery", "groupName", "administrativeUnit", "eligible", "active", "settings", "justification"];
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
  /** Where the role applies: `/` (the tenant) or `/administrativeUnits/{id}` (Entra roles). */
  public readonly directoryScopeId: string;
  public readonly settings: RoleSettings;
  /** Validated eligible assignments, sorted by principal key. */
  public readonly eligible: readonly Assignment[];
  /** Validated active assignments, sorted by principal key. */
  public readonly active: readonly Assignment[];
  /** Group delivery: the role-assignable group. */
  public readonly group?: Group;
  /** Group delivery: the role-assignable group's display name, as written. */
  public readonly groupDisplayName?: string;


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
    if (props.administrativeUnit !== undefined) {
      if (role.kind !== "entra") throw new ValidationError("administrativeUnit", `applies to Entra directory roles only, got ${describeValue(props.administrativeUnit)}`, ctx);
      if (typeof props.administrativeUnit !== "string" || !isGuid(props.administrativeUnit)) {
        throw new ValidationError("administrativeUnit", expected("the administrative unit's object id (GUID)", props.administrativeUnit), ctx);
      }
    }
    this.directoryScopeId = props.administrativeUnit === undefined ? "/" : `/administrativeUnits/${props.administrativeUnit.toLowerCase()}`;
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

    this.adviseOnProviderPolicy(ctx);
    if (a.pendingAuthenticationContext) {
      Annotations.of(this).addWarning(
        `${ctx}: activation requires MFA, not authentication context ${a.pendingAuthenticationContext}, until the context's Conditional Access policy is enforced (state: enabled): Microsoft's PIM settings say the context is not enforced while its policy is report-only or off, and Entra refuses MFA and a context on one rule; enforcing the policy switches activation to the context`,
      );
    }

    this.claimRole(ctx);

    const directory = PrincipalDirectory.of(this);
    const resolve = (ref: PrincipalRef) => directory.objectId(ref);
    switch (this.shape) {
      case "entraDirect":
        this.renderEntraDirect(resolve);
        break;
      case "entraGroup":
        this.groupDisplayName = props.groupName ?? `PIM ${role.displayName}`;
        this.group = this.renderEntraGroup(resolve, this.groupDisplayName, props.groupName);
        break;
      case "azure":
        this.renderAzure(resolve);
        break;
      case "pimGroup":
        this.renderPimGroup(resolve(role.group as PrincipalRef), resolve);
        break;
    }
    announceJitRole(this);
  }

  /**
   * One JitRole per role and stack, as the tenant file already requires: two would write two
   * policies that overwrite each other's rules on every apply (the same Entra role whatever the
   * delivery, the same Azure role at a scope, the same group and access).
   */
  private claimRole(ctx: string): void {
    const r = this.role;
    const identity =
      r.kind === "entra" ? `entra:${r.templateId}` : r.kind === "azure" ? `azure:${r.azureRoleId}:${(r.scope ?? "").toLowerCase()}` : `group:${r.group?.key.toLowerCase()}:${r.access}`;
    const claimed = stackSingleton(this, "jit-role:identities", () => new Map<string, string>());
    const first = claimed.get(identity);
    if (first !== undefined) {
      throw new ValidationError(
        "role",
        `is already managed by the JitRole at ${first}: two JitRoles of one role would write two policies that overwrite each other's rules; list all its principals in one JitRole`,
        ctx,
      );
    }
    claimed.set(identity, this.node.path);
  }

  /**
   * azuread's group_role_management_policy and azurerm's role_management_policy send a rule on create
   * only when Terraform sees it change, and a value equal to the zero value (false, empty) is no
   * change (buildPolicyForUpdate / buildRoleManagementPolicyForUpdate, `HasChange`): the tenant keeps
   * its current value until the next apply (a context that is not set is likewise not cleared, which
   * leaves the tenant stricter). `active_assignment_rules.require_ticket_info` is not sent
   * alone by azuread, nor read back by either (azuread #1517, azurerm #28913).
   */
  private adviseOnProviderPolicy(ctx: string): void {
    if (this.shape === "entraDirect") return;
    const s = this.settings.spec;
    const unsent: string[] = [];
    if (!s.activation.requireApproval) unsent.push("activation.requireApproval: false");
    if (!s.activation.requireMfa && !s.activation.requireJustification && !s.activation.requireTicket) unsent.push("activation.requireMfa, requireJustification and requireTicket all false");
    if (!s.activeAssignment.requireMfa && !s.activeAssignment.requireJustification) unsent.push("activeAssignment.requireMfa and requireJustification both false");
    const provider = this.shape === "azure" ? "azurerm" : "azuread";
    if (unsent.length > 0) {
      Annotations.of(this).addWarning(
        `${ctx}: on the first apply ${provider} does not send ${unsent.join("; ")} (it sends a policy rule only when it differs from false or empty; azuread #1517, azurerm #28913), so the tenant keeps its current value for it until a second apply; run terraform plan after the first apply and apply again if it shows a change`,
      );
    }
    if (s.activeAssignment.requireTicket) {
      Annotations.of(this).addWarning(
        `${ctx}: activeAssignment.requireTicket is ${provider === "azuread" ? "not sent by azuread unless another active-assignment setting changes with it, and is " : ""}not read back by ${provider} (azuread #1517, azurerm #28913): Terraform cannot keep it in place; check it in the portal after apply`,
      );
    }
  }

  private validate(ctx: string): void {
    const s = this.settings.spec;
    const direct = this.shape === "entraDirect";
    if (direct && s.eligibleAssignment.expirationRequired) {
      throw new ValidationError(
        "settings.eligibleAssignment.expirationRequired",
        'is true, but direct Entra eligibilities are always permanent (azuread 3.x directory_role_eligibility_schedule_request has no expiry); use delivery: "group" for time-bound eligibility, or set eligibleAssignment.expirationRequired: false',
        ctx,
      );
    }
    // PIM for Groups schedules: group delivery and PIM groups.
    const groupSchedules = this.shape === "entraGroup" || this.shape === "pimGroup";
    // azuread's PIM-for-Groups schedules declare ticket_number and ticket_system RequiredWith each other
    // (identitygovernance/privileged_access_group_schedule.go, privilegedAccessGroupScheduleArguments), so one
    // without the other fails terraform plan. azurerm's ticket { number, system } block has no such constraint.
    const ticketPair = (a: Assignment, entry: string): void => {
      if (!groupSchedules) return;
      const why = "(azuread: ticket_number and ticket_system are RequiredWith each other, so terraform plan fails)";
      if (a.ticket !== undefined && a.ticketSystem === undefined) {
        throw new ValidationError(
          `${entry}.ticketSystem`,
          `is missing: ticket is ${describeValue(a.ticket)}, and a PIM for Groups schedule takes a ticket number only together with its ticket system ${why}; give ticketSystem (the change system's name, e.g. "ServiceNow") or drop ticket`,
          ctx,
        );
      }
      if (a.ticketSystem !== undefined && a.ticket === undefined) {
        throw new ValidationError(
          `${entry}.ticket`,
          `is missing: ticketSystem is ${describeValue(a.ticketSystem)}, and a PIM for Groups schedule takes a ticket system only together with its ticket number ${why}; give ticket (the ticket number, e.g. "CHG-1050") or drop ticketSystem`,
          ctx,
        );
      }
    };
    for (const e of this.eligible) {
      const field = `eligible[${e.principal.key}].expires`;
      if (direct && (e.duration || e.endDateTime)) {
        throw new ValidationError(field, `is ${e.duration ?? e.endDateTime}, but direct Entra eligibilities are always permanent (azuread 3.x); use delivery: "group" for time-bound eligibility, or drop expires`, ctx);
      }
      this.checkExpiry(e, "eligibleAssignment", field, ctx);
      ticketPair(e, `eligible[${e.principal.key}]`);
    }
    if (direct && this.active.length > 0) {
      throw new ValidationError(
        "active",
        'cannot be used with direct delivery: azuread 3.x can only write permanent directory role assignments; use delivery: "group" for time-bound active assignments',
        ctx,
      );
    }
    for (const a of this.active) {
      const field = `active[${a.principal.key}]`;
      if (a.principal.type === "servicePrincipal" && !a.principal.isObjectId) throw new ValidationError(`${field}.servicePrincipal`, "must be an object id", ctx);
      // The group of delivery: "group" is role-assignable, and "one group can't be an active member of another group
      // that is role-assignable", while "one group can be an eligible member of another group, even if one of those
      // groups is role-assignable" (entra-docs id-governance/privileged-identity-management/concept-pim-for-groups.md,
      // "Privileged Identity Management and group nesting"; identity/role-based-access-control/groups-concept.md: "A group
      // can't be added as a member of a role-assignable group"). So eligible groups stay allowed. A PIM group may or may
      // not be role-assignable (PIM for Groups no longer requires it), so its active groups are left to Entra.
      if (this.shape === "entraGroup" && a.principal.type === "group") {
        throw new ValidationError(
          `${field}.group`,
          'cannot be an active member of the role-assignable group that delivery: "group" creates: Entra does not nest groups in role-assignable groups (a group can only be an eligible member); make the group eligible instead, or give its people active assignments as users',
          ctx,
        );
      }
      this.checkExpiry(a, "activeAssignment", `${field}.expires`, ctx);
      ticketPair(a, field);
      if (s.activeAssignment.requireTicket && !a.ticket) throw new ValidationError(`${field}.ticket`, "is required: the settings require ticket information on active assignments", ctx);
    }
    // A PIM-for-Groups schedule whose end has passed and whose request Graph has purged reads as gone in azuread
    // (privileged_access_group_{eligiblity,assignment}_schedule_resource.go, Read: no request and schedule 404 ->
    // MarkAsGone), so Terraform plans to create it again: a relative duration (P90D) is then granted again from the
    // day of that apply. An end date is refused by parseExpiry once it has passed, which forces the entry out of the
    // file. One warning per role, so a role with many entries does not flood the output.
    if (groupSchedules) {
      const relative = [...this.eligible.map((e) => ["eligible", e] as const), ...this.active.map((a) => ["active", a] as const)].filter(([, a]) => a.duration !== undefined);
      if (relative.length > 0) {
        const n = relative.length;
        const shown = relative.slice(0, 3).map(([list, a]) => `${list}[${a.principal.key}] ${a.duration}`);
        Annotations.of(this).addWarning(
          `${ctx}: ${n} schedule${n === 1 ? " has" : "s have"} a relative expires (${shown.join(", ")}${n > 3 ? ` and ${n - 3} more` : ""}): azuread reads a PIM for Groups schedule that has ended and whose request Graph has purged (about 45 days) as deleted, and the next apply creates it again: the access is granted again for the same duration. Remove each entry when it ends, or give an end date (expires: YYYY-MM-DD), which synthesis refuses once it has passed.`,
        );
      }
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
    const policy = this.renderDirectoryPolicy("Settings", resolve);
    if (this.eligible.length > 0) {
      const it = JitRole.forEach(this.eligible, (a) => ({ principal_id: resolve(a.principal), justification: a.justification }));
      new DirectoryRoleEligibilityScheduleRequest(this, "Eligibility", {
        forEach: it,
        directoryScopeId: this.directoryScopeId,
        roleDefinitionId: templateId,
        principalId: eachValue("principal_id"),
        justification: eachValue("justification"),
        // Graph checks each request against the policy in force at that moment (azurerm #22766,
        // ExpirationRule): the policy is written first.
        dependsOn: [policy],
        // Every attribute is ForceNew in azuread 3.x: a reworded justification would recreate the
        // request, which Graph refuses for an existing eligibility (RoleAssignmentExists).
        lifecycle: { ignoreChanges: ["justification"] },
      });
    }
  }

  /**
   * The directory role's own PIM policy: one PATCH with all 17 rules (settings/graph.ts
   * renderGraphPolicy), the policy id read from its policy assignment (Graph: List
   * roleManagementPolicyAssignments, filter on scopeId, scopeType and roleDefinitionId).
   */
  private renderDirectoryPolicy(id: string, resolve: (ref: PrincipalRef) => string): MsgraphUpdateResource {
    ensureMsgraph(this);
    const templateId = this.role.templateId as string;
    const settings = new Construct(this, id);
    const assignment = new DataMsgraphResource(settings, "PolicyAssignment", {
      url: "policies/roleManagementPolicyAssignments",
      queryParameters: { $filter: [`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${templateId}'`] },
      responseExportValues: { policy_id: "value[0].policyId" },
    });
    // The read expands the rules so a change made in the portal shows as a diff; without $expand,
    // Graph's GET of a policy has no rules and the body would always read back as written.
    return new MsgraphUpdateResource(settings, "Policy", {
      dependsOn: this.dependencies(),
      url: `policies/roleManagementPolicies/${assignment.outputValue("policy_id")}`,
      body: renderGraphPolicy(this.settings.spec, resolve),
      readQueryParameters: { $expand: ["rules"] },
    });
  }

  private renderEntraGroup(resolve: (ref: PrincipalRef) => string, displayName: string, groupName?: string): Group {
    ensureAzuread(this);
    if (typeof displayName !== "string" || displayName.trim() === "" || displayName.length > 256) {
      throw new ValidationError("groupName", expected("a non-empty name of at most 256 characters", groupName), `JitRole ${this.role}`);
    }
    // prevent_duplicate_names looks the name up with an unescaped OData filter (principals.ts).
    assertCreatableGroupName(displayName, "groupName", `JitRole ${this.role}`, groupName === undefined);
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
      directoryScopeId: this.directoryScopeId,
    });
    this.renderGroupSchedules(group.objectId, "member", resolve);
    // The role's own policy too, with the same settings: nobody is eligible on the role itself,
    // but the auditors read it (ScubaGear MS.AAD.7.6-7.9 and Maester's CISA tests read the role's
    // approval and notification rules, not the group's), and an assignment made on the role
    // beside the stack meets the same rules. The group's permanent assignment of the role is made
    // with Graph's roleAssignments API, which PIM's policy does not govern (PIM's own alert "roles
    // are being assigned outside of PIM" exists for that API).
    this.renderDirectoryPolicy("RoleSettings", resolve);
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
    // Graph checks each schedule request against the policy in force at that moment (azurerm
    // #22766, ExpirationRule): the policy is written first.
    const policy = new GroupRoleManagementPolicy(this, "Settings", { ...renderGroupPolicy(this.settings.spec, groupId, access, resolve), dependsOn: this.dependencies() });
    // azuread before 3.9.0 re-sent AdminAssign on update (RoleAssignmentExists); 3.9.0, the pinned version, sends AdminUpdate.
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
        dependsOn: [policy],
      });
    }
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
      // Both are ForceNew, and azurerm 4.55.0 reads them only from the assignment's request, which
      // ARM purges after 45 days (pim_eligible_role_assignment_resource.go Read: "populate from the
      // schedule (not all fields will be available)"). An imported assignment, or a reworded
      // justification, would otherwise be deleted and created again: a gap in the access.
      lifecycle: { ignoreChanges: ["justification", "ticket"] },
    });
    // Written before the assignments: ARM validates each against the policy in force (azurerm #22766).
    const policy = new RoleManagementPolicy(this, "Settings", { ...renderAzurePolicy(this.settings.spec, scope, roleDefinitionId, resolve), dependsOn: this.dependencies() });
    if (this.eligible.length > 0) new PimEligibleRoleAssignment(this, "Eligibility", { ...assignmentConfig(JitRole.forEach(this.eligible, schedule)), dependsOn: [policy] });
    if (this.active.length > 0) new PimActiveRoleAssignment(this, "Active", { ...assignmentConfig(JitRole.forEach(this.active, schedule)), dependsOn: [policy] });
  }

  /** What the settings need created first (an authentication context), or undefined. */
  private dependencies(): ITerraformDependable[] | undefined {
    return this.settings.dependencies.length ? [...this.settings.dependencies] : undefined;
  }

  /** The Graph rule ids a direct Entra role manages (all 17). */
  public static readonly GRAPH_RULE_IDS = GRAPH_RULE_IDS;
}

