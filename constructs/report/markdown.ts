import { Assignment } from "../assignments";
import { RoleSettingsSpec } from "../settings/model";
import { DiagramEdge, DiagramNode, renderFlowchart } from "./mermaid";
import { AccessModel, ControlFact, ControlState, FINDING_LEVELS, GLOBAL_ADMINISTRATOR_KEY, HolderFact, RoleFact, holderName, principalName } from "./model";
import { RequiredPermissions } from "./permissions";
import { code, humanDuration, md, sortBy, table } from "./text";

/** Renders the access report: who can become what, how, and from where. Deterministic: no clock, every list sorted. */

const STATE_TEXT: Record<ControlState, string> = { enforced: "enforced", "report-only": "report-only (not enforced)", off: "off" };
const TIER_TEXT = ["tier 0 (control plane)", "tier 1 (privileged)", "tier 2"];
const PRESET_TEXT: Record<RoleFact["preset"], string> = { highlyPrivileged: "highly privileged", privileged: "privileged", standard: "standard" };

/** Highly privileged roles: CISA SCuBA's list, or tier 0 (which includes Owner and User Access Administrator on Azure). */
export function isHighlyPrivileged(r: RoleFact): boolean {
  return r.role.highlyPrivileged || r.role.tier === 0;
}

function kindText(r: RoleFact): string {
  return `${shapeText(r)}${r.administrativeUnit ? `, scoped to the administrative unit ${code(r.administrativeUnit)}` : ""}`;
}

function shapeText(r: RoleFact): string {
  switch (r.shape) {
    case "entraDirect":
      return `Entra directory role${r.role.custom ? " (custom)" : ""}, eligibility directly on the role`;
    case "entraGroup":
      return `Entra directory role${r.role.custom ? " (custom)" : ""}, held by the role-assignable group ${code(r.deliveryGroup ?? "?")} (PIM for Groups membership)`;
    case "azure":
      return `Azure role at ${code(r.role.scope ?? "?")}`;
    case "pimGroup":
      return `PIM for Groups: ${r.role.access ?? "member"} of ${code(r.role.group?.value ?? "?")}`;
  }
}

/** An assignment's expiry in words: `permanent`, `90 days after assignment`, `until <date>`. */
export function expiry(a: Assignment): string {
  if (a.endDateTime) return `until ${a.endDateTime}`;
  if (a.duration) return `${humanDuration(a.duration)} after assignment`;
  return "permanent";
}

function assignmentRows(list: readonly Assignment[]): string[][] {
  return list.map((a) => [
    md(a.principal.type === "servicePrincipal" ? "service principal" : a.principal.type),
    code(a.principal.value),
    md(expiry(a)),
    md(a.justification),
    a.ticket ? md(a.ticketSystem ? `${a.ticketSystem} ${a.ticket}` : a.ticket) : "none",
  ]);
}

const yes = (required: boolean) => (required ? "required" : "not required");

function approvalText(s: RoleSettingsSpec["activation"]): string {
  if (!s.requireApproval) return "not required";
  return `required, by ${s.approvers.map((p) => md(principalName(p))).join(", ")}`;
}

function notifiedText(n: RoleSettingsSpec["notifications"]["activation"]): string {
  const extra = new Set([...n.admin.additionalRecipients, ...n.approver.additionalRecipients, ...n.assignee.additionalRecipients]);
  const parts = [`admins: ${n.admin.level}`, `approvers: ${n.approver.level}`, `the activating user: ${n.assignee.level}`];
  return md(`${parts.join(", ")}${extra.size ? `; also ${[...extra].sort().join(", ")}` : ""}`);
}

/** What activating the role requires, as [requirement, setting] rows in the user's words (the report's and the diff's). */
export function requirementRows(r: RoleFact): string[][] {
  const a = r.settings.activation;
  const signIn = a.authenticationContext
    ? `authentication context ${code(a.authenticationContext)} (Conditional Access decides the sign-in strength)`
    : a.requireMfa
      ? "multifactor authentication"
      : "none beyond the user's sign-in";
  const e = r.settings.eligibleAssignment;
  const act = r.settings.activeAssignment;
  return [
    ["Longest activation", md(humanDuration(a.maximumDuration))],
    ["Sign-in on activation", signIn],
    ["Justification", yes(a.requireJustification)],
    ["Ticket", yes(a.requireTicket)],
    ["Approval", approvalText(a)],
    ["Eligibility", e.expirationRequired ? `must expire within ${humanDuration(e.maximumDuration)}` : "may be permanent"],
    ["Active assignments", act.expirationRequired ? `must expire within ${humanDuration(act.maximumDuration)}` : "may be permanent"],
    ["Notified on activation", notifiedText(r.settings.notifications.activation)],
  ];
}

