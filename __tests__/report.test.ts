import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { ActivationMonitoring, AssignmentInput, EntraRoles, JitRole, PimSecurityAlerts, PrivilegedAccessReviews, Role, RoleSettings } from "../constructs";
import { DirectoryRoleAssignment, GroupMember, ensureAzuread } from "../constructs/providers";
import { AdminWorkstationPolicy } from "../constructs/admin-workstation-policy";
import { BreakGlassAccount } from "../constructs/break-glass-account";
import { ReportFinding, buildAccessReport, requiredPermissions, writeReports } from "../constructs/report";
import { mermaidLabel, nodeId } from "../constructs/report/mermaid";
import { PrivilegedAccessChecks } from "../constructs/checks";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const WORKSPACE = `${SUB}/resourceGroups/logs/providers/Microsoft.OperationalInsights/workspaces/entra`;

const FINDINGS: ReportFinding[] = [
  { rule: "PAC-PERMANENT-ELIGIBLE", level: "warning", path: "tenant/GlobalAdmin", message: "user:alice@contoso.com is permanent" },
  { rule: "PAC-GA-COUNT", level: "error", path: "tenant", message: "Global Administrator must have 2 to 8 holders (CISA SCuBA MS.AAD.7.1)", detail: "1 found" },
  { rule: "PAC-CA-EXCLUDES-BG", level: "warning", path: "tenant/Admins", message: "report-only", suppressed: { reason: "Pilot until 2026-09" } },
];

/** Reverses a list when `reversed`: the fixtures are built in both orders to prove determinism. */
const maybe = <T>(items: readonly T[], reversed: boolean): T[] => (reversed ? [...items].reverse() : [...items]);

/**
 * One JitRole of each kind (direct Entra, group delivery, Azure at a subscription, PIM group),
 * with eligible and active principals and settings; an AdminWorkstationPolicy and two break-glass
 * accounts with alerting. `reversed` creates everything, and lists every principal, in reverse.
 */
function tenant(reversed = false): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, "tenant");
  const approvers = RoleSettings.highlyPrivileged({ activation: { approvers: maybe([{ group: "PIM Approvers" }, { user: "dana@contoso.com" }], reversed) } });
  const build: (() => void)[] = [
    () => new AdminWorkstationPolicy(stack, "Admins", { state: "enabled" }),
    () =>
      new JitRole(stack, "GlobalAdmin", {
        role: Role.entra("Global Administrator"),
        eligible: maybe<AssignmentInput>([{ user: "alice@contoso.com" }, { group: "Tier0 Admins", justification: "Tier 0 on-call" }], reversed),
        settings: approvers,
      }),
    () =>
      new JitRole(stack, "PrivilegedRoleAdmin", {
        role: Role.entra("Privileged Role Administrator"),
        delivery: "group",
        eligible: maybe<AssignmentInput>([{ user: "bob@contoso.com", expires: "P90D" }, { user: "erin@contoso.com", expires: "2027-03-31" }], reversed),
        active: [{ user: "carol@contoso.com", expires: "P15D", ticket: "CHG-42", ticketSystem: "ServiceNow" }],
        settings: approvers.with({ activation: { authenticationContext: "c1" } }),
      }),
    () =>
      new JitRole(stack, "SubscriptionOwner", {
        role: Role.azure("Owner", SUB),
        eligible: [{ group: "Cloud Platform" }],
        active: [{ user: "frank@contoso.com", expires: "PT12H", ticket: "INC-7" }],
        settings: approvers,
      }),
    () =>
      new JitRole(stack, "Operators", {
        role: Role.pimGroup("Tier1 Operators"),
        eligible: maybe<AssignmentInput>([{ user: "gina@contoso.com", expires: "P30D" }, { user: "hank@contoso.com", expires: "P30D" }], reversed),
        settings: RoleSettings.privileged({ activation: { maximumDuration: "PT2H", requireTicket: true } }),
      }),
    () => new BreakGlassAccount(stack, "BreakGlass1", { userPrincipalName: "bg-01@contoso.onmicrosoft.com" }),
    () => new BreakGlassAccount(stack, "BreakGlass2", { userPrincipalName: "bg-02@contoso.onmicrosoft.com", displayName: "Emergency 2" }),
    () =>
      BreakGlassAccount.configureAlerting(stack, {
        logAnalyticsWorkspaceId: WORKSPACE,
        resourceGroupName: "alerts",
        location: "westeurope",
        emails: maybe(["soc@contoso.com", "identity-team@contoso.com"], reversed),
      }),
    () => BreakGlassAccount.requirePhishingResistantSignIn(stack),
  ];
  for (const step of maybe(build, reversed)) step();
  return { app, stack };
}

