import * as fs from "fs";
import { FAILSAFE_SCHEMA, Type, load as loadPlain } from "js-yaml";
import { Document, LineCounter, Node, Pair, YAMLMap, isMap, isPair, isScalar, isSeq, parseDocument, visit } from "yaml";
import { ConfigPath, ConfigProblem, TenantConfigError } from "./errors";
import { problemsFromIssues } from "./issues";
import { TenantConfig, tenantSchema } from "./schema";

/** Where a path is in the file: 1-based line and column. */
export type Locate = (path: ConfigPath) => { line: number; column: number } | undefined;

/** A tenant file read and parsed as YAML (not yet validated). */
export interface TenantSource {
  /** The YAML as plain data. */
  readonly data: unknown;
  /** Finds a path's line and column (the deepest part of the path that exists). */
  readonly locate: Locate;
  /** The file name, when read from disk. */
  readonly file?: string;
  /**
   * Reads the positions now, so that `locate` later costs nothing: for a caller that will locate
   * after building a large stack (`validate`). yaml's document of a plain file is parsed here,
   * reduced to one offset per key and item, and dropped; otherwise the first `locate` parses it
   * and keeps it.
   */
  readonly prepareLocate: () => void;
}

/**
 * Parses YAML text. Syntax errors (every one, with line and column) throw a TenantConfigError.
 * YAML 1.2 core schema: `yes`/`no` are strings, not booleans, so `requireApproval: yes` is refused
 * rather than guessed; duplicate keys are errors.
 */
export function parseTenantYaml(text: string, file?: string): TenantSource {
  const plain = plainData(text);
  if (plain !== NOT_PLAIN) return { data: plain.value, ...locator(text, plain), file };
  const { doc, lineCounter } = yamlDocument(text);
  const errors = [...doc.errors.map((e) => ({ pos: e.pos[0], message: e.message })), ...duplicateKeys(doc)].sort((a, b) => a.pos - b.pos);
  if (errors.length > 0) {
    throw new TenantConfigError(
      errors.map((e): ConfigProblem => {
        const { line, col } = lineCounter.linePos(e.pos);
        return { path: [], message: e.message, line, column: col, syntax: true };
      }),
      file,
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount ("billion laughs").
    throw new TenantConfigError([{ path: [], message: `cannot be read: ${(e as Error).message}`, line: 1, column: 1, syntax: true }], file);
  }
  return { data, ...locator(text), file };
}

/**
 * yaml's document of the text, with its line counter. Duplicate keys are found by duplicateKeys:
 * yaml's own uniqueKeys check compares each key with every key before it in its mapping
 * (compose/util-map-includes.js), quadratic in the keys.
 */
function yamlDocument(text: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  return { doc: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, version: "1.2" }), lineCounter };
}

export const NOT_PLAIN = Symbol("not plain");

/**
 * YAML 1.2's core schema as yaml 2.9.1 resolves plain scalars (yaml/dist/schema/core/{int,float,bool}.js
 * and common/null.js): the same patterns, in the same order, built into the same values.
 */
const CORE_1_2 = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type("tag:yaml.org,2002:null", { kind: "scalar", resolve: (s: string) => /^(?:~|[Nn]ull|NULL)?$/.test(s), construct: () => null }),
    new Type("tag:yaml.org,2002:bool", { kind: "scalar", resolve: (s: string) => /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/.test(s), construct: (s: string) => s[0] === "t" || s[0] === "T" }),
    new Type("tag:yaml.org,2002:int", {
      kind: "scalar",
      resolve: (s: string) => /^0o[0-7]+$/.test(s) || /^[-+]?[0-9]+$/.test(s) || /^0x[0-9a-fA-F]+$/.test(s),
      construct: (s: string) => {
        if (s.startsWith("0o")) return parseInt(s.slice(2), 8);
        if (s.startsWith("0x")) return parseInt(s.slice(2), 16);
        const n = parseInt(s[0] === "-" || s[0] === "+" ? s.slice(1) : s, 10);
        return s[0] === "-" ? -1 * n : n;
      },
    }),
    new Type("tag:yaml.org,2002:float", {
      kind: "scalar",
      resolve: (s: string) =>
        /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(s) ||
        /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(s) ||
        /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(s),
      construct: (s: string) => {
        if (s.slice(-3).toLowerCase() === "nan") return NaN;
        if (s.slice(-3).toLowerCase() === "inf") return s[0] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
        return parseFloat(s);
      },
    }),
  ],
});

