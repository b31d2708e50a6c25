/**
 * Graph requests per plan: how many reads a `terraform plan` makes to refresh what a tenant file
 * synthesizes, for the default example and a generated 100-role tenant.
 *
 *   npx tsx bench/requests-per-plan.ts [stack.tf.json ...]
 *
 * Counted from the synthesized JSON, by instance (a `for_each` map counts its keys):
 * - msgraph: exactly one GET per `msgraph_update_resource`, `msgraph_resource` and data
 *   `msgraph_resource` instance per refresh (msgraph 0.4.0 internal/services/*.go, Read: one
 *   `client.Read`);
 * - every other resource and data source instance: one refresh each, at least one request
 *   (their Read functions make one to three calls; not modelled here).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ENTRA_ROLES } from "../constructs/catalog";
import { readTenantSource } from "../constructs/config";
import { synthTenant } from "../scripts/terraform-stacks";

type Json = Record<string, Record<string, Record<string, { for_each?: Record<string, unknown> }>>>;

const MSGRAPH_TYPES = new Set(["msgraph_update_resource", "msgraph_resource"]);

export { hundredRoles };

export function requestsPerPlan(json: Json): { msgraph: number; refreshes: number; directoryRolePolicies: number } {
  let msgraph = 0;
  let refreshes = 0;
  let directoryRolePolicies = 0;
  for (const section of ["resource", "data"] as const) {
    for (const [type, byName] of Object.entries(json[section] ?? {})) {
      for (const r of Object.values(byName)) {
        const n = r.for_each && typeof r.for_each === "object" ? Object.keys(r.for_each).length : 1;
        refreshes += n;
        if (MSGRAPH_TYPES.has(type)) msgraph += n; // data msgraph_resource included
        if (section === "data" && type === "msgraph_resource") directoryRolePolicies += n;
      }
    }
  }
  return { msgraph, refreshes, directoryRolePolicies };
}

/** 100 roles: 60 Entra roles direct, 20 through PIM for Groups, 10 Azure roles, 10 PIM groups. */
function hundredRoles(): Record<string, unknown> {
  const approvers = [{ group: "PIM Approvers" }];
  const entra = ENTRA_ROLES.slice(0, 80);
  const roles: Record<string, unknown>[] = entra.map((r, i) => ({
    entraRole: r.displayName,
    ...(i >= 60 ? { delivery: "group" } : {}),
    eligible: [{ user: `admin${i}@contoso.com` }, { group: `Admins ${i}` }],
    // A monitored mailbox on every notification: the alert rules cover every privileged role (issue 13).
    settings: { preset: "privileged", activation: { approvers, requireApproval: true }, notifications: { all: { additionalRecipients: ["soc@contoso.com"] } } },
  }));
  for (let i = 0; i < 10; i++) {
    roles.push({ azureRole: "Contributor", scope: `/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f${i}`, eligible: [{ group: `Sub ${i} Engineers`, expires: "P180D" }], settings: { activation: { approvers, requireApproval: true } } });
    roles.push({ pimGroup: `Operators ${i}`, eligible: [{ user: `op${i}@contoso.com`, expires: "P90D" }], settings: { activation: { approvers, requireApproval: true } } });
  }
  // Highly privileged roles need the checks satisfied: break glass and the admin workstation.
  return {
    name: "hundred",
    providers: { azurerm: { subscriptionId: "5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7" } },
    breakGlass: {
      accounts: [{ userPrincipalName: "bg-01@contoso.onmicrosoft.com" }, { userPrincipalName: "bg-02@contoso.onmicrosoft.com" }],
      alerting: { logAnalyticsWorkspaceId: "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law", resourceGroupName: "rg", location: "westeurope", emails: ["soc@contoso.com"] },
    },
    roles,
    adminWorkstation: {},
    suppressions: [
      { id: "PAC-ELIGIBLE-EXPIRY", target: "tenant", reason: "Bench tenant: permanent eligibility on purpose." },
    ],
  };
}

function main(): void {
  const files = process.argv.slice(2);
  const cases: [string, Json][] = files.length
    ? files.map((f) => [f, JSON.parse(fs.readFileSync(f, "utf8")) as Json])
    : [
        ["examples/tenant.yaml", synthTenant(readTenantSource(path.join(__dirname, "..", "examples", "tenant.yaml")).data, fs.mkdtempSync(path.join(os.tmpdir(), "rpp-"))) as Json],
        ["100 roles", synthTenant(hundredRoles(), fs.mkdtempSync(path.join(os.tmpdir(), "rpp-"))) as Json],
      ];
  console.log("| stack | msgraph GETs per plan | refreshes per plan (each >= 1 request) | directory-role policy lookups |");
  console.log("|---|---|---|---|");
  for (const [name, json] of cases) {
    const r = requestsPerPlan(json);
    console.log(`| ${name} | ${r.msgraph} | ${r.refreshes} | ${r.directoryRolePolicies} |`);
  }
}

if (require.main === module) main();