function controlLabel(c: ControlFact): string {
  const names = c.authenticationContext === undefined || c.displayName.includes(c.authenticationContext);
  return names ? c.displayName : `${c.displayName} (authentication context ${c.authenticationContext})`;
}

function roleSection(r: RoleFact): string[] {
  const flags = [TIER_TEXT[r.role.tier], ...(r.role.highlyPrivileged ? ["highly privileged (CISA SCuBA)"] : [])].join(", ");
  const out = [`### ${md(r.role.toString())}`, "", `- What: ${kindText(r)}`, `- Sensitivity: ${flags}`, `- Settings: the ${PRESET_TEXT[r.preset]} preset, with the values below`, `- Access review: ${"cadence" in r.review ? `${r.review.cadence}, of every eligible and active holder` : `**none** (${md(r.review.none)})`}`, ...(r.monitoring ? [`- Activation monitoring: ${md(r.monitoring)}`] : []), `- Declared at: ${code(r.path)}`, ""];
  const header = ["Type", "Principal", "Expires", "Justification", "Ticket"];
  out.push("**Eligible** (can activate):", "");
  out.push(...(r.eligible.length ? table(header, assignmentRows(r.eligible)) : ["Nobody."]), "");
  out.push("**Active** (hold the role now, without activating):", "");
  out.push(...(r.active.length ? table(header, assignmentRows(r.active)) : ["Nobody."]), "");
  if (r.otherHolders.length) {
    out.push("**Also held** (through the stack's other resources, not this JitRole's assignments):", "", ...holderTable(r.otherHolders), "");
  }
  out.push("**How to activate**", "", ...table(["Requirement", "Setting"], requirementRows(r)), "");
  out.push("**Where from** (Conditional Access):", "");
  if (r.controls.length) {
    out.push(...table(["Policy", "State"], r.controls.map((c) => [md(controlLabel(c)), STATE_TEXT[c.state]])));
  } else {
    out.push(r.role.kind === "entra" && !r.role.custom
      ? "No Conditional Access policy of this stack targets this role."
      : "No Conditional Access policy of this stack applies: Conditional Access targets built-in Entra roles only; require an authentication context on activation to protect it.");
  }
  if (r.undefinedAuthenticationContext) {
    out.push("", `Activation requires authentication context ${code(r.undefinedAuthenticationContext)}, but no AdminWorkstationPolicy of this stack defines it: check that a Conditional Access policy in the tenant targets it.`);
  }
  out.push("");
  return out;
}

function holderTable(holders: readonly HolderFact[]): string[] {
  return table(["Principal", "How", "Needs activation", "Written by"], holders.map((h) => [code(holderName(h.principal)), md(h.how), h.standing ? "**no**" : "yes", code(h.writtenBy)]));
}

function unmanagedSection(model: AccessModel): string[] {
  if (model.unmanagedRoles.length === 0) return [];
  const out = ["## Roles held outside the JitRoles", "", "Directory roles this stack grants without a JitRole (raw grants, groups that hold them), from the same access graph the checks count from.", ""];
  for (const r of model.unmanagedRoles) out.push(`### ${md(r.displayName)}`, "", ...holderTable(r.holders), "");
  return out;
}

