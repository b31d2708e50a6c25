import * as fs from "fs";
import * as path from "path";
import { Manifest, TerraformStack } from "cdktf";
import { PRIVILEGED_ACCESS_RULES, RULE_ERROR } from "./rules";
import { Finding } from "./types";

/** Findings of one stack as written to `findings.json`. */
export interface FindingsReport {
  readonly stack: string;
  readonly summary: { readonly errors: number; readonly warnings: number; readonly suppressed: number };
  readonly findings: readonly Finding[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts findings by construct path, rule id and detail: the same stack always gives the same files. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => compare(a.path, b.path) || compare(a.rule, b.rule) || compare(a.detail, b.detail));
}

/** How many details a grouped message shows. */
export const GROUPED_SHOWN = 3;

/**
 * The details of several findings of one rule on one construct as one: the count and the first
 * {@link GROUPED_SHOWN} in code-unit order (`2 findings: a; b`, `5,000 findings, the first 3: a; b; c;
 * 4,997 more in findings.json`; `rest` says where the others are). One detail is returned as it is.
 */
export function groupedDetail(details: readonly string[], rest = "in findings.json"): string {
  if (details.length === 1) return details[0];
  const sorted = [...details].sort(compare);
  const count = sorted.length.toLocaleString("en-US");
  if (sorted.length <= GROUPED_SHOWN) return `${count} findings: ${sorted.join("; ")}`;
  const more = (sorted.length - GROUPED_SHOWN).toLocaleString("en-US");
  return `${count} findings, the first ${GROUPED_SHOWN}: ${sorted.slice(0, GROUPED_SHOWN).join("; ")}; ${more} more ${rest}`;
}

export function findingsReport(stackName: string, findings: readonly Finding[]): FindingsReport {
  const open = findings.filter((f) => !f.suppressed);
  return {
    stack: stackName,
    summary: {
      errors: open.filter((f) => f.level === "error").length,
      warnings: open.filter((f) => f.level === "warning").length,
      suppressed: findings.length - open.length,
    },
    findings: sortFindings(findings),
  };
}

const cell = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** The Markdown rendering: summary, one table row per finding, then what each rule found asks for. */
export function findingsMarkdown(report: FindingsReport): string {
  const { errors, warnings, suppressed } = report.summary;
  const lines = [
    `# Privileged access findings: ${report.stack}`,
    "",
    `${errors} error(s), ${warnings} warning(s), ${suppressed} suppressed.`,
    "",
  ];
  if (report.findings.length === 0) return [...lines, "No findings.", ""].join("\n");
  lines.push("| Level | Rule | Construct | Finding | Suppressed because |", "|---|---|---|---|---|");
  for (const f of report.findings) {
    const level = f.suppressed ? `${f.level} (suppressed)` : f.level;
    lines.push(`| ${level} | ${f.rule} | \`${cell(f.path)}\` | ${cell(f.detail)} | ${f.suppressed ? cell(`${f.suppressed.reason} (on \`${f.suppressed.path}\`)`) : ""} |`);
  }
  lines.push("", "## Rules", "");
  for (const id of [...new Set(report.findings.map((f) => f.rule))].sort(compare)) {
    const def = [...PRIVILEGED_ACCESS_RULES, RULE_ERROR].find((r) => r.id === id);
    const f = report.findings.find((x) => x.rule === id) as Finding;
    lines.push(`- **${id}** (${f.level}, ${f.baseline}): ${f.message}${def ? ` ${def.explanation} What to do: ${def.remediation}` : ""}`);
  }
  return [...lines, ""].join("\n");
}

/** Where cdktf writes a stack's Terraform JSON: `<outdir>/stacks/<stack id>`. */
export function stackOutputDirectory(stack: TerraformStack, outdir: string): string {
  return path.join(outdir, Manifest.stacksFolder, stack.node.id);
}

/**
 * Writes `findings.json` and `findings.md` next to the stack's Terraform JSON
 * (`<outdir>/stacks/<stack>/`). Returns the two paths.
 */
export function writeFindingsFiles(stack: TerraformStack, outdir: string, findings: readonly Finding[]): { json: string; markdown: string } {
  const dir = stackOutputDirectory(stack, outdir);
  fs.mkdirSync(dir, { recursive: true });
  const report = findingsReport(stack.node.id, findings);
  const json = path.join(dir, "findings.json");
  const markdown = path.join(dir, "findings.md");
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(markdown, findingsMarkdown(report));
  return { json, markdown };
}
