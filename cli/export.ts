import * as fs from "fs";
import * as path from "path";
import { ApiClient, AuthMethod, ImportPlan, TenantSnapshot, exportSnapshot, importFileText, importsForTenantData, readTenant, tokenProvider, unmanagedBy, unmanagedJsonText, unmanagedMarkdown } from "../constructs/adopt";
import { TenantConfigError, TenantSource, readTenantSource } from "../constructs/config";
import { asTenantFileError, withoutTokenTraces } from "./tenant";

/**
 * `entra-pim export`: reads the tenant and writes, into one directory, the tenant file, its import
 * blocks and the unmanaged-access report (Markdown and JSON). All reads finish before the first
 * write, and each file is written to a temporary name and renamed, so a failure leaves no
 * half-written file and the previous files as they were.
 */

export const DEFAULT_GRAPH_URL = "https://graph.microsoft.com";
export const DEFAULT_ARM_URL = "https://management.azure.com";

export interface ExportCommandOptions {
  readonly outDir: string;
  /** Whether --out-dir was given (--imports-for writes beside the tenant file otherwise). */
  readonly outDirGiven?: boolean;
  readonly fileName: string;
  readonly name?: string;
  readonly azureScope: readonly string[];
  readonly group: readonly string[];
  readonly graphUrl?: string;
  readonly armUrl?: string;
  readonly accessToken?: string;
  readonly armAccessToken?: string;
  readonly auth: AuthMethod;
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly concurrency: number;
  readonly maxRetries: number;
  readonly saveSnapshot?: string;
  readonly fromSnapshot?: string;
  readonly force?: boolean;
  /** Write only the import blocks, for this (edited) tenant file. */
  readonly importsFor?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly progress: (line: string) => void;
}

/** The files an export writes, by role. */
export function exportFiles(outDir: string, fileName: string): { tenant: string; imports: string; unmanagedMd: string; unmanagedJson: string } {
  const base = fileName.replace(/\.ya?ml$/i, "");
  return {
    tenant: path.join(outDir, fileName),
    imports: path.join(outDir, `${base}.imports.tf.json`),
    unmanagedMd: path.join(outDir, `${base}.unmanaged.md`),
    unmanagedJson: path.join(outDir, `${base}.unmanaged.json`),
  };
}

function writeWhole(files: readonly [string, string][]): void {
  const temps = files.map(([file, text]) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, text);
    return [temp, file] as const;
  });
  for (const [temp, file] of temps) fs.renameSync(temp, file);
}

export async function runExport(o: ExportCommandOptions): Promise<string[]> {
  const env = o.env ?? process.env;
  const files = exportFiles(o.outDir, o.fileName);
  if (!o.force && o.importsFor === undefined && fs.existsSync(files.tenant)) throw new Error(`${files.tenant} exists; give --force to overwrite it, or --out-dir for another directory`);
  const graphUrl = o.graphUrl ?? env.ENTRA_PIM_GRAPH_URL ?? DEFAULT_GRAPH_URL;
  const armUrl = o.armUrl ?? env.ENTRA_PIM_ARM_URL ?? DEFAULT_ARM_URL;
  let snapshot: TenantSnapshot | undefined;
  if (o.fromSnapshot) {
    try {
      snapshot = JSON.parse(fs.readFileSync(o.fromSnapshot, "utf8")) as TenantSnapshot;
    } catch (e) {
      throw new Error(`--from-snapshot ${o.fromSnapshot}: ${(e as Error).message}`);
    }
  }
  const client = snapshot
    ? undefined
    : new ApiClient({
        graphUrl,
        armUrl,
        concurrency: o.concurrency,
        maxRetries: o.maxRetries,
        token: tokenProvider({ graphToken: o.accessToken, armToken: o.armAccessToken, method: o.auth, tenantId: o.tenantId, clientId: o.clientId, graphUrl, armUrl, env }),
      });
  if (o.importsFor !== undefined) return importsOnly(o, o.importsFor, snapshot ?? (await readTenant(client as ApiClient, { azureScopes: o.azureScope, groups: o.group, progress: o.progress })));
  const read = snapshot ?? (await readTenant(client as ApiClient, { azureScopes: o.azureScope, groups: o.group, progress: o.progress }));
  // The file is built and synthesized, rounds of it for the suppressions: without cdktf's token traces, as synth.
  const result = withoutTokenTraces(() => exportSnapshot(read, { name: o.name, source: snapshot ? o.fromSnapshot : new URL(graphUrl).host }));
  const written: [string, string][] = [
    [files.tenant, result.tenantFile],
    [files.imports, result.importsFile],
    [files.unmanagedMd, result.unmanagedMarkdown],
    [files.unmanagedJson, result.unmanagedJson],
  ];
  if (o.saveSnapshot) written.push([o.saveSnapshot, `${JSON.stringify(result.snapshot, null, 2)}\n`]);
  writeWhole(written);
  const roles = (result.data.roles as unknown[]).length;
  return [
    `wrote ${files.tenant} (${roles} role${roles === 1 ? "" : "s"}, ${result.suppressed.length} finding${result.suppressed.length === 1 ? "" : "s"} accepted as suppressions)`,
    `wrote ${files.imports} (${result.imports.count} import${result.imports.count === 1 ? "" : "s"}; ${result.imports.notImportable.length} not importable, see the report)`,
    `wrote ${files.unmanagedMd} and .json (${result.unmanaged.length} grant${result.unmanaged.length === 1 ? "" : "s"} the file does not manage)`,
    ...(o.saveSnapshot ? [`wrote ${o.saveSnapshot}`] : []),
    `next: entra-pim validate ${files.tenant}, then entra-pim synth ${files.tenant} --imports ${files.imports}`,
  ];
}

/** `--imports-for`: import blocks for the user's own tenant file, written beside it (or to --out-dir). */
function importsOnly(o: ExportCommandOptions, file: string, snapshot: TenantSnapshot): string[] {
  let plan: ImportPlan;
  let source: TenantSource | undefined;
  try {
    source = readTenantSource(file);
    const data = source.data;
    plan = withoutTokenTraces(() => importsForTenantData(data, snapshot));
  } catch (e) {
    throw asTenantFileError(e instanceof TenantConfigError && source ? e.withLocations(source.locate, file) : e, file);
  }
  const files = exportFiles(o.outDirGiven ? o.outDir : path.dirname(file), path.basename(file));
  const unmanaged = unmanagedBy(snapshot, plan.managed);
  writeWhole([
    [files.imports, importFileText(plan)],
    [files.unmanagedMd, unmanagedMarkdown(unmanaged, snapshot, plan, [])],
    [files.unmanagedJson, unmanagedJsonText(unmanaged, snapshot, plan, [])],
  ]);
  const lines = [
    `wrote ${files.imports} (${plan.count} import${plan.count === 1 ? "" : "s"})`,
    `wrote ${files.unmanagedMd} and .json (${unmanaged.length} grant${unmanaged.length === 1 ? "" : "s"} ${path.basename(file)} does not manage)`,
  ];
  for (const c of plan.caveats) lines.push(`  caveat: ${c.address}: ${c.reason}`);
  for (const c of plan.notImportable) lines.push(`  not importable: ${c.address}: ${c.reason}`);
  for (const c of plan.created) lines.push(`  created by the first apply: ${c.address}: ${c.reason}`);
  return lines;
}
