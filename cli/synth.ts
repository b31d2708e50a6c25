import * as fs from "fs";
import * as path from "path";
import { ImportBlock, withImports } from "../constructs/adopt/imports";
import { AnnotationMetadataEntryType } from "cdktf";
import { TenantStack } from "../constructs/config";
import { ACCESS_REPORT_FILE, REQUIRED_PERMISSIONS_FILE, writeReports } from "../constructs/report";
import { Progress } from "./progress";
import { TenantFileError, asTenantFileError, buildTenantFile, open, withoutTokenTraces } from "./tenant";

/**
 * True when the cdktf CLI runs this process as its app (`cdktf synth`, `cdktf deploy`): it sets
 * CDKTF_CONTEXT_JSON. cdktf streams the app's stderr as it comes and prints it again in its error
 * summary, but prints stdout once, in that summary: problems go to stdout there, so users read
 * each once.
 */
export function runByCdktf(): boolean {
  return process.env.CDKTF_CONTEXT_JSON !== undefined;
}

export interface SynthOptions {
  /** The tenant file. */
  readonly file: string;
  /** @default "cdktf.out" */
  readonly outdir?: string;
  /** Where the summary lines go. @default console.log */
  readonly log?: (line: string) => void;
  /** Where problems go. @default console.error, or console.log under the cdktf CLI (see runByCdktf) */
  readonly error?: (line: string) => void;
  /** @default - silent */
  readonly progress?: Progress;
  /** A file of Terraform import blocks (`entra-pim export` writes one) to add to the stack. */
  readonly imports?: string;
}

/**
 * Synthesizes a tenant file to `<outdir>/stacks/<name>/` (Terraform JSON, findings, access report,
 * required permissions). Returns the exit code: 0 on success, 1 on any problem. A bad file writes
 * nothing and a failed synthesis changes nothing: the output is built in a staging directory and
 * moved into `outdir` only when all of it succeeded.
 */
export function synthTenantFile(options: SynthOptions): number {
  const log = options.log ?? ((line: string) => console.log(line));
  const error = options.error ?? ((line: string) => (runByCdktf() ? console.log(line) : console.error(line)));
  const progress = options.progress ?? Progress.silent();
  const file = options.file;
  const outdir = path.resolve(options.outdir || "cdktf.out");
  // Synthesize beside the outdir and move the result in only when everything succeeded: a failed
  // run (a bad file, a refused HCL output) leaves the previous good output as it was.
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(outdir), `.${path.basename(outdir)}.synth-`));
  try {
    const built = buildTenantFile(file, { outdir: staging, progress });
    const stack = built.stack;
    // Also writes findings.json and findings.md (PrivilegedAccessChecks, applied by buildTenantStack).
    progress.step("synthesize", () => withoutTokenTraces(() => built.app.synth()));
    if (options.imports !== undefined) addImports(path.join(staging, "stacks", stack.node.id, "cdk.tf.json"), options.imports);
    progress.step("write the access report", () => withoutTokenTraces(() => writeReports(stack, staging, { findings: built.findings })));
    const kept = publish(staging, outdir, stack.node.id);
    const stackDir = path.join(outdir, "stacks", stack.node.id);
    const warnings = open(built.findings, "warning").length;
    const suppressed = built.findings.filter((f) => f.suppressed).length;
    const rel = (p: string) => path.relative(process.cwd(), p) || p;
    log(`${rel(file)}: synthesized stack "${stack.node.id}" to ${rel(stackDir)}`);
    log(`  checks: 0 errors, ${warnings} warning${warnings === 1 ? "" : "s"}, ${suppressed} suppressed (${rel(path.join(stackDir, "findings.md"))})`);
    if (options.imports !== undefined) log(`  imports: the blocks of ${rel(options.imports)} are in the stack; remove --imports once they are applied`);
    log(`  access report: ${rel(path.join(stackDir, ACCESS_REPORT_FILE))}`);
    log(`  required permissions: ${rel(path.join(stackDir, REQUIRED_PERMISSIONS_FILE))}`);
    for (const other of kept) {
      log(`  warning: ${rel(path.join(outdir, "stacks", other))} is another stack's output with Terraform files in it (state, .terraform or a plan): kept, but it is not in manifest.json; delete it when you no longer need it`);
    }
    for (const warning of constructWarnings(stack)) log(`  warning: ${warning}`);
    return 0;
  } catch (e) {
    const failure: TenantFileError = asTenantFileError(e, file);
    for (const line of failure.lines) error(line);
    return 1;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** The files a synth writes into a stack directory; anything else there (Terraform's) is the user's. */
const GENERATED = new Set(["cdk.tf.json", "cdk.tf", "metadata.json", "findings.json", "findings.md", ACCESS_REPORT_FILE, REQUIRED_PERMISSIONS_FILE]);

/**
 * Moves a successful synthesis from `staging` into `outdir`: the stack's generated files replace
 * the old ones (Terraform's own files beside them, `.terraform`, a lock file, local state, a saved
 * plan, stay), `manifest.json` is replaced, and other stacks' directories, which the new manifest
 * no longer lists, are removed when they hold generated files only. Returns the names of those
 * kept because they hold Terraform files, so the caller can say so.
 */
function publish(staging: string, outdir: string, stackId: string): string[] {
  const from = path.join(staging, "stacks", stackId);
  const to = path.join(outdir, "stacks", stackId);
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(to)) {
    if (GENERATED.has(name) && !fs.existsSync(path.join(from, name))) fs.rmSync(path.join(to, name), { force: true });
  }
  for (const name of fs.readdirSync(from)) {
    fs.rmSync(path.join(to, name), { recursive: true, force: true });
    fs.renameSync(path.join(from, name), path.join(to, name));
  }
  for (const name of fs.readdirSync(staging)) {
    if (name === "stacks") continue;
    fs.rmSync(path.join(outdir, name), { recursive: true, force: true });
    fs.renameSync(path.join(staging, name), path.join(outdir, name));
  }
  const kept: string[] = [];
  for (const other of fs.readdirSync(path.join(outdir, "stacks")).sort()) {
    const dir = path.join(outdir, "stacks", other);
    if (other === stackId || !fs.statSync(dir).isDirectory()) continue;
    if (fs.readdirSync(dir).every((n) => GENERATED.has(n))) fs.rmSync(dir, { recursive: true, force: true });
    else kept.push(other);
  }
  return kept;
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

/** Adds the import blocks of `file` to the synthesized stack, refusing blocks the stack cannot take. */
function addImports(stackFile: string, file: string): void {
  let parsed: { import?: unknown };
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { import?: unknown };
  } catch (e) {
    throw new Error(`--imports ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `not JSON (${(e as Error).message})`}`);
  }
  const blocks = Array.isArray(parsed.import) ? parsed.import : parsed.import === undefined ? undefined : [parsed.import];
  if (!blocks) throw new Error(`--imports ${file}: expected {"import": [...]} (the file entra-pim export writes)`);
  const stack = JSON.parse(fs.readFileSync(stackFile, "utf8")) as Record<string, unknown>;
  fs.writeFileSync(stackFile, `${JSON.stringify(withImports(stack, blocks as ImportBlock[], `--imports ${file}`), null, 2)}\n`);
}
