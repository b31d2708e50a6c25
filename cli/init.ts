import * as fs from "fs";
import * as path from "path";

/** Where the package's own files are (its examples/ and schema/), in the repo and when installed. */
const PACKAGE_ROOT = [path.join(__dirname, ".."), path.join(__dirname, "..", "..")].find((d) => fs.existsSync(path.join(d, "examples", "minimal.yaml")))!;

export type PipelineKind = "github" | "azure";

export interface InitOptions {
  /** The directory to write to (created if missing). */
  readonly dir: string;
  /** @default "github" */
  readonly pipeline?: PipelineKind;
  /** Overwrite files that exist. @default false */
  readonly force?: boolean;
}

/** The files `init` writes, relative to the directory, with their contents. */
export function starterFiles(options: { name: string; pipeline: PipelineKind }): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as {
    name: string;
    version: string;
    peerDependencies: Record<string, string>;
  };
  const tenant = fs
    .readFileSync(path.join(PACKAGE_ROOT, "examples", "minimal.yaml"), "utf8")
    .replace(/^# yaml-language-server: \$schema=.*$/m, `# yaml-language-server: $schema=./node_modules/${pkg.name}/schema/tenant.schema.json`);
  const pipelineSource = options.pipeline === "azure" ? "azure-pipelines.yml" : "github-actions.yml";
  const pipelineTarget = options.pipeline === "azure" ? "azure-pipelines.yml" : ".github/workflows/entra-pim.yml";
  const consumer = {
    name: options.name,
    private: true,
    description: "Microsoft Entra privileged access as code: the tenant file and its pipeline",
    scripts: {
      validate: "entra-pim validate tenant.yaml",
      synth: "entra-pim synth tenant.yaml",
      report: "entra-pim report tenant.yaml",
      diff: "entra-pim diff tenant.yaml --base origin/main",
    },
    devDependencies: { [pkg.name]: `^${pkg.version}`, ...pkg.peerDependencies },
  };
  return {
    "tenant.yaml": tenant,
    "package.json": `${JSON.stringify(consumer, null, 2)}\n`,
    // `cdktf synth`/`cdktf deploy` run the CLI's synth; it writes to the outdir cdktf passes (CDKTF_OUTDIR).
    "cdktf.json": `${JSON.stringify({ language: "typescript", app: "npx entra-pim synth tenant.yaml", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} }, null, 2)}\n`,
    ".gitignore": ["node_modules/", "cdktf.out/", ".terraform/", "*.tfplan", "tfplan", "plan.txt", "terraform.tfstate*", ""].join("\n"),
    [pipelineTarget]: fs.readFileSync(path.join(PACKAGE_ROOT, "examples", "pipelines", pipelineSource), "utf8"),
  };
}

/**
 * Writes a starter consumer repository: the tenant file with its schema comment, package.json
 * scripts, cdktf.json, a pipeline and .gitignore. An existing package.json (say, from
 * `npm install entra-pim-as-code`) gains the scripts and dependencies it lacks; any other file that
 * exists is refused unless `force`, and nothing is written when it refuses. Returns the paths
 * written, relative to `dir`.
 */
export function initRepository(options: InitOptions): string[] {
  const dir = path.resolve(options.dir);
  const pipeline = options.pipeline ?? "github";
  const name = path.basename(dir).toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^[._-]+/, "") || "entra-privileged-access";
  const files = starterFiles({ name, pipeline });
  const existingPackage = path.join(dir, "package.json");
  if (fs.existsSync(existingPackage) && !options.force) files["package.json"] = mergedPackage(existingPackage, files["package.json"]);
  const existing = Object.keys(files).filter((f) => f !== "package.json" && fs.existsSync(path.join(dir, f)));
  if (existing.length && !options.force) {
    throw new Error(`${dir}: ${existing.join(", ")} already exist${existing.length === 1 ? "s" : ""}; nothing written (use --force to overwrite)`);
  }
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return Object.keys(files);
}

/** An existing package.json with the starter's scripts and dependencies added where it has none of that name. */
function mergedPackage(file: string, starterText: string): string {
  let current: Record<string, unknown>;
  try {
    current = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`${file}: is not valid JSON (${(e as Error).message}); nothing written`);
  }
  const starter = JSON.parse(starterText) as Record<string, Record<string, string>>;
  const merged: Record<string, unknown> = { ...current };
  for (const key of ["scripts", "devDependencies"] as const) {
    const have = (current[key] ?? {}) as Record<string, string>;
    const deps = key === "devDependencies" ? { ...((current.dependencies ?? {}) as Record<string, string>), ...have } : have;
    const added = Object.fromEntries(Object.entries(starter[key]).filter(([k]) => !(k in deps)));
    merged[key] = { ...have, ...added };
  }
  return `${JSON.stringify(merged, null, 2)}\n`;
}