/** The diagram of the highly privileged roles: principals -> roles -> Conditional Access controls. */
export function diagram(model: AccessModel): string[] {
  const roles = model.roles.filter(isHighlyPrivileged);
  const nodes: DiagramNode[] = [];
  const edges: DiagramEdge[] = [];
  const activeBreakGlass = model.breakGlass.filter((b) => !b.decommissioned);
  if (roles.length === 0 && activeBreakGlass.length === 0) return [];
  const node = (n: DiagramNode) => {
    nodes.push(n);
    return `${n.kind}:${n.key}`;
  };
  for (const r of roles) {
    const role = node({ kind: "role", key: r.key, label: r.role.toString() });
    for (const [list, style, what] of [[r.eligible, "solid", "eligible"], [r.active, "thick", "active"]] as const) {
      for (const a of list) {
        const p = node({ kind: "principal", key: a.principal.key, label: principalName(a.principal) });
        edges.push({ from: p, to: role, style, label: `${what}, ${expiry(a)}` });
      }
    }
    for (const c of r.controls) {
      const ctl = node({ kind: "control", key: c.key, label: `${controlLabel(c).replace(/ \(managed as code\)$/, "")} (${c.state})` });
      edges.push({ from: role, to: ctl, style: "solid", label: c.authenticationContext ? "activation requires" : "sign-in requires" });
    }
    if (r.controls.length === 0) {
      const gap = node({ kind: "gap", key: "no-conditional-access", label: "No Conditional Access control" });
      edges.push({ from: role, to: gap, style: "dotted", label: "missing" });
    }
  }
  if (activeBreakGlass.length) {
    const ga = node({ kind: "role", key: GLOBAL_ADMINISTRATOR_KEY, label: "Global Administrator" });
    for (const b of activeBreakGlass) {
      const p = node({ kind: "breakGlass", key: b.userPrincipalName.toLowerCase(), label: `break-glass ${b.userPrincipalName}` });
      edges.push({ from: p, to: ga, style: "thick", label: "permanent, excluded from Conditional Access" });
    }
  }
  return renderFlowchart(nodes, edges);
}

function summary(model: AccessModel, permissions: RequiredPermissions): string[] {
  const principals = new Set(model.roles.flatMap((r) => [...r.eligible, ...r.active].map((a) => a.principal.key)));
  const count = (level: string) => model.findings.filter((f) => f.level === level && !f.suppressed).length;
  return table(
    ["Roles", "Highly privileged", "Principals with access", "Break-glass accounts", "Conditional Access policies", "Open findings", "Unmapped resource types"],
    [[
      String(model.roles.length),
      String(model.roles.filter(isHighlyPrivileged).length),
      String(principals.size),
      String(model.breakGlass.filter((b) => !b.decommissioned).length),
      String(model.controls.length),
      FINDING_LEVELS.map((l) => `${count(l)} ${l}${count(l) === 1 || l === "info" ? "" : "s"}`).join(", "),
      String(permissions.unmappedResourceTypes.length),
    ]],
  );
}

function breakGlassSection(model: AccessModel): string[] {
  const out = ["## Break-glass accounts", ""];
  if (model.breakGlass.length === 0) return [...out, "None in this stack.", ""];
  out.push(
    ...table(
      ["Account", "Display name", "Status", "Sign-in alert"],
      model.breakGlass.map((b) => [
        code(b.userPrincipalName),
        md(b.displayName),
        b.decommissioned ? "decommissioned (no longer managed)" : "active: permanent Global Administrator, excluded from Conditional Access",
        b.alerted ? "alerted" : "**not alerted**",
      ]),
    ),
    "",
  );
  if (model.alerting) {
    const a = model.alerting;
    out.push(`Sign-in alert: ${md(a.ruleName)}, evaluated every ${md(humanDuration(a.evaluationFrequency))}, notifies ${a.receivers.map(md).join(", ")}.${a.sendsEntraLogs ? " Entra sign-in and audit logs are sent to the workspace by this stack." : ""}`, "");
  } else {
    out.push("No sign-in alert is configured: configure one with `BreakGlassAccount.configureAlerting`.", "");
  }
  out.push(
    model.breakGlassSignInPolicy
      ? `Sign-in policy for the accounts: phishing-resistant MFA, ${STATE_TEXT[model.breakGlassSignInPolicy]}.`
      : "No Conditional Access policy requires phishing-resistant MFA for the accounts.",
    "",
  );
  return out;
}

const PIM_ALERT_TEXT: Record<string, string> = {
  invalidLicense: "Licences that do not cover PIM",
  noMfaOnRoleActivation: "Activations without MFA",
  redundantAssignment: "Assignments not activated for a while",
  rolesAssignedOutsidePim: "Roles assigned outside PIM",
  sequentialActivationRenewals: "The same role activated again and again",
  staleSignIn: "Principals that have not signed in for a while",
  tooManyGlobalAdmins: "Too many Global Administrators",
};

