/**
 * `npm run bench`: synth cost of the library's constructs against the same Terraform written with
 * raw provider constructs, at 100 / 1,000 / 10,000 / 30,000 eligible assignments, plus the wall
 * time of `npm run synth`. Every measurement is a fresh `node --import tsx bench/synth-one.ts`
 * process (no npx: it adds its own start-up), repeated, median taken.
 *
 *   npm run bench                        the full run (under 5 minutes on 2 cores)
 *   npm run bench -- --sizes 100,1000 --reps 1
 *   npm run bench -- --source-maps off   children run with source maps off, as main.ts does
 *   npm run bench -- --profile library:10000   one run under --cpu-prof, with a hotspot summary
 *   npm run bench -- --e2e-only          the end-to-end route alone (bench/e2e.ts; --e2e <cases>|off, --e2e-reps n)
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { Measurement, SizeSummary, Target, Variant, benchLine, evaluateTargets, markdownTable, markdownTargets, median, summarizeSize, targetLine } from "./report";
import { summarizeProfile } from "./profile-summary";
import { MIX, PER_AZURE_SCOPE } from "./tenant";
import { DEFAULT_E2E, E2eResult, e2eLine, e2eMarkdown, e2eTargets, parseE2eCases, runE2e } from "./e2e";
import type { E2eCase } from "./e2e-tenant";

const ROOT = path.resolve(__dirname, "..");
const RESULTS = path.join(ROOT, "bench", "results");
/** The whole run must stay under 5 minutes; repetitions after the first are dropped past this. */
const BUDGET_MS = 270_000;
/** Kept for the default synth measurement at the end. */
const RESERVE_MS = 20_000;

interface Options {
  readonly sizes: number[];
  readonly reps: number;
  /** Source maps in the measured processes: "on" as tsx sets them, "off" as main.ts does. */
  readonly sourceMaps: "on" | "off";
  readonly profile?: { variant: Variant; size: number };
  /** End-to-end cases (bench/e2e.ts), none with `--e2e off`. */
  readonly e2e: E2eCase[];
  readonly e2eReps: number;
  readonly e2eOnly: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (value("--sizes") ?? "100,1000,10000,30000").split(",").map(Number);
  const reps = Number(value("--reps") ?? 3);
  const sourceMaps = value("--source-maps") ?? "on";
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0) || !Number.isInteger(reps) || reps < 1 || (sourceMaps !== "on" && sourceMaps !== "off")) {
    throw new Error("usage: run.ts [--sizes 100,1000,...] [--reps 3] [--source-maps on|off] [--profile library|raw:<size>]");
  }
  const e2e = parseE2eCases(value("--e2e") ?? DEFAULT_E2E);
  const e2eReps = Number(value("--e2e-reps") ?? 1);
  if (!Number.isInteger(e2eReps) || e2eReps < 1) throw new Error(`--e2e-reps takes a whole number, got ${value("--e2e-reps")}`);
  const e2eOnly = argv.includes("--e2e-only");
  const p = value("--profile");
  if (p !== undefined) {
    const [variant, size] = p.split(":");
    if ((variant !== "library" && variant !== "raw") || !Number.isInteger(Number(size))) throw new Error(`--profile takes library:<size> or raw:<size>, got ${p}`);
    return { sizes, reps, sourceMaps, profile: { variant, size: Number(size) }, e2e, e2eReps, e2eOnly };
  }
  return { sizes, reps, sourceMaps, e2e, e2eReps, e2eOnly };
}

/** One measurement in a fresh process; the parent times the whole process. */
let sourceMaps: "on" | "off" = "on";

function measure(variant: Variant, size: number, extraNodeArgs: readonly string[] = []): Measurement {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-bench-"));
  try {
    const start = performance.now();
    const child = spawnSync(process.execPath, [...extraNodeArgs, "--import", "tsx", "bench/synth-one.ts", variant, String(size), outdir], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, BENCH_SOURCE_MAPS: sourceMaps },
      maxBuffer: 64 * 1024 * 1024,
    });
    const processMs = performance.now() - start;
    if (child.status !== 0) throw new Error(`synth-one ${variant} ${size} failed (exit ${child.status}):\n${child.stderr}`);
    const lines = child.stdout.trim().split("\n");
    return { ...(JSON.parse(lines[lines.length - 1]) as Omit<Measurement, "processMs">), processMs };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

