import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../main";

/**
 * main.ts end to end: a good tenant file becomes cdktf.out/stacks/<name>/ with the Terraform JSON,
 * the access report and the findings; a bad one exits 1 listing every problem as
 * `path: message`, without a stack trace, and writes nothing.
 */

const ROOT = path.join(__dirname, "..");
const BAD = `roles:
  - entraRole: Global Admin
    eligible:
      - user: alice@contoso.com
        expires: P2W
rolez: []
`;

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "tenant-main-"));
}

function runCapturing(configPath: string, outdir: string): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = run({ configPath, outdir, log: (l) => out.push(l), error: (l) => err.push(l) });
  return { code, out, err };
}

describe("run(): a good tenant file", () => {
  const dir = tmp();
  const outdir = path.join(dir, "cdktf.out");
  const result = runCapturing(path.join(ROOT, "examples", "minimal.yaml"), outdir);
  const stackDir = path.join(outdir, "stacks", "tenant");

  test("exits 0 and writes the Terraform JSON, access report, required permissions and findings", () => {
    expect(result.code).toBe(0);
    expect(result.err).toEqual([]);
    expect(fs.readdirSync(stackDir).sort()).toEqual(["access-report.md", "cdk.tf.json", "findings.json", "findings.md", "required-permissions.json"]);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(true);
  });

  test("the Terraform JSON is the stack of the file", () => {
    const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    expect(Object.keys(json.resource.azuread_user).sort()).toEqual(["break_glass_bg-01_contoso_onmicrosoft_com", "break_glass_bg-02_contoso_onmicrosoft_com"]);
  });

  test("says where everything went and what the checks found", () => {
    expect(result.out[0]).toMatch(/minimal\.yaml: synthesized stack "tenant" to .*stacks\/tenant$/);
    expect(result.out[1]).toMatch(/^ {2}checks: 0 errors, \d+ warnings?, 0 suppressed \(.*findings\.md\)$/);
  });
});

describe("run(): advice of the constructs", () => {
  test("is printed once each, e.g. a first apply that leaves approval as the tenant has it", () => {
    const dir = tmp();
    const file = path.join(dir, "groups.yaml");
    const minimal = fs.readFileSync(path.join(ROOT, "examples", "minimal.yaml"), "utf8");
    fs.writeFileSync(file, `${minimal.replace("roles:\n", "roles:\n  - pimGroup: Ops\n    eligible:\n      - user: a@contoso.com\n        expires: P30D\n")}`);
    const { code, out } = runCapturing(file, path.join(dir, "out"));
    expect(code).toBe(0);
    expect(out.filter((l) => l.startsWith("  warning: "))).toEqual([
      "  warning: JitRole Ops (member): 1 schedule has a relative expires (eligible[user:a@contoso.com] P30D): azuread reads a PIM for Groups schedule that has ended and whose request Graph has purged (about 45 days) as deleted, and the next apply creates it again: the access is granted again for the same duration. Remove each entry when it ends, or give an end date (expires: YYYY-MM-DD), which synthesis refuses once it has passed. (tenant/Ops (member))",
      "  warning: JitRole Ops (member): on the first apply azuread does not send activation.requireApproval: false (it sends a policy rule only when it differs from false or empty; azuread #1517, azurerm #28913), so the tenant keeps its current value for it until a second apply; run terraform plan after the first apply and apply again if it shows a change (tenant/Ops (member))",
    ]);
  });
});

