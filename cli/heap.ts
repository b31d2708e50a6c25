import * as v8 from "v8";

/** How much the heap may grow past what survived the last full collection, in percent. */
export const HEAP_GROWING_PERCENT = 30;

/**
 * Lets V8's heap grow by at most 30% of what survived its last full collection
 * (`--heap-growing-percent=30`), unless node's own command line sets that flag (Node refuses it in
 * NODE_OPTIONS): `node --heap-growing-percent=100 "$(command -v entra-pim)" synth ...`.
 *
 * V8 picks the factor from how fast the program allocates against how fast it collects, up to 4x
 * on a machine with memory to spare. A large synth keeps its construct tree live (about 370 MB at
 * 20,000 Azure role-scopes) and allocates fast, so its heap grew to nearly four times that: 1.4 GB
 * peak RSS. Measured on the 2-core bench machine at 20,000 role-scopes: 50% peaked at 0.87-0.89 GB,
 * 30% at 0.76-0.78 GB, 20% at 0.75 GB, each within the run-to-run noise of the time (38-45 s);
 * at 1,000 role-scopes the time is unchanged (issue 17; README "Performance"). The flag is read by
 * V8 each time it sets the next collection's limit, so setting it at start-up applies to the
 * whole run; a V8 without the flag ignores it and only the memory changes.
 */
export function tuneHeap(execArgv: readonly string[] = process.execArgv): boolean {
  const given = execArgv.some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a));
  if (!given) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return !given;
}
