import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { EXIT, main } from "../cli/main";
import { Progress } from "../cli/progress";

/**
 * The entra-pim command line, run in process through main() with captured output (the packaged
 * binary is run as a process by `npm run test:package`; one test here spawns it through tsx).
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EXAMPLES = path.join(__dirname, "..", "examples");
const MINIMAL = path.join(EXAMPLES, "minimal.yaml");

function cli(args: string[], cwd?: string): { code: number; out: string; err: string } {
  let out = "";
  let err = "";
  const code = main(args, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "entra-pim-cli-test-"));
}

/** The minimal example changed by `edit` (on its parsed YAML), written to a new file. */
function variant(edit: (data: Json) => void, dir = tmp(), name = "tenant.yaml"): string {
  const data = parse(fs.readFileSync(MINIMAL, "utf8")) as Json;
  edit(data);
  const file = path.join(dir, name);
  fs.writeFileSync(file, stringify(data));
  return file;
}

describe("usage", () => {
  test("--help lists every command and the exit codes; each command has --help", () => {
    const help = cli(["--help"]);
    expect(help.code).toBe(EXIT.OK);
    for (const command of ["init", "validate", "synth", "report", "diff"]) {
      expect(help.out).toMatch(new RegExp(`^  ${command} `, "m"));
      const sub = cli([command, "--help"]);
      expect([sub.code, sub.out]).toEqual([EXIT.OK, expect.stringContaining(`Usage: entra-pim ${command}`)]);
    }
    expect(help.out).toContain("Exit codes: 0 ok; 1 the tenant file has problems (or a command failed); 2 usage error.");
  });
  test("an unknown command, a missing argument, an unknown option and a wrong choice are usage errors (exit 2)", () => {
    expect(cli(["frobnicate"])).toMatchObject({ code: EXIT.USAGE, err: expect.stringContaining("unknown command 'frobnicate'") });
    expect(cli(["validate"])).toMatchObject({ code: EXIT.USAGE, err: expect.stringContaining("missing required argument 'tenant.yaml'") });
    expect(cli(["synth", MINIMAL, "--outt", "x"])).toMatchObject({ code: EXIT.USAGE, err: expect.stringContaining("unknown option '--outt'") });
    expect(cli(["validate", MINIMAL, "--format", "xml"])).toMatchObject({ code: EXIT.USAGE, err: expect.stringContaining("Allowed choices are text, json") });
    expect(cli(["diff", MINIMAL])).toMatchObject({ code: EXIT.USAGE, err: expect.stringContaining("diff needs two files, or one with --base <rev>") });
  });
  test("--version prints the package version", () => {
    const version = (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { version: string }).version;
    expect(cli(["--version"])).toEqual({ code: EXIT.OK, out: `${version}\n`, err: "" });
  });
});

describe("validate", () => {
  test("a good file: exit 0, a summary and its warnings, in text and JSON", () => {
    const text = cli(["validate", path.join(EXAMPLES, "tenant.yaml")]);
    expect(text.code).toBe(EXIT.OK);
    expect(text.out).toMatch(/tenant\.yaml: valid \(stack "contoso"\): 0 errors, \d+ warnings, \d+ suppressed\n/);
    const json = cli(["validate", MINIMAL, "--format", "json"]);
    const result = JSON.parse(json.out) as Json;
    expect(result).toMatchObject({ valid: true, stack: "tenant", errors: 0 });
    expect(result.entries.every((e: Json) => typeof e.message === "string" && ["error", "warning", "info"].includes(e.level))).toBe(true);
  });
  test("a bad file: exit 1, every problem with its field, line and column, nothing on stdout", () => {
    const file = variant((d) => {
      d.rolez = [];
      d.roles[0].eligible[0].user = "not-an-upn";
    });
    const r = cli(["validate", file]);
    expect(r.code).toBe(EXIT.PROBLEMS);
    expect(r.out).toBe("");
    expect(r.err).toMatch(/tenant\.yaml: 2 problems\n/);
    expect(r.err).toMatch(/error: rolez: .*\(line \d+, column 1\)/);
    expect(r.err).toMatch(/error: roles\[0\]\.eligible\[0\]\.user: .*not-an-upn.*\(line \d+, column \d+\)/);
    const json = JSON.parse(cli(["validate", file, "--format", "json"]).out) as Json;
    expect(json).toMatchObject({ valid: false, errors: 2 });
    expect(json.entries.map((e: Json) => e.path).sort()).toEqual(["roles[0].eligible[0].user", "rolez"]);
  });
  test("a missing file: exit 1, says so, no stack trace", () => {
    const r = cli(["validate", "no-such-tenant.yaml"]);
    expect(r).toMatchObject({ code: EXIT.PROBLEMS });
    expect(r.err).toBe("no-such-tenant.yaml: 1 problem\n  error: (file): does not exist\n");
  });
});

