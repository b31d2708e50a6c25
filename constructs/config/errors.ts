import { ValidationError } from "../errors";

/** A path into the tenant file: keys and list indexes (`["roles", 2, "settings"]`). */
export type ConfigPath = readonly (string | number)[];

/** One thing wrong with a tenant file. */
export interface ConfigProblem {
  /** Where, as keys and list indexes. Empty for the whole file. */
  readonly path: ConfigPath;
  /** What is wrong, what was given and what is allowed. */
  readonly message: string;
  /** 1-based line in the file, when known. */
  readonly line?: number;
  /** 1-based column in the file, when known. */
  readonly column?: number;
  /** A YAML syntax error (position, no path). */
  readonly syntax?: boolean;
}

/** Renders a path the way users read it: `roles[2].settings.activation.approvers`. */
export function formatPath(path: ConfigPath): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? part : `.${part}`;
  }
  return out === "" ? "(file)" : out;
}

/**
 * One line per problem: `path.to.field: message (line L, column C)`; YAML syntax errors read
 * `<file>:<line>:<column>: message` (the position is their path).
 */
export function formatProblem(problem: ConfigProblem, file?: string): string {
  if (problem.syntax) {
    return `${file ?? "tenant file"}:${problem.line ?? 0}:${problem.column ?? 0}: ${problem.message}`;
  }
  const where = problem.line !== undefined ? ` (line ${problem.line}, column ${problem.column ?? 1})` : "";
  return `${formatPath(problem.path)}: ${problem.message}${where}`;
}

/**
 * A tenant file that cannot become a stack. Carries every problem found, not just the first:
 * `main.ts` prints them one per line and exits non-zero.
 */
export class TenantConfigError extends Error {
  public readonly problems: readonly ConfigProblem[];
  /** The file the problems are in, when read from disk. */
  public readonly file?: string;

  constructor(problems: readonly ConfigProblem[], file?: string) {
    const sorted = [...problems].sort(compareProblems);
    const head = `${file ?? "tenant file"}: ${sorted.length} problem${sorted.length === 1 ? "" : "s"}`;
    super([head, ...sorted.map((p) => formatProblem(p, file))].join("\n"));
    this.name = "TenantConfigError";
    this.problems = sorted;
    this.file = file;
  }

  /** The same problems with file positions filled in by `locate`. */
  public withLocations(locate: (path: ConfigPath) => { line: number; column: number } | undefined, file?: string): TenantConfigError {
    return new TenantConfigError(
      this.problems.map((p) => (p.syntax || p.line !== undefined ? p : { ...p, ...locate(p.path) })),
      file ?? this.file,
    );
  }
}

function compareProblems(a: ConfigProblem, b: ConfigProblem): number {
  if (a.line !== undefined && b.line !== undefined && a.line !== b.line) return a.line - b.line;
  const pa = formatPath(a.path);
  const pb = formatPath(b.path);
  return pa < pb ? -1 : pa > pb ? 1 : 0;
}

/**
 * Splits a construct's field (`activation.approvers[0].user`, `eligible[user:alice@contoso.com].expires`)
 * into path parts. Bracketed keys that are not numbers are kept as strings: `resolveKey` maps them
 * to list indexes.
 */
export function fieldToPath(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(field)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : `[${m[2]}]`);
  }
  return out;
}

/** The message of a ValidationError without its `context: field: ` prefix. */
export function bareMessage(error: ValidationError): string {
  const prefix = `${error.context ? `${error.context}: ` : ""}${error.field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/**
 * A construct's ValidationError as a problem at `base` + its field. `resolveKey` turns bracketed
 * principal keys (`[user:alice@contoso.com]`) into list indexes of the file.
 */
export function problemFromValidationError(
  error: ValidationError,
  base: ConfigPath,
  resolveKey: (list: string, key: string) => number | undefined = () => undefined,
): ConfigProblem {
  const parts = error.field === "" ? [] : fieldToPath(error.field);
  const path: (string | number)[] = [...base];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === "string" && part.startsWith("[") && i > 0) {
      const index = resolveKey(String(parts[i - 1]), part.slice(1, -1));
      path.push(index ?? part);
    } else path.push(part);
  }
  return { path, message: bareMessage(error) };
}
