/**
 * `npm run test:terraform`: Terraform and the real providers judge what we synthesize.
 *
 * For every stack (each example tenant file, each snapshot-tested stack, and a generated matrix
 * of every role kind, delivery and option; scripts/terraform-stacks.ts): write the synthesized JSON
 * to a working directory, `terraform init` offline from the local mirror that
 * scripts/terraform-mirror.sh builds, `terraform validate`, then `terraform test` with every
 * provider mocked (scripts/terraform-mocks.ts): a mocked provider still checks the configuration
 * against the real provider's schema and validation functions, with known values, at plan.
 *
 * Any error fails the stage. A stack that needs a provider the mirror does not hold is listed as
 * not proven with the reason the mirror script recorded (exit 0; TERRAFORM_STAGE_REQUIRE_ALL=1
 * makes it a failure).
 *
 *   npm run test:terraform [-- --only <substring>] [-- --keep]
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PROVIDER_VERSIONS, constraintAdmits } from "../constructs/providers/versions";
import { StackCase, collectStacks } from "./terraform-stacks";
import { ProviderConfig, planTest } from "./terraform-mocks";
import { withoutProviders } from "./terraform-reduce";

const ROOT = path.join(__dirname, "..");
const CACHE = process.env.ENTRA_PIM_TERRAFORM_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "entra-pim-as-code", "terraform");
const MIRROR = path.join(CACHE, "mirror");
const PLATFORM = `${process.platform === "win32" ? "windows" : process.platform}_${process.arch === "x64" ? "amd64" : process.arch}`;

interface TerraformJson {
  import?: unknown[];
  terraform: { required_providers?: Record<string, { source?: string; version?: string }>; backend?: unknown };
  provider?: Record<string, { alias?: string }[]>;
  resource?: Record<string, Record<string, { for_each?: unknown; count?: unknown }>>;
  data?: Record<string, Record<string, { for_each?: unknown }>>;
}

interface Outcome {
  readonly name: string;
  readonly status: "proved" | "partial" | "failed" | "unproven";
  readonly detail: string;
  readonly resources: number;
  readonly instances: number;
  readonly seconds: number;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", (e) => resolve({ code: 127, out: `${out}${e.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Terraform: the PATH's, else the one the mirror script built. */
function terraformBinary(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, "terraform");
    if (dir && fs.existsSync(candidate)) return candidate;
  }
  const built = path.join(CACHE, "bin");
  const found = fs.existsSync(built) ? fs.readdirSync(built).map((d) => path.join(built, d, "terraform")).find((p) => fs.existsSync(p)) : undefined;
  if (!found) throw new Error(`no terraform on the PATH and none built in ${built}: run bash scripts/terraform-mirror.sh`);
  return found;
}

/** The versions of `namespace/type` in the mirror. */
function mirrored(source: string): string[] {
  const [namespace, type] = source.includes("/") ? source.split("/").slice(-2) : ["hashicorp", source];
  const dir = path.join(MIRROR, "registry.terraform.io", namespace, type);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((v) => fs.existsSync(path.join(dir, v, PLATFORM, `terraform-provider-${type}_v${v}`)));
}

/** Whether the mirror holds the pinned version of a provider the constructs write. */
function pinnedInMirror(name: string, version: string): boolean {
  return mirrored(name === "msgraph" ? "microsoft/msgraph" : `hashicorp/${name}`).includes(version);
}

/** Why the mirror script could not build a provider, from its status file. */
function whyMissing(type: string): string {
  const version = PROVIDER_VERSIONS[type as keyof typeof PROVIDER_VERSIONS];
  const status = path.join(CACHE, "status", `${type}-${version}.txt`);
  const text = fs.existsSync(status) ? fs.readFileSync(status, "utf8").trim() : "";
  return text && text !== "ok" ? text : "not in the mirror (run bash scripts/terraform-mirror.sh)";
}

/** Resource (and instance) counts: a literal `for_each` map counts its keys. */
function count(json: TerraformJson): { resources: number; instances: number } {
  let resources = 0;
  let instances = 0;
  for (const byName of Object.values(json.resource ?? {})) {
    for (const r of Object.values(byName)) {
      resources++;
      if (r.for_each && typeof r.for_each === "object") instances += Object.keys(r.for_each).length;
      else if (typeof r.count === "number") instances += r.count;
      else instances++;
    }
  }
  return { resources, instances };
}

