import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App } from "cdktf";
import { TenantConfigError, buildTenantStack, validateTenantStack } from "../config";
import { ConfigPath, ConfigProblem } from "../config/errors";
import { ApiClient } from "./http";
import { ImportPlan, importBlocks, importFileText } from "./imports";
import { ReadOptions, readTenant } from "./read";
import { TenantSnapshot } from "./snapshot";
import { ExportedTenant, UnmanagedAccess, sortedUnmanaged, tenantFileText, toTenantFile } from "./tenant-file";

/**
 * `export`: read a tenant, write the tenant file that describes it, the import blocks that adopt
 * what already exists, and the report of privileged access the file leaves alone. Everything is
 * computed before anything is written; the CLI then writes each file whole.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ExportOptions extends ReadOptions {
  /** The stack name written as `name:`. @default "tenant" */
  readonly name?: string;
  /** Where the reads went, for the file's header. */
  readonly source?: string;
  /** Read from a saved snapshot instead of the APIs. */
  readonly snapshot?: TenantSnapshot;
}

export interface ExportResult {
  readonly snapshot: TenantSnapshot;
  readonly tenantFile: string;
  readonly data: Json;
  readonly imports: ImportPlan;
  readonly importsFile: string;
  readonly unmanaged: readonly UnmanagedAccess[];
  readonly unmanagedMarkdown: string;
  readonly unmanagedJson: string;
  readonly notes: readonly string[];
  /** Error findings of the checks accepted as suppressions (the tenant has them today). */
  readonly suppressed: readonly { readonly id: string; readonly target: string }[];
}

const ACCEPT = /^(PAC-[A-Z0-9-]+): [\s\S]*To accept it, add to suppressions: \{ id: PAC-[A-Z0-9-]+, target: ("(?:[^"\\]|\\.)*")/;

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "entra-pim-export-"));
}

/** Builds the file's stack; returns its problems (schema, constructs, unsuppressed error findings). */
function problemsOf(data: Json, outdir: string): { problems: readonly ConfigProblem[]; app?: App } {
  const app = new App({ outdir, skipValidation: true, stackTraces: false });
  try {
    const stack = buildTenantStack(app, data, { validate: false });
    return { problems: validateTenantStack(stack), app };
  } catch (e) {
    if (e instanceof TenantConfigError) return { problems: e.problems };
    throw e;
  }
}

/** Removes the value at `path` (an array item is spliced out; emptied objects go too). False when there is none. */
function removeAt(data: Json, path: ConfigPath): boolean {
  const parents: [Json, string | number][] = [];
  let node: Json = data;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== "object" || !(key in node)) return false;
    parents.push([node, key]);
    node = node[key as string];
  }
  const last = path[path.length - 1];
  if (node === null || typeof node !== "object" || !(last in node)) return false;
  if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
  else delete (node as Json)[last as string];
  // Tidy: an override section left empty is removed (never the role or its lists).
  for (let i = parents.length - 1; i >= 3; i--) {
    const [parent, key] = parents[i];
    const child = parent[key as string];
    if (child && typeof child === "object" && !Array.isArray(child) && Object.keys(child).length === 0) delete parent[key as string];
    else break;
  }
  return true;
}

const at = (p: ConfigPath) => p.map((x) => (typeof x === "number" ? `[${x}]` : `.${x}`)).join("").replace(/^\./, "");

/**
 * Makes the exported file valid as written: each error finding the tenant has today becomes a
 * suppression (so the file describes the tenant, and the findings stay listed), and an entry the
 * constructs refuse moves to the unmanaged report with the refusal. Bounded: at most 10 rounds.
 */
