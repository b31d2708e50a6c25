import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";

/**
 * The example pipelines, as a consumer repository (tenant.yaml and a package.json that depends on
 * this package) runs them: valid structure; validate, synth, plan with -out, and apply of that
 * saved plan only after approval and only on main; a scheduled drift check that fails on
 * `terraform plan -detailed-exitcode` exit code 2; workload identity federation (OIDC, no secret).
 *
 * Structure is asserted on the parsed YAML. The shell the steps run is executed too, with stub
 * `npm`, `npx`, `git` and `terraform` commands on PATH that record how they were called, so the
 * order of commands, their arguments and the exit-code handling are checked as bash runs them.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const DIR = path.join(__dirname, "..", "examples", "pipelines");
const githubText = fs.readFileSync(path.join(DIR, "github-actions.yml"), "utf8");
const azureText = fs.readFileSync(path.join(DIR, "azure-pipelines.yml"), "utf8");
const github = parse(githubText) as Json;
const azure = parse(azureText) as Json;

/**
 * A small hand-written subset of SchemaStore's GitHub workflow schema
 * (https://json.schemastore.org/github-workflow.json, SchemaStore/schemastore
 * src/schemas/json/github-workflow.json): the structure of `on`, `permissions`, `env`,
 * `concurrency`, and jobs with `runs-on`, `needs`, `if`, `environment`, `permissions` and steps
 * that each `uses` an action (owner/repo@ref) or `run` a command, never both. No network in tests,
 * so the subset is committed here rather than fetched.
 */
const GITHUB_WORKFLOW_SUBSET = {
  $schema: "http://json-schema.org/draft-07/schema#",
  definitions: {
    permissionValue: { enum: ["read", "write", "none"] },
    permissions: {
      oneOf: [
        { enum: ["read-all", "write-all"] },
        {
          type: "object",
          propertyNames: {
            enum: ["actions", "attestations", "checks", "contents", "deployments", "discussions", "id-token", "issues", "models", "packages", "pages", "pull-requests", "repository-projects", "security-events", "statuses"],
          },
          additionalProperties: { $ref: "#/definitions/permissionValue" },
        },
      ],
    },
    env: { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
    environment: {
      oneOf: [
        { type: "string" },
        { type: "object", properties: { name: { type: "string" }, url: { type: "string" } }, required: ["name"], additionalProperties: false },
      ],
    },
    step: {
      type: "object",
      properties: {
        id: { type: "string" },
        name: { type: "string" },
        if: { type: ["string", "boolean"] },
        uses: { type: "string", pattern: "^(docker://.+|\\./.+|[^/@\\s]+/[^@\\s]+@[^\\s]+)$" },
        run: { type: "string" },
        shell: { type: "string" },
        with: { type: "object" },
        env: { $ref: "#/definitions/env" },
        "working-directory": { type: "string" },
        "continue-on-error": { type: ["boolean", "string"] },
        "timeout-minutes": { type: "number" },
      },
      oneOf: [{ required: ["uses"] }, { required: ["run"] }],
      additionalProperties: false,
    },
    job: {
      type: "object",
      properties: {
        name: { type: "string" },
        needs: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" }, minItems: 1 }] },
        if: { type: ["string", "boolean"] },
        "runs-on": { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
        environment: { $ref: "#/definitions/environment" },
        permissions: { $ref: "#/definitions/permissions" },
        env: { $ref: "#/definitions/env" },
        concurrency: {},
        outputs: { type: "object" },
        "timeout-minutes": { type: "number" },
        steps: { type: "array", items: { $ref: "#/definitions/step" }, minItems: 1 },
      },
      required: ["runs-on", "steps"],
      additionalProperties: false,
    },
  },
  type: "object",
  properties: {
    name: { type: "string" },
    "run-name": { type: "string" },
    on: {
      oneOf: [
        { type: "string" },
        { type: "array", items: { type: "string" } },
        {
          type: "object",
          propertyNames: { enum: ["push", "pull_request", "pull_request_target", "workflow_dispatch", "workflow_call", "schedule", "release", "merge_group"] },
          properties: {
            schedule: {
              type: "array",
              items: { type: "object", properties: { cron: { type: "string" } }, required: ["cron"], additionalProperties: false },
              minItems: 1,
            },
          },
        },
      ],
    },
    permissions: { $ref: "#/definitions/permissions" },
    env: { $ref: "#/definitions/env" },
    concurrency: {
      oneOf: [
        { type: "string" },
        { type: "object", properties: { group: { type: "string" }, "cancel-in-progress": { type: ["boolean", "string"] } }, required: ["group"], additionalProperties: false },
      ],
    },
    defaults: { type: "object" },
    jobs: {
      type: "object",
      patternProperties: { "^[_a-zA-Z][a-zA-Z0-9_-]*$": { $ref: "#/definitions/job" } },
      additionalProperties: false,
      minProperties: 1,
    },
  },
  required: ["on", "jobs"],
  additionalProperties: false,
};

const validateWorkflow = new Ajv({ allErrors: true, allowUnionTypes: true }).compile(GITHUB_WORKFLOW_SUBSET);

// ---------------------------------------------------------------------------------------------
// Running the steps' shell with stub commands

/**
 * Stub commands, one shell script each. Every call is appended to $STUB_CALLS; terraform also
 * appends the identity it would sign in with ($STUB_IDS). `npx entra-pim synth` writes a stack
 * named $STUB_STACK_NAME (default tenant) under its --out; terraform writes what -out names,
 * `init` writes .terraform/ and the lock file, and `show` and `apply` fail unless their plan file
 * exists in the -chdir directory. `plan` exits with $STUB_PLAN_EXIT.
 */
const STUBS: Record<string, string[]> = {
  npm: ['printf "npm %s\\n" "$*" >> "$STUB_CALLS"'],
  git: ['printf "git %s\\n" "$*" >> "$STUB_CALLS"'],
  npx: [
    'printf "npx %s\\n" "$*" >> "$STUB_CALLS"',
    'out=cdktf.out; prev=""',
    'for a in "$@"; do [ "$prev" = --out ] && out="$a"; prev="$a"; done',
    'case "$2" in',
    '  synth) d="$out/stacks/${STUB_STACK_NAME:-tenant}"; mkdir -p "$d"; echo "{}" > "$d/cdk.tf.json"; echo "stub access report" > "$d/access-report.md";;',
    '  diff) echo "stub access diff";;',
    "esac",
  ],
  terraform: [
    'printf "terraform %s\\n" "$*" >> "$STUB_CALLS"',
    'printf "%s|%s|%s|%s\\n" "$ARM_CLIENT_ID" "$ARM_TENANT_ID" "$ARM_USE_OIDC" "$ARM_SUBSCRIPTION_ID" >> "$STUB_IDS"',
    'dir=.; last=""',
    'for a in "$@"; do case "$a" in -chdir=*) dir="${a#-chdir=}";; esac; last="$a"; done',
    '[ -f "$dir/cdk.tf.json" ] || { echo "stub terraform: no configuration in $dir" >&2; exit 1; }',
    'for a in "$@"; do case "$a" in -out=*) echo "stub binary plan" > "$dir/${a#-out=}";; esac; done',
    'case " $* " in',
    '  *" init "*) mkdir -p "$dir/.terraform"; echo "# stub lock" > "$dir/.terraform.lock.hcl";;',
    '  *" show "*|*" apply "*) [ -f "$dir/$last" ] || { echo "stub terraform: no plan file $dir/$last" >&2; exit 1; }; echo "stub plan text";;',
    '  *" plan "*) echo "stub plan output"; exit "${STUB_PLAN_EXIT:-0}";;',
    "esac",
  ],
};

let scratch = "";
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "pipelines-test-"));
  fs.mkdirSync(path.join(scratch, "bin"));
  for (const [name, lines] of Object.entries(STUBS)) {
    fs.writeFileSync(path.join(scratch, "bin", name), `#!/bin/sh\n${lines.join("\n")}\n`, { mode: 0o755 });
  }
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Script {
  readonly run: string;
  readonly cwd: string;
  readonly env: Record<string, string>;
  /** bash's options before -c: GitHub runs `bash -e`, Azure Pipelines plain `bash`. */
  readonly options: string[];
}

