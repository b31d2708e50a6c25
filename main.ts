/**
 * The app: reads the tenant file (TENANT_CONFIG, default examples/tenant.yaml), builds and checks
 * the stack, synthesizes Terraform JSON to cdktf.out/, and writes the access report and the check
 * findings beside it. `npm run synth` and `npx cdktf synth` both run this file.
 *
 * A bad tenant file exits 1 with every problem on its own line (`path.to.field: message`) and
 * writes nothing: the whole construct tree is built and validated before anything is synthesized.
 */
import * as fs from "fs";
import * as path from "path";
import { AnnotationMetadataEntryType, App } from "cdktf";
import { TenantConfigError, TenantStack, buildTenantStack, readTenantSource } from "./constructs/config";
import { ValidationError } from "./constructs/errors";
import { writeReports } from "./constructs/report";
import { PrivilegedAccessChecks } from "./constructs/checks";

/** The tenant file used when TENANT_CONFIG is not set. */
export const DEFAULT_TENANT_CONFIG = path.join(__dirname, "examples", "tenant.yaml");

export interface RunOptions {
  /** @default - TENANT_CONFIG, else examples/tenant.yaml */
  readonly configPath?: string;
  /** @default - CDKTF_OUTDIR (set by the cdktf CLI), else "cdktf.out" */
  readonly outdir?: string;
  /** Where progress lines go. @default console.log */
  readonly log?: (line: string) => void;
  /** Where problems go. @default console.error */
  readonly error?: (line: string) => void;
}

/** Synthesizes the tenant file. Returns the process exit code: 0 on success, 1 on any problem. */
export function run(options: RunOptions = {}): number {
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? ((line: string) => console.error(line));
  const file = options.configPath || process.env.TENANT_CONFIG || DEFAULT_TENANT_CONFIG;
  const outdir = path.resolve(options.outdir || process.env.CDKTF_OUTDIR || "cdktf.out");
  const before = fs.existsSync(outdir) ? new Set(fs.readdirSync(outdir)) : undefined;
  let stackDir: string | undefined;
  try {
    const source = readTenantSource(file);
    // Validations run in buildTenantStack (their failures become problems of the file), so synth skips them.
    const app = new App({ outdir, skipValidation: true, stackTraces: false });
    let stack: TenantStack;
    try {
      // Validates the file and builds the whole tree; every problem is collected before throwing.
      stack = buildTenantStack(app, source.data);
    } catch (e) {
      throw e instanceof TenantConfigError ? e.withLocations(source.locate, file) : e;
    }
    stackDir = path.join(outdir, "stacks", stack.node.id);
    // Also writes findings.json and findings.md (PrivilegedAccessChecks, applied by buildTenantStack).
    app.synth();
    const findings = PrivilegedAccessChecks.findingsOf(stack);
    const reports = writeReports(stack, outdir, { findings });
    const warnings = findings.filter((f) => f.level === "warning" && !f.suppressed).length;
    const suppressed = findings.filter((f) => f.suppressed).length;
    const rel = (p: string) => path.relative(process.cwd(), p) || p;
    log(`${rel(file)}: synthesized stack "${stack.node.id}" to ${rel(stackDir)}`);
    log(`  checks: 0 errors, ${warnings} warning${warnings === 1 ? "" : "s"}, ${suppressed} suppressed (${rel(path.join(stackDir, "findings.md"))})`);
    log(`  access report: ${rel(reports.accessReport)}`);
    log(`  required permissions: ${rel(reports.requiredPermissions)}`);
    for (const warning of constructWarnings(stack)) log(`  warning: ${warning}`);
    return 0;
  } catch (e) {
    cleanUp(outdir, before, stackDir);
    for (const line of describe(e, file)) error(line);
    return 1;
  }
}

/**
 * The constructs' advice (Annotations warnings), once each. The checks' own warnings are left out:
 * they are counted above and listed in findings.md.
 */
function constructWarnings(stack: TenantStack): string[] {
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

/** An error as lines for the terminal: problems one per line, never a stack trace (DEBUG=1 adds it for bugs). */
function describe(e: unknown, file: string): string[] {
  if (e instanceof TenantConfigError) return e.message.split("\n");
  if (e instanceof ValidationError) return [`${file}: ${e.message}`];
  const message = e instanceof Error ? e.message : String(e);
  const lines = [`${file}: synthesis failed: ${message}`];
  if (process.env.DEBUG && e instanceof Error && e.stack) lines.push(e.stack);
  return lines;
}

if (require.main === module) {
  // cdktf captures a full stack trace for every token and nested block it creates; with tsx's
  // source maps on, mapping those traces is more than half of synth time. Errors shown to users
  // are messages, not traces (DEBUG=1 re-enables them).
  if (!process.env.DEBUG) process.setSourceMapsEnabled(false);
  process.exitCode = run();
}