describe("run(): a bad tenant file", () => {
  const dir = tmp();
  const file = path.join(dir, "tenant.yaml");
  fs.writeFileSync(file, BAD);

  test("exits 1 with every problem on its own line as path: message, and no stack trace", () => {
    const outdir = path.join(dir, "out-new");
    const { code, err, out } = runCapturing(file, outdir);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err[0]).toBe(`${file}: 3 problems`);
    expect(err.slice(1).map((l) => l.slice(0, l.indexOf(": ")))).toEqual(["roles[0].entraRole", "roles[0].eligible[0].expires", "rolez"]);
    expect(err.join("\n")).not.toContain("    at ");
  });

  test("writes nothing: an outdir it had to create is removed", () => {
    const outdir = path.join(dir, "out-created");
    runCapturing(file, outdir);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test("writes nothing into an existing outdir", () => {
    const outdir = path.join(dir, "out-existing");
    fs.mkdirSync(outdir);
    fs.writeFileSync(path.join(outdir, "keep.txt"), "earlier run");
    runCapturing(file, outdir);
    expect(fs.readdirSync(outdir)).toEqual(["keep.txt"]);
  });

  test("an error finding fails before synthesis, with the suppression that would accept it", () => {
    const outdir = path.join(dir, "out-finding");
    const minimal = fs.readFileSync(path.join(ROOT, "examples", "minimal.yaml"), "utf8");
    const unapproved = path.join(dir, "unapproved.yaml");
    fs.writeFileSync(unapproved, minimal.replace("        approvers:\n          - group: PIM Approvers\n", "        requireApproval: false\n"));
    const { code, err } = runCapturing(unapproved, outdir);
    expect(code).toBe(1);
    expect(err.slice(1)).toEqual([
      expect.stringMatching(/^roles\[0\]: PAC-GA-APPROVAL: activation of Global Administrator does not require approval .*target: "Global Administrator", reason: "<why>" \}/),
    ]);
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test("a missing file says so and how to point at another", () => {
    const { code, err } = runCapturing(path.join(dir, "nope.yaml"), path.join(dir, "out-missing"));
    expect(code).toBe(1);
    expect(err[1]).toBe("(file): does not exist");
  });
});

describe("tsx main.ts in a child process (TENANT_CONFIG, CDKTF_OUTDIR)", () => {
  const dir = tmp();
  const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
  const exec = (env: Record<string, string>) =>
    spawnSync(tsx, ["main.ts"], { cwd: ROOT, env: { ...process.env, DEBUG: "", ...env }, encoding: "utf8", timeout: 60_000 });

  test("a bad file: exit code 1, problems on stderr, no stack trace, no output directory", () => {
    const file = path.join(dir, "bad.yaml");
    fs.writeFileSync(file, "name: a\nroles:\n  - entraRole: [Global Administrator\nname: b\n");
    const outdir = path.join(dir, "out-bad");
    const child = exec({ TENANT_CONFIG: file, CDKTF_OUTDIR: outdir });
    expect(child.status).toBe(1);
    expect(child.stderr.trim().split("\n")).toEqual([
      `${file}: 2 problems`,
      `${file}:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${file}:4:1: Map keys must be unique`,
    ]);
    expect(child.stderr).not.toContain("    at ");
    expect(fs.existsSync(outdir)).toBe(false);
  });

  test("run by the cdktf CLI (CDKTF_CONTEXT_JSON set), problems go to stdout, which cdktf prints once (it repeats stderr)", () => {
    const file = path.join(dir, "bad-cdktf.yaml");
    fs.writeFileSync(file, "breakGlass:\n  accounts: []\nrolez: []\n");
    const child = exec({ TENANT_CONFIG: file, CDKTF_OUTDIR: path.join(dir, "out-cdktf"), CDKTF_CONTEXT_JSON: "{}" });
    expect(child.status).toBe(1);
    expect(child.stderr).toBe("");
    expect(child.stdout).toMatch(/^.*bad-cdktf\.yaml: 1 problem\nrolez: is not a known field; did you mean "roles"\?.*\(line 3, column 1\)\n$/);
    expect(child.stdout).not.toContain("    at ");
  });

  test("the default example: exit code 0 and cdk.tf.json written", () => {
    const outdir = path.join(dir, "out-good");
    const child = exec({ TENANT_CONFIG: "", CDKTF_OUTDIR: outdir });
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    expect(fs.existsSync(path.join(outdir, "stacks", "contoso", "cdk.tf.json"))).toBe(true);
  });
});
