import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { ValidationError } from "../../constructs";
import { FindingsReport, PrivilegedAccessChecks, SUPPRESSION_METADATA_TYPE, writeFindings } from "../../constructs/checks";
import { BREAK_GLASS, GA_ROLE, check, tenant } from "./helpers";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "pac-"));
const messages = (stack: TerraformStack, type: string) =>
  stack.node.findAll().flatMap((n) => n.node.metadata.filter((m) => m.type === type).map((m) => `${n.node.path}: ${m.data}`));

test("pins every rule's id and level (renaming or softening a rule shows here)", () => {
  expect([...PrivilegedAccessChecks.rules, PrivilegedAccessChecks.ruleError].map((r) => `${r.id} ${r.level}`)).toEqual([
    "PAC-GA-COUNT error",
    "PAC-GA-GROUP warning",
    "PAC-PERMANENT-ACTIVE error",
    "PAC-PIM-ONLY error",
    "PAC-PRIVILEGE-PATH error",
    "PAC-GA-APPROVAL error",
    "PAC-TIER0-APPROVAL warning",
    "PAC-ACTIVATION-MFA error",
    "PAC-APPROVER-SELF error",
    "PAC-APPROVER-BREAK-GLASS error",
    "PAC-ALERT-ASSIGNMENT error",
    "PAC-REVIEW-TIER0 warning",
    "PAC-ALERT-OUTSIDE-PIM warning",
    "PAC-ALERT-GA-ACTIVATION error",
    "PAC-ALERT-ACTIVATION warning",
    "PAC-MFA-PHISHING-RESISTANT error",
    "PAC-MFA-REPORT-ONLY warning",
    "PAC-LEGACY-AUTH error",
    "PAC-LEGACY-AUTH-REPORT-ONLY warning",
    "PAC-CA-ROLE-OUTSIDE warning",
    "PAC-CA-BREAK-GLASS-EXCLUDED error",
    "PAC-CA-BREAK-GLASS-COMMON error",
    "PAC-CA-BREAK-GLASS-DECOMMISSIONED error",
    "PAC-CA-LOCKOUT error",
    "PAC-BREAK-GLASS-COUNT error",
    "PAC-BREAK-GLASS-ALERT error",
    "PAC-ACTIVATION-DURATION warning",
    "PAC-ELIGIBLE-EXPIRY warning",
    "PAC-RULE-ERROR error",
  ]);
});

test("docs/checks.md lists every rule with its level and baseline", () => {
  const doc = fs.readFileSync(path.join(__dirname, "../../docs/checks.md"), "utf8");
  for (const r of [...PrivilegedAccessChecks.rules, PrivilegedAccessChecks.ruleError]) {
    expect(doc).toMatch(new RegExp(`\\| \`${r.id}\` \\| ${r.level} \\| ${r.baseline.replace(/[()]/g, "\\$&")} \\|`));
  }
});

describe("annotations", () => {
  const warnings = check(tenant({ ga: { ...GA_ROLE, eligible: [{ user: "alice@contoso.com" }, { user: "bob@contoso.com", expires: "2027-06-30" }] } }));

  test("a warning is a warning annotation on the construct and does not fail synthesis", () => {
    expect(warnings.synthError).toBeUndefined();
    expect(messages(warnings.stack, "@cdktf/warn")).toEqual([
      "test/GlobalAdministrator: [PAC-ELIGIBLE-EXPIRY] Eligible assignments of highly privileged roles expire (Microsoft Entra: Plan a PIM deployment): user:alice@contoso.com is eligible for Global Administrator with no end date",
    ]);
    expect(messages(warnings.stack, "@cdktf/error")).toEqual([]);
  });

  test("an error is an error annotation, and Testing.fullSynth throws on it", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    tenant({ alerted: false, breakGlass: [BREAK_GLASS[0], BREAK_GLASS[1]] })(stack);
    PrivilegedAccessChecks.applyTo(stack, { findingsFiles: false });
    expect(() => Testing.fullSynth(stack)).toThrow(/PAC-BREAK-GLASS-ALERT at test\/BreakGlass1: no sign-in alert covers bg-01@contoso\.onmicrosoft\.com/);
    expect(messages(stack, "@cdktf/error")).toEqual([
      expect.stringMatching(/^test\/BreakGlass1: \[PAC-BREAK-GLASS-ALERT\] Every break-glass account has a sign-in alert \(.*\): no sign-in alert covers bg-01/),
      expect.stringMatching(/^test\/BreakGlass2: \[PAC-BREAK-GLASS-ALERT\]/),
    ]);
  });

  test("verbose adds the explanation and what to do", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    tenant({ ga: { ...GA_ROLE, eligible: [{ user: "alice@contoso.com" }, { user: "bob@contoso.com", expires: "2027-06-30" }] } })(stack);
    PrivilegedAccessChecks.applyTo(stack, { verbose: true, findingsFiles: false });
    Testing.synth(stack, true);
    expect(messages(stack, "@cdktf/warn")[0]).toMatch(/\(Microsoft Entra: Plan a PIM deployment\): user:.* with no end date\. Eligibility that never ends .* What to do: Give eligible principals `expires`/);
  });
});

