/**
 * The end-to-end bench (issue 17): the route a user runs, `entra-pim synth <tenant.yaml>` (read and
 * validate the file, build, checks, access report, required permissions, synth), on generated
 * tenant files (bench/e2e-tenant.ts), each in a fresh process; beside it, in the same run, the
 * floor for the same output (parse the YAML, JSON.stringify and write a document of the same size).
 *
 *   npm run bench -- --e2e-only                                   the e2e cases alone
 *   npm run bench -- --e2e scopes:1000,principals:5000 --e2e-only
 *   npm run bench -- --e2e off                                    the library bench alone
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { E2eCase, caseName, e2eTenantYaml, parseCase } from "./e2e-tenant";
import { median } from "./report";
import { requestsPerPlan } from "./requests-per-plan";

const ROOT = path.resolve(__dirname, "..");

export const DEFAULT_E2E = "scopes:1000,scopes:5000,scopes:20000,principals:5000";

export function parseE2eCases(text: string): E2eCase[] {
  return text === "off" ? [] : text.split(",").map(parseCase);
}

interface Run {
  /** Whole process, parent's wall clock. */
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakMB: number;
}

export interface E2eResult {
  readonly case: string;
  /** Role-scopes (scopes cases) or eligible principals (principals cases). */
  readonly size: number;
  readonly kind: E2eCase["kind"];
  readonly tenantFileMB: number;
  readonly outputMB: number;
  readonly warningsPrinted: number;
  readonly findings: number;
  readonly synth: Run & { readonly reps: number };
  readonly floor: Run & { readonly reps: number };
  /** synth wall / floor wall. */
  readonly ratioToFloor: number;
  /** synth wall per 1,000 role-scopes (scopes cases). */
  readonly msPer1000?: number;
  readonly msgraphGetsPerPlan: number;
  readonly refreshesPerPlan: number;
}