describe("synth", () => {
  test("writes the stack, findings, report and permissions for any file", () => {
    const out = path.join(tmp(), "out");
    const r = cli(["synth", MINIMAL, "--out", out]);
    expect(r.code).toBe(EXIT.OK);
    for (const file of ["cdk.tf.json", "findings.json", "findings.md", "access-report.md", "required-permissions.json"]) expect(fs.existsSync(path.join(out, "stacks", "tenant", file))).toBe(true);
    expect(r.out).toContain('synthesized stack "tenant"');
  });
  test("a bad file writes nothing and exits 1", () => {
    const out = path.join(tmp(), "out");
    const r = cli(["synth", variant((d) => (d.roles[0].eligible[0].user = "nobody")), "--out", out]);
    expect(r.code).toBe(EXIT.PROBLEMS);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("synth: what the output directory holds afterwards", () => {
  test("a failed synthesis (HCL output refused with a decommissioned break-glass account) leaves the previous good output as it was", () => {
    const out = path.join(tmp(), "out");
    const file = variant((d) => d.breakGlass.accounts.push({ userPrincipalName: "bg-old@contoso.onmicrosoft.com", decommissioned: true }));
    expect(cli(["synth", file, "--out", out]).code).toBe(EXIT.OK);
    const before = fs.readFileSync(path.join(out, "stacks", "tenant", "cdk.tf.json"), "utf8");
    process.env.SYNTH_HCL_OUTPUT = "true";
    let r: ReturnType<typeof cli>;
    try {
      r = cli(["synth", file, "--out", out]);
    } finally {
      delete process.env.SYNTH_HCL_OUTPUT;
    }
    expect(r.code).toBe(EXIT.PROBLEMS);
    expect(r.err).toContain("removed blocks");
    expect(fs.readFileSync(path.join(out, "stacks", "tenant", "cdk.tf.json"), "utf8")).toBe(before);
    expect(fs.readdirSync(path.dirname(out))).toEqual(["out"]); // no staging directory left behind
  });
  test("Terraform's files in the stack directory survive a new synth; another stack's output is removed, or kept with a warning when it holds state", () => {
    const out = path.join(tmp(), "out");
    expect(cli(["synth", MINIMAL, "--out", out]).code).toBe(EXIT.OK);
    const dir = path.join(out, "stacks", "tenant");
    fs.mkdirSync(path.join(dir, ".terraform"));
    fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), "# lock\n");
    for (const other of ["old-generated", "old-with-state"]) {
      fs.mkdirSync(path.join(out, "stacks", other));
      fs.writeFileSync(path.join(out, "stacks", other, "cdk.tf.json"), "{}");
    }
    fs.writeFileSync(path.join(out, "stacks", "old-with-state", "terraform.tfstate"), "{}");
    const r = cli(["synth", MINIMAL, "--out", out]);
    expect(r.code).toBe(EXIT.OK);
    expect(fs.existsSync(path.join(dir, ".terraform"))).toBe(true);
    expect(fs.existsSync(path.join(dir, ".terraform.lock.hcl"))).toBe(true);
    expect(fs.readdirSync(path.join(out, "stacks")).sort()).toEqual(["old-with-state", "tenant"]);
    expect(r.out).toContain("old-with-state is another stack's output with Terraform files in it");
    expect(Object.keys((JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")) as Json).stacks)).toEqual(["tenant"]);
  });
});

describe("report", () => {
  test("prints the access report, with the file's findings counted", () => {
    const r = cli(["report", MINIMAL]);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out.startsWith("# Privileged access report: tenant\n")).toBe(true);
    expect(r.out).toContain("### Global Administrator");
  });
  test("--out writes it to a file", () => {
    const file = path.join(tmp(), "reports", "access.md");
    expect(cli(["report", MINIMAL, "--out", file]).out).toBe("");
    expect(fs.readFileSync(file, "utf8")).toMatch(/^# Privileged access report: tenant/);
  });
});

describe("diff", () => {
  test("the same file twice: no change", () => {
    expect(cli(["diff", MINIMAL, MINIMAL]).out).toContain("No change in who can become what, how, or from where.");
  });
  test("who gains and loses access, how activation and Conditional Access change", () => {
    const dir = tmp();
    const after = variant((d) => {
      d.roles[0].eligible = [{ user: "grace@contoso.com" }];
      d.roles[0].settings.activation.maximumDuration = "PT2H";
      d.adminWorkstation = { state: "enabled" };
    }, dir, "after.yaml");
    const r = cli(["diff", MINIMAL, after]);
    expect(r.code).toBe(EXIT.OK);
    const section = (title: string) => r.out.slice(r.out.indexOf(`## ${title}\n`), r.out.indexOf("\n## ", r.out.indexOf(`## ${title}\n`) + 3));
    expect(section("Who gains access")).toContain("| Global Administrator | `user grace@contoso.com` | eligible | permanent |");
    expect(section("Who loses access")).toContain("| Global Administrator | `user admin@contoso.com` | eligible | permanent |");
    expect(section("How activation changes")).toMatch(/\| Global Administrator \| Longest activation \| .+ \| 2 hours \|/);
    expect(section("Conditional Access")).toMatch(/: report-only → enforced/);
  });
  test("--base compares the file with its version at a git revision", () => {
    const dir = tmp();
    const git = (...args: string[]) => execFileSync("git", ["-C", dir, "-c", "user.email=t@example.com", "-c", "user.name=t", ...args], { stdio: "pipe" });
    git("init", "-q");
    const file = variant(() => undefined, dir);
    git("add", "tenant.yaml");
    git("commit", "-qm", "base");
    variant((d) => d.roles[0].eligible.push({ user: "heidi@contoso.com" }), dir);
    const r = cli(["diff", "tenant.yaml", "--base", "HEAD"], dir);
    expect(r.code).toBe(EXIT.OK);
    expect(r.out).toContain("# Access changes: tenant.yaml at HEAD → tenant.yaml");
    expect(r.out).toContain("`user heidi@contoso.com`");
    expect(cli(["diff", file, "--base", "no-such-rev"], dir)).toMatchObject({ code: EXIT.PROBLEMS, err: expect.stringContaining("at no-such-rev: cannot be read from git") });
  });
  test("a bad file on either side exits 1 with its problems", () => {
    const r = cli(["diff", MINIMAL, variant((d) => (d.rolez = []))]);
    expect(r.code).toBe(EXIT.PROBLEMS);
    expect(r.err).toMatch(/rolez: .*\(line \d+, column 1\)/);
  });
});

describe("init", () => {
  test("writes a starter repository that validates, and refuses to overwrite it", () => {
    const dir = path.join(tmp(), "Platform Access");
    const r = cli(["init", dir]);
    expect(r.code).toBe(EXIT.OK);
    for (const file of ["tenant.yaml", "package.json", "cdktf.json", ".gitignore", ".github/workflows/entra-pim.yml"]) expect(fs.existsSync(path.join(dir, file))).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Json;
    expect(pkg).toMatchObject({ name: "platform-access", private: true, scripts: { validate: "entra-pim validate tenant.yaml", synth: "entra-pim synth tenant.yaml" } });
    expect(Object.keys(pkg.devDependencies)).toEqual(expect.arrayContaining(["entra-pim-as-code", "cdktf", "constructs", "@cdktf/provider-azuread", "@cdktf/provider-azurerm"]));
    expect(fs.readFileSync(path.join(dir, "tenant.yaml"), "utf8")).toMatch(/^# yaml-language-server: \$schema=\.\/node_modules\/entra-pim-as-code\/schema\/tenant\.schema\.json$/m);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "cdktf.json"), "utf8")).app).toBe("npx entra-pim synth tenant.yaml");
    expect(cli(["validate", path.join(dir, "tenant.yaml")]).code).toBe(EXIT.OK);
    const again = cli(["init", dir]);
    expect(again.code).toBe(EXIT.PROBLEMS);
    expect(again.err).toContain("tenant.yaml, cdktf.json, .gitignore, .github/workflows/entra-pim.yml already exist; nothing written (use --force to overwrite)");
  });
  test("an existing package.json keeps its fields and gains the scripts it lacks; --pipeline azure", () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "mine", scripts: { synth: "custom" }, dependencies: { cdktf: "0.21.0" } }));
    expect(cli(["init", dir, "--pipeline", "azure"]).code).toBe(EXIT.OK);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as Json;
    expect(pkg.name).toBe("mine");
    expect(pkg.scripts).toMatchObject({ synth: "custom", validate: "entra-pim validate tenant.yaml" });
    expect(pkg.devDependencies.cdktf).toBeUndefined();
    expect(fs.existsSync(path.join(dir, "azure-pipelines.yml"))).toBe(true);
  });
});

describe("progress", () => {
  test("steps of a second or more are reported, shorter ones are not", () => {
    const lines: string[] = [];
    let now = 0;
    const progress = new Progress((l) => lines.push(l), () => now);
    progress.step("read tenant.yaml", () => (now += 200));
    expect(progress.step("build and check 5,000 roles", () => ((now += 3200), 42))).toBe(42);
    expect(lines).toEqual(["entra-pim: build and check 5,000 roles: 3.2 s"]);
  });
});

describe("as a process", () => {
  test("tsx cli/bin.ts validate exits with the code main() returns", () => {
    const tsx = path.join(__dirname, "..", "node_modules", ".bin", "tsx");
    const ok = spawnSync(tsx, [path.join(__dirname, "..", "cli", "bin.ts"), "validate", MINIMAL, "--quiet"], { encoding: "utf8" });
    expect([ok.status, ok.stdout]).toEqual([0, expect.stringContaining("minimal.yaml: valid")]);
    const bad = spawnSync(tsx, [path.join(__dirname, "..", "cli", "bin.ts"), "validate"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
  });
});
