import { TerraformStack } from "cdktf";
import { AdminWorkstationPolicy } from "../admin-workstation-policy";
import { Assignment } from "../assignments";
import { BreakGlassAccount } from "../break-glass-account";
import { BreakGlassAlerting } from "../break-glass/alerting";
import { BreakGlassSignInPolicy } from "../break-glass/sign-in-policy";
import { JitRole, JitRoleShape } from "../jit-role";
import { PrincipalRef } from "../principals";
import { Role } from "../role";
import { GLOBAL_ADMINISTRATOR_KEY, roleKey } from "../role-key";
import { RoleSettingsSpec } from "../settings/model";
import { PresetName } from "../settings/role-settings";
import { attributesOf } from "./permissions";
import { AccessEdge, AccessGraph, AccessVia } from "../checks/access";
import { StackModel } from "../checks/model";
import { PimSecurityAlerts } from "../operations/pim-alerts";
import { PrivilegedAccessReviews } from "../operations/access-reviews";
import { ActivationMonitoring } from "../operations/activation-monitoring";
import { findEntraRole } from "../catalog";
import { compare, sortBy } from "./text";

/**
 * The facts the access report is made of, read from the constructs of a stack and sorted, so the
 * renderers stay simple and the same stack always gives the same report.
 */

/** Finding levels, most severe first. */
export type FindingLevel = "error" | "warning" | "info";
export const FINDING_LEVELS: readonly FindingLevel[] = ["error", "warning", "info"];

/** A check finding, as the rule pack reports it. */
export interface ReportFinding {
  /** Rule id, e.g. `PAC-7.4`. */
  readonly rule: string;
  readonly level: FindingLevel;
  /** Construct path the finding is about. */
  readonly path: string;
  /** The rule's one-line message. */
  readonly message: string;
  /** What this node does wrong, when the rule says more than its message. @default - the message alone */
  readonly detail?: string;
  /** Present when the finding is suppressed, with the reason given. */
  readonly suppressed?: { readonly reason: string };
}

/** Conditional Access state in the user's words. */
export type ControlState = "enforced" | "report-only" | "off";

/** One Conditional Access policy written by an AdminWorkstationPolicy. */
export interface ControlFact {
  /** Stable identity: the policy's construct path. */
  readonly key: string;
  readonly control: string;
  readonly displayName: string;
  readonly state: ControlState;
  /** Template ids of the roles it targets (empty for the authentication context policy). */
  readonly roleTemplateIds: readonly string[];
  /** The authentication context claim it protects (authentication context policy only). */
  readonly authenticationContext?: string;
}

export interface RoleFact {
  /** Stable identity of the role (`entra:<templateId>`, `azure:<roleId>@<scope>`, `pimGroup:<group>:<access>`). */
  readonly key: string;
  readonly path: string;
  readonly role: Role;
  readonly shape: JitRoleShape;
  /** Group delivery: the role-assignable group's display name. */
  readonly deliveryGroup?: string;
  /** Entra roles scoped to an administrative unit: `/administrativeUnits/{id}`. */
  readonly administrativeUnit?: string;
  readonly eligible: readonly Assignment[];
  readonly active: readonly Assignment[];
  readonly settings: RoleSettingsSpec;
  readonly preset: PresetName;
  /** Conditional Access policies that apply when the role is used or activated, sorted. */
  readonly controls: readonly ControlFact[];
  /** Authentication context required on activation that no AdminWorkstationPolicy of the stack defines. */
  readonly undefinedAuthenticationContext?: string;
  /** How activations of the role are monitored, in words; absent when nothing of the stack watches them. */
  readonly monitoring?: string;
  /** The recurring access review of the role's holders (`quarterly`), or why there is none. */
  readonly review: { readonly cadence: string } | { readonly none: string };
  /** Who else holds the role, from the stack's access graph (checks/access.ts): not this JitRole's own eligible and active. */
  readonly otherHolders: readonly HolderFact[];
}

/** One PIM security alert: enabled or not, with the thresholds sent. */
export interface PimAlertFact {
  readonly key: string;
  readonly enabled: boolean;
  /** `globalAdminCountThreshold 5`, `duration P30D`, sorted. */
  readonly settings: readonly string[];
}

/** A way into a role that the role's own JitRole does not show. */
export interface HolderFact {
  /** `user:alice@contoso.com`, `group:Tier0 Admins` or `objectId:<id>`. */
  readonly principal: string;
  /** How, in words: `standing member of group "PIM Global Administrator"`. */
  readonly how: string;
  /** True when it needs no activation. */
  readonly standing: boolean;
  /** Construct path of what writes it. */
  readonly writtenBy: string;
}

/** A role held in the stack that no JitRole manages (a raw grant, a group holding it); break-glass accounts have their own section. */
export interface UnmanagedRoleFact {
  readonly key: string;
  readonly displayName: string;
  readonly holders: readonly HolderFact[];
}

export interface BreakGlassFact {
  readonly userPrincipalName: string;
  readonly displayName: string;
  readonly decommissioned: boolean;
  readonly alerted: boolean;
}