function child(args: readonly string[]): { wallMs: number; out: Record<string, number> } {
  const started = performance.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/e2e-one.ts", ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  if (r.status !== 0) throw new Error(`e2e-one ${args.join(" ")} failed (exit ${r.status}):\n${r.stderr}\n${r.stdout.slice(-2000)}`);
  const lines = r.stdout.trim().split("\n");
  return { wallMs, out: JSON.parse(lines[lines.length - 1]) as Record<string, number> };
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

function summarize(runs: readonly Run[]): Run & { reps: number } {
  return { wallMs: round(median(runs.map((r) => r.wallMs))), cpuMs: round(median(runs.map((r) => r.cpuMs))), peakMB: round(median(runs.map((r) => r.peakMB)), 1), reps: runs.length };
}

/** Runs every case `reps` times (synth then floor, alternating), fresh processes, median taken. */
export function runE2e(cases: readonly E2eCase[], reps: number, log: (line: string) => void = console.log): E2eResult[] {
  const results: E2eResult[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "entra-e2e-"));
  try {
    for (const c of cases) {
      const file = path.join(dir, `${c.kind}-${c.size}.yaml`);
      fs.writeFileSync(file, e2eTenantYaml(c));
      const synthRuns: Run[] = [];
      const floorRuns: Run[] = [];
      let stackDir = "";
      for (let rep = 0; rep < reps; rep++) {
        const out = path.join(dir, `out-${c.kind}-${c.size}`);
        fs.rmSync(out, { recursive: true, force: true });
        const s = child(["synth", file, out]);
        synthRuns.push({ wallMs: s.wallMs, cpuMs: s.out.cpuMs, peakMB: (s.out.maxRssKb * 1024) / 1e6 });
        stackDir = path.join(out, "stacks", "e2e");
        const f = child(["floor", file, path.join(stackDir, "cdk.tf.json"), path.join(dir, "floor")]);
        // The floor is its start-up and its work; loading the document it writes is not timed.
        floorRuns.push({ wallMs: f.out.bootMs + f.out.workMs, cpuMs: f.out.cpuMs, peakMB: (f.out.maxRssKb * 1024) / 1e6 });
        log(`  e2e ${caseName(c)} #${rep + 1}: synth ${s.wallMs.toFixed(0)} ms (CPU ${s.out.cpuMs.toFixed(0)} ms, peak ${((s.out.maxRssKb * 1024) / 1e6).toFixed(0)} MB), floor ${(f.out.bootMs + f.out.workMs).toFixed(0)} ms`);
      }
      const json = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
      const findings = JSON.parse(fs.readFileSync(path.join(stackDir, "findings.json"), "utf8")) as { findings: unknown[] };
      const warningsPrinted = warningLines(path.join(ROOT, "cli", "bin.ts"), file);
      const synth = summarize(synthRuns);
      const floor = summarize(floorRuns);
      const rpp = requestsPerPlan(json);
      results.push({
        case: caseName(c),
        size: c.size,
        kind: c.kind,
        tenantFileMB: round(fs.statSync(file).size / 1e6, 1),
        outputMB: round(fs.statSync(path.join(stackDir, "cdk.tf.json")).size / 1e6, 1),
        warningsPrinted,
        findings: findings.findings.length,
        synth,
        floor,
        ratioToFloor: round(synth.wallMs / floor.wallMs, 2),
        ...(c.kind === "scopes" ? { msPer1000: round(synth.wallMs / (c.size / 1000)) } : {}),
        msgraphGetsPerPlan: rpp.msgraph,
        refreshesPerPlan: rpp.refreshes,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** Lines `entra-pim validate` prints for the file's findings (grouped per rule and place). */
function warningLines(bin: string, file: string): number {
  const r = spawnSync(process.execPath, ["--import", "tsx", bin, "--quiet", "validate", file], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  return (r.stdout + r.stderr).split("\n").filter((l) => /^ {2}(warning|error|suppressed): /.test(l)).length;
}

export interface E2eTarget {
  readonly description: string;
  readonly value: number | null;
  readonly limit: number;
  readonly unit: string;
  readonly met: boolean | null;
}

/** The issue's targets at 20,000 role-scopes (against 1,000 and the floor of the same run). */
export function e2eTargets(results: readonly E2eResult[]): E2eTarget[] {
  const at = (n: number) => results.find((r) => r.kind === "scopes" && r.size === n);
  const small = at(1_000);
  const large = at(20_000);
  const growth = small?.msPer1000 && large?.msPer1000 ? round(large.msPer1000 / small.msPer1000, 2) : null;
  const peak = large ? large.synth.peakMB : null;
  const floor = large ? large.ratioToFloor : null;
  return [
    { description: "e2e time per 1,000 role-scopes at 20,000 at most 1.5x that at 1,000", value: growth, limit: 1.5, unit: "x", met: growth === null ? null : growth <= 1.5 },
    { description: "e2e peak RSS at 20,000 role-scopes under 1 GB", value: peak, limit: 1000, unit: "MB", met: peak === null ? null : peak < 1000 },
    { description: "e2e time at 20,000 role-scopes at most 10x the floor", value: floor, limit: 10, unit: "x", met: floor === null ? null : floor <= 10 },
  ];
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function e2eMarkdown(results: readonly E2eResult[]): string {
  return [
    "| tenant file | file / cdk.tf.json MB | synth wall ms | CPU ms | peak RSS MB | ms per 1,000 role-scopes | floor ms (peak MB) | ratio to floor | warnings printed / findings | msgraph GETs / refreshes per plan | runs |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (r) =>
        `| ${r.kind === "scopes" ? `${fmt(r.size)} role-scopes x 3 users` : `1 role, ${fmt(r.size)} eligible principals`} | ${r.tenantFileMB} / ${r.outputMB} | ${fmt(r.synth.wallMs)} | ${fmt(r.synth.cpuMs)} | ${r.synth.peakMB} | ${r.msPer1000 === undefined ? "" : fmt(r.msPer1000)} | ${fmt(r.floor.wallMs)} (${r.floor.peakMB}) | ${r.ratioToFloor.toFixed(2)} | ${fmt(r.warningsPrinted)} / ${fmt(r.findings)} | ${fmt(r.msgraphGetsPerPlan)} / ${fmt(r.refreshesPerPlan)} | ${r.synth.reps} |`,
    ),
  ].join("\n");
}

export function e2eLine(r: E2eResult): string {
  return `bench e2e case=${r.case} synth_ms=${r.synth.wallMs} cpu_ms=${r.synth.cpuMs} peak_mb=${r.synth.peakMB} floor_ms=${r.floor.wallMs} ratio_to_floor=${r.ratioToFloor}${r.msPer1000 === undefined ? "" : ` ms_per_1000=${r.msPer1000}`} warnings_printed=${r.warningsPrinted} findings=${r.findings} msgraph_gets=${r.msgraphGetsPerPlan}`;
}
