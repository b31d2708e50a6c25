import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MATRIX } from "../scripts/terraform-matrix";
import { planTest } from "../scripts/terraform-mocks";
import { withoutProviders } from "../scripts/terraform-reduce";
import { synthTenant } from "../scripts/terraform-stacks";
import { requestsPerPlan } from "../bench/requests-per-plan";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The Terraform stage itself runs outside jest (npm run test:terraform); these tests pin what it is given.
describe("the Terraform stage's matrix covers every role kind and option", () => {
  const stacks = MATRIX.map((m) => ({ name: m.name, json: synthTenant(m.tenant, fs.mkdtempSync(path.join(os.tmpdir(), "matrix-"))) as Json }));
  const all = (type: string, section: "resource" | "data" = "resource") => stacks.flatMap((s) => Object.values((s.json[section]?.[type] ?? {}) as Json) as Json[]);
  const entries = (type: string) => all(type).flatMap((r) => Object.values((r.for_each ?? {}) as Json) as Json[]);

  test("every role kind and delivery", () => {
    expect(all("azuread_directory_role_eligibility_schedule_request").length).toBeGreaterThan(0);
    expect(all("azuread_group").some((g) => g.assignable_to_role === true)).toBe(true);
    expect(new Set(all("azuread_privileged_access_group_eligibility_schedule").map((s) => s.assignment_type))).toEqual(new Set(["member", "owner"]));
    const scopes = all("azurerm_role_management_policy").map((p) => String(p.scope));
    expect(scopes.some((s) => s.startsWith("/providers/Microsoft.Management/managementGroups/"))).toBe(true);
    expect(scopes.some((s) => /^\/subscriptions\/[^/]+$/.test(s))).toBe(true);
    expect(scopes.some((s) => /\/resourceGroups\//.test(s))).toBe(true);
    expect(all("azuread_directory_role_assignment").some((a) => /^[0-9a-f-]{36}$/.test(a.role_id) && a.role_id.startsWith("c6d4e2f3"))).toBe(true);
  });

  test("every assignment option", () => {
    const group = [...entries("azuread_privileged_access_group_eligibility_schedule"), ...entries("azuread_privileged_access_group_assignment_schedule")];
    const azure = [...entries("azurerm_pim_eligible_role_assignment"), ...entries("azurerm_pim_active_role_assignment")];
    expect(group.some((e) => e.ticket_number && e.ticket_system)).toBe(true);
    expect(azure.some((e) => e.ticket_number && !e.ticket_system)).toBe(true);
    expect(group.some((e) => e.duration === "P30D") && group.some((e) => e.duration === "PT12H")).toBe(true);
    expect(azure.some((e) => e.duration_days === 30) && azure.some((e) => e.duration_hours === 12)).toBe(true);
    expect(group.some((e) => e.expiration_date) && azure.some((e) => e.end_date_time)).toBe(true);
    expect(group.some((e) => e.permanent === true)).toBe(true);
    expect(all("azurerm_pim_active_role_assignment").length).toBeGreaterThan(0);
    expect(group.some((e) => !String(e.principal_id).includes("${"))).toBe(true); // a service principal by object id
  });

  test("every admin workstation, break-glass and provider option", () => {
    expect(all("azuread_authentication_strength_policy").length).toBeGreaterThan(0);
    const locations = all("azuread_named_location");
    expect(locations.some((l) => l.ip) && locations.some((l) => l.country)).toBe(true);
    expect(all("azuread_conditional_access_policy").some((p) => JSON.stringify(p).includes("device.extensionAttribute1"))).toBe(true);
    expect(all("msgraph_update_resource").some((r) => String(r.url).startsWith("identity/conditionalAccess/authenticationContextClassReferences/"))).toBe(true);
    expect(stacks.some((s) => Array.isArray(s.json.moved)) && stacks.some((s) => Array.isArray(s.json.removed))).toBe(true);
    expect(stacks.some((s) => s.json.terraform.required_providers.azuread.version === ">= 3.9.0, < 4.0.0")).toBe(true);
  });
});

describe("partial proof without a provider", () => {
  const stack: Json = {
    terraform: { required_providers: { azuread: { source: "hashicorp/azuread" }, msgraph: { source: "microsoft/msgraph" } } },
    provider: { azuread: [{}], msgraph: [{}] },
    data: { azuread_group: { g: { display_name: "Ops" } }, msgraph_resource: { lookup: { url: "x" } } },
    resource: {
      azuread_group: { a: { display_name: "A" } },
      msgraph_update_resource: {
        p: {
          url: "policies/roleManagementPolicies/${data.msgraph_resource.lookup.output.policy_id}",
          body: { rules: [{ groupId: '${data.azuread_group.g["Ops"].object_id}', each: "${each.value.x}" }] },
          depends_on: ["azuread_group.a", "msgraph_update_resource.q"],
        },
      },
    },
    moved: [{ from: "azuread_group.old", to: "azuread_group.a" }],
  };

  test("drops the missing provider's resources, replaces references to them with an object id and keeps the rest", () => {
    const { json, kept, dropped } = withoutProviders(stack, new Set(["azuread"]));
    expect([kept, dropped]).toEqual([1, 1]);
    expect(Object.keys(json.terraform as Json)).toEqual(["required_providers"]);
    expect((json.terraform as Json).required_providers).toEqual({ msgraph: { source: "microsoft/msgraph" } });
    const p = (json.resource as Json).msgraph_update_resource.p;
    expect(p.url).toBe("policies/roleManagementPolicies/${data.msgraph_resource.lookup.output.policy_id}");
    expect(p.body.rules[0]).toEqual({ groupId: "00000000-0000-4000-8000-000000000000", each: "${each.value.x}" });
    expect(p.depends_on).toEqual(["msgraph_update_resource.q"]);
    expect(json.moved).toBeUndefined();
    expect((json.data as Json).azuread_group).toBeUndefined();
  });
});

test("the mocks answer the policy lookup and principals in the documented shapes", () => {
  const hcl = planTest([{ name: "azuread" }, { name: "msgraph" }, { name: "azuread", alias: "other" }]);
  expect(hcl).toMatch(/mock_provider "azuread" \{\n  mock_data "azuread_user"/);
  expect(hcl).toMatch(/policy_id = "DirectoryRole_[0-9a-f-]{36}_[0-9a-f-]{36}"/);
  expect(hcl).toMatch(/alias = "other"/);
  expect(hcl).toMatch(/run "plan" \{\n  command = plan\n\}/);
  expect(hcl.match(/object_id = "([^"]+)"/g)?.every((m) => /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}/.test(m))).toBe(true);
});

test("a direct Entra role costs two msgraph reads per plan: the policy lookup and the policy (it was 18)", () => {
  const json = synthTenant(
    { name: "one", roles: [{ entraRole: "Reports Reader", eligible: [{ user: "a@contoso.com" }] }] },
    fs.mkdtempSync(path.join(os.tmpdir(), "rpp-")),
  ) as Parameters<typeof requestsPerPlan>[0];
  expect(requestsPerPlan(json)).toMatchObject({ msgraph: 2, directoryRolePolicies: 1 });
});