/** The fenced mermaid block of a report, without the fences. */
function mermaidBlock(report: string): string[] {
  const match = /```mermaid\n([\s\S]*?)\n```/.exec(report);
  expect(match).not.toBeNull();
  return (match as RegExpExecArray)[1].split("\n");
}

/** Section of the report from `## title` to the next `## `. */
function section(report: string, title: string): string {
  const start = report.indexOf(`## ${title}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = report.indexOf("\n## ", start + 3);
  return report.slice(start, next < 0 ? undefined : next);
}

describe("access report of a stack with one role of each kind", () => {
  const { stack } = tenant();
  // The fixture must be a valid stack: synthesize it once with validations.
  Testing.synth(stack, true);
  const report = buildAccessReport(stack, { findings: FINDINGS });

  test("renders the default report (snapshot)", () => {
    expect(report).toMatchSnapshot();
  });

  test("lists eligible and active principals with their expiry, per role", () => {
    const ga = report.slice(report.indexOf("### Global Administrator"), report.indexOf("### Privileged Role Administrator"));
    expect(ga).toContain("| group | `Tier0 Admins` | permanent | Tier 0 on-call | none |");
    expect(ga).toContain("| user | `alice@contoso.com` | permanent | Managed as code | none |");
    const pra = report.slice(report.indexOf("### Privileged Role Administrator"), report.indexOf("### Owner"));
    expect(pra).toContain("| user | `bob@contoso.com` | 90 days after assignment |");
    expect(pra).toContain("| user | `erin@contoso.com` | until 2027-03-31T00:00:00Z |");
    expect(pra).toContain("| user | `carol@contoso.com` | 15 days after assignment | Managed as code | ServiceNow CHG-42 |");
    expect(pra).toContain("held by the role-assignable group `PIM Privileged Role Administrator`");
    const owner = report.slice(report.indexOf("### Owner"));
    expect(owner).toContain(`Azure role at \`${SUB}\``);
    expect(owner).toContain("| user | `frank@contoso.com` | 12 hours after assignment |");
  });

  test("states the activation requirements in the user's words", () => {
    const ga = report.slice(report.indexOf("### Global Administrator"), report.indexOf("### Privileged Role Administrator"));
    expect(ga).toContain("| Longest activation | 1 hour |");
    expect(ga).toContain("| Sign-in on activation | multifactor authentication |");
    expect(ga).toContain("| Approval | required, by group PIM Approvers, user dana@contoso.com |");
    expect(ga).toContain("| Ticket | required |");
    const pra = report.slice(report.indexOf("### Privileged Role Administrator"), report.indexOf("### Owner"));
    expect(pra).toContain("| Sign-in on activation | authentication context `c1` (Conditional Access decides the sign-in strength) |");
    const ops = report.slice(report.indexOf("### Tier1 Operators (member)"));
    expect(ops).toContain("| Longest activation | 2 hours |");
    expect(ops).toContain("| Approval | not required |");
  });

  test("shows the Conditional Access policies that cover each role, and the gaps", () => {
    const ga = report.slice(report.indexOf("### Global Administrator"), report.indexOf("### Privileged Role Administrator"));
    expect(ga).toContain("| PAC: Require phishing-resistant MFA for privileged roles (managed as code) | enforced |");
    expect(ga).not.toContain("authentication context c1");
    const pra = report.slice(report.indexOf("### Privileged Role Administrator"), report.indexOf("### Owner"));
    expect(pra).toContain("| PAC: Require phishing-resistant MFA for authentication context c1 (managed as code) | enforced |");
    const owner = report.slice(report.indexOf("### Owner"), report.indexOf("### Tier1"));
    expect(owner).toContain("Conditional Access targets built-in Entra roles only");
  });

  test("lists the break-glass accounts and their alerting", () => {
    const bg = section(report, "Break-glass accounts");
    expect(bg).toContain("| `bg-01@contoso.onmicrosoft.com` | bg-01 | active: permanent Global Administrator, excluded from Conditional Access | alerted |");
    expect(bg).toContain("| `bg-02@contoso.onmicrosoft.com` | Emergency 2 |");
    expect(bg).toContain("notifies e-mail identity-team@contoso.com, e-mail soc@contoso.com.");
    expect(bg).toContain("Sign-in policy for the accounts: phishing-resistant MFA, report-only (not enforced).");
  });

  test("lists findings most severe first and counts only open ones", () => {
    const f = section(report, "Check findings").split("\n").filter((l) => l.startsWith("| "));
    expect(f.slice(2).map((l) => l.split(" | ")[1])).toEqual(["`PAC-GA-COUNT`", "`PAC-CA-EXCLUDES-BG`", "`PAC-PERMANENT-ELIGIBLE`"]);
    expect(f[2]).toContain("| Global Administrator must have 2 to 8 holders (CISA SCuBA MS.AAD.7.1): 1 found | no |");
    expect(f[3]).toContain("| yes: Pilot until 2026-09 |");
    expect(report).toContain("| 1 error, 1 warning, 0 info |");
  });

  test("prints the permissions section from the same computation as required-permissions.json", () => {
    const p = section(report, "Permissions the deploying identity needs");
    for (const g of requiredPermissions(stack).graphApplicationPermissions) expect(p).toContain(`| \`${g.permission}\` |`);
    expect(p).toContain(`| User Access Administrator | \`${SUB}\` | \`azurerm_pim_active_role_assignment\`, \`azurerm_pim_eligible_role_assignment\`, \`azurerm_role_management_policy\` |`);
  });
});

