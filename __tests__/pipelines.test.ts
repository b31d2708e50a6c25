import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";

/**
 * The example pipelines: valid structure, workload identity federation (OIDC, no secret), the
 * remote state backend, the published report and findings, and a manual approval before apply.
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

describe("GitHub Actions workflow", () => {
  test("is a valid workflow (subset of SchemaStore's github-workflow.json)", () => {
    const valid = validateWorkflow(github);
    expect(validateWorkflow.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test("the subset schema catches a step with neither uses nor run, a job without runs-on and an unknown permission", () => {
    const broken = {
      on: { push: {} },
      permissions: { "id-tokens": "write" },
      jobs: { build: { steps: [{ name: "nothing" }] } },
    };
    expect(validateWorkflow(broken)).toBe(false);
    const found = (validateWorkflow.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(found).toEqual(expect.arrayContaining(["/jobs/build required", "/jobs/build/steps/0 oneOf", "/permissions oneOf"]));
  });

  test("tests, synthesizes, then plans and deploys, in that order", () => {
    expect(Object.fromEntries(Object.entries(github.jobs as Json).map(([id, job]) => [id, job.needs ?? null]))).toEqual({
      "test-and-synth": null,
      plan: "test-and-synth",
      deploy: "plan",
    });
    const runs = (job: string) => (github.jobs[job].steps as Json[]).filter((s) => s.run).map((s) => s.run as string);
    expect(runs("test-and-synth")).toEqual(["npm ci", "npm test", "npm run synth", expect.stringContaining("access-report.md")]);
    expect(runs("plan")).toEqual(["npm ci", "npx cdktf diff --skip-synth"]);
    expect(runs("deploy")).toEqual(["npm ci", "npx cdktf deploy --skip-synth --auto-approve"]);
  });

  test("publishes the access report and findings as artifacts, and deploys exactly what was synthesized", () => {
    const uploads = (github.jobs["test-and-synth"].steps as Json[]).filter((s) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(uploads.map((s) => s.with.name)).toEqual(["access-report", "cdktf-out"]);
    expect(uploads[0].with.path).toContain("access-report.md");
    expect(uploads[0].with.path).toContain("findings.*");
    for (const job of ["plan", "deploy"]) {
      expect((github.jobs[job].steps as Json[]).find((s) => String(s.uses).startsWith("actions/download-artifact@"))?.with).toEqual({ name: "cdktf-out", path: "cdktf.out" });
    }
  });

  test("signs in with workload identity federation only: id-token: write, ARM_USE_OIDC, no secret", () => {
    expect(github.permissions).toEqual({ contents: "read" });
    for (const job of ["plan", "deploy"]) {
      expect(github.jobs[job].permissions).toEqual({ contents: "read", "id-token": "write" });
      expect(github.jobs[job].env).toMatchObject({ ARM_USE_OIDC: "true", ARM_TENANT_ID: "${{ vars.AZURE_TENANT_ID }}" });
    }
    expect(github.jobs["test-and-synth"].permissions).toBeUndefined();
    expect(githubText).not.toMatch(/secrets\.|CLIENT_SECRET|client-secret/i);
  });

  test("applies only on main, after the reviewers of the entra-production environment approve", () => {
    expect(github.jobs.deploy.environment).toBe("entra-production");
    expect(github.jobs.deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(github.concurrency["cancel-in-progress"]).toBe(false);
  });

  test("uses a Terraform that supports removed blocks (>= 1.7) without the wrapper cdktf cannot parse", () => {
    const setup = (github.jobs.deploy.steps as Json[]).find((s) => String(s.uses).startsWith("hashicorp/setup-terraform@"));
    expect(setup?.with).toEqual({ terraform_version: "${{ env.TERRAFORM_VERSION }}", terraform_wrapper: false });
    expect(github.env.TERRAFORM_VERSION).toBe("1.11.4");
  });
});

describe("Azure Pipelines", () => {
  const stages = azure.stages as Json[];
  const steps = (jobSteps: Json[]) => jobSteps.map((s) => s.script ?? s.task ?? (s.publish ? `publish ${s.artifact}` : s.download ? `download ${s.artifact}` : s.checkout ? "checkout" : "?"));

  test("builds, plans and deploys in stages", () => {
    expect(stages.map((s) => [s.stage, s.dependsOn ?? null])).toEqual([
      ["Build", null],
      ["Plan", "Build"],
      ["Deploy", "Plan"],
    ]);
    expect(steps(stages[0].jobs[0].steps)).toEqual([
      "NodeTool@0",
      "npm ci",
      "npm test",
      "npm run synth",
      "CopyFiles@2",
      "publish access-report",
      "publish cdktf-out",
    ]);
  });

  test("publishes the access report and findings", () => {
    const copy = (stages[0].jobs[0].steps as Json[]).find((s) => s.task === "CopyFiles@2");
    expect(copy?.inputs.contents).toContain("*/access-report.md");
    expect(copy?.inputs.contents).toContain("*/findings.*");
  });

  test("applies in a deployment job of the entra-production environment (its Approvals check) on main only", () => {
    const deploy = stages[2];
    expect(deploy.condition).toContain("eq(variables['Build.SourceBranch'], 'refs/heads/main')");
    expect(deploy.jobs[0]).toMatchObject({ deployment: "Apply", environment: "entra-production" });
    expect(steps(deploy.jobs[0].strategy.runOnce.deploy.steps)).toEqual([
      "checkout",
      "NodeTool@0",
      "npm ci",
      "TerraformInstaller@1",
      "download cdktf-out",
      'cp -R "$(Pipeline.Workspace)/cdktf-out" cdktf.out',
      "AzureCLI@2",
    ]);
  });

  test("signs in with workload identity federation service connections; providers refresh their OIDC tokens", () => {
    const cli = [stages[1].jobs[0].steps, stages[2].jobs[0].strategy.runOnce.deploy.steps].map((s: Json[]) => s.find((x) => x.task === "AzureCLI@2") as Json);
    expect(cli.map((c) => c.inputs.azureSubscription)).toEqual(["entra-privileged-access-plan", "entra-privileged-access-deploy"]);
    for (const c of cli) {
      expect(c.inputs.addSpnToEnvironment).toBe(true);
      expect(Object.keys(c.env).sort()).toEqual(["ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID", "ARM_SUBSCRIPTION_ID", "ARM_USE_OIDC", "SYSTEM_ACCESSTOKEN"]);
      expect(c.env.SYSTEM_ACCESSTOKEN).toBe("$(System.AccessToken)");
    }
    expect(cli[0].inputs.inlineScript).toContain("npx cdktf diff --skip-synth");
    expect(cli[1].inputs.inlineScript).toContain("npx cdktf deploy --skip-synth --auto-approve");
    expect(azureText).not.toMatch(/CLIENT_SECRET|clientSecret|ARM_ACCESS_KEY/);
  });
});
