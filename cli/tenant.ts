import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { tuneHeapFor } from "./heap";
import { ConfigProblem, TenantConfigError, TenantSource, TenantStack, buildTenantStack, readTenantSource } from "../constructs/config";
import { ValidationError } from "../constructs/errors";
import { Finding, PrivilegedAccessChecks } from "../constructs/checks";
import { Progress } from "./progress";

/** A tenant file built into a stack: the construct tree, checked and validated, nothing synthesized. */
export interface BuiltTenant {
  readonly file: string;
  readonly source: TenantSource;
  readonly app: App;
  readonly stack: TenantStack;
  /** Every finding of the rule pack (suppressed ones marked). */
  readonly findings: readonly Finding[];
}

/** A file that cannot become a stack, with its problems as the tools print them. */
export class TenantFileError extends Error {
  constructor(
    public readonly file: string,
    public readonly lines: readonly string[],
    /** The file's problems with their positions, when it failed validation (empty for other failures). */
    public readonly problems: readonly ConfigProblem[] = [],
  ) {
    super(lines.join("\n"));
    this.name = "TenantFileError";
  }
}

/**
 * Reads, validates, builds and checks `file` under a new App writing to `outdir` (a throw-away
 * directory when the caller synthesizes nothing). Throws TenantFileError with every problem.
 */
export function buildTenantFile(file: string, options: BuildOptions = {}): BuiltTenant {
  return withoutTokenTraces(() => buildTenantFileTraced(file, options));
}

interface BuildOptions {
  readonly outdir?: string;
  readonly progress?: Progress;
  /** Read the file's positions before building (TenantSource.prepareLocate), for a caller that locates findings after. */
  readonly prepareLocate?: boolean;
}

function buildTenantFileTraced(file: string, options: BuildOptions): BuiltTenant {
  const progress = options.progress ?? Progress.silent();
  try {
    if (fs.existsSync(file)) tuneHeapFor(fs.statSync(file).size);
    const source = progress.step(`read ${file}`, () => readTenantSource(file));
    // Before the stack exists, yaml's document costs memory only while it is read (issue 17).
    if (options.prepareLocate) progress.step("read positions", () => source.prepareLocate());
    const roles = Array.isArray((source.data as { roles?: unknown } | null)?.roles) ? ((source.data as { roles: unknown[] }).roles.length) : 0;
    // Validations run in buildTenantStack (their failures become problems of the file), so synth skips them.
    const app = new App({ outdir: options.outdir ?? scratchDir(), skipValidation: true, stackTraces: false });
    let stack: TenantStack;
    try {
      stack = progress.step(`build and check ${roles.toLocaleString("en-US")} role${roles === 1 ? "" : "s"}`, () => buildTenantStack(app, source.data));
    } catch (e) {
      throw e instanceof TenantConfigError ? e.withLocations(source.locate, file) : e;
    }
    return { file, source, app, stack, findings: PrivilegedAccessChecks.findingsOf(stack) };
  } catch (e) {
    throw asTenantFileError(e, file);
  }
}

/** An error as lines for the terminal: problems one per line, never a stack trace (DEBUG=1 adds it for bugs). */
export function asTenantFileError(e: unknown, file: string): TenantFileError {
  if (e instanceof TenantFileError) return e;
  if (e instanceof TenantConfigError) return new TenantFileError(file, e.message.split("\n"), e.problems);
  if (e instanceof ValidationError) return new TenantFileError(file, [`${file}: ${e.message}`]);
  const message = e instanceof Error ? e.message : String(e);
  const lines = [`${file}: synthesis failed: ${message}`];
  if (process.env.DEBUG && e instanceof Error && e.stack) lines.push(e.stack);
  return new TenantFileError(file, lines);
}

/** Temporary directories to remove at exit: one exit listener for all of them. */
const scratch = new Set<string>();

/** A directory for an App that synthesizes nothing (cdktf's App creates its outdir up front); removed at exit. */
export function scratchDir(prefix = "entra-pim-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (scratch.size === 0) process.once("exit", () => scratch.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  scratch.add(dir);
  return dir;
}

/** Unsuppressed findings of one level. */
export function open(findings: readonly Finding[], level: Finding["level"]): Finding[] {
  return findings.filter((f) => f.level === level && !f.suppressed);
}

/**
 * Runs `work` without the creation stack traces cdktf records for its tokens (DEBUG=1 keeps them).
 *
 * cdktf's `captureStackTrace` (cdktf/lib/tokens/private/stack-trace.js, used by Intrinsic, Lazy,
 * ComplexObject and the iterators) captures the whole stack (`Error.stackTraceLimit` raised to
 * MAX_SAFE_INTEGER) for every token and keeps it as an array of strings, only to print it if the
 * token fails to resolve; it returns `[]` when the captured `stack` is empty. A tenant file makes
 * about 30 such tokens per role-scope: formatting and keeping their traces was most of the memory
 * of a large synth (2.4 GB at 4,000 role-scopes) and the garbage collection that grew with it
 * (issue 17). While `work` runs, a stack captured on a plain object (cdktf's) formats as empty;
 * real Errors format as before (through the previous hook, if one is set). The hook is restored after.
 */
export function withoutTokenTraces<T>(work: () => T): T {
  if (process.env.DEBUG) return work();
  const previous = Error.prepareStackTrace;
  const capture = Error.captureStackTrace;
  Error.prepareStackTrace = (error: Error, frames: NodeJS.CallSite[]) => {
    if (!(error instanceof Error)) return "";
    return previous ? previous(error, frames) : `${Error.prototype.toString.call(error)}${frames.map((f) => `\n    at ${String(f)}`).join("")}`;
  };
  // V8 collects the frames at capture (the whole stack: cdktf raises the limit to MAX_SAFE_INTEGER),
  // which costs more than formatting them: a capture on a plain object (cdktf's) is skipped, so its
  // `stack` stays "" and cdktf keeps []. An Error's capture is unchanged.
  Error.captureStackTrace = function captureErrorsOnly(target: object, constructor?: Function): void { // eslint-disable-line @typescript-eslint/no-unsafe-function-type
    if (target instanceof Error) capture.call(Error, target, constructor);
  };
  try {
    return work();
  } finally {
    Error.prepareStackTrace = previous;
    Error.captureStackTrace = capture;
  }
}
