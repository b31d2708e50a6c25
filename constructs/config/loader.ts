import * as fs from "fs";
import { Document, LineCounter, Node, isMap, isPair, isScalar, isSeq, parseDocument } from "yaml";
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
}

/**
 * Parses YAML text. Syntax errors (every one, with line and column) throw a TenantConfigError.
 * YAML 1.2 core schema: `yes`/`no` are strings, not booleans, so `requireApproval: yes` is refused
 * rather than guessed; duplicate keys are errors.
 */
export function parseTenantYaml(text: string, file?: string): TenantSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: "1.2" });
  if (doc.errors.length > 0) {
    throw new TenantConfigError(
      doc.errors.map((e): ConfigProblem => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return { path: [], message: e.message, line, column: col, syntax: true };
      }),
      file,
    );
  }
  const locate: Locate = (path) => {
    const range = rangeOf(doc, path);
    if (range === undefined) return undefined;
    const { line, col } = lineCounter.linePos(range);
    return { line, column: col };
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount ("billion laughs").
    throw new TenantConfigError([{ path: [], message: `cannot be read: ${(e as Error).message}`, line: 1, column: 1, syntax: true }], file);
  }
  return { data, locate, file };
}

/**
 * Start offset of the deepest part of `path` that exists in the file: a key's own position for
 * mapping keys (a missing field points at its parent's key), an item's position for list items.
 */
function rangeOf(doc: Document, path: ConfigPath): number | undefined {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0];
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(part));
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