describe("suppressions", () => {
  test("a suppressed finding is recorded with its reason but does not fail synthesis", () => {
    const result = check((stack) => {
      tenant({ alerted: false })(stack);
      PrivilegedAccessChecks.suppress(stack.node.findChild("BreakGlass1"), [{ id: "PAC-BREAK-GLASS-ALERT", reason: "  Alerted by the SIEM rule BG-1 (CHG-42)  " }]);
    });
    expect(result.of("PAC-BREAK-GLASS-ALERT").map((f) => [f.path, f.suppressed])).toEqual([
      ["test/BreakGlass1", { reason: "Alerted by the SIEM rule BG-1 (CHG-42)", path: "test/BreakGlass1" }],
      ["test/BreakGlass2", undefined],
    ]);
    expect(result.synthError?.message).toContain("PAC-BREAK-GLASS-ALERT at test/BreakGlass2");
    expect(result.synthError?.message).not.toContain("test/BreakGlass1");
    expect(messages(result.stack, "@cdktf/info")).toEqual([
      "test/BreakGlass1: [PAC-BREAK-GLASS-ALERT] suppressed on test/BreakGlass1 (Alerted by the SIEM rule BG-1 (CHG-42)): no sign-in alert covers bg-01@contoso.onmicrosoft.com (configure BreakGlassAccount.configureAlerting or the account's alerting prop)",
    ]);
  });

  test("a suppression covers the construct's descendants and is visible as node metadata", () => {
    const result = check((stack) => {
      tenant({ alerted: false })(stack);
      PrivilegedAccessChecks.suppress(stack, [{ id: "PAC-BREAK-GLASS-ALERT", reason: "Sign-ins are alerted by Sentinel analytics rule 17" }]);
    });
    expect(result.synthError).toBeUndefined();
    expect(result.of("PAC-BREAK-GLASS-ALERT").map((f) => f.suppressed?.path)).toEqual(["test", "test"]);
    expect(result.stack.node.metadata.filter((m) => m.type === SUPPRESSION_METADATA_TYPE).map((m) => m.data)).toEqual([
      { id: "PAC-BREAK-GLASS-ALERT", reason: "Sign-ins are alerted by Sentinel analytics rule 17" },
    ]);
  });

  describe("refusals", () => {
    const stack = new TerraformStack(Testing.app(), "refusals");
    const refuse = (suppressions: unknown) => () => PrivilegedAccessChecks.suppress(stack, suppressions as never);

    test("refuses an empty reason", () => {
      expect(refuse([{ id: "PAC-GA-COUNT", reason: "" }])).toThrow(ValidationError);
      expect(refuse([{ id: "PAC-GA-COUNT", reason: "" }])).toThrow(
        'PrivilegedAccessChecks.suppress on refusals: suppressions[0].reason: must say in at least 10 characters why PAC-GA-COUNT is acceptable here (reviewers read it), got ""',
      );
    });
    test("refuses a whitespace reason", () => {
      expect(refuse([{ id: "PAC-GA-COUNT", reason: " \t " }])).toThrow('suppressions[0].reason: must say in at least 10 characters why PAC-GA-COUNT is acceptable here (reviewers read it), got " \\t "');
    });
    test("refuses a reason shorter than the tenant file's minimum (10 characters), on this route too", () => {
      expect(refuse([{ id: "PAC-GA-COUNT", reason: " too short " }])).toThrow('suppressions[0].reason: must say in at least 10 characters why PAC-GA-COUNT is acceptable here (reviewers read it), got " too short "');
      expect(refuse([{ id: "PAC-GA-COUNT", reason: "ten chars." }])).not.toThrow();
    });
    test("refuses an unknown rule id, suggesting the closest", () => {
      expect(refuse([{ id: "PAC-GA-COUNTS", reason: "x" }])).toThrow(/suppressions\[0\]\.id: must be a rule id of PrivilegedAccessChecks, got "PAC-GA-COUNTS"; did you mean "PAC-GA-COUNT"/);
    });
    test("refuses the same rule twice on one construct", () => {
      PrivilegedAccessChecks.suppress(stack, [{ id: "PAC-GA-GROUP", reason: "Group has 3 members (reviewed monthly)" }]);
      expect(refuse([{ id: "PAC-GA-GROUP", reason: "again, another reason" }])).toThrow("suppressions[0].id: PAC-GA-GROUP is already suppressed on this construct; give one reason per rule");
    });
    test("refuses an empty list", () => {
      expect(refuse([])).toThrow("PrivilegedAccessChecks.suppress: suppressions: must be a non-empty list of { id, reason }, got []");
    });
  });
});

