/**
 * For a stack whose providers are not all in the mirror: the same configuration without the
 * resources of the missing providers, so the providers that are there still judge their part.
 * A reference to a removed resource becomes a placeholder object id (a GUID, the shape every such
 * reference has in our stacks); `depends_on`, `moved` and `removed` entries naming one are dropped.
 */

const PLACEHOLDER = "00000000-0000-4000-8000-000000000000";

/** The provider of a resource type: the part before the first `_` (azuread_group -> azuread). */
const providerOf = (type: string) => type.split("_")[0];

type Json = Record<string, unknown>;

function referencesMissing(expression: string, missing: ReadonlySet<string>): boolean {
  for (const m of expression.matchAll(/(?:^|[^A-Za-z0-9_.])(?:data\.)?([a-z][a-z0-9]*)_[a-z0-9_]+\.[A-Za-z_][A-Za-z0-9_-]*/g)) {
    if (missing.has(m[1])) return true;
  }
  return false;
}

function rewrite(value: unknown, missing: ReadonlySet<string>): unknown {
  if (typeof value === "string") {
    return value.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => (referencesMissing(inner, missing) ? PLACEHOLDER : whole));
  }
  if (Array.isArray(value)) return value.map((v) => rewrite(v, missing));
  if (value && typeof value === "object") {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "depends_on" && Array.isArray(v)) out[k] = v.filter((d) => !(typeof d === "string" && referencesMissing(d, missing)));
      else out[k] = rewrite(v, missing);
    }
    return out;
  }
  return value;
}

export interface Reduced {
  readonly json: Json;
  /** Resources (not data sources) left in the configuration. */
  readonly kept: number;
  readonly dropped: number;
}

export function withoutProviders(input: Json, missing: ReadonlySet<string>): Reduced {
  const json = JSON.parse(JSON.stringify(input)) as Json;
  const terraform = json.terraform as Json;
  const required = (terraform.required_providers ?? {}) as Json;
  for (const name of missing) {
    delete required[name];
    delete (json.provider as Json | undefined)?.[name];
  }
  let dropped = 0;
  let kept = 0;
  for (const section of ["resource", "data"] as const) {
    const byType = (json[section] ?? {}) as Record<string, Json>;
    for (const type of Object.keys(byType)) {
      const n = Object.keys(byType[type]).length;
      if (missing.has(providerOf(type))) {
        delete byType[type];
        if (section === "resource") dropped += n;
      } else if (section === "resource") kept += n;
    }
  }
  for (const block of ["moved", "removed", "import"]) {
    const entries = json[block];
    if (!Array.isArray(entries)) continue;
    json[block] = entries.filter((e) => !referencesMissing(JSON.stringify(e), missing));
    if ((json[block] as unknown[]).length === 0) delete json[block];
  }
  const out = rewrite(json, missing) as Json;
  return { json: out, kept, dropped };
}