/**
 * The data of a plain tenant file, read by js-yaml, or NOT_PLAIN. yaml's Document keeps a node with
 * its source range for every value: for a 10 MB file that peaked at 690 MB and took 6.3 s, js-yaml
 * 0.13 GB and 0.6 s (issue 17). Anything js-yaml might read otherwise than yaml (directives,
 * anchors and aliases, which yaml counts against its alias limit, and tags) and everything it
 * refuses (syntax errors, duplicate keys) goes to yaml, so those files keep yaml's values and its
 * error messages; `__tests__/loader-plain.test.ts` compares both readers.
 */
export function plainData(text: string): { value: unknown } | typeof NOT_PLAIN {
  // A directive starts a line with `%`; an anchor, alias or tag is a token starting with `&`, `*`
  // or `!` (after a line start, a space or a flow indicator). Over-approximated: the same
  // characters inside a scalar only send the file to yaml.
  if (/^%/m.test(text) || /(?:^|[\s[{,])(?:[&*][^\s[\]{},]|!)/m.test(text)) return NOT_PLAIN;
  // Keys that are null (yaml makes them "", js-yaml "null"), explicit (`? `) or collections (yaml
  // writes `[ a ]`, js-yaml `a`).
  if (/(?:^|[\s[{,])(?:(?:~|null|Null|NULL)\s*:|\?)(?:\s|$)/m.test(text) || /[\]}]\s*:(?:\s|$)/.test(text)) return NOT_PLAIN;
  try {
    return { value: loadPlain(text, { schema: CORE_1_2 }) ?? null };
  } catch {
    return NOT_PLAIN;
  }
}

/**
 * `locate` over the text: the document (several times the size of the data) is parsed again on
 * the first call, so a file that builds keeps only its data while it is built and synthesized
 * (issue 17); positions are needed for problems and `validate` only. For a plain file (its data
 * read by js-yaml), `prepareLocate` parses it early and keeps only a PositionIndex.
 */
function locator(text: string, plain?: { value: unknown }): { locate: Locate; prepareLocate: () => void } {
  let parsed: { doc: Document; lineCounter: LineCounter; keys: WeakMap<YAMLMap, Map<string, Pair>> } | undefined;
  let index: { positions: PositionIndex; lineCounter: LineCounter } | undefined;
  const parse = () => ({ ...yamlDocument(text), keys: new WeakMap<YAMLMap, Map<string, Pair>>() });
  const locate: Locate = (path) => {
    let range: number | undefined;
    let lineCounter: LineCounter;
    if (index) {
      range = index.positions.offsetOf(path);
      lineCounter = index.lineCounter;
    } else {
      parsed ??= parse();
      range = rangeOf(parsed.doc, path, parsed.keys);
      lineCounter = parsed.lineCounter;
    }
    if (range === undefined) return undefined;
    const { line, col } = lineCounter.linePos(range);
    return { line, column: col };
  };
  const prepareLocate = () => {
    if (index || parsed || !plain) return;
    const { doc, lineCounter } = yamlDocument(text);
    index = { positions: new PositionIndex(doc, plain.value), lineCounter };
  };
  return { locate, prepareLocate };
}

/** No node at this item (rangeOf stops there); -1 is a node without a range (rangeOf keeps the offset before it). */
const NO_ITEM = -2;

/**
 * What rangeOf finds in yaml's document, kept as one offset per mapping key and sequence item of
 * the data (a plain file's data has exactly the document's shape, `__tests__/loader-plain.test.ts`):
 * a few bytes per value instead of yaml's nodes. A mapping's offsets follow its keys' order when
 * that is the document's order and it has few keys (looked up by position), else are a Map.
 */
export class PositionIndex {
  private readonly offsets = new WeakMap<object, number[] | Map<string, number>>();
  private readonly root: number | undefined;

  constructor(
    doc: Document,
    private readonly data: unknown,
  ) {
    this.root = (doc.contents as Node | null)?.range?.[0];
    this.visit(doc.contents, data);
  }

  private visit(node: unknown, value: unknown): void {
    if (value === null || typeof value !== "object") return;
    if (isSeq(node) && Array.isArray(value)) {
      this.offsets.set(value, node.items.map((item) => (item ? ((item as Node).range?.[0] ?? -1) : NO_ITEM)));
      node.items.forEach((item, i) => this.visit(item, value[i]));
    } else if (isMap(node) && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : undefined);
      const keys = Object.keys(record);
      const aligned = node.items.length <= 32 && keys.length === node.items.length && node.items.every((p, i) => keyOf(p) === keys[i]);
      if (aligned) {
        this.offsets.set(value, node.items.map((p) => (p.key as Node | null)?.range?.[0] ?? -1));
      } else {
        const byKey = new Map<string, number>();
        for (const p of node.items) {
          const key = keyOf(p);
          if (key !== undefined && !byKey.has(key)) byKey.set(key, (p.key as Node | null)?.range?.[0] ?? -1);
        }
        this.offsets.set(value, byKey);
      }
      for (const p of node.items) {
        const key = keyOf(p);
        if (key !== undefined && Object.prototype.hasOwnProperty.call(record, key)) this.visit(p.value, record[key]);
      }
    }
  }

  /** rangeOf's offset for `path`, from the data and the offsets. */
  offsetOf(path: ConfigPath): number | undefined {
    let value = this.data;
    let offset = this.root;
    for (const part of path) {
      const at = value !== null && typeof value === "object" ? this.offsets.get(value) : undefined;
      if (at === undefined) return offset;
      let found: number | undefined;
      if (Array.isArray(value)) {
        if (typeof part !== "number" || !Array.isArray(at) || part < 0 || part >= at.length) return offset;
        found = at[part];
        if (found === NO_ITEM) return offset;
        value = value[part];
      } else {
        const key = String(part);
        found = at instanceof Map ? at.get(key) : at[Object.keys(value as object).indexOf(key)];
        if (found === undefined) return offset;
        value = (value as Record<string, unknown>)[key];
      }
      if (found >= 0) offset = found;
    }
    return offset;
  }
}

/**
 * The errors yaml's `uniqueKeys: true` gives ("Map keys must be unique" at the repeated key), found
 * with one set of keys per mapping. Equal as yaml compares them (compose/util-map-includes.js):
 * scalar keys by value with `===` (so `1` and `"1"` differ, and NaN is never equal), other keys
 * (aliases, collections) only to themselves, so never repeated.
 */
function duplicateKeys(doc: Document): { pos: number; message: string }[] {
  const out: { pos: number; message: string }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || (typeof key.value === "number" && Number.isNaN(key.value))) continue;
        if (seen.has(key.value)) out.push({ pos: key.range?.[0] ?? 0, message: "Map keys must be unique" });
        seen.add(key.value);
      }
    },
  });
  return out;
}