interface Ran {
  /** Exit code of the first step that failed, else 0 (later steps do not run). */
  readonly code: number;
  readonly calls: string[];
  /** ARM_CLIENT_ID|ARM_TENANT_ID|ARM_USE_OIDC|ARM_SUBSCRIPTION_ID of each terraform call. */
  readonly ids: string[];
  readonly output: string;
  /** The checkout: $GITHUB_WORKSPACE, $(System.DefaultWorkingDirectory). */
  readonly dir: string;
  /** $(Pipeline.Workspace): the checkout's parent. */
  readonly ws: string;
}

interface RunOptions {
  /** Sets up the checkout (and, for Azure, the workspace) before the first step. */
  readonly prepare?: (dir: string, ws: string) => void;
  readonly planExit?: number;
  /** Overrides of the pipeline's environment (e.g. STACK). */
  readonly env?: Record<string, string>;
}

const lines = (file: string) => fs.readFileSync(file, "utf8").split("\n").filter(Boolean);

function execute(build: (dir: string, ws: string) => Script[], options: RunOptions): Ran {
  const ws = fs.mkdtempSync(path.join(scratch, "ws-"));
  const dir = path.join(ws, "s");
  fs.mkdirSync(dir);
  const calls = path.join(ws, "calls");
  const ids = path.join(ws, "ids");
  fs.writeFileSync(calls, "");
  fs.writeFileSync(ids, "");
  options.prepare?.(dir, ws);
  let code = 0;
  let output = "";
  for (const script of build(dir, ws)) {
    const result = spawnSync("bash", [...script.options, "-c", script.run], {
      cwd: script.cwd,
      encoding: "utf8",
      env: {
        PATH: `${path.join(scratch, "bin")}:${process.env.PATH}`,
        HOME: ws,
        STUB_CALLS: calls,
        STUB_IDS: ids,
        STUB_PLAN_EXIT: String(options.planExit ?? 0),
        ...script.env,
        ...options.env,
      },
    });
    output += `${result.stdout}${result.stderr}`;
    if (result.status !== 0) {
      code = result.status ?? -1;
      break;
    }
  }
  return { code, calls: lines(calls), ids: lines(ids), output, dir, ws };
}