interface DefaultSynth {
  readonly command: string;
  readonly runsMs: number[];
  readonly medianMs: number | null;
  readonly readsTenantFile: boolean;
  readonly note?: string;
}

/** `npm run synth` (tsx main.ts), whole process, into a temporary outdir (CDKTF_OUTDIR). */
function measureDefaultSynth(reps: number): DefaultSynth {
  const command = "npm run synth";
  const main = path.join(ROOT, "main.ts");
  if (!fs.existsSync(main)) return { command, runsMs: [], medianMs: null, readsTenantFile: false, note: "main.ts does not exist yet" };
  const readsTenantFile = /tenant\.ya?ml/.test(fs.readFileSync(main, "utf8"));
  const runsMs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-bench-synth-"));
    try {
      const start = performance.now();
      const child = spawnSync("npm", ["run", "--silent", "synth"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CDKTF_OUTDIR: outdir }, maxBuffer: 64 * 1024 * 1024 });
      const ms = performance.now() - start;
      if (child.status !== 0) {
        return { command, runsMs, medianMs: null, readsTenantFile, note: `npm run synth failed (exit ${child.status}): ${(child.stderr || child.stdout).trim().split("\n").slice(-3).join(" / ")}` };
      }
      runsMs.push(Math.round(ms));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }
  return { command, runsMs, medianMs: median(runsMs), readsTenantFile, ...(readsTenantFile ? {} : { note: "main.ts does not read examples/tenant.yaml yet: timed as it is" }) };
}

