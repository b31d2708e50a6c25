/** Summaries, targets and the Markdown table of a bench run (pure functions over the measurements). */

export type Variant = "library" | "raw";

/** One child process: what synth-one.ts printed plus the parent's wall time of the whole process. */
export interface Measurement {
  readonly variant: Variant;
  readonly size: number;
  readonly loadMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly inProcessMs: number;
  /** CPU time (user + system) of build + synth. */
  readonly cpuMs: number;
  readonly processMs: number;
  readonly maxRssKb: number;
  readonly outputBytes: number;
  readonly constructs: number;
  readonly roles: number;
  readonly subscriptions: number;
  readonly blocks: number;
  readonly resourceInstances: number;
  readonly dataInstances: number;
  readonly byType: Record<string, number>;
}

export interface VariantSummary {
  readonly reps: number;
  /** Medians over the repetitions. */
  readonly inProcessMs: number;
  readonly buildMs: number;
  readonly synthMs: number;
  readonly cpuMs: number;
  readonly processMs: number;
  /** Median peak RSS in MB (10^6 bytes; maxRSS is in KiB). */
  readonly peakMB: number;
  readonly blocks: number;
  /** Size of cdk.tf.json in MB. */
  readonly outputMB: number;
}

export interface SizeSummary {
  readonly size: number;
  readonly roles: number;
  readonly subscriptions: number;
  readonly resourceInstances: number;
  readonly dataInstances: number;
  /** True when both variants declare the same instances per resource type. */
  readonly equivalent: boolean;
  readonly library: VariantSummary;
  readonly raw: VariantSummary;
  /** library / raw, in-process build + synth. */
  readonly ratio: number;
  /** library / raw, whole process. */
  readonly processRatio: number;
  /** library / raw, CPU time of build + synth. */
  readonly cpuRatio: number;
}