describe("access held beside the JitRoles (the checks' access graph)", () => {
  const { stack } = tenant();
  const ga = stack.node.findChild("PrivilegedRoleAdmin") as JitRole;
  ensureAzuread(stack);
  new GroupMember(stack, "Standing", { groupObjectId: ga.group!.objectId, memberObjectId: "11111111-2222-4333-8444-555555555555" });
  new DirectoryRoleAssignment(stack, "SecurityAdmin", { roleId: EntraRoles.SECURITY_ADMINISTRATOR.templateId, principalObjectId: "22222222-2222-4333-8444-555555555555", directoryScopeId: "/" });
  const report = buildAccessReport(stack);

  test("a standing member of a role's delivery group is listed under the role, as needing no activation", () => {
    const role = report.slice(report.indexOf("### Privileged Role Administrator"), report.indexOf("### ", report.indexOf("### Privileged Role Administrator") + 4));
    expect(role).toContain(
      '| `object id 11111111-2222-4333-8444-555555555555` | standing member of group "PIM Privileged Role Administrator" | **no** | `tenant/Standing` |',
    );
  });
  test("a role granted by a raw resource, with no JitRole, has its own section", () => {
    expect(section(report, "Roles held outside the JitRoles")).toContain(
      "### Security Administrator\n\n| Principal | How | Needs activation | Written by |\n| --- | --- | --- | --- |\n| `object id 22222222-2222-4333-8444-555555555555` | directory role assignment outside PIM | **no** | `tenant/SecurityAdmin` |",
    );
  });
  test("the Global Administrator section lists the break-glass accounts, which the count rule counts", () => {
    expect(report).toContain("| `user bg-01@contoso.onmicrosoft.com` | break-glass account (permanent, excluded from Conditional Access) | **no** | `tenant/BreakGlass1` |");
  });
});

describe("access reviews in the report", () => {
  test("each role says its review cadence, or why it has none", () => {
    const { stack } = tenant();
    expect(buildAccessReport(stack)).toContain("- Access review: **none** (the stack configures no access reviews)");
    PrivilegedAccessReviews.configure(stack, { reviewers: [{ group: "Reviewers" }], startDate: "2027-01-04" });
    const report = buildAccessReport(stack);
    const role = (name: string) => report.slice(report.indexOf(`### ${name}`), report.indexOf("\n### ", report.indexOf(`### ${name}`) + 4));
    expect(role("Global Administrator")).toContain("- Access review: quarterly, of every eligible and active holder");
    expect(role("Owner at")).toContain("- Access review: **none** (Azure role reviews are an Azure Resource Manager API with no azurerm resource: review the role in PIM)");
  });
  test("tier-0 Entra roles say how their activations are monitored", () => {
    const { stack } = tenant();
    ActivationMonitoring.configure(stack, { workingHours: { start: 8, end: 18, utcOffsetHours: 1 }, allowedIpRanges: ["203.0.113.0/24"] });
    const report = buildAccessReport(stack);
    expect(report).toContain("- Activation monitoring: activations outside 8:00-18:00 UTC+1 on weekdays or from outside 203.0.113.0/24 alert (Log Analytics)");
    expect(report.match(/- Activation monitoring:/g)).toHaveLength(2); // Global Administrator and Privileged Role Administrator
  });
});