function settle(exported: ExportedTenant, date: string): { data: Json; suppressed: { id: string; target: string }[]; app: App; outdir: string } {
  const data = exported.data;
  const suppressed: { id: string; target: string }[] = [];
  for (let round = 0; round < 10; round++) {
    const outdir = tempDir();
    const { problems, app } = problemsOf(data, outdir);
    if (problems.length === 0 && app) return { data, suppressed, app, outdir };
    fs.rmSync(outdir, { recursive: true, force: true });
    const drop = new Map<number, Set<string>>();
    let progressed = false;
    for (const problem of problems) {
      const accepted = ACCEPT.exec(problem.message);
      if (accepted) {
        const target = JSON.parse(accepted[2]) as string;
        if (!suppressed.some((s) => s.id === accepted[1] && s.target === target)) {
          suppressed.push({ id: accepted[1], target });
          progressed = true;
        }
        continue;
      }
      const [section, index, list, item] = problem.path;
      if (section === "roles" && typeof index === "number") {
        const role = data.roles[index];
        // A refused setting: only that field goes (its value is reported), the rest of the policy stays.
        if (list === "settings" && problem.path.length > 3 && removeAt(data, problem.path)) {
          exported.unmanaged.push({
            kind: "not-expressible",
            role: String(role?.entraRole ?? role?.customEntraRole?.displayName ?? role?.pimGroup ?? role?.azureRole ?? index),
            scope: String(role?.scope ?? role?.administrativeUnit ?? "/"),
            principal: "",
            detail: `The tenant's value of ${at(problem.path.slice(2))} was left out (the file takes the preset's): ${problem.message}`,
          });
          progressed = true;
          continue;
        }
        const where = (list === "eligible" || list === "active") && typeof item === "number" ? `${list}:${item}` : list === "settings" && role?.settings ? "settings" : "role";
        drop.set(index, (drop.get(index) ?? new Set()).add(where));
        exported.unmanaged.push({
          kind: "not-expressible",
          role: String(role?.entraRole ?? role?.customEntraRole?.displayName ?? role?.pimGroup ?? role?.azureRole ?? index),
          scope: String(role?.scope ?? role?.administrativeUnit ?? "/"),
          principal: where === "role" || where === "settings" ? "" : JSON.stringify(role?.[list as string]?.[item as number] ?? {}),
          detail: `${where === "settings" ? "The role's settings were left out (the file takes its tier's preset)" : "Left out of the file"}: ${at(problem.path)} ${problem.message}`,
        });
        progressed = true;
        continue;
      }
      throw new Error(`export wrote a file it cannot build (${at(problem.path) || "(file)"}: ${problem.message}); please report this`);
    }
    // Drop from the end so indexes stay valid.
    for (const index of [...drop.keys()].sort((a, b) => b - a)) {
      const what = drop.get(index) as Set<string>;
      if (what.has("role")) {
        data.roles.splice(index, 1);
        continue;
      }
      if (what.has("settings")) {
        // The tier's preset may ask for approval with nobody to approve: keep approval off then.
        data.roles[index].settings = { activation: { requireApproval: false } };
        if (what.size === 1) continue;
      }
      for (const list of ["eligible", "active"]) {
        const items = [...what].filter((w) => w.startsWith(`${list}:`)).map((w) => Number(w.split(":")[1])).sort((a, b) => b - a);
        for (const i of items) data.roles[index][list].splice(i, 1);
        if (data.roles[index][list]?.length === 0) delete data.roles[index][list];
      }
      if (!data.roles[index].eligible && !data.roles[index].active) data.roles.splice(index, 1);
    }
    if (suppressed.length) {
      data.suppressions = [...suppressed]
        .sort((a, b) => (a.id + a.target < b.id + b.target ? -1 : 1))
        .map((s) => ({ id: s.id, target: s.target, reason: `Exported from the tenant on ${date}, which has this today; fix it, or keep it and say why.` }));
    }
    if (!progressed) break;
  }
  throw new Error("export could not make the file valid in 10 rounds; please report this");
}

/** The unmanaged-access report as JSON: every row, what the import blocks cover, and the notes. */
export function unmanagedJsonText(unmanaged: readonly UnmanagedAccess[], snapshot: TenantSnapshot, plan: ImportPlan, notes: readonly string[]): string {
  const imports = { count: plan.count, caveats: plan.caveats, notImportable: plan.notImportable, created: plan.created };
  return `${JSON.stringify({ readAt: snapshot.readAt, unmanaged, imports, notes }, null, 2)}\n`;
}

