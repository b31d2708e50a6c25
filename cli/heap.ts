import * as v8 from "v8";

/** How much the heap may grow past what survived the last full collection, in percent. */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Lets V8's heap grow by at most half of what survived its last full collection
 * (`--heap-growing-percent=50`), unless the command line or NODE_OPTIONS sets that flag.
 *
 * V8 picks the factor from how fast the program allocates against how fast it collects, up to 4x
 * on a machine with memory to spare. A large synth keeps its construct tree live (about 370 MB at
 * 20,000 Azure role-scopes) and allocates fast, so its heap grew to four times that: 1.4 GB peak
 * RSS. At 1.5x it peaks near 0.9 GB for about a sixth more time (issue 17; README "Performance").
 * The flag is read by V8 each time it sets the next collection's limit, so setting it at start-up
 * applies to the whole run; a V8 without the flag ignores it and only the memory changes.
 */
export function tuneHeap(argv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ""): boolean {
  const given = [...argv, ...nodeOptions.split(/\s+/)].some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a));
  if (!given) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return !given;
}