describe("PIM security alerts in the report", () => {
  test("each alert with its state and settings; a stack without them says the tenant keeps its own", () => {
    const { stack } = tenant();
    expect(section(buildAccessReport(stack), "PIM security alerts")).toContain("Not configured by this stack");
    PimSecurityAlerts.configure(stack, { tooManyGlobalAdmins: { threshold: 4 }, invalidLicense: false });
    const alerts = section(buildAccessReport(stack), "PIM security alerts");
    expect(alerts).toContain("| Too many Global Administrators | enabled | `globalAdminCountThreshold 4` |");
    expect(alerts).toContain("| Licences that do not cover PIM | **disabled** | the tenant's |");
    expect(alerts).toContain("| Roles assigned outside PIM | enabled | the tenant's |");
  });
});

describe("findings not given", () => {
  test("the report computes the rule pack's findings instead of claiming there are none", () => {
    const { stack } = tenant();
    const warnings = PrivilegedAccessChecks.findingsOf(stack).filter((f) => f.level === "warning" && !f.suppressed).length;
    expect(warnings).toBeGreaterThan(0);
    const report = buildAccessReport(stack);
    expect(report).toContain(`${warnings} warning${warnings === 1 ? "" : "s"}`);
    expect(section(report, "Check findings")).not.toContain("None.");
  });
});

