import * as fs from "fs";
import * as path from "path";
import { TerraformStack } from "cdktf";
import { renderMarkdown } from "./markdown";
import { ReportFinding, accessModel } from "./model";
import { RequiredPermissions, requiredPermissions } from "./permissions";
import { PrivilegedAccessChecks } from "../checks/privileged-access-checks";

export type { FindingLevel, ReportFinding } from "./model";
export type { AzureRoleNeed, EntraRoleNeed, GraphPermissionNeed, RequiredPermissions } from "./permissions";
export { requiredPermissions } from "./permissions";

/** File names written beside the stack's Terraform JSON. */
export const ACCESS_REPORT_FILE = "access-report.md";
export const REQUIRED_PERMISSIONS_FILE = "required-permissions.json";

export interface AccessReportOptions {
  /**
   * Findings of the checks, shown in the report's "Check findings" section and counted in its summary.
   * @default - computed: the rule pack's findings for the stack (`PrivilegedAccessChecks.findingsOf`), with the suppressions applied to it
   */
  readonly findings?: readonly ReportFinding[];
}

/**
 * The access report of a stack as Markdown: per role, who is eligible or active and until when,
 * what activation requires (duration, MFA or authentication context, approval and approvers,
 * ticket, justification) and which Conditional Access policies apply; a Mermaid diagram of the
 * highly privileged roles; the break-glass accounts and their alerting; the check findings; and
 * the permissions the deploying identity needs. Deterministic (sorted, no timestamps), so it can
 * be snapshot-tested and diffed in pull requests.
 */
export function buildAccessReport(stack: TerraformStack, options: AccessReportOptions = {}): string {
  return renderMarkdown(accessModel(stack, findingsFor(stack, options)), requiredPermissions(stack));
}

/** The findings a report shows: the caller's, else the pack's (never a silent "0 warnings"). */
function findingsFor(stack: TerraformStack, options: AccessReportOptions): readonly ReportFinding[] {
  return options.findings ?? PrivilegedAccessChecks.findingsOf(stack);
}

/** `required-permissions.json` content: the {@link RequiredPermissions} as indented JSON, ending with a newline. */
export function requiredPermissionsJson(permissions: RequiredPermissions): string {
  return `${JSON.stringify(permissions, null, 2)}\n`;
}

/**
 * Writes `access-report.md` and `required-permissions.json` to `<outdir>/stacks/<stack id>/`,
 * beside the stack's `cdk.tf.json` (`outdir` is the app's, `cdktf.out` by default). Call after
 * `app.synth()`. Returns the paths written.
 */
export function writeReports(stack: TerraformStack, outdir: string, options: AccessReportOptions = {}): { accessReport: string; requiredPermissions: string } {
  const dir = path.join(outdir, "stacks", stack.node.id);
  fs.mkdirSync(dir, { recursive: true });
  const permissions = requiredPermissions(stack);
  const accessReport = path.join(dir, ACCESS_REPORT_FILE);
  const permissionsFile = path.join(dir, REQUIRED_PERMISSIONS_FILE);
  fs.writeFileSync(accessReport, renderMarkdown(accessModel(stack, findingsFor(stack, options)), permissions));
  fs.writeFileSync(permissionsFile, requiredPermissionsJson(permissions));
  return { accessReport, requiredPermissions: permissionsFile };
}
