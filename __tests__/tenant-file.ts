import { Testing } from "cdktf";
import { TenantConfigError, buildTenantStack, formatProblem, loadTenantConfig, parseTenantYaml } from "../constructs/config";

/** Shared by the tenant-file tests: the problems of a file as the tools print them. */

/** Schema problems alone (`validate` without building), as printed: `tenant.yaml: path: message (line L, column C)`. */
export function schemaProblems(yaml: string): string[] {
  try {
    loadTenantConfig(yaml, "tenant.yaml");
  } catch (e) {
    if (e instanceof TenantConfigError) return e.problems.map((p) => formatProblem(p, "tenant.yaml"));
    throw e;
  }
  return [];
}

/** Problems found by building the stack (schema, constructs and checks), with file positions: `path: message (line L, column C)`. */
export function buildProblems(yaml: string): string[] {
  const source = parseTenantYaml(yaml, "tenant.yaml");
  try {
    buildTenantStack(Testing.app(), source.data);
  } catch (e) {
    if (e instanceof TenantConfigError) return e.withLocations(source.locate).problems.map((p) => formatProblem(p));
    throw e;
  }
  return [];
}

/** Two alerted break-glass accounts: 9 lines, so the next section starts on line 10. */
export const BREAK_GLASS_YAML = `breakGlass:
  accounts:
    - userPrincipalName: bg-01@contoso.onmicrosoft.com
    - userPrincipalName: bg-02@contoso.onmicrosoft.com
  alerting:
    logAnalyticsWorkspaceId: /subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law
    resourceGroupName: rg
    location: westeurope
    emails: [soc@contoso.com]
`;

/** The accounts after an empty first line, and the default admin workstation: 11 lines, so `roles:` after it is line 12. */
export const WITH_BREAK_GLASS = `\n${BREAK_GLASS_YAML}adminWorkstation: {}\n`;