function machine() {
  return {
    nproc: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGB: Number((os.totalmem() / 1e9).toFixed(1)),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

function gitCommit(): string {
  const r = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" });
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "constructs"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() !== "";
  return `${r.stdout.trim()}${dirty ? " (constructs/ has uncommitted changes)" : ""}`;
}

function profile(variant: Variant, size: number): void {
  const dir = path.join(RESULTS, "profiles", `${variant}-${size}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  const m = measure(variant, size, ["--cpu-prof", `--cpu-prof-dir=${dir}`]);
  console.log(`profiled ${variant} size=${size}: build ${m.buildMs.toFixed(0)} ms, synth ${m.synthMs.toFixed(0)} ms, peak ${((m.maxRssKb * 1024) / 1e6).toFixed(0)} MB`);
  // The largest profile is the main thread (tsx's loader thread writes a small one too).
  const files = fs.readdirSync(dir).map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  console.log(summarizeProfile(files[0], 30));
}

function main(): void {
  const opts = parseArgs(process.argv.slice(2));
  fs.mkdirSync(RESULTS, { recursive: true });
  sourceMaps = opts.sourceMaps;
  if (opts.profile) return profile(opts.profile.variant, opts.profile.size);

  if (opts.e2eOnly) return e2eMain(opts);
  const started = performance.now();
  const loadAtStart = os.loadavg().map((n) => Number(n.toFixed(2)));
  const elapsed = () => performance.now() - started;
  console.log(`bench: sizes ${opts.sizes.join(", ")}, ${opts.reps} runs each, fresh process per run (node --import tsx, source maps ${opts.sourceMaps}), ${os.cpus().length} CPUs, node ${process.version}`);
  // Warm-up, not recorded: fills tsx's transform cache so the first measurement does not pay for it.
  measure("library", 100);
  measure("raw", 100);

  const runs: Measurement[] = [];
  const dropped: string[] = [];
  const last = new Map<string, number>();
  for (const size of opts.sizes) {
    for (let rep = 0; rep < opts.reps; rep++) {
      for (const variant of ["library", "raw"] as const) {
        const key = `${variant}:${size}`;
        const expected = last.get(key) ?? 0;
        if (rep > 0 && elapsed() + expected + RESERVE_MS > BUDGET_MS) {
          dropped.push(`${variant} ${size} run ${rep + 1}`);
          continue;
        }
        const m = measure(variant, size);
        last.set(key, m.processMs);
        runs.push(m);
        console.log(`  run ${variant} size=${size} #${rep + 1}: build+synth ${m.inProcessMs.toFixed(0)} ms (build ${m.buildMs.toFixed(0)}, synth ${m.synthMs.toFixed(0)}), process ${m.processMs.toFixed(0)} ms, peak ${((m.maxRssKb * 1024) / 1e6).toFixed(0)} MB`);
      }
    }
  }
  const sizes: SizeSummary[] = opts.sizes.map((size) => summarizeSize(size, runs.filter((r) => r.size === size)));
  const defaultSynth = measureDefaultSynth(opts.reps);
  const targets: Target[] = evaluateTargets(sizes, defaultSynth.medianMs, defaultSynth.note);
  const totalMs = Math.round(elapsed());
  const loadAverage = { start: loadAtStart, end: os.loadavg().map((n) => Number(n.toFixed(2))) };

  console.log("");
  for (const s of sizes) console.log(benchLine(s));
  console.log(`bench default_synth command="${defaultSynth.command}" ms=${defaultSynth.medianMs ?? "n/a"} runs=${defaultSynth.runsMs.join(",") || "none"}${defaultSynth.note ? ` note="${defaultSynth.note}"` : ""}`);
  for (const t of targets) console.log(targetLine(t));
  console.log(`bench total_ms=${totalMs} budget_ms=300000 load_start=${loadAverage.start[0]} load_end=${loadAverage.end[0]} dropped_runs=${dropped.length}${dropped.length ? ` (${dropped.join(", ")})` : ""}`);
  for (const s of sizes) if (!s.equivalent) console.log(`WARNING: size ${s.size}: library and raw declare different instances per resource type`);

  const table = markdownTable(sizes);
  const targetTable = markdownTargets(targets);
  console.log(`\n${table}\n\n${targetTable}\n`);

  const result = {
    date: new Date().toISOString(),
    commit: gitCommit(),
    machine: machine(),
    method: {
      process: "node --import tsx bench/synth-one.ts <variant> <size> <tmp outdir>, one fresh process per run",
      inProcess: "performance.now() around stack construction + app.synth() (writes cdk.tf.json)",
      wholeProcess: "parent's wall time of the child process, node start to exit",
      peakRss: "process.resourceUsage().maxRSS after synth, reported in MB (10^6 bytes)",
      cpu: "process.cpuUsage() user + system over build + synth (all threads)",
      sourceMaps: opts.sourceMaps,
      statistic: "median of the runs",
      mix: MIX,
      assignmentsPerAzureScope: PER_AZURE_SCOPE,
    },
    sizes,
    runs,
    defaultSynth,
    targets,
    droppedRuns: dropped,
    loadAverage,
    totalMs,
  };
  const jsonPath = path.join(RESULTS, "bench.json");
  fs.writeFileSync(jsonPath, `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS, "bench.md"), `${table}\n\n${targetTable}\n`);
  console.log(`bench results: ${jsonPath}`);
  if (opts.e2e.length) e2eMain(opts);
}

/** The end-to-end cases: printed as lines and tables, written to bench/results/e2e.json and e2e.md. */
function e2eMain(opts: Options): void {
  if (opts.e2e.length === 0) return;
  const started = performance.now();
  const loadAtStart = os.loadavg().map((n) => Number(n.toFixed(2)));
  console.log(`bench e2e: ${opts.e2e.map((c) => `${c.kind}:${c.size}`).join(", ")}, ${opts.e2eReps} run(s) each, fresh process per run (entra-pim synth, source maps off as cli/bin.ts)`);
  const results: E2eResult[] = runE2e(opts.e2e, opts.e2eReps);
  const targets = e2eTargets(results);
  console.log("");
  for (const r of results) console.log(e2eLine(r));
  for (const t of targets) console.log(`target name="${t.description}" value=${t.value ?? "n/a"} limit=${t.limit} unit=${t.unit} met=${t.met ?? "unmeasured"}`);
  const table = e2eMarkdown(results);
  const targetTable = markdownTargets(targets.map((t, i) => ({ ...t, name: `e2e_${i}` })));
  console.log(`\n${table}\n\n${targetTable}\n`);
  const result = { date: new Date().toISOString(), commit: gitCommit(), machine: machine(), loadAverage: { start: loadAtStart, end: os.loadavg().map((n) => Number(n.toFixed(2))) }, totalMs: Math.round(performance.now() - started), results, targets };
  fs.writeFileSync(path.join(RESULTS, "e2e.json"), `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(path.join(RESULTS, "e2e.md"), `${table}\n\n${targetTable}\n`);
  console.log(`bench e2e results: ${path.join(RESULTS, "e2e.json")}`);
}

main();