describe("mermaid diagram", () => {
  const { stack } = tenant();
  const lines = mermaidBlock(buildAccessReport(stack));
  const ID = /^[a-z]_[a-z0-9_]*[0-9a-f]{8}$/;
  const nodes = lines.filter((l) => /^ {2}[a-z]_\w+(\(\[|\[|\{\{)/.test(l));
  const edges = lines.filter((l) => /^ {2}\w+ (-->|==>|-\.->)\|/.test(l));

  test("is a left-to-right flowchart", () => {
    expect(lines[0]).toBe("flowchart LR");
  });

  test("has safe, unique node ids and quoted labels with balanced brackets", () => {
    const ids = nodes.map((l) => l.trim().split(/[[({]/)[0]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(ID);
    for (const l of nodes) {
      const m = /^ {2}\w+(\(\[|\[\/|\[|\{\{)"([^"]*)"(\]\)|\/\]|\]|\}\})$/.exec(l);
      expect(m).not.toBeNull();
      const [, open, , close] = m as RegExpExecArray;
      expect({ "([": "])", "[/": "/]", "[": "]", "{{": "}}" }[open]).toBe(close);
    }
  });

  test("edges connect declared nodes only", () => {
    const ids = new Set(nodes.map((l) => l.trim().split(/[[({]/)[0]));
    expect(edges.length).toBeGreaterThan(0);
    for (const e of edges) {
      const m = /^ {2}(\w+) (?:-->|==>|-\.->)\|"[^"]*"\| (\w+)$/.exec(e);
      expect(m).not.toBeNull();
      expect(ids.has((m as RegExpExecArray)[1])).toBe(true);
      expect(ids.has((m as RegExpExecArray)[2])).toBe(true);
    }
  });

  test("draws the highly privileged roles only, with principals, controls and break-glass accounts", () => {
    const text = lines.join("\n");
    expect(text).toContain('"Global Administrator"');
    expect(text).toContain('"Privileged Role Administrator"');
    expect(text).toContain(`"Owner at ${SUB}"`);
    expect(text).not.toContain("Tier1 Operators");
    expect(text).toContain('"break-glass bg-01@contoso.onmicrosoft.com"');
    expect(text).toContain('-.->|"missing"|');
    expect(text).toMatch(/==>\|"active, 15 days after assignment"\|/);
  });

  test("node ids come from keys, not positions, so they survive reordering", () => {
    expect(nodeId("principal", "user:alice@contoso.com")).toBe(nodeId("principal", "user:alice@contoso.com"));
    expect(nodeId("principal", "group:a b")).not.toBe(nodeId("principal", "group:a_b"));
    expect(nodeId("role", "end")).toMatch(/^r_end_[0-9a-f]{8}$/);
    // The slug comes from the label; the fingerprint from the key.
    expect(nodeId("role", "entra:62e90394-69f5-4237-9190-012177145e10", "Global Administrator")).toMatch(/^r_global_administrator_[0-9a-f]{8}$/);
  });

  test("escapes labels that would break Mermaid or Markdown", () => {
    expect(mermaidLabel('Ops "Tier0" <b>#1</b> & `x`\nnext')).toBe("Ops #quot;Tier0#quot; #lt;b#gt;#35;1#lt;/b#gt; #amp; #96;x#96; next");
    const app = Testing.app();
    const s = new TerraformStack(app, "odd");
    new JitRole(s, "GA", {
      role: Role.entra("Global Administrator"),
      eligible: [{ group: 'Ops "Tier0" <b>#1</b> [x] | end' }],
      settings: RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } }),
    });
    const report = buildAccessReport(s);
    const node = mermaidBlock(report).find((l) => l.includes("Tier0")) as string;
    expect(node).toMatch(/^ {2}p_group_ops_tier0_b_1_b_x_end_[0-9a-f]{8}\(\["group Ops #quot;Tier0#quot; #lt;b#gt;#35;1#lt;\/b#gt; \[x\] \| end"\]\)$/);
    // In the Markdown table the pipe is escaped, so the row keeps its five cells.
    const row = report.split("\n").find((l) => l.startsWith("| group |")) as string;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
  });
});

describe("determinism", () => {
  test("the same tenant built in reverse order gives a byte-identical report and permissions", () => {
    const a = tenant(false).stack;
    const b = tenant(true).stack;
    expect(buildAccessReport(b, { findings: [...FINDINGS].reverse() })).toBe(buildAccessReport(a, { findings: FINDINGS }));
    expect(JSON.stringify(requiredPermissions(b))).toBe(JSON.stringify(requiredPermissions(a)));
  });

  test("has no timestamp or machine-specific text", () => {
    const report = buildAccessReport(tenant().stack);
    // The only date is the end date given in the input.
    expect(new Set(report.match(/\d{4}-\d{2}-\d{2}(T[\d:]+Z?)?/g))).toEqual(new Set(["2027-03-31T00:00:00Z", "2026-09"].filter((d) => report.includes(d))));
    expect(report).not.toContain(os.tmpdir());
    expect(report.endsWith("\n")).toBe(true);
    expect(report).not.toMatch(/\n\n\n/);
  });
});

describe("writeReports", () => {
  test("writes both files beside the stack's Terraform JSON after app.synth()", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "report-"));
    try {
      const app = new App({ outdir, skipValidation: false });
      const stack = new TerraformStack(app, "prod");
      new JitRole(stack, "Reader", { role: Role.entra("Global Reader"), eligible: [{ user: "ivy@contoso.com" }] });
      app.synth();
      const written = writeReports(stack, outdir);
      const dir = path.join(outdir, "stacks", "prod");
      expect(written).toEqual({ accessReport: path.join(dir, "access-report.md"), requiredPermissions: path.join(dir, "required-permissions.json") });
      expect(fs.existsSync(path.join(dir, "cdk.tf.json"))).toBe(true);
      expect(fs.readFileSync(written.accessReport, "utf8")).toBe(buildAccessReport(stack));
      const json = JSON.parse(fs.readFileSync(written.requiredPermissions, "utf8"));
      expect(json).toEqual(JSON.parse(JSON.stringify(requiredPermissions(stack))));
      expect(Object.keys(json)).toEqual(["graphApplicationPermissions", "azureRoles", "entraRoles", "unmappedResourceTypes"]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("an empty stack gives a report that says so", () => {
    const report = buildAccessReport(new TerraformStack(Testing.app(), "empty"));
    expect(report).toContain("## Highly privileged roles\n\nNone in this stack.");
    expect(report).toContain("No JitRole in this stack.");
    expect(report).toContain("## Break-glass accounts\n\nNone in this stack.");
    expect(report).not.toContain("```mermaid");
  });
});