const strings = (o: Json | undefined) => Object.fromEntries(Object.entries(o ?? {}).map(([k, v]) => [k, String(v)]));

/** `${{ ... }}` as GitHub would expand it here: env.*, vars.* (as their names) and github.base_ref. */
function githubExpand(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (name.startsWith("env.") && name.slice(4) in env) return env[name.slice(4)];
    if (name.startsWith("vars.")) return name;
    if (name === "github.base_ref") return "main";
    throw new Error(`the test does not expand \${{ ${name} }}`);
  });
}

function githubIf(condition: string | undefined, event: string): boolean {
  if (condition === undefined) return true;
  const m = /^github\.event_name (==|!=) '(\w+)'$/.exec(condition);
  if (!m) throw new Error(`the test does not evaluate the condition ${condition}`);
  return (m[1] === "==") === (event === m[2]);
}

interface GithubRan extends Ran {
  /** What the steps appended to $GITHUB_STEP_SUMMARY. */
  readonly summary: string;
}

/** Runs the `run` steps of a GitHub job (its `uses` steps are checked structurally). */
function runGithubJob(id: string, event: string, options: RunOptions = {}): GithubRan {
  const job = github.jobs[id] as Json;
  const workflowEnv = strings(github.env);
  const jobEnv = Object.fromEntries(Object.entries(strings(job.env)).map(([k, v]) => [k, githubExpand(v, workflowEnv)]));
  let summary = "";
  const ran = execute((dir, ws) => {
    summary = path.join(ws, "summary.md");
    fs.writeFileSync(summary, "");
    return (job.steps as Json[])
      .filter((s) => s.run !== undefined && githubIf(s.if, event))
      .map((s) => ({
        run: s.run as string,
        cwd: dir,
        options: ["-e"],
        env: { ...workflowEnv, ...jobEnv, ...Object.fromEntries(Object.entries(strings(s.env)).map(([k, v]) => [k, githubExpand(v, workflowEnv)])), GITHUB_STEP_SUMMARY: summary },
      }));
  }, options);
  return { ...ran, summary: fs.readFileSync(summary, "utf8") };
}

const githubRuns = (id: string) => (github.jobs[id].steps as Json[]).filter((s) => s.run !== undefined).map((s) => s.run as string);
const githubUses = (id: string, action: string) => (github.jobs[id].steps as Json[]).filter((s) => String(s.uses).startsWith(`${action}@`));
const runsTerraform = (id: string) => githubRuns(id).some((r) => /^\s*terraform\s/m.test(r));
const stackCall = (dir: string) => (args: string) => `terraform -chdir=${dir} ${args}`;
const inStack = stackCall("cdktf.out/stacks/tenant");

/** What a drift run calls, on either platform: synth, init, a plan that only reports. */
const driftCalls = () => ["npm ci", "npx entra-pim synth tenant.yaml --out cdktf.out", inStack("init -input=false"), inStack("plan -detailed-exitcode -input=false -no-color")];

