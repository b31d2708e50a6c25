/**
 * The stacks the Terraform stage proves: every example tenant file, every snapshot-tested stack
 * (recorded by the snapshot tests themselves, `__tests__/terraform-record.ts`), and a generated
 * matrix (scripts/terraform-matrix.ts).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { buildTenantStack, readTenantSource } from "../constructs/config";
import { GraphDouble } from "../__tests__/adopt/graph-double";
import { ApiClient, exportTenant, withImports } from "../constructs/adopt";
import { MATRIX } from "./terraform-matrix";

const ROOT = path.join(__dirname, "..");

export interface StackCase {
  readonly name: string;
  readonly json: unknown;
  /** For a stack with import blocks: the plan it must make ("N to import, A to add, 0 to change"). */
  readonly plan?: { readonly import: number; readonly add: number };
}

/** Synthesizes a tenant file's data the way `npm run synth` does and returns the stack's JSON. */
export function synthTenant(data: unknown, outdir: string): unknown {
  fs.mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir, skipValidation: true, stackTraces: false });
  const stack = buildTenantStack(app, data);
  app.synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8"));
}

function examples(work: string): StackCase[] {
  const dir = path.join(ROOT, "examples");
  return fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ name: `example ${f}`, json: synthTenant(readTenantSource(path.join(dir, f)).data, path.join(work, "synth", `example-${f}`)) }));
}

/** Runs the snapshot tests with recording on; each recorded stack is one JSON file. */
function snapshots(work: string): StackCase[] {
  const dir = path.join(work, "snapshots");
  fs.mkdirSync(dir, { recursive: true });
  const tests = fs.readdirSync(path.join(ROOT, "__tests__", "__snapshots__")).map((f) => path.join("__tests__", f.replace(/\.snap$/, "")));
  const jest = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--silent", "--runTestsByPath", ...tests], {
    cwd: ROOT,
    env: { ...process.env, TERRAFORM_STAGE_RECORD: dir },
    encoding: "utf8",
  });
  // A failing snapshot test is npm test's business; the stacks it recorded are still proved here.
  if (jest.status !== 0) console.log(`terraform stage: the snapshot tests did not pass (npm test shows why); proving the stacks they recorded`);
  const recorded = fs.readdirSync(dir);
  if (recorded.length === 0) throw new Error(`the snapshot tests recorded no stack:\n${jest.stderr.slice(-4000)}`);
  return fs
    .readdirSync(dir)
    .sort()
    .map((f) => ({ name: `snapshot ${f.replace(/\.json$/, "")}`, json: JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) }));
}

function matrix(work: string): StackCase[] {
  return MATRIX.map((m) => ({ name: `matrix ${m.name}`, json: synthTenant(m.tenant, path.join(work, "synth", `matrix-${m.name}`)) }));
}

/**
 * `entra-pim export` of the documented tenant (the Graph and ARM double serving
 * `__tests__/fixtures/adopt/`), synthesized with its import blocks: Terraform must plan every
 * block as an import, add only what the export says it cannot import, and change nothing.
 */
async function adopted(work: string): Promise<StackCase[]> {
  const double = await GraphDouble.documented().start();
  try {
    const client = new ApiClient({ graphUrl: double.url, armUrl: double.url, token: async () => "token" });
    const result = await exportTenant(client, { azureScopes: ["/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"], name: "adopted" });
    const json = withImports(synthTenant(result.data, path.join(work, "synth", "adopted")) as Record<string, unknown>, result.imports.blocks, "export");
    return [{ name: "export round trip (import blocks)", json, plan: { import: result.imports.count, add: result.imports.notImportable.length + result.imports.created.length } }];
  } finally {
    await double.stop();
  }
}

export async function collectStacks(work: string): Promise<StackCase[]> {
  return [...examples(work), ...snapshots(work), ...matrix(work), ...(await adopted(work))];
}
