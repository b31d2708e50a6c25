/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): top functions by self time and by total
 * (inclusive) time, with file:line, so hotspots can be reported with numbers.
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [top=25]
 */
import * as fs from "fs";

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] }

const label = (f: CallFrame) =>
  `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(constructs|bench)\//, "$1/")}:${f.lineNumber + 1}`;

export function summarizeProfile(file: string, top = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const sampleUs = new Map<number, number>();
  profile.samples.forEach((id, i) => sampleUs.set(id, (sampleUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of sampleUs) {
    const own = label((byId.get(id) as ProfileNode).callFrame);
    self.set(own, (self.get(own) ?? 0) + us);
    // Inclusive time: each distinct function on the sampled stack gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const l = label((byId.get(cur) as ProfileNode).callFrame);
      if (seen.has(l)) continue;
      seen.add(l);
      total.set(l, (total.get(l) ?? 0) + us);
    }
  }
  const ms = (us: number) => (us / 1000).toFixed(0).padStart(6);
  // Module loading wrappers (node:internal, tsx) hold every sample of the main script: not informative.
  const noise = /^\((root|program|idle)\)|node:internal|tsx\/dist|^evaluate |^\(anonymous\) bench\/synth-one/;
  const list = (m: Map<string, number>, skip?: RegExp) =>
    [...m].filter(([l]) => !skip?.test(l)).sort((a, b) => b[1] - a[1]).slice(0, top).map(([l, us]) => `${ms(us)}  ${l}`);
  return [
    `profile ${file}: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms sampled`,
    `top ${top} by self time (ms):`,
    ...list(self, /^\((root|program|idle)\)/),
    `top ${top} by total time (ms):`,
    ...list(total, noise),
  ].join("\n");
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: profile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.log(summarizeProfile(file, top ? Number(top) : 25));
}
