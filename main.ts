/**
 * The app: reads the tenant file (the first argument, else TENANT_CONFIG, else
 * examples/tenant.yaml), builds and checks the stack, synthesizes Terraform JSON to cdktf.out/,
 * and writes the access report and the check findings beside it. `npm run synth [-- file]` and
 * `npx cdktf synth` both run this file; it is a thin use of the CLI's `synth` (cli/synth.ts).
 *
 * A bad tenant file exits 1 with every problem on its own line (`path.to.field: message`) and
 * writes nothing: the whole construct tree is built and validated before anything is synthesized.
 */
import * as path from "path";
import { synthTenantFile } from "./cli/synth";

/** The tenant file used when neither an argument nor TENANT_CONFIG names one. */
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

/** Synthesizes the tenant file (the CLI's `synth`). Returns the process exit code: 0 on success, 1 on any problem. */
export function run(options: RunOptions = {}): number {
  return synthTenantFile({
    file: options.configPath || process.env.TENANT_CONFIG || DEFAULT_TENANT_CONFIG,
    outdir: options.outdir || process.env.CDKTF_OUTDIR || "cdktf.out",
    log: options.log,
    error: options.error,
  });
}

if (require.main === module) {
  // cdktf captures a full stack trace for every token and nested block it creates; with tsx's
  // source maps on, mapping those traces is more than half of synth time. Errors shown to users
  // are messages, not traces (DEBUG=1 re-enables them).
  if (!process.env.DEBUG) process.setSourceMapsEnabled(false);
  const args = process.argv.slice(2);
  if (args.length > 1 || args.some((a) => a.startsWith("-"))) {
    console.error(`usage: npm run synth [-- <tenant.yaml>] (got ${args.join(" ")}); the command-line tool has more: npx entra-pim --help`);
    process.exitCode = 2;
  } else {
    process.exitCode = run({ configPath: args[0] });
  }
}
