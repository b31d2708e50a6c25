/**
 * One measurement, run in a fresh process by bench/run.ts:
 *   node --import tsx bench/synth-one.ts <library|raw> <size> <outdir>
 * Builds the stack, writes cdk.tf.json with app.synth(), and prints one JSON line on stdout.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { App, TerraformStack } from "cdktf";
import { generateTenant } from "./tenant";
import { buildLibrary } from "./library-stack";
import { buildRaw } from "./raw-stack";
import { countInstances } from "./count";

const [variant, sizeText, outdir] = process.argv.slice(2);
const size = Number(sizeText);
if ((variant !== "library" && variant !== "raw") || !Number.isInteger(size) || size <= 0 || !outdir) {
  console.error("usage: synth-one.ts <library|raw> <size> <outdir>");
  process.exit(2);
}

// tsx turns source maps on; main.ts turns them off for `npm run synth` (cdktf captures a stack trace
// per token, and mapping them is costly). `--source-maps off` in run.ts measures that setting.
if (process.env.BENCH_SOURCE_MAPS === "off") process.setSourceMapsEnabled(false);

const loadedMs = performance.now(); // since process start: node boot + module loading (tsx, cdktf, bindings)
const tenant = generateTenant(size);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const app = new App({ outdir });
const stack = new TerraformStack(app, "bench");
if (variant === "library") buildLibrary(stack, tenant);
else buildRaw(stack, tenant);
const t1 = performance.now();
app.synth();
const t2 = performance.now();
// CPU time of build + synth (all threads, GC included): less sensitive than wall time to other load on the machine.
const cpu = process.cpuUsage(cpu0);
// Peak RSS of build + synth, read before the output is parsed back for counting.
const maxRssKb = process.resourceUsage().maxRSS;

const file = path.join(outdir, "stacks", "bench", "cdk.tf.json");
const json = JSON.parse(fs.readFileSync(file, "utf8"));
const result = {
  variant,
  size,
  loadMs: loadedMs,
  buildMs: t1 - t0,
  synthMs: t2 - t1,
  inProcessMs: t2 - t0,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssKb,
  outputBytes: fs.statSync(file).size,
  constructs: stack.node.findAll().length,
  roles: tenant.roles.length,
  subscriptions: tenant.subscriptions,
  ...countInstances(json),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
