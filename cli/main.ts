import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError, Option } from "commander";
import { buildAccessReport } from "../constructs/report";
import { AUTH_METHODS, AuthMethod } from "../constructs/adopt/auth";
import { diffTenantFiles, fileAtRevision } from "./diff";
import { DEFAULT_ARM_URL, DEFAULT_GRAPH_URL, runExport } from "./export";
import { initRepository, PipelineKind } from "./init";
import { Progress } from "./progress";
import { runByCdktf, synthTenantFile } from "./synth";
import { TenantFileError, buildTenantFile, withoutTokenTraces } from "./tenant";
import { validateTenantFile, validateText } from "./validate";

/** Exit codes, as the README documents them. */
export const EXIT = Object.freeze({ OK: 0, PROBLEMS: 1, USAGE: 2 });

/** Where a run writes: the CLI's process streams, or a test's buffers. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** @default process.cwd() */
  readonly cwd?: string;
}

const PROCESS_IO: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

function version(): string {
  const root = [path.join(__dirname, ".."), path.join(__dirname, "..", "..")].find((d) => fs.existsSync(path.join(d, "package.json")))!;
  return (JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string }).version;
}

/** Writes `text` to `file` (creating its directory), or to stdout when there is no file. */
function emit(io: Io, text: string, file: string | undefined): void {
  if (file === undefined) {
    io.out(text);
    return;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

/**
 * Runs the command line `argv` (without the node and script names). Returns the exit code: 0 ok,
 * 1 problems in a tenant file (or findings at error level), 2 usage. Never throws for user
 * errors, never prints a stack trace (DEBUG=1 adds one for bugs).
 */
export function main(argv: readonly string[], io: Io = PROCESS_IO, pending: { promise?: Promise<number> } = {}): number {
  let code: number = EXIT.OK;
  const line = (write: (t: string) => void) => (l: string) => write(`${l}\n`);
  const quiet = () => program.opts<{ quiet?: boolean }>().quiet === true;
  const progress = () => (quiet() ? Progress.silent() : new Progress(line(io.err)));
  const resolve = (file: string) => path.resolve(io.cwd ?? process.cwd(), file);
  const fail = (e: unknown) => {
    if (e instanceof TenantFileError) for (const l of e.lines) io.err(`${l}\n`);
    else io.err(`entra-pim: ${e instanceof Error ? e.message : String(e)}\n${process.env.DEBUG && e instanceof Error && e.stack ? `${e.stack}\n` : ""}`);
    code = EXIT.PROBLEMS;
  };

  const program = new Command("entra-pim")
    .description("Microsoft Entra privileged access as code: check a tenant file, synthesize its Terraform, and review what changes.")
    .version(version(), "-V, --version")
    .option("-q, --quiet", "no progress lines on stderr")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride()
    .addHelpText(
      "after",
      "\nExit codes: 0 ok; 1 the tenant file has problems (or a command failed); 2 usage error.\nDocs: README.md and docs/ in the package.",
    );

  program
    .command("init")
    .description("write a starter repository: tenant.yaml (with its schema), package.json scripts, cdktf.json, a pipeline and .gitignore")
    .argument("[dir]", "the directory to write to", ".")
    .addOption(new Option("--pipeline <kind>", "the pipeline file to write").choices(["github", "azure"]).default("github"))
    .option("--force", "overwrite files that exist")
    .action((dir: string, opts: { pipeline: PipelineKind; force?: boolean }) => {
      try {
        const written = initRepository({ dir: resolve(dir), pipeline: opts.pipeline, force: opts.force });
        if (!quiet()) io.out(`${written.map((f) => `wrote ${path.join(dir, f)}`).join("\n")}\nnext: npm install, then npx entra-pim validate tenant.yaml\n`);
      } catch (e) {
        fail(e);
      }
    });

  program
    .command("validate")
    .description("check a tenant file (schema, constructs, rule pack) without writing Terraform")
    .argument("<tenant.yaml>", "the tenant file")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .action((file: string, opts: { format: "text" | "json" }) => {
      try {
        const result = validateTenantFile(resolve(file), progress());
        const shown = { ...result, file };
        if (opts.format === "json") io.out(`${JSON.stringify(shown, null, 2)}\n`);
        else (result.valid ? io.out : io.err)(`${validateText(shown).join("\n")}\n`);
        if (!result.valid) code = EXIT.PROBLEMS;
      } catch (e) {
        fail(e);
      }
    });

  program
    .command("synth")
    .description("synthesize the Terraform JSON, findings, access report and required permissions; nothing is written on failure")
    .argument("<tenant.yaml>", "the tenant file")
    .option("-o, --out <dir>", "output directory (default: $CDKTF_OUTDIR, else cdktf.out)")
    .option("--imports <file>", "add the Terraform import blocks of this file (entra-pim export writes it) to the stack")
    .action((file: string, opts: { out?: string; imports?: string }) => {
      const outdir = resolve(opts.out ?? process.env.CDKTF_OUTDIR ?? "cdktf.out");
      // Under the cdktf CLI, problems go to stdout, which it prints once (see runByCdktf).
      code = synthTenantFile({
        file: resolve(file),
        outdir,
        imports: opts.imports && resolve(opts.imports),
        log: line(io.out),
        error: line(runByCdktf() ? io.out : io.err),
        progress: progress(),
      });
    });

  const whole = (name: string, min: number, max: number) => (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new CommanderError(EXIT.USAGE, "entra-pim.usage", `error: ${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
    return n;
  };
  const collect = (value: string, prior: string[]) => [...prior, value];
  program
    .command("export")
    .description("read a live tenant (Microsoft Graph, and ARM for --azure-scope) and write a tenant file, its import blocks and a report of the access it does not manage")
    .option("-o, --out-dir <dir>", "directory to write to", ".")
    .option("--file-name <name>", "the tenant file's name; the other files are named after it", "tenant.yaml")
    .option("--name <stack>", "the stack name written as name:", "tenant")
    .option("--azure-scope <scope>", "an Azure scope to read PIM of (repeatable): /subscriptions/<id>, a resource group or a management group", collect, [])
    .option("--group <objectId>", "a group to read PIM for Groups of, besides every role-assignable group (repeatable)", collect, [])
    .option("--graph-url <url>", `Microsoft Graph root (env ENTRA_PIM_GRAPH_URL; default ${DEFAULT_GRAPH_URL})`)
    .option("--arm-url <url>", `Azure Resource Manager root (env ENTRA_PIM_ARM_URL; default ${DEFAULT_ARM_URL})`)
    .option("--access-token <token>", "a Graph bearer token to use as is (env ENTRA_PIM_GRAPH_TOKEN)")
    .option("--arm-access-token <token>", "an ARM bearer token to use as is (env ENTRA_PIM_ARM_TOKEN)")
    .addOption(new Option("--auth <method>", "how to get tokens that are not given").choices([...AUTH_METHODS]).default("default"))
    .option("--tenant-id <id>", "the tenant for --auth (env AZURE_TENANT_ID)")
    .option("--client-id <id>", "the application for --auth (env AZURE_CLIENT_ID)")
    .option("--concurrency <n>", "requests in flight at once (1-64)", whole("--concurrency", 1, 64), 4)
    .option("--max-retries <n>", "retries of a throttled request (0-10)", whole("--max-retries", 0, 10), 5)
    .option("--save-snapshot <file>", "also write what was read, as JSON")
    .option("--from-snapshot <file>", "export from a saved snapshot instead of the APIs")
    .option("--force", "overwrite the tenant file if it exists")
    .option("--imports-for <tenant.yaml>", "write only the import blocks, for this tenant file (an exported one after your edits)")
    .action((opts: { importsFor?: string; outDir: string; fileName: string; name: string; azureScope: string[]; group: string[]; graphUrl?: string; armUrl?: string; accessToken?: string; armAccessToken?: string; auth: AuthMethod; tenantId?: string; clientId?: string; concurrency: number; maxRetries: number; saveSnapshot?: string; fromSnapshot?: string; force?: boolean }) => {
      const p = progress();
      pending.promise = runExport({
        ...opts,
        outDir: resolve(opts.outDir),
        outDirGiven: program.commands.find((c) => c.name() === "export")?.getOptionValueSource("outDir") === "cli",
        importsFor: opts.importsFor && resolve(opts.importsFor),
        saveSnapshot: opts.saveSnapshot && resolve(opts.saveSnapshot),
        fromSnapshot: opts.fromSnapshot && resolve(opts.fromSnapshot),
        progress: (l) => p.note(l),
      }).then(
        (lines) => {
          if (!quiet()) io.out(`${lines.join("\n")}\n`);
          return EXIT.OK;
        },
        (e: unknown) => {
          fail(e);
          return EXIT.PROBLEMS;
        },
      );
    });

  program
    .command("report")
    .description("the access report alone, as Markdown: who can become what, how, and from where")
    .argument("<tenant.yaml>", "the tenant file")
    .option("-o, --out <file>", "write to a file instead of stdout")
    .action((file: string, opts: { out?: string }) => {
      try {
        const built = buildTenantFile(resolve(file), { progress: progress() });
        emit(io, withoutTokenTraces(() => buildAccessReport(built.stack, { findings: built.findings })), opts.out && resolve(opts.out));
      } catch (e) {
        fail(e);
      }
    });

  program
    .command("diff")
    .description("what changes between two tenant files (or a file and its version at a git revision), as Markdown for a pull request")
    .argument("<old.yaml>", "the tenant file before (with --base: the file, compared with its version at the revision)")
    .argument("[new.yaml]", "the tenant file after")
    .option("--base <rev>", "compare <old.yaml> as it is now with its version at this git revision (e.g. origin/main)")
    .option("-o, --out <file>", "write to a file instead of stdout")
    .action((first: string, second: string | undefined, opts: { base?: string; out?: string }) => {
      try {
        let oldFile: string, newFile: string, oldLabel: string, newLabel: string;
        if (opts.base !== undefined) {
          if (second !== undefined) throw new CommanderError(EXIT.USAGE, "entra-pim.usage", "error: diff takes one file with --base, two without it");
          oldFile = fileAtRevision(resolve(first), opts.base);
          newFile = resolve(first);
          [oldLabel, newLabel] = [`${first} at ${opts.base}`, first];
        } else {
          if (second === undefined) throw new CommanderError(EXIT.USAGE, "entra-pim.usage", "error: diff needs two files, or one with --base <rev>");
          [oldFile, newFile, oldLabel, newLabel] = [resolve(first), resolve(second), first, second];
        }
        emit(io, diffTenantFiles(oldFile, newFile, { oldLabel, newLabel, progress: progress() }), opts.out && resolve(opts.out));
      } catch (e) {
        if (e instanceof CommanderError) throw e;
        fail(e);
      }
    });

  try {
    program.parse(argv as string[], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; everything else commander refuses is a usage error.
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return EXIT.OK;
      if (e.code === "entra-pim.usage") io.err(`${e.message}\n(run with --help for usage)\n`);
      return EXIT.USAGE;
    }
    fail(e);
  }
  return code;
}

/** `main`, awaiting the commands that run asynchronously (export). */
export async function mainAsync(argv: readonly string[], io: Io = PROCESS_IO): Promise<number> {
  const pending: { promise?: Promise<number> } = {};
  const code = main(argv, io, pending);
  return pending.promise ? pending.promise : code;
}