export function unmanagedMarkdown(unmanaged: readonly UnmanagedAccess[], snapshot: TenantSnapshot, plan: ImportPlan, notes: readonly string[]): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const lines = [
    "# Privileged access the tenant file does not manage",
    "",
    `Read ${snapshot.readAt}. These grants exist in the tenant, and the exported file leaves them alone: the stack will neither keep nor remove them.`,
    "",
  ];
  if (unmanaged.length === 0) lines.push("Nothing: the file describes every privileged grant that was read.", "");
  else {
    lines.push("| Kind | Role or policy | Scope | Principal | Detail |", "|---|---|---|---|---|");
    for (const u of unmanaged) lines.push(`| ${u.kind} | ${cell(u.role)} | ${cell(u.scope)} | ${cell(u.principal)} | ${cell(u.detail)} |`);
    lines.push("");
  }
  lines.push("## Import", "", `${plan.count} existing objects are imported by the import blocks.`, "");
  if (plan.caveats.length) {
    lines.push("Imported with a caveat:", "");
    for (const c of plan.caveats) lines.push(`- \`${c.address}\`: ${c.reason}`);
    lines.push("");
  }
  if (plan.notImportable.length) {
    lines.push("Not importable (the first apply writes them):", "");
    for (const c of plan.notImportable) lines.push(`- \`${c.address}\`: ${c.reason}`);
    lines.push("");
  }
  if (plan.created.length) {
    lines.push("Created by the first apply (not found in the tenant):", "");
    for (const c of plan.created) lines.push(`- \`${c.address}\`: ${c.reason}`);
    lines.push("");
  }
  if (notes.length) {
    lines.push("## Settings the file could not say exactly", "");
    for (const n of notes) lines.push(`- ${n}`);
    lines.push("");
  }
  return lines.join("\n");
}

/** The synthesized JSON of a stack built by `settle` or the caller, read back from its outdir. */
function synthesized(app: App, outdir: string, stackId: string): Json {
  try {
    app.synth();
    return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8")) as Json;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Import blocks for a tenant file of your own (an exported file after your edits: break-glass
 * accounts confirmed, roles added) against a snapshot of the tenant. Throws TenantConfigError
 * when the file does not build.
 */
export function importsForTenantData(data: unknown, snapshot: TenantSnapshot): ImportPlan {
  const outdir = tempDir();
  const app = new App({ outdir, skipValidation: true, stackTraces: false });
  let stack;
  try {
    stack = buildTenantStack(app, data);
  } catch (e) {
    fs.rmSync(outdir, { recursive: true, force: true });
    throw e;
  }
  return importBlocks(synthesized(app, outdir, stack.node.id), snapshot);
}

export async function exportTenant(client: ApiClient | undefined, options: ExportOptions = {}): Promise<ExportResult> {
  return exportSnapshot(options.snapshot ?? (await readTenant(client as ApiClient, options)), options);
}

/** exportTenant once the tenant is read: no request, all synchronous (so the CLI can run it without token traces). */
export function exportSnapshot(snapshot: TenantSnapshot, options: Pick<ExportOptions, "name" | "source" | "now"> = {}): ExportResult {
  // Grants that have ended by now are left out: the file is built, and checked, against today's clock.
  const exported = toTenantFile(snapshot, { name: options.name, now: options.now ?? new Date() });
  const date = snapshot.readAt.slice(0, 10);
  const settled = settle(exported, date);
  const imports = importBlocks(synthesized(settled.app, settled.outdir, String(settled.data.name)), snapshot);
  const header = [
    `Exported by entra-pim export${options.source ? ` from ${options.source}` : ""} at ${snapshot.readAt}.`,
    "Review it before the first apply (README, \"Adopting an existing tenant\"): import the existing",
    `objects with the import blocks written beside this file (${imports.count} instances), and read the`,
    "unmanaged-access report for what this file leaves alone.",
    ...(settled.suppressed.length ? ["The suppressions accept the findings the tenant has today: fix them one by one."] : []),
  ];
  const tenantFile = tenantFileText({ ...exported, data: settled.data }, header);
  // One row per refusal, however many rounds met it.
  const unmanaged = sortedUnmanaged(exported.unmanaged);
  return {
    snapshot,
    tenantFile,
    data: settled.data,
    imports,
    importsFile: importFileText(imports),
    unmanaged,
    unmanagedMarkdown: unmanagedMarkdown(unmanaged, snapshot, imports, exported.notes),
    unmanagedJson: unmanagedJsonText(unmanaged, snapshot, imports, exported.notes),
    notes: exported.notes,
    suppressed: settled.suppressed,
  };
}
