import * as fs from "fs";
import * as path from "path";
import { AnnotationMetadataEntryType } from "cdktf";
import { TenantStack } from "../constructs/config";
import { writeReports } from "../constructs/report";
import { Progress } from "./progress";
import { TenantFileError, asTenantFileError, buildTenantFile, open } from "./tenant";

export interface SynthOptions {
  /** The tenant file. */
  readonly file: string;
  /** @default "cdktf.out" */
  readonly outdir?: string;
  /** Where the summary lines go. @default console.log */
  readonly log?: (line: string) => void;
  /** Where problems go. @default console.error */
  readonly error?: (line: string) => void;
  /** @default - silent */
  readonly progress?: Progress;
}

/**
 * Synthesizes a tenant file to `<outdir>/stacks/<name>/` (Terraform JSON, findings, access report,
 * required permissions). Returns the exit code: 0 on success, 1 on any problem. A bad file writes
 * nothing: the whole construct tree is built and validated before anything is synthesized, and
 * what a failed synthesis wrote is removed (a previous good output of another stack is kept).
 */
export function synthTenantFile(options: SynthOptions): number {
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? ((line: string) => console.error(line));
  const progress = options.progress ?? Progress.silent();
  const file = options.file;
  const outdir = path.resolve(options.outdir || "cdktf.out");
  const before = fs.existsSync(outdir) ? new Set(fs.readdirSync(outdir)) : undefined;
  let stackDir: string | undefined;
  try {
    const built = buildTenantFile(file, { outdir, progress });
    const stack = built.stack;
    stackDir = path.join(outdir, "stacks", stack.node.id);
    // Also writes findings.json and findings.md (PrivilegedAccessChecks, applied by buildTenantStack).
    progress.step("synthesize", () => built.app.synth());
    const reports = progress.step("write the access report", () => writeReports(stack, outdir, { findings: built.findings }));
    const warnings = open(built.findings, "warning").length;
    const suppressed = built.findings.filter((f) => f.suppressed).length;
    const rel = (p: string) => path.relative(process.cwd(), p) || p;
    log(`${rel(file)}: synthesized stack "${stack.node.id}" to ${rel(stackDir)}`);
    log(`  checks: 0 errors, ${warnings} warning${warnings === 1 ? "" : "s"}, ${suppressed} suppressed (${rel(path.join(stackDir, "findings.md"))})`);
    log(`  access report: ${rel(reports.accessReport)}`);
    log(`  required permissions: ${rel(reports.requiredPermissions)}`);
    for (const warning of constructWarnings(stack)) log(`  warning: ${warning}`);
    return 0;
  } catch (e) {
    cleanUp(outdir, before, stackDir);
    const failure: TenantFileError = asTenantFileError(e, file);
    for (const line of failure.lines) error(line);
    return 1;
  }
}

/**
 * The constructs' advice (Annotations warnings), once each. The checks' own warnings are left out:
 * they are counted above and listed in findings.md.
 */
export function constructWarnings(stack: TenantStack): string[] {
  const out = new Set<string>();
  for (const node of stack.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== AnnotationMetadataEntryType.WARN || String(entry.data).startsWith("[PAC-")) continue;
      out.add(`${String(entry.data)} (${node.node.path})`);
    }
  }
  return [...out];
}

/**
 * Removes what a failed run wrote: the outdir if this run created it (cdktf's App creates it and
 * its stacks/ folder up front), else the new entries and the partial stack directory.
 */
function cleanUp(outdir: string, before: ReadonlySet<string> | undefined, stackDir: string | undefined): void {
  if (before === undefined) {
    fs.rmSync(outdir, { recursive: true, force: true });
    return;
  }
  if (stackDir !== undefined) fs.rmSync(stackDir, { recursive: true, force: true });
  if (!fs.existsSync(outdir)) return;
  for (const entry of fs.readdirSync(outdir)) {
    if (!before.has(entry)) fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
  }
}
