import { ConfigProblem, configPathOf, formatPath } from "../constructs/config";
import { Finding } from "../constructs/checks";
import { groupedDetail } from "../constructs/checks/findings";
import { Progress } from "./progress";
import { BuiltTenant, TenantFileError, buildTenantFile, open } from "./tenant";

export type OutputFormat = "text" | "json";

/** One problem or finding, where it is in the file. */
export interface ValidateEntry {
  readonly level: "error" | "warning" | "info";
  /** Rule id for findings of the rule pack; absent for schema and construct problems. */
  readonly rule?: string;
  /** Path in the file (`roles[2].settings`), `(file)` for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  /** Present on a suppressed finding. */
  readonly suppressed?: string;
}

/** What `validate --format json` prints. */
export interface ValidateResult {
  readonly file: string;
  readonly valid: boolean;
  /** The stack name, when the file built. */
  readonly stack?: string;
  readonly errors: number;
  readonly warnings: number;
  readonly suppressed: number;
  /** Errors first, then by position. */
  readonly entries: readonly ValidateEntry[];
}

/**
 * Checks a tenant file as `synth` would (schema, construct checks, rule pack) without writing
 * Terraform. Returns the result; `valid` is false when the file has errors.
 */
export function validateTenantFile(file: string, progress: Progress = Progress.silent()): ValidateResult {
  let built: BuiltTenant;
  try {
    built = buildTenantFile(file, { progress, prepareLocate: true });
  } catch (e) {
    const problems: readonly ConfigProblem[] = e instanceof TenantFileError ? e.problems : [];
    const entries: ValidateEntry[] = problems.length
      ? problems.map((p) => ({ level: "error", path: p.syntax ? "(syntax)" : formatPath(p.path), message: p.message, ...(p.line !== undefined ? { line: p.line, column: p.column ?? 1 } : {}) }))
      : [{ level: "error", path: "(file)", message: (e as Error).message.replace(`${file}: `, "") }];
    return { file, valid: false, errors: entries.length, warnings: 0, suppressed: 0, entries };
  }
  const byPath = new Map(built.stack.node.findAll().map((c) => [c.node.path, c]));
  const entry = (f: Finding): ValidateEntry => {
    const node = byPath.get(f.path);
    const at = node ? configPathOf(built.stack, node) : [];
    const position = at.length ? built.source.locate(at) : undefined;
    return {
      level: f.level,
      rule: f.rule,
      path: formatPath(at),
      message: f.detail || f.message,
      ...(position ? { line: position.line, column: position.column } : {}),
      ...(f.suppressed ? { suppressed: f.suppressed.reason } : {}),
    };
  };
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const entries = built.findings.map(entry).sort((a, b) => rank[a.level] - rank[b.level] || (a.line ?? 0) - (b.line ?? 0) || cmp(a.rule ?? "", b.rule ?? "") || cmp(a.message, b.message));
  return {
    file,
    valid: true,
    stack: built.stack.node.id,
    errors: 0,
    warnings: open(built.findings, "warning").length,
    suppressed: built.findings.filter((f) => f.suppressed).length,
    entries,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Findings of one rule at one place (and suppression) as one entry: the count and the first few
 * (`--format json` keeps every one). Problems of the file are never merged: each is its own fix.
 */
function groupEntries(entries: readonly ValidateEntry[]): ValidateEntry[] {
  const groups = new Map<string, ValidateEntry[]>();
  entries.forEach((e, i) => {
    const key = e.rule === undefined ? `#${i}` : JSON.stringify([e.level, e.rule, e.path, e.line ?? null, e.column ?? null, e.suppressed ?? null]);
    const group = groups.get(key) ?? [];
    group.push(e);
    groups.set(key, group);
  });
  return [...groups.values()].map((g) => (g.length === 1 ? g[0] : { ...g[0], message: groupedDetail(g.map((e) => e.message), "(--format json lists every one)") }));
}

/** The result as terminal lines: a summary, then one line per entry (findings of one rule at one place grouped). */
export function validateText(r: ValidateResult): string[] {
  const head = r.valid
    ? `${r.file}: valid (stack "${r.stack}"): 0 errors, ${r.warnings} warning${r.warnings === 1 ? "" : "s"}, ${r.suppressed} suppressed`
    : `${r.file}: ${r.errors} problem${r.errors === 1 ? "" : "s"}`;
  return [
    head,
    ...groupEntries(r.entries.filter((e) => r.valid || e.level === "error"))
      .map((e) => {
        const where = e.line !== undefined ? ` (line ${e.line}, column ${e.column ?? 1})` : "";
        const rule = e.rule ? `${e.rule} ` : "";
        return `  ${e.suppressed ? "suppressed" : e.level}: ${rule}${e.path}: ${e.message}${where}${e.suppressed ? ` [reason: ${e.suppressed}]` : ""}`;
      }),
  ];
}
