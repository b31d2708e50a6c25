import * as v8 from "v8";

/** How much the heap may grow past what survived the last full collection, in percent, for a large tenant file. */
export const HEAP_GROWING_PERCENT = 30;

/** From this size on, a tenant file is large: about 8,000 Azure role-scopes. */
export const LARGE_TENANT_FILE_BYTES = 4_000_000;

/**
 * For a large tenant file, lets V8's heap grow by at most 30% of what survived its last full
 * collection (`--heap-growing-percent=30`), unless node's own command line sets that flag (Node
 * refuses it in NODE_OPTIONS): `node --heap-growing-percent=100 "$(command -v entra-pim)" synth ...`.
 * Returns whether it set the flag.
 *
 * V8 picks the factor from how fast the program allocates against how fast it collects, up to 4x
 * on a machine with memory to spare. A large synth keeps its construct tree live (about 370 MB at
 * 20,000 Azure role-scopes) and allocates fast, so its heap grew to nearly four times that: 1.4 GB
 * peak RSS. Measured on the 2-core bench machine at 20,000 role-scopes: 50% peaked at 0.87-0.89 GB,
 * 30% at 0.76-0.84 GB, 20% at 0.75 GB, each within the run-to-run noise of the time (38-48 s).
 * Smaller files are left to V8: at 5,000 role-scopes (2.5 MB) 30% took a fifth more time (more
 * full collections of a heap that peaks at 0.6 GB anyway). Issue 17; README "Performance".
 * The flag is read by V8 each time it sets the next collection's limit, so setting it before the
 * file is built applies to the whole run; a V8 without the flag ignores it and only memory changes.
 */
export function tuneHeapFor(tenantFileBytes: number, execArgv: readonly string[] = process.execArgv): boolean {
  if (tenantFileBytes < LARGE_TENANT_FILE_BYTES) return false;
  if (execArgv.some((a) => /^--heap[-_]growing[-_]percent(=|$)/.test(a))) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