export interface AlertingFact {
  readonly ruleName: string;
  readonly evaluationFrequency: string;
  /** Who is notified, sorted (`e-mail soc@contoso.com`, `action group /subscriptions/...`). */
  readonly receivers: readonly string[];
  readonly sendsEntraLogs: boolean;
}

export interface AccessModel {
  readonly stackName: string;
  readonly roles: readonly RoleFact[];
  readonly controls: readonly ControlFact[];
  readonly breakGlass: readonly BreakGlassFact[];
  readonly alerting?: AlertingFact;
  readonly breakGlassSignInPolicy?: ControlState;
  /** PIM's security alerts as the stack configures them; absent when it configures none. */
  readonly pimAlerts?: readonly PimAlertFact[];
  /** Roles held in the stack that no JitRole manages, with their holders. */
  readonly unmanagedRoles: readonly UnmanagedRoleFact[];
  readonly findings: readonly ReportFinding[];
}

export { GLOBAL_ADMINISTRATOR_KEY };

export function stateOf(state: string): ControlState {
  return state === "enabled" ? "enforced" : state === "disabled" ? "off" : "report-only";
}


/** The human name of an access graph principal key: `user alice@contoso.com`, `object id 1111...`. */
export function holderName(key: string): string {
  const at = key.indexOf(":");
  const kind = key.slice(0, at);
  return `${kind === "objectId" ? "object id" : kind === "servicePrincipal" ? "service principal" : kind} ${key.slice(at + 1)}`;
}

/** The human name of a principal: `user alice@contoso.com`, `group PIM Approvers`. */
export function principalName(p: PrincipalRef): string {
  return `${p.type === "servicePrincipal" ? "service principal" : p.type} ${p.value}`;
}

function controlsOf(stack: TerraformStack): ControlFact[] {
  const out: ControlFact[] = [];
  for (const awp of stack.node.findAll().filter(AdminWorkstationPolicy.isAdminWorkstationPolicy)) {
    const roleIds = awp.roleTemplateIds();
    for (const p of awp.policies) {
      const isContext = p.control === "authenticationContext";
      out.push({
        key: p.policy.node.path,
        control: p.control,
        displayName: p.displayName,
        state: stateOf(awp.state),
        roleTemplateIds: isContext ? [] : roleIds,
        ...(isContext && awp.authenticationContext ? { authenticationContext: awp.authenticationContext.claimValue } : {}),
      });
    }
  }
  return sortBy(out, (c) => [c.displayName, c.key]);
}

const VIA_TEXT: Record<AccessVia, string> = {
  eligible: "eligible",
  active: "active",
  breakGlass: "break-glass account (permanent, excluded from Conditional Access)",
  directGrant: "directory role assignment outside PIM",
  member: "member",
  owner: "owner (can add members, herself included)",
};

function holderFact(e: AccessEdge): HolderFact {
  let how: string;
  if (e.through.length === 0) how = e.via === "eligible" && e.role.startsWith("entra:") ? "eligibility written beside the JitRole" : VIA_TEXT[e.via];
  else {
    const [first, ...rest] = e.through;
    how = `${e.standing ? "standing" : "eligible"} ${VIA_TEXT[e.via]} of group "${first}"${rest.map((g) => `, which is in group "${g}"`).join("")}`;
  }
  return { principal: e.principal, how, standing: e.standing, writtenBy: e.node.node.path };
}

function holderFacts(edges: readonly AccessEdge[]): HolderFact[] {
  return sortBy(edges.map(holderFact), (h) => [h.principal, h.how, h.writtenBy]);
}

function unmanagedRoles(graph: AccessGraph, managed: ReadonlySet<string>): UnmanagedRoleFact[] {
  const byRole = new Map<string, AccessEdge[]>();
  for (const e of graph.edges) {
    if (managed.has(e.role) || e.via === "breakGlass") continue;
    const list = byRole.get(e.role);
    if (list) list.push(e);
    else byRole.set(e.role, [e]);
  }
  const out = [...byRole].map(([key, edges]) => {
    const id = key.startsWith("entra:") ? key.slice("entra:".length) : undefined;
    return { key, displayName: (id && findEntraRole(id)?.displayName) || key, holders: holderFacts(edges) };
  });
  return sortBy(out, (r) => [r.displayName, r.key]);
}

function roleFact(jit: JitRole, controls: readonly ControlFact[], graph: AccessGraph): RoleFact {
  const spec = jit.settings.spec;
  const context = spec.activation.authenticationContext;
  const templateId = jit.role.kind === "entra" && !jit.role.custom ? jit.role.templateId : undefined;
  const applies = controls.filter(
    (c) => (templateId !== undefined && c.roleTemplateIds.includes(templateId)) || (context !== undefined && c.authenticationContext === context),
  );
  const contextDefined = controls.some((c) => c.authenticationContext === context);
  return {
    key: roleKey(jit.role),
    path: jit.node.path,
    role: jit.role,
    shape: jit.shape,
    ...(jit.group?.displayNameInput !== undefined ? { deliveryGroup: jit.group.displayNameInput } : {}),
    ...(jit.directoryScopeId !== "/" ? { administrativeUnit: jit.directoryScopeId } : {}),
    eligible: jit.eligible,
    active: jit.active,
    settings: spec,
    preset: jit.settings.presetName,
    controls: applies,
    ...(context !== undefined && !contextDefined ? { undefinedAuthenticationContext: context } : {}),
    otherHolders: holderFacts(graph.holdersOf(roleKey(jit.role)).filter((e) => !(e.node === jit && e.through.length === 0))),
    review: reviewOf(jit),
    ...monitoringOf(jit),
  };
}