describe("GitHub Actions workflow", () => {
  test("is a valid workflow (subset of SchemaStore's github-workflow.json)", () => {
    const valid = validateWorkflow(github);
    expect(validateWorkflow.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the subset schema catches a step with neither uses nor run, a job without runs-on, an unknown permission and a schedule without cron", () => {
    const broken = {
      on: { push: {}, schedule: [{ crontab: "0 5 * * *" }] },
      permissions: { "id-tokens": "write" },
      jobs: { build: { steps: [{ name: "nothing" }] } },
    };
    expect(validateWorkflow(broken)).toBe(false);
    const found = (validateWorkflow.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(found).toEqual(expect.arrayContaining(["/jobs/build required", "/jobs/build/steps/0 oneOf", "/permissions oneOf", "/on/schedule/0 required"]));
  });

  test("is for a consumer repository: tenant.yaml at the root, the entra-pim CLI from npm, none of this repository's scripts", () => {
    expect(githubText).not.toMatch(/npm test|npm run |TENANT_CONFIG|examples\/|cdktf (deploy|diff|synth)/);
    const cli = Object.keys(github.jobs).flatMap((id) => githubRuns(id).flatMap((r) => r.split("\n"))).filter((l) => l.includes("entra-pim"));
    expect(cli.length).toBeGreaterThanOrEqual(4);
    for (const line of cli) expect(line).toMatch(/npx entra-pim (validate|synth|diff) tenant\.yaml/);
    // Expressions reach scripts through env, never spliced into the shell text.
    for (const id of Object.keys(github.jobs)) for (const run of githubRuns(id)) expect(run).not.toContain("${{");
    expect(github.env).toMatchObject({ STACK: "tenant" });
  });

  test("runs on pull requests and pushes to main, on a daily schedule and by hand", () => {
    expect(Object.keys(github.on).sort()).toEqual(["pull_request", "push", "schedule", "workflow_dispatch"]);
    expect(github.on.push).toEqual({ branches: ["main"] });
    expect(github.on.pull_request).toEqual({ branches: ["main"] });
    expect(github.on.schedule).toHaveLength(1);
    expect(github.on.schedule[0].cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  test("synthesizes, plans, then deploys; the drift job runs alone on the schedule", () => {
    const jobs = github.jobs as Json;
    expect(Object.fromEntries(Object.entries(jobs).map(([id, job]) => [id, [job.needs ?? null, job.if ?? null]]))).toEqual({
      synth: [null, "github.event_name != 'schedule'"],
      plan: ["synth", null],
      deploy: ["plan", "github.event_name == 'push' && github.ref == 'refs/heads/main'"],
      drift: [null, "github.event_name == 'schedule'"],
    });
  });

  test("validates before it synthesizes, and puts the access report (and on pull requests the access diff) in the job summary", () => {
    const pr = runGithubJob("synth", "pull_request");
    expect(pr.code).toBe(0);
    expect(pr.calls).toEqual([
      "npm ci",
      "npx entra-pim validate tenant.yaml",
      "npx entra-pim synth tenant.yaml --out cdktf.out",
      "git cat-file -e origin/main:tenant.yaml",
      "npx entra-pim diff tenant.yaml --base origin/main",
    ]);
    expect(pr.summary).toContain("stub access report");
    expect(pr.summary).toContain("stub access diff");
    expect(githubUses("synth", "actions/checkout")[0].with).toEqual({ "fetch-depth": 0 });

    const push = runGithubJob("synth", "push");
    expect(push.code).toBe(0);
    expect(push.calls).toEqual(["npm ci", "npx entra-pim validate tenant.yaml", "npx entra-pim synth tenant.yaml --out cdktf.out"]);
    expect(push.summary).toContain("stub access report");
    expect(push.summary).not.toContain("stub access diff");
  });

  test("fails with a clear message when STACK is not the tenant file's name", () => {
    const ran = runGithubJob("synth", "push", { env: { STUB_STACK_NAME: "contoso" } });
    expect(ran.code).toBe(1);
    expect(ran.output).toContain('::error::No stack "tenant" in cdktf.out/stacks/');
    expect(runGithubJob("synth", "push", { env: { STUB_STACK_NAME: "contoso", STACK: "contoso" } }).code).toBe(0);
  });

  test("publishes the access report, findings and the synthesized stack", () => {
    const uploads = githubUses("synth", "actions/upload-artifact");
    expect(uploads.map((s) => s.with.name)).toEqual(["access-report", "cdktf-out"]);
    expect(uploads[0].with.path).toContain("access-report.md");
    expect(uploads[0].with.path).toContain("required-permissions.json");
    expect(uploads[0].with.path).toContain("findings.*");
    expect(uploads[1].with).toMatchObject({ path: "cdktf.out/", "if-no-files-found": "error" });
  });

  test("plans the synthesized stack with plain Terraform into a saved plan, shows it in the summary and publishes it with its configuration", () => {
    expect(githubUses("plan", "actions/download-artifact").map((s) => s.with)).toEqual([{ name: "cdktf-out", path: "cdktf.out" }]);
    expect(githubUses("plan", "actions/checkout")).toEqual([]);
    // The download puts the synthesized stack where the plan steps run.
    const planned = runGithubJob("plan", "pull_request", { prepare: (dir) => writeStack(path.join(dir, "cdktf.out", "stacks", "tenant")) });
    expect(planned.code).toBe(0);
    expect(planned.calls).toEqual([inStack("init -input=false"), inStack("plan -input=false -out=tfplan"), inStack("show -no-color tfplan")]);
    const stack = path.join(planned.dir, "cdktf.out", "stacks", "tenant");
    expect(fs.readFileSync(path.join(stack, "tfplan"), "utf8")).toBe("stub binary plan\n");
    expect(fs.readFileSync(path.join(stack, "plan.txt"), "utf8")).toBe("stub plan text\n");
    expect(planned.summary).toContain("stub plan text");

    const steps = github.jobs.plan.steps as Json[];
    const upload = githubUses("plan", "actions/upload-artifact");
    expect(upload).toHaveLength(1);
    expect(upload[0].with.name).toBe("plan");
    // The whole stack directory with the lock file, without the downloaded providers.
    expect(String(upload[0].with.path).trim().split("\n")).toEqual(["cdktf.out/", "!cdktf.out/stacks/*/.terraform/"]);
    expect(upload[0].with["include-hidden-files"]).toBe(true);
    expect(steps.indexOf(upload[0])).toBe(steps.length - 1);
  });

  test("deploy applies the saved plan it downloads, after init in the same directory, and never plans or synthesizes again", () => {
    const deploy = github.jobs.deploy as Json;
    expect((deploy.steps as Json[]).filter((s) => s.uses).map((s) => String(s.uses).split("@")[0])).toEqual(["hashicorp/setup-terraform", "actions/download-artifact"]);
    expect(githubUses("deploy", "actions/download-artifact")[0].with).toEqual({ name: "plan", path: "cdktf.out" });
    expect(JSON.stringify(deploy)).not.toMatch(/entra-pim|cdktf (deploy|synth)|npm |-auto-approve/);

    const ran = runGithubJob("deploy", "push", { prepare: (dir) => writeStack(path.join(dir, "cdktf.out", "stacks", "tenant"), { plan: true }) });
    expect(ran.code).toBe(0);
    expect(ran.calls).toEqual([inStack("init -input=false"), inStack("apply -input=false tfplan")]);
    // Without the downloaded plan there is nothing to apply: the job fails rather than re-planning.
    const without = runGithubJob("deploy", "push", { prepare: (dir) => writeStack(path.join(dir, "cdktf.out", "stacks", "tenant")) });
    expect(without.code).not.toBe(0);
    expect(without.calls.filter((c) => / plan( |$)/.test(c))).toEqual([]);
  });

  test("applies only on main, after the reviewers of the entra-production environment approve; one run per branch, never cancelled", () => {
    expect(github.jobs.deploy.environment).toBe("entra-production");
    expect(github.jobs.deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(github.jobs.plan.environment).toBe("entra-plan");
    expect(github.jobs.drift.environment).toBe("entra-plan");
    expect(github.concurrency).toEqual({ group: "entra-pim-${{ github.ref }}", "cancel-in-progress": false });
  });

  test.each([
    [0, 0, "No drift"],
    [2, 1, "::error title=Drift::"],
    [1, 1, "::error title=Drift check failed::"],
  ])("drift job: terraform plan -detailed-exitcode exit code %i, job exit code %i (%s)", (planExit, code, message) => {
    expect(githubUses("drift", "actions/checkout")).toHaveLength(1);
    const ran = runGithubJob("drift", "schedule", { planExit });
    expect(ran.calls).toEqual(driftCalls());
    expect(ran.code).toBe(code);
    expect(ran.output).toContain(message);
    expect(ran.output.includes("::error")).toBe(planExit !== 0);
    expect(ran.summary.includes("## Drift")).toBe(planExit === 2);
    if (planExit === 2) expect(ran.summary).toContain("stub plan output");
  });

  test("signs in with workload identity federation only, and only in the jobs that run Terraform: the read-only identity to plan, the deploy identity to apply", () => {
    expect(github.permissions).toEqual({ contents: "read" });
    for (const id of Object.keys(github.jobs)) {
      const job = github.jobs[id] as Json;
      if (runsTerraform(id)) {
        expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
        expect(job.env).toMatchObject({ ARM_USE_OIDC: "true", ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}", ARM_SUBSCRIPTION_ID: "${{ vars.AZURE_SUBSCRIPTION_ID }}" });
      } else {
        expect(job.permissions).toBeUndefined();
        expect(JSON.stringify(job)).not.toContain("ARM_");
      }
    }
    expect(Object.keys(github.jobs).filter(runsTerraform)).toEqual(["plan", "deploy", "drift"]);
    const reader = "vars.AZURE_PLAN_CLIENT_ID|vars.AZURE_TENANT_ID|true|vars.AZURE_SUBSCRIPTION_ID";
    const deployer = "vars.AZURE_CLIENT_ID|vars.AZURE_TENANT_ID|true|vars.AZURE_SUBSCRIPTION_ID";
    const stack = (plan = false) => ({ prepare: (dir: string) => writeStack(path.join(dir, "cdktf.out", "stacks", "tenant"), { plan }) });
    expect(new Set(runGithubJob("plan", "push", stack()).ids)).toEqual(new Set([reader]));
    expect(new Set(runGithubJob("drift", "schedule").ids)).toEqual(new Set([reader]));
    expect(new Set(runGithubJob("deploy", "push", stack(true)).ids)).toEqual(new Set([deployer]));
    expect(githubText).not.toMatch(/secrets\.|CLIENT_SECRET|client-secret|ARM_ACCESS_KEY/i);
  });

  test("installs a Terraform that supports removed blocks (>= 1.7), without the wrapper, before the first terraform command", () => {
    expect(github.env.TERRAFORM_VERSION).toBe("1.11.4");
    for (const id of Object.keys(github.jobs).filter(runsTerraform)) {
      const steps = github.jobs[id].steps as Json[];
      const setup = githubUses(id, "hashicorp/setup-terraform");
      expect(setup).toHaveLength(1);
      expect(setup[0].with).toEqual({ terraform_version: "${{ env.TERRAFORM_VERSION }}", terraform_wrapper: false });
      expect(steps.indexOf(setup[0])).toBeLessThan(steps.findIndex((s) => /^\s*terraform\s/m.test(String(s.run ?? ""))));
    }
  });
});

/** A synthesized stack directory, with the saved plan when `plan` (as the plan artifact has it). */
function writeStack(dir: string, options: { plan?: boolean } = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), "{}");
  fs.writeFileSync(path.join(dir, ".terraform.lock.hcl"), "# stub lock\n");
  if (options.plan) {
    fs.writeFileSync(path.join(dir, "tfplan"), "stub binary plan\n");
    fs.writeFileSync(path.join(dir, "plan.txt"), "stub plan text\n");
  }
}

// ---------------------------------------------------------------------------------------------

const AZURE_VALUES: Record<string, string> = {
  AZURE_SUBSCRIPTION_ID: "sub-id",
  PLAN_SERVICE_CONNECTION_ID: "plan-sc-id",
  DEPLOY_SERVICE_CONNECTION_ID: "deploy-sc-id",
  "System.AccessToken": "ado-token",
};

/** `$(name)` macros as Azure Pipelines expands them before a step runs. */
function azureExpand(text: string, dir: string, ws: string): string {
  const variables = strings(azure.variables);
  return text.replace(/\$\(([\w.]+)\)/g, (_, name: string) => {
    if (name === "System.DefaultWorkingDirectory") return dir;
    if (name === "Pipeline.Workspace") return ws;
    if (name in variables) return variables[name];
    if (name in AZURE_VALUES) return AZURE_VALUES[name];
    throw new Error(`the test does not expand $(${name})`);
  });
}

function azureCondition(condition: string | undefined, reason: string): boolean {
  if (condition === undefined) return true;
  if (condition === "and(succeeded(), eq(variables['Build.Reason'], 'PullRequest'))") return reason === "PullRequest";
  throw new Error(`the test does not evaluate the condition ${condition}`);
}

interface AzureRan extends Ran {
  /** The files the steps attached to the run summary (##vso[task.uploadsummary]), in order. */
  readonly summary: string;
}

/** Runs the script and AzureCLI@2 steps of an Azure job (the other tasks are checked structurally). */
function runAzureSteps(steps: Json[], reason: string, options: RunOptions = {}): AzureRan {
  const variables = Object.fromEntries(Object.entries(strings(azure.variables)).map(([k, v]) => [k.toUpperCase().replace(/\./g, "_"), v]));
  const predefined: Record<string, string> = reason === "PullRequest" ? { BUILD_REASON: reason, SYSTEM_PULLREQUEST_TARGETBRANCH: "refs/heads/main" } : { BUILD_REASON: reason };
  const ran = execute(
    (dir, ws) =>
      steps
        .filter((s) => (s.script !== undefined || s.task === "AzureCLI@2") && azureCondition(s.condition, reason))
        .map((s) => {
          const env = { ...variables, ...predefined, ...Object.fromEntries(Object.entries(strings(s.env)).map(([k, v]) => [k, azureExpand(v, dir, ws)])) };
          if (s.script !== undefined) return { run: azureExpand(s.script, dir, ws), cwd: dir, env, options: [] };
          expect(s.inputs).toMatchObject({ scriptType: "bash", scriptLocation: "inlineScript" });
          return {
            run: azureExpand(s.inputs.inlineScript, dir, ws),
            cwd: s.inputs.workingDirectory ? azureExpand(s.inputs.workingDirectory, dir, ws) : dir,
            env: { ...env, servicePrincipalId: `spn:${s.inputs.azureSubscription}`, tenantId: "tenant-id" },
            options: [],
          };
        }),
    options,
  );
  const uploaded = [...ran.output.matchAll(/^##vso\[task\.uploadsummary\](.+)$/gm)].map((m) => m[1]);
  return { ...ran, summary: uploaded.map((f) => fs.readFileSync(f, "utf8")).join("\n") };
}

describe("Azure Pipelines", () => {
  const stages = azure.stages as Json[];
  const stage = (name: string) => stages.find((s) => s.stage === name) as Json;
  const planSteps = () => stage("Plan").jobs[0].steps as Json[];
  const deploySteps = () => stage("Deploy").jobs[0].strategy.runOnce.deploy.steps as Json[];
  const driftSteps = () => stage("Drift").jobs[0].steps as Json[];
  const kinds = (jobSteps: Json[]) =>
    jobSteps.map((s) => s.script ?? s.task ?? (s.publish ? `publish ${s.artifact}` : s.download ? `download ${s.artifact}` : s.checkout ? `checkout ${s.checkout}` : "?"));

  test("is for a consumer repository: tenant.yaml at the root, the entra-pim CLI from npm, none of this repository's scripts", () => {
    expect(azureText).not.toMatch(/npm test|npm run |TENANT_CONFIG|examples\/|cdktf (deploy|diff|synth)/);
    const scripts = stages.flatMap((s) => s.jobs.flatMap((j: Json) => (j.steps ?? j.strategy.runOnce.deploy.steps) as Json[]));
    const cli = scripts.flatMap((s) => String(s.script ?? s.inputs?.inlineScript ?? "").split("\n")).filter((l) => l.includes("entra-pim"));
    expect(cli.length).toBeGreaterThanOrEqual(4);
    for (const line of cli) expect(line).toMatch(/npx entra-pim (validate|synth|diff) tenant\.yaml/);
    expect(azure.variables).toMatchObject({ STACK: "tenant" });
  });

  test("runs on pull requests and pushes to main, and daily on main even without a change", () => {
    expect(azure.trigger).toEqual({ branches: { include: ["main"] } });
    expect(azure.pr).toEqual({ branches: { include: ["main"] } });
    expect(azure.schedules).toHaveLength(1);
    expect(azure.schedules[0]).toMatchObject({ branches: { include: ["main"] }, always: true });
    expect(azure.schedules[0].cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  test("plans on every change, deploys after the plan on main only, and checks drift alone on the schedule", () => {
    expect(stages.map((s) => [s.stage, s.dependsOn ?? null, s.condition])).toEqual([
      ["Plan", null, "ne(variables['Build.Reason'], 'Schedule')"],
      ["Deploy", "Plan", "and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'), ne(variables['Build.Reason'], 'PullRequest'), ne(variables['Build.Reason'], 'Schedule'))"],
      ["Drift", [], "eq(variables['Build.Reason'], 'Schedule')"],
    ]);
  });

  test("validates, synthesizes, (on pull requests) diffs the access, then plans into a saved plan, all in the run summary", () => {
    const pr = runAzureSteps(planSteps(), "PullRequest");
    expect(pr.code).toBe(0);
    expect(pr.calls).toEqual([
      "npm ci",
      "npx entra-pim validate tenant.yaml",
      "npx entra-pim synth tenant.yaml --out cdktf.out",
      "git cat-file -e origin/main:tenant.yaml",
      "npx entra-pim diff tenant.yaml --base origin/main",
      inStack("init -input=false"),
      inStack("plan -input=false -out=tfplan"),
      inStack("show -no-color tfplan"),
    ]);
    for (const text of ["stub access report", "stub access diff", "stub plan text"]) expect(pr.summary).toContain(text);
    // What the plan artifact publishes: the stack with its lock file and saved plan, no provider binaries.
    expect(fs.readdirSync(path.join(pr.dir, "cdktf.out", "stacks", "tenant")).sort()).toEqual([".terraform.lock.hcl", "access-report.md", "cdk.tf.json", "plan.txt", "tfplan"]);

    const ci = runAzureSteps(planSteps(), "IndividualCI");
    expect(ci.code).toBe(0);
    expect(ci.calls.filter((c) => c.startsWith("git ") || c.includes(" diff "))).toEqual([]);
    expect(ci.summary).not.toContain("stub access diff");
    expect(planSteps()[0]).toEqual({ checkout: "self", fetchDepth: 0 });
  });

  test("fails with a clear message when STACK is not the tenant file's name", () => {
    const ran = runAzureSteps(planSteps(), "IndividualCI", { env: { STUB_STACK_NAME: "contoso" } });
    expect(ran.code).toBe(1);
    expect(ran.output).toContain('##vso[task.logissue type=error]No stack "tenant" in cdktf.out/stacks/');
    expect(ran.calls.some((c) => c.startsWith("terraform"))).toBe(false);
  });

  test("publishes the access report, findings and the plan with the stack it was made from", () => {
    const steps = planSteps();
    const copy = steps.find((s) => s.task === "CopyFiles@2");
    expect(copy?.inputs.contents).toContain("*/access-report.md");
    expect(copy?.inputs.contents).toContain("*/required-permissions.json");
    expect(copy?.inputs.contents).toContain("*/findings.*");
    const k = kinds(steps);
    expect(k.filter((x: string) => x.startsWith("publish "))).toEqual(["publish access-report", "publish plan"]);
    expect(steps[steps.length - 1]).toMatchObject({ publish: "cdktf.out", artifact: "plan" });
    expect(k.indexOf('rm -rf "cdktf.out/stacks/$(STACK)/.terraform"')).toBe(k.length - 2);
    expect(k.indexOf("AzureCLI@2")).toBeLessThan(k.length - 2);
  });

  test("applies the saved plan it downloads, in a deployment job of the entra-production environment (its Approvals check), without planning or synthesizing again", () => {
    const job = stage("Deploy").jobs[0];
    expect(job).toMatchObject({ deployment: "Apply", environment: "entra-production" });
    expect(kinds(deploySteps())).toEqual(["TerraformInstaller@1", "download plan", "AzureCLI@2"]);
    expect(deploySteps()[1]).toEqual({ download: "current", artifact: "plan" });
    // The download lands in $(Pipeline.Workspace)/<artifact>; the apply runs there.
    expect(deploySteps()[2].inputs.workingDirectory).toBe("$(Pipeline.Workspace)/plan");
    expect(JSON.stringify(job)).not.toMatch(/entra-pim|cdktf (deploy|synth)|npm |-auto-approve|NodeTool/);

    const ran = runAzureSteps(deploySteps(), "IndividualCI", { prepare: (_dir, ws) => writeStack(path.join(ws, "plan", "stacks", "tenant"), { plan: true }) });
    expect(ran.code).toBe(0);
    const inArtifact = stackCall("stacks/tenant");
    expect(ran.calls).toEqual([inArtifact("init -input=false"), inArtifact("apply -input=false tfplan")]);
    const without = runAzureSteps(deploySteps(), "IndividualCI", { prepare: (_dir, ws) => writeStack(path.join(ws, "plan", "stacks", "tenant")) });
    expect(without.code).not.toBe(0);
  });

  test.each([
    [0, 0, "No drift"],
    [2, 1, "##vso[task.logissue type=error]Drift: "],
    [1, 1, "##vso[task.logissue type=error]Drift check failed"],
  ])("drift stage: terraform plan -detailed-exitcode exit code %i, job exit code %i (%s)", (planExit, code, message) => {
    const ran = runAzureSteps(driftSteps(), "Schedule", { planExit });
    expect(ran.calls).toEqual(driftCalls());
    expect(ran.code).toBe(code);
    expect(ran.output).toContain(message);
    expect(ran.output.includes("##vso[task.logissue type=error]")).toBe(planExit !== 0);
    expect(ran.summary.includes("## Drift")).toBe(planExit === 2);
  });

  test("signs in with workload identity federation service connections: read-only to plan and check drift, deploy to apply; providers refresh their OIDC tokens", () => {
    const cli = [planSteps(), deploySteps(), driftSteps()].map((s) => s.filter((x) => x.task === "AzureCLI@2"));
    expect(cli.map((c) => c.map((x) => x.inputs.azureSubscription))).toEqual([["entra-privileged-access-plan"], ["entra-privileged-access-deploy"], ["entra-privileged-access-plan"]]);
    for (const c of cli.flat()) {
      expect(c.inputs.addSpnToEnvironment).toBe(true);
      expect(Object.keys(c.env).sort()).toEqual(["ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID", "ARM_SUBSCRIPTION_ID", "ARM_USE_OIDC", "SYSTEM_ACCESSTOKEN"]);
      const connection = c.inputs.azureSubscription === "entra-privileged-access-deploy" ? "$(DEPLOY_SERVICE_CONNECTION_ID)" : "$(PLAN_SERVICE_CONNECTION_ID)";
      expect(c.env).toEqual({ ARM_USE_OIDC: "true", ARM_SUBSCRIPTION_ID: "$(AZURE_SUBSCRIPTION_ID)", ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID: connection, ARM_OIDC_AZURE_SERVICE_CONNECTION_ID: connection, SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
    }
    // Terraform runs only inside those tasks, as the service connection's principal.
    for (const steps of [planSteps(), deploySteps(), driftSteps()]) for (const s of steps) if (s.script) expect(s.script).not.toMatch(/^\s*terraform\s/m);
    const ids = (steps: Json[], reason: string, options: RunOptions = {}) => new Set(runAzureSteps(steps, reason, options).ids);
    expect(ids(planSteps(), "IndividualCI")).toEqual(new Set(["spn:entra-privileged-access-plan|tenant-id|true|sub-id"]));
    expect(ids(driftSteps(), "Schedule")).toEqual(new Set(["spn:entra-privileged-access-plan|tenant-id|true|sub-id"]));
    expect(ids(deploySteps(), "IndividualCI", { prepare: (_d, ws) => writeStack(path.join(ws, "plan", "stacks", "tenant"), { plan: true }) })).toEqual(
      new Set(["spn:entra-privileged-access-deploy|tenant-id|true|sub-id"]),
    );
    expect(azureText).not.toMatch(/CLIENT_SECRET|clientSecret|ARM_ACCESS_KEY|ARM_CLIENT_CERTIFICATE/);
  });

  test("installs Terraform 1.11.4 (removed blocks need >= 1.7) before every step that runs it", () => {
    expect(azure.variables.TERRAFORM_VERSION).toBe("1.11.4");
    for (const steps of [planSteps(), deploySteps(), driftSteps()]) {
      const k = kinds(steps);
      expect(steps[k.indexOf("TerraformInstaller@1")]?.inputs).toEqual({ terraformVersion: "$(TERRAFORM_VERSION)" });
      expect(k.indexOf("TerraformInstaller@1")).toBeLessThan(k.indexOf("AzureCLI@2"));
    }
  });
});