/**
 * Start offset of the deepest part of `path` that exists in the file: a key's own position for
 * mapping keys (a missing field points at its parent's key), an item's position for list items.
 */
function rangeOf(doc: Document, path: ConfigPath, keys: WeakMap<YAMLMap, Map<string, Pair>>): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const part of path) {
    if (isMap(node)) {
      const pair = pairsByKey(node, keys).get(String(part));
      if (!pair) return offset;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof part === "number") {
      const item = node.items[part] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else return offset;
  }
  return offset;
}

/**
 * A mapping's pairs by scalar key (the first of equal keys), built the first time a path goes
 * through it: locating every problem of a mapping with many keys is then linear, not a scan of
 * the mapping per problem (50,000 unknown keys took 30 s; issue 17).
 */
function pairsByKey(map: YAMLMap, keys: WeakMap<YAMLMap, Map<string, Pair>>): Map<string, Pair> {
  let index = keys.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p);
    }
    keys.set(map, index);
  }
  return index;
}

/** The result of validating data against the tenant schema. */
export interface ValidationResult {
  /** The validated config, when there are no problems. */
  readonly config?: TenantConfig;
  /** Every problem found, unsorted, without file positions. */
  readonly problems: readonly ConfigProblem[];
}

/** Validates parsed data against the tenant schema and the constructs' value checks. Never throws. */
export function validateTenantData(data: unknown): ValidationResult {
  if (data === null || data === undefined) {
    return { problems: [{ path: [], message: "is empty: expected a mapping with breakGlass:, roles:, adminWorkstation: ... (see docs/tenant-file.md)" }] };
  }
  const result = tenantSchema.safeParse(data, { reportInput: true });
  if (result.success) return { config: result.data, problems: [] };
  return { problems: problemsFromIssues(result.error.issues, tenantSchema) };
}

/**
 * Parses and validates tenant file text. Throws a TenantConfigError listing every problem with
 * its line and column.
 */
export function loadTenantConfig(text: string, file?: string): { config: TenantConfig; source: TenantSource } {
  const source = parseTenantYaml(text, file);
  const { config, problems } = validateTenantData(source.data);
  if (!config) throw new TenantConfigError(problems, file).withLocations(source.locate);
  return { config, source };
}

/** Reads and parses a tenant file from disk (YAML syntax only; validate with buildTenantStack or validateTenantData). */
export function readTenantSource(file: string): TenantSource {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(e as Error).message})`;
    throw new TenantConfigError([{ path: [], message: reason }], file);
  }
  return parseTenantYaml(text, file);
}

/** Reads, parses and validates a tenant file from disk. */
export function readTenantFile(file: string): { config: TenantConfig; source: TenantSource } {
  const source = readTenantSource(file);
  const { config, problems } = validateTenantData(source.data);
  if (!config) throw new TenantConfigError(problems, file).withLocations(source.locate);
  return { config, source };
}
