/**
 * One end-to-end measurement, run in a fresh process by bench/e2e.ts:
 *   node --import tsx bench/e2e-one.ts synth <tenant.yaml> <outdir>
 *   node --import tsx bench/e2e-one.ts floor <tenant.yaml> <cdk.tf.json of the synth> <outdir>
 *
 * `synth` runs the CLI's `entra-pim synth` as cli/bin.ts does (source maps off), in this process.
 * `floor` does the least any tool must for the same output: parse the YAML, then JSON.stringify and
 * write a document of the synthesized size (the synth's own cdk.tf.json, parsed before the clock
 * starts). Both print one JSON line: in-process ms, CPU ms and peak RSS of the whole process.
 */
import * as fs from "fs";
import * as path from "path";
import { performance } from "perf_hooks";
import { parse } from "yaml";

/** Since process start: node and tsx start-up and this module's imports. */
const bootMs = performance.now();
const [mode, file, third, fourth] = process.argv.slice(2);

function report(extra: Record<string, unknown>): void {
  const usage = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ mode, bootMs, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS, ...extra })}\n`);
}

if (mode === "synth" && file && third) {
  process.setSourceMapsEnabled(false); // as cli/bin.ts
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require("../cli/main") as typeof import("../cli/main");
  const started = performance.now();
  const code = main(["--quiet", "synth", file, "--out", third]);
  const ms = performance.now() - started;
  if (code !== 0) process.exit(code);
  report({ workMs: ms });
} else if (mode === "floor" && file && third && fourth) {
  const output = JSON.parse(fs.readFileSync(third, "utf8")) as unknown; // not timed: the document to write
  const started = performance.now();
  const data = parse(fs.readFileSync(file, "utf8"), { version: "1.2" }) as { roles?: unknown[] };
  const parsedMs = performance.now() - started;
  fs.mkdirSync(fourth, { recursive: true });
  fs.writeFileSync(path.join(fourth, "cdk.tf.json"), JSON.stringify(output, null, 2));
  const ms = performance.now() - started;
  report({ workMs: ms, parseMs: parsedMs, roles: data.roles?.length ?? 0 });
} else {
  console.error("usage: e2e-one.ts synth <tenant.yaml> <outdir> | floor <tenant.yaml> <cdk.tf.json> <outdir>");
  process.exit(2);
}