export interface Target {
  readonly name: string;
  readonly description: string;
  readonly value: number | null;
  readonly limit: number;
  readonly unit: string;
  /** null when it could not be measured. */
  readonly met: boolean | null;
  readonly note?: string;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

function summarize(runs: readonly Measurement[]): VariantSummary {
  const m = (f: (r: Measurement) => number) => median(runs.map(f));
  return {
    reps: runs.length,
    inProcessMs: round(m((r) => r.inProcessMs)),
    buildMs: round(m((r) => r.buildMs)),
    synthMs: round(m((r) => r.synthMs)),
    cpuMs: round(m((r) => r.cpuMs)),
    processMs: round(m((r) => r.processMs)),
    peakMB: round((m((r) => r.maxRssKb) * 1024) / 1e6, 1),
    blocks: runs[0].blocks,
    outputMB: round(runs[0].outputBytes / 1e6, 1),
  };
}

export function summarizeSize(size: number, runs: readonly Measurement[]): SizeSummary {
  const lib = runs.filter((r) => r.variant === "library");
  const raw = runs.filter((r) => r.variant === "raw");
  if (lib.length === 0 || raw.length === 0) throw new Error(`size ${size}: no ${lib.length === 0 ? "library" : "raw"} measurement`);
  const library = summarize(lib);
  const rawSummary = summarize(raw);
  return {
    size,
    roles: lib[0].roles,
    subscriptions: lib[0].subscriptions,
    resourceInstances: lib[0].resourceInstances,
    dataInstances: lib[0].dataInstances,
    equivalent: JSON.stringify(lib[0].byType) === JSON.stringify(raw[0].byType),
    library,
    raw: rawSummary,
    ratio: round(library.inProcessMs / rawSummary.inProcessMs, 2),
    processRatio: round(library.processMs / rawSummary.processMs, 2),
    cpuRatio: round(library.cpuMs / rawSummary.cpuMs, 2),
  };
}

/** The issue's targets, from the size summaries and the default synth (median whole-process ms, or null). */
export function evaluateTargets(sizes: readonly SizeSummary[], defaultSynthMs: number | null, defaultNote?: string): Target[] {
  const at = (n: number) => sizes.find((s) => s.size === n);
  const s10 = at(10_000);
  const s30 = at(30_000);
  const check = (value: number | null, limit: number) => (value === null ? null : value <= limit);
  const ratio = s10 ? s10.ratio : null;
  const peak = s10 ? s10.library.peakMB : null;
  const growth = s10 && s30 ? round(s30.library.inProcessMs / s10.library.inProcessMs, 2) : null;
  return [
    { name: "ratio_10000", description: "library build+synth at 10,000 at most 0.4x the raw time", value: ratio, limit: 0.4, unit: "x", met: check(ratio, 0.4) },
    { name: "peak_10000", description: "library peak RSS at 10,000 under 250 MB", value: peak, limit: 250, unit: "MB", met: peak === null ? null : peak < 250 },
    { name: "linear_30000", description: "library time at 30,000 at most 3.5x the time at 10,000", value: growth, limit: 3.5, unit: "x", met: check(growth, 3.5) },
    {
      name: "default_synth",
      description: "`npm run synth` of the default example under 3 s wall",
      value: defaultSynthMs === null ? null : round(defaultSynthMs),
      limit: 3000,
      unit: "ms",
      met: defaultSynthMs === null ? null : defaultSynthMs < 3000,
      ...(defaultNote ? { note: defaultNote } : {}),
    },
  ];
}

/** `bench size=... key=value` lines: one per size, machine-readable. */
export function benchLine(s: SizeSummary): string {
  return [
    `bench size=${s.size}`,
    `library_ms=${s.library.inProcessMs}`,
    `raw_ms=${s.raw.inProcessMs}`,
    `ratio=${s.ratio}`,
    `library_process_ms=${s.library.processMs}`,
    `raw_process_ms=${s.raw.processMs}`,
    `process_ratio=${s.processRatio}`,
    `library_cpu_ms=${s.library.cpuMs}`,
    `raw_cpu_ms=${s.raw.cpuMs}`,
    `cpu_ratio=${s.cpuRatio}`,
    `library_peak_mb=${s.library.peakMB}`,
    `raw_peak_mb=${s.raw.peakMB}`,
    `library_reps=${s.library.reps}`,
    `raw_reps=${s.raw.reps}`,
    `instances=${s.resourceInstances + s.dataInstances}`,
    `equivalent=${s.equivalent}`,
  ].join(" ");
}

export function targetLine(t: Target): string {
  return `target name=${t.name} value=${t.value ?? "n/a"} limit=${t.limit} unit=${t.unit} met=${t.met ?? "unmeasured"}`;
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** The Markdown table of the README's Performance section. */
export function markdownTable(sizes: readonly SizeSummary[]): string {
  const rows = sizes.map((s) =>
    [
      fmt(s.size),
      `${s.roles} / ${s.subscriptions}`,
      `${fmt(s.library.blocks)} / ${fmt(s.raw.blocks)}`,
      fmt(s.library.inProcessMs),
      fmt(s.raw.inProcessMs),
      s.ratio.toFixed(2),
      s.cpuRatio.toFixed(2),
      `${fmt(s.library.processMs)} / ${fmt(s.raw.processMs)}`,
      `${s.library.peakMB} / ${s.raw.peakMB}`,
      `${s.library.reps} / ${s.raw.reps}`,
    ].join(" | "),
  );
  return [
    "| eligible assignments | roles / subscriptions | blocks in cdk.tf.json (library / raw) | library build+synth ms | raw build+synth ms | ratio | CPU-time ratio | whole process ms (library / raw) | peak RSS MB (library / raw) | runs (library / raw) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) => `| ${r} |`),
  ].join("\n");
}

export function markdownTargets(targets: readonly Target[]): string {
  return [
    "| target | measured | limit | met |",
    "|---|---:|---:|---|",
    ...targets.map((t) => `| ${t.description} | ${t.value ?? "n/a"} ${t.value === null ? "" : t.unit} | ${t.limit} ${t.unit} | ${t.met === null ? `not measured${t.note ? ` (${t.note})` : ""}` : t.met ? "yes" : "**no**"} |`),
  ].join("\n");
}