function providerConfigs(json: TerraformJson): ProviderConfig[] {
  const out: ProviderConfig[] = [];
  for (const name of Object.keys(json.terraform.required_providers ?? {}).sort()) {
    const configs = json.provider?.[name] ?? [{}];
    for (const c of configs) out.push(c.alias ? { name, alias: c.alias } : { name });
    if (!configs.some((c) => !c.alias)) out.push({ name });
  }
  return out;
}

function diagnostics(out: string): string {
  // The lines that say what is wrong, without Terraform's box drawing.
  return out
    .split("\n")
    .map((l) => l.replace(/^[│╷╵]\s?/, ""))
    .filter((l) => l.trim() !== "")
    .slice(0, 60)
    .join("\n");
}

async function prove(c: StackCase, work: string, terraform: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  const started = Date.now();
  let json = JSON.parse(JSON.stringify(c.json)) as TerraformJson;
  const { resources, instances } = count(json);
  const done = (status: Outcome["status"], detail: string): Outcome => ({ name: c.name, status, detail, resources, instances, seconds: (Date.now() - started) / 1000 });

  const missing: string[] = [];
  const missingNames = new Set<string>();
  for (const [name, req] of Object.entries(json.terraform.required_providers ?? {})) {
    const versions = mirrored(req.source ?? name);
    if (!versions.some((v) => req.version === undefined || constraintAdmits(req.version, v) !== false)) {
      missing.push(`${req.source ?? name} ${req.version ?? ""}${versions.length ? ` (mirror has ${versions.join(", ")})` : ""}`);
      missingNames.add(name);
    }
  }
  let partial = "";
  let proved = { resources, instances };
  if (missing.length) {
    // The providers that are there still judge their part of the stack (scripts/terraform-reduce.ts).
    const reduced = withoutProviders(json as unknown as Record<string, unknown>, missingNames);
    if (reduced.kept === 0) return done("unproven", `needs ${missing.join(", ")}`);
    json = reduced.json as unknown as TerraformJson;
    proved = count(json);
    partial = `partly: ${proved.resources} of ${resources} resources, without ${missing.join(", ")}`;
  }
  // The stage plans with local state: the backend (remote state in Azure) is not the judge's business.
  delete json.terraform.backend;
  const dir = path.join(work, c.name.replace(/[^A-Za-z0-9._-]+/g, "-"));
  fs.mkdirSync(path.join(dir, "tests"), { recursive: true });
  fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(json, null, 2));
  const imports = (json.import ?? []) as { to: string; for_each?: Record<string, string> }[];
  const targets = [...new Set(imports.map((b) => b.to.replace(/\[.*$/, "")))].sort();
  fs.writeFileSync(path.join(dir, "tests", "plan.tftest.hcl"), planTest(providerConfigs(json), targets));

  const init = await run(terraform, ["init", "-backend=false", "-input=false", "-no-color"], dir, env);
  if (init.code !== 0) return done("failed", `terraform init:\n${diagnostics(init.out)}`);
  const validate = await run(terraform, ["validate", "-no-color"], dir, env);
  if (validate.code !== 0) return done("failed", `terraform validate:\n${diagnostics(validate.out)}`);
  // Warnings (a deprecated attribute, say) do not fail the stack but are shown.
  const warnings = /Warning:/.test(validate.out) ? `terraform validate warned:\n${diagnostics(validate.out)}` : "";
  const checkPlan = imports.length > 0 || (c.plan !== undefined && !partial);
  const test = await run(terraform, ["test", "-no-color", ...(checkPlan ? ["-verbose"] : [])], dir, env);
  if (test.code !== 0 || !/1 passed, 0 failed/.test(test.out)) return done("failed", `terraform test (plan, mocked providers):\n${diagnostics(test.out)}`);
  let planned = "";
  if (checkPlan) {
    // The plan's own summary line, against what the export said it would import and add.
    const m = /Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy/.exec(test.out);
    const importing = imports.reduce((n, b) => n + (b.for_each ? Object.keys(b.for_each).length : 1), 0);
    const want = partial ? { import: importing } : { import: c.plan?.import ?? importing, add: c.plan?.add };
    if (!m) return done("failed", `terraform test -verbose printed no "Plan: N to import" line:\n${diagnostics(test.out).slice(-2000)}`);
    const [, i, a, ch, d] = m.map(Number);
    if (i !== want.import || (want.add !== undefined && a !== want.add) || ch !== 0 || d !== 0) {
      return done("failed", `planned ${i} to import, ${a} to add, ${ch} to change, ${d} to destroy; expected ${want.import} to import${want.add !== undefined ? `, ${want.add} to add` : ""}, 0 to change, 0 to destroy`);
    }
    planned = `planned ${i} to import, ${a} to add, 0 to change, 0 to destroy`;
  }
  if (partial) return { ...done("partial", [partial, planned, warnings].filter(Boolean).join("\n")), resources: proved.resources, instances: proved.instances };
  return done("proved", [planned, warnings].filter(Boolean).join("\n"));
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  const keep = args.includes("--keep");
  const started = Date.now();
  const terraform = terraformBinary();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "terraform-stage-"));
  const cliConfig = path.join(work, "terraform.rc");
  // Offline: providers come from the mirror only. Init links each stack's .terraform/providers to the
  // mirror's unpacked directories. No plugin_cache_dir: with one, an init that finds no lock file
  // re-installs the package into the shared cache while another stack's validate reads it, and that
  // validate fails with "there is no package for ... cached in .terraform/providers" (seen in CI).
  fs.writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(MIRROR)}\n  }\n}\n`);
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  const version = (await run(terraform, ["version", "-json"], ROOT, env)).out;
  const tfVersion = (/"terraform_version":\s*"([^"]+)"/.exec(version) ?? [])[1] ?? "unknown";

  const stacks = (await collectStacks(work)).filter((s) => !only || s.name.includes(only));
  console.log(`terraform stage: ${stacks.length} stacks, terraform ${tfVersion} (${terraform}), mirror ${MIRROR}`);
  for (const [name, version] of Object.entries(PROVIDER_VERSIONS)) {
    if (!pinnedInMirror(name, version)) console.log(`  missing from the mirror: ${name} ${version}: ${whyMissing(name)}`);
  }
  const outcomes: Outcome[] = [];
  const queue = [...stacks];
  const workers = Math.max(1, Math.min(Number(process.env.TERRAFORM_STAGE_JOBS ?? os.cpus().length), 4));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        const o = await prove(c, work, terraform, env);
        outcomes.push(o);
        const mark = { proved: "ok  ", partial: "part", failed: "FAIL", unproven: "SKIP" }[o.status];
        console.log(`  ${mark} ${o.name}: ${o.resources} resources, ${o.instances} instances (${o.seconds.toFixed(1)} s)${o.detail ? `\n       ${o.detail.split("\n").join("\n       ")}` : ""}`);
      }
    }),
  );
  if (!keep) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`  working directories kept in ${work}`);

  const proved = outcomes.filter((o) => o.status === "proved");
  const failed = outcomes.filter((o) => o.status === "failed");
  const unproven = outcomes.filter((o) => o.status === "unproven");
  const partial = outcomes.filter((o) => o.status === "partial");
  const providers = Object.entries(PROVIDER_VERSIONS).map(([n, v]) => `${n} ${v}${pinnedInMirror(n, v) ? "" : " (missing)"}`);
  console.log(
    `terraform stage: proved ${proved.length} of ${outcomes.length} stacks (${proved.reduce((n, o) => n + o.resources, 0)} resources, ` +
      `${proved.reduce((n, o) => n + o.instances, 0)} resource instances) with terraform ${tfVersion}, ${providers.join(", ")} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (partial.length) {
    console.log(
      `terraform stage: ${partial.length} stacks proved in part (${partial.reduce((n, o) => n + o.resources, 0)} resources, ${partial.reduce((n, o) => n + o.instances, 0)} instances): a provider is missing from the mirror (see "part" lines)`,
    );
  }
  if (unproven.length) console.log(`terraform stage: ${unproven.length} stacks not proven: a provider is missing from the mirror (see SKIP lines)`);
  console.log(`${proved.length + partial.length} passed, ${failed.length} failed${unproven.length ? `, ${unproven.length} skipped` : ""}`);
  if (failed.length) return 1;
  if ((unproven.length || partial.length) && process.env.TERRAFORM_STAGE_REQUIRE_ALL === "1") return 1;
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`terraform stage: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  },
);
