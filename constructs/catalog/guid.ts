/** Internal helper (not re-exported): GUID shape check used by the catalog lookups. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `value` is a GUID (any case, no braces). */
export function looksLikeGuid(value: string): boolean {
  return GUID.test(value);
}