function monitoringOf(jit: JitRole): { monitoring?: string } {
  const m = ActivationMonitoring.of(jit);
  if (!m || jit.role.kind !== "entra" || jit.role.tier !== 0) return {};
  const h = m.settings;
  const hours = `${h.start}:00-${h.end}:00 UTC${h.offset >= 0 ? "+" : ""}${h.offset}${h.weekends ? "" : " on weekdays"}`;
  return { monitoring: `activations outside ${hours}${h.ranges.length ? ` or from outside ${h.ranges.join(", ")}` : ""} alert (Log Analytics)` };
}

function reviewOf(jit: JitRole): RoleFact["review"] {
  const reviews = PrivilegedAccessReviews.of(jit);
  if (!reviews) return { none: "the stack configures no access reviews" };
  const view = reviews.reviewOf(jit);
  return view ? { cadence: view.cadence } : { none: reviews.whyNotReviewed(jit) ?? "none" };
}

function pimAlertsOf(stack: TerraformStack): { pimAlerts?: PimAlertFact[] } {
  const alerts = PimSecurityAlerts.of(stack);
  if (!alerts) return {};
  return {
    pimAlerts: alerts.settings.map((a) => ({
      key: a.key,
      enabled: a.enabled,
      settings: Object.entries(a.body)
        .filter(([k]) => k !== "@odata.type" && k !== "isEnabled")
        .map(([k, v]) => `${k} ${String(v)}`)
        .sort(compare),
    })),
  };
}

function alertingOf(stack: TerraformStack): AlertingFact | undefined {
  const alerting = BreakGlassAlerting.of(stack);
  if (!alerting) return undefined;
  const ruleAttrs = attributesOf(alerting.alertRule);
  const receivers: string[] = [];
  if (alerting.actionGroup) {
    const attrs = attributesOf(alerting.actionGroup);
    const list = (name: string) => (Array.isArray(attrs[name]) ? (attrs[name] as Record<string, unknown>[]) : []);
    for (const r of list("email_receiver")) receivers.push(`e-mail ${String(r.email_address)}`);
    for (const r of list("sms_receiver")) receivers.push(`SMS +${String(r.country_code)} ${String(r.phone_number)}`);
    for (const r of list("webhook_receiver")) receivers.push(`webhook ${String(r.name)}`);
  } else {
    receivers.push(`action group ${alerting.actionGroupId}`);
  }
  return {
    ruleName: String(ruleAttrs.display_name ?? ruleAttrs.name),
    evaluationFrequency: String(ruleAttrs.evaluation_frequency),
    receivers: receivers.sort(compare),
    sendsEntraLogs: alerting.diagnosticSetting !== undefined,
  };
}

/** Reads the access facts of `stack`. Call after the stack is built (before or after synth). */
export function accessModel(stack: TerraformStack, findings: readonly ReportFinding[] = []): AccessModel {
  const controls = controlsOf(stack);
  // The same graph the rules count from (PAC-GA-COUNT), so the report and the checks agree.
  const graph = new StackModel(stack).access;
  const jitRoles = stack.node.findAll().filter(JitRole.isJitRole);
  const roles = jitRoles.map((jit) => roleFact(jit, controls, graph));
  const signIn = BreakGlassSignInPolicy.of(stack);
  const alerting = alertingOf(stack);
  return {
    stackName: stack.node.id,
    // Most privileged first, then by name in the user's words, then by where it is declared.
    roles: sortBy(roles, (r) => [String(r.role.tier), r.role.highlyPrivileged ? "0" : "1", r.role.toString(), r.key, r.path]),
    controls,
    breakGlass: BreakGlassAccount.accountsOf(stack).map((a) => ({
      userPrincipalName: a.userPrincipalName,
      displayName: a.displayName,
      decommissioned: a.decommissioned,
      alerted: a.alerted,
    })),
    ...(alerting ? { alerting } : {}),
    ...(signIn ? { breakGlassSignInPolicy: stateOf(signIn.state) } : {}),
    unmanagedRoles: unmanagedRoles(graph, new Set(jitRoles.map((j) => roleKey(j.role)))),
    ...pimAlertsOf(stack),
    findings: sortBy(findings, (f) => [String(FINDING_LEVELS.includes(f.level) ? FINDING_LEVELS.indexOf(f.level) : FINDING_LEVELS.length), f.rule, f.path, f.message, f.detail ?? "", f.suppressed?.reason ?? ""]),
  };
}