describe("applyTo", () => {
  test("refuses a second application to the same stack", () => {
    const stack = new TerraformStack(Testing.app(), "twice");
    PrivilegedAccessChecks.applyTo(stack);
    expect(() => PrivilegedAccessChecks.applyTo(stack)).toThrow("PrivilegedAccessChecks.applyTo: stack: twice already has PrivilegedAccessChecks applied; apply the pack once per stack");
  });
  test("refuses something that is not a stack, and a non-boolean option", () => {
    const app = Testing.app();
    expect(() => PrivilegedAccessChecks.applyTo(app as never)).toThrow(/^PrivilegedAccessChecks\.applyTo: stack: must be a TerraformStack, got/);
    expect(() => PrivilegedAccessChecks.applyTo(new TerraformStack(app, "s"), { verbose: "yes" as never })).toThrow('options.verbose: must be true or false, got "yes"');
  });
  test("findingsOf evaluates a stack that has not synthesized yet", () => {
    const stack = new TerraformStack(Testing.app(), "test");
    tenant({ breakGlass: [BREAK_GLASS[0]] })(stack);
    expect(PrivilegedAccessChecks.findingsOf(stack).map((f) => f.rule)).toEqual(["PAC-BREAK-GLASS-COUNT"]);
  });
});

describe("findings files", () => {
  const read = (outdir: string) => ({
    json: JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "tenant", "findings.json"), "utf8")) as FindingsReport,
    md: fs.readFileSync(path.join(outdir, "stacks", "tenant", "findings.md"), "utf8"),
  });

  test("app.synth writes findings.json and findings.md next to the stack's Terraform JSON", () => {
    const outdir = tmp();
    const app = new App({ outdir, stackTraces: false });
    const stack = new TerraformStack(app, "tenant");
    tenant({ alerted: false })(stack);
    PrivilegedAccessChecks.suppress(stack, [{ id: "PAC-BREAK-GLASS-ALERT", reason: "Alerted by Sentinel | rule 17" }]);
    PrivilegedAccessChecks.applyTo(stack);
    app.synth();
    expect(fs.existsSync(path.join(outdir, "stacks", "tenant", "cdk.tf.json"))).toBe(true);
    const { json, md } = read(outdir);
    expect(json.stack).toBe("tenant");
    expect(json.summary).toEqual({ errors: 0, warnings: 0, suppressed: 2 });
    expect(json.findings[0]).toEqual({
      rule: "PAC-BREAK-GLASS-ALERT",
      level: "error",
      baseline: "Microsoft Entra: Manage emergency access accounts",
      path: "tenant/BreakGlass1",
      message: "Every break-glass account has a sign-in alert.",
      detail: "no sign-in alert covers bg-01@contoso.onmicrosoft.com (configure BreakGlassAccount.configureAlerting or the account's alerting prop)",
      suppressed: { reason: "Alerted by Sentinel | rule 17", path: "tenant" },
    });
    expect(md).toContain("| error (suppressed) | PAC-BREAK-GLASS-ALERT | `tenant/BreakGlass1` | no sign-in alert covers bg-01@contoso.onmicrosoft.com");
    expect(md).toContain("| Alerted by Sentinel \\| rule 17 (on `tenant`) |");
    expect(md).toContain("- **PAC-BREAK-GLASS-ALERT** (error, Microsoft Entra: Manage emergency access accounts): Every break-glass account has a sign-in alert.");
  });

  test("a failing synthesis still writes the files, also when the CLI continues past error annotations", () => {
    const outdir = tmp();
    const previous = process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
    process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
    try {
      const app = new App({ outdir, stackTraces: false });
      const stack = new TerraformStack(app, "tenant");
      tenant({ breakGlass: [BREAK_GLASS[0]], ga: null })(stack);
      PrivilegedAccessChecks.applyTo(stack);
      expect(() => app.synth()).toThrow(/PAC-BREAK-GLASS-COUNT at tenant: the stack has 1 break-glass account/);
    } finally {
      if (previous === undefined) delete process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS;
      else process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = previous;
    }
    const { json, md } = read(outdir);
    expect(json.summary).toEqual({ errors: 2, warnings: 0, suppressed: 0 });
    expect(json.findings.map((f) => f.rule)).toEqual(["PAC-BREAK-GLASS-COUNT", "PAC-GA-COUNT"]);
    expect(md).toMatch(/^# Privileged access findings: tenant\n\n2 error\(s\), 0 warning\(s\), 0 suppressed\./);
  });

  test("writeFindings writes them for a stack applied without findingsFiles", () => {
    const outdir = tmp();
    const stack = new TerraformStack(Testing.app(), "tenant");
    tenant()(stack);
    PrivilegedAccessChecks.applyTo(stack, { findingsFiles: false });
    Testing.synth(stack, true);
    const written = writeFindings(stack, outdir);
    expect(written).toEqual({ json: path.join(outdir, "stacks", "tenant", "findings.json"), markdown: path.join(outdir, "stacks", "tenant", "findings.md") });
    const { json, md } = read(outdir);
    expect(json).toEqual({ stack: "tenant", summary: { errors: 0, warnings: 0, suppressed: 0 }, findings: [] });
    expect(md).toBe("# Privileged access findings: tenant\n\n0 error(s), 0 warning(s), 0 suppressed.\n\nNo findings.\n");
  });
});