function pimAlertsSection(model: AccessModel): string[] {
  const out = ["## PIM security alerts", ""];
  if (!model.pimAlerts) return [...out, "Not configured by this stack: the tenant keeps its own alert settings (configure PimSecurityAlerts, tenant file `pimAlerts`).", ""];
  out.push(
    ...table(
      ["Alert", "State", "Settings"],
      model.pimAlerts.map((a) => [md(PIM_ALERT_TEXT[a.key] ?? a.key), a.enabled ? "enabled" : "**disabled**", a.settings.length ? a.settings.map(code).join(", ") : "the tenant's"]),
    ),
    "",
  );
  return out;
}

function controlsSection(model: AccessModel, roleNames: Map<string, string>): string[] {
  const out = ["## Conditional Access", ""];
  if (model.controls.length === 0) return [...out, "No AdminWorkstationPolicy in this stack.", ""];
  const targets = (c: ControlFact) =>
    c.authenticationContext
      ? `activations that require authentication context ${code(c.authenticationContext)}`
      : `${c.roleTemplateIds.length} roles${c.roleTemplateIds.some((id) => roleNames.has(id)) ? `, including ${sortBy(c.roleTemplateIds.filter((id) => roleNames.has(id)), (id) => [roleNames.get(id) ?? id]).map((id) => md(roleNames.get(id) ?? id)).join(", ")}` : ""}`;
  out.push(...table(["Policy", "Control", "State", "Applies to"], model.controls.map((c) => [md(c.displayName), code(c.control), STATE_TEXT[c.state], targets(c)])), "");
  return out;
}

function findingsSection(model: AccessModel): string[] {
  const out = ["## Check findings", ""];
  if (model.findings.length === 0) return [...out, "None.", ""];
  out.push(
    ...table(
      ["Level", "Rule", "Where", "Finding", "Suppressed"],
      model.findings.map((f) => [f.level, code(f.rule), code(f.path), md(f.detail ? `${f.message}: ${f.detail}` : f.message), f.suppressed ? md(`yes: ${f.suppressed.reason}`) : "no"]),
    ),
    "",
  );
  return out;
}

function permissionsSection(p: RequiredPermissions): string[] {
  const reasons = (r: readonly string[]) => r.map(code).join(", ");
  const out = ["## Permissions the deploying identity needs", "", "Computed from the resources this stack synthesizes, least privilege. Also in `required-permissions.json`.", ""];
  out.push("Microsoft Graph application permissions:", "");
  out.push(...(p.graphApplicationPermissions.length ? table(["Permission", "Needed by"], p.graphApplicationPermissions.map((g) => [code(g.permission), reasons(g.reason)])) : ["None."]), "");
  out.push("Azure roles:", "");
  out.push(...(p.azureRoles.length ? table(["Role", "Scope", "Needed by"], p.azureRoles.map((a) => [md(a.role), code(a.scope), reasons(a.reason)])) : ["None."]), "");
  out.push("Microsoft Entra roles:", "");
  out.push(...(p.entraRoles.length ? table(["Role", "Needed by"], p.entraRoles.map((e) => [md(e.role), reasons(e.reason)])) : ["None."]), "");
  if (p.unmappedResourceTypes.length) {
    out.push(`**Unmapped** (look these up before deploying; the lists above are incomplete): ${reasons(p.unmappedResourceTypes)}.`, "");
  }
  return out;
}

/** The whole report as Markdown, ending with one newline. */
export function renderMarkdown(model: AccessModel, permissions: RequiredPermissions): string {
  const roleNames = new Map(model.roles.filter((r) => r.role.kind === "entra" && r.role.templateId).map((r) => [r.role.templateId as string, r.role.displayName]));
  const chart = diagram(model);
  const lines = [
    `# Privileged access report: ${md(model.stackName)}`,
    "",
    "Who can become what, how, and from where. Generated from the stack on every synth: review its diff in pull requests.",
    "",
    ...summary(model, permissions),
    "",
    "## Highly privileged roles",
    "",
    ...(chart.length
      ? ["Principals (left) are eligible (thin arrow) or active (thick arrow) for tier 0 and CISA SCuBA highly privileged roles, which require the Conditional Access controls on the right.", "", ...chart]
      : ["None in this stack."]),
    "",
    "## Roles",
    "",
    ...(model.roles.length ? model.roles.flatMap(roleSection) : ["No JitRole in this stack.", ""]),
    ...unmanagedSection(model),
    ...breakGlassSection(model),
    ...pimAlertsSection(model),
    ...controlsSection(model, roleNames),
    ...findingsSection(model),
    ...permissionsSection(permissions),
  ];
  return `${lines.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd()}\n`;
}
