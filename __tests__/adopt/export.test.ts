import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { mainAsync } from "../../cli/main";
import { validateTenantFile } from "../../cli/validate";
import { ApiClient, ApiError, exportTenant, importBlocks, retryAfterMs } from "../../constructs/adopt";
import { GraphDouble, fixture } from "./graph-double";

/**
 * `entra-pim export` against a Graph and ARM double on 127.0.0.1 that answers with Microsoft's
 * documented response samples (`__tests__/fixtures/adopt/`, each citing its page): the round trip
 * export -> validate -> synth --imports, paging, throttling, a 403, an empty tenant and a large one.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SUBSCRIPTION = "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7";
const NOW = new Date("2026-12-01T14:00:00Z");

/** The user confirms the break-glass candidate of an exported file: uncomments it and adds the alerting. */
function confirmBreakGlass(text: string): string {
  return text.replace(/^# breakGlass:\n#   accounts:\n#     - userPrincipalName: (.*)$/m, (_m, upn: string) =>
    [
      "breakGlass:",
      "  accounts:",
      `    - userPrincipalName: ${upn}`,
      "  alerting:",
      `    logAnalyticsWorkspaceId: ${SUBSCRIPTION}/resourceGroups/rg-security/providers/Microsoft.OperationalInsights/workspaces/law-entra`,
      "    resourceGroupName: rg-security",
      "    location: westeurope",
      "    emails: [soc@contoso.com]",
    ].join("\n"),
  );
}

/** stderr held only the export's progress lines. */
function progressOnly(err: string): boolean {
  return err.split("\n").every((l) => l === "" || /^entra-pim: (read|resolved) /.test(l));
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "entra-pim-export-test-"));
}

async function cli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await mainAsync(args, { out: (t) => (out += t), err: (t) => (err += t), cwd });
  return { code, out, err };
}

/** The rows of an unmanaged-access report (`<file>.unmanaged.json`). */
function unmanagedRows(file: string): Json[] {
  return (JSON.parse(fs.readFileSync(file, "utf8")) as Json).unmanaged as Json[];
}

async function withDouble<T>(double: GraphDouble, work: (d: GraphDouble) => Promise<T>): Promise<T> {
  await double.start();
  try {
    return await work(double);
  } finally {
    await double.stop();
  }
}

const exportArgs = (d: GraphDouble, dir: string, extra: string[] = []) => [
  "export",
  "--out-dir",
  dir,
  "--graph-url",
  d.url,
  "--arm-url",
  d.url,
  "--access-token",
  "graph-token",
  "--arm-access-token",
  "arm-token",
  "--azure-scope",
  SUBSCRIPTION,
  "--name",
  "contoso",
  ...extra,
];

/** The resource instances of a synthesized stack, as Terraform addresses. */
function instances(stack: Json, types: readonly string[]): string[] {
  const out: string[] = [];
  for (const type of types) {
    for (const [name, config] of Object.entries((stack.resource?.[type] ?? {}) as Record<string, Json>)) {
      if (config.for_each && typeof config.for_each === "object") for (const key of Object.keys(config.for_each)) out.push(`${type}.${name}[${JSON.stringify(key)}]`);
      else out.push(`${type}.${name}`);
    }
  }
  return out.sort();
}

/** The instances import blocks name, as Terraform addresses. */
function imported(blocks: readonly Json[]): string[] {
  return blocks
    .flatMap((b) => (b.for_each ? Object.keys(b.for_each).map((k) => String(b.to).replace("[each.key]", `[${JSON.stringify(k)}]`)) : [String(b.to)]))
    .sort();
}

const IMPORTABLE = [
  "azuread_directory_role_eligibility_schedule_request",
  "azuread_privileged_access_group_eligibility_schedule",
  "azuread_privileged_access_group_assignment_schedule",
  "azuread_group_role_management_policy",
  "azuread_group",
  "azurerm_pim_eligible_role_assignment",
  "azurerm_pim_active_role_assignment",
  "azurerm_role_management_policy",
];

describe("export: round trip against the documented tenant", () => {
  let dir: string;
  let run: { code: number; out: string; err: string };
  let double: GraphDouble;
  beforeAll(async () => {
    dir = tmp();
    double = GraphDouble.documented();
    run = await withDouble(double, (d) => cli(exportArgs(d, dir), dir));
  });

  test("writes the tenant file, its import blocks and the unmanaged-access report", () => {
    expect(progressOnly(run.err)).toBe(true);
    expect(run.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(["tenant.imports.tf.json", "tenant.unmanaged.json", "tenant.unmanaged.md", "tenant.yaml"]);
    expect(run.out).toMatch(/wrote .*tenant\.yaml \(\d+ roles/);
  });

  test("sends each token to its own API only", () => {
    const graph = double.log.filter((l) => l.url.startsWith("/v1.0/"));
    const arm = double.log.filter((l) => l.url.startsWith("/subscriptions/"));
    expect(graph.length).toBeGreaterThan(10);
    expect(arm.length).toBe(5);
    expect(new Set(graph.map((l) => l.authorization))).toEqual(new Set(["Bearer graph-token"]));
    expect(new Set(arm.map((l) => l.authorization))).toEqual(new Set(["Bearer arm-token"]));
  });

  test("the tenant file passes validate as written", () => {
    const result = validateTenantFile(path.join(dir, "tenant.yaml"));
    expect(result.entries.filter((e) => e.level === "error" && !e.suppressed)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  test("describes the documented eligibilities, PIM for Groups and Azure roles, principals by name", () => {
    const data = parse(fs.readFileSync(path.join(dir, "tenant.yaml"), "utf8")) as Json;
    const byKey = Object.fromEntries((data.roles as Json[]).map((r) => [r.entraRole ?? (r.pimGroup ? `${r.pimGroup}/${r.access ?? "member"}` : `${r.azureRole}@${r.scope}`), r]));
    expect(Object.keys(byKey).sort()).toEqual(
      ["Global Administrator", "Helpdesk Administrator", "Owner@" + SUBSCRIPTION, "Privileged Role Administrator", "Tier0 Operators/member", "Tier0 Operators/owner"].sort(),
    );
    expect(byKey["Global Administrator"].eligible).toEqual([{ user: "alice@contoso.com" }]);
    expect(byKey["Helpdesk Administrator"].eligible).toEqual([{ group: "PIM Approvers" }]);
    expect(byKey["Tier0 Operators/member"]).toMatchObject({ eligible: [{ user: "alice@contoso.com", expires: "2027-06-01T00:00:00Z" }], active: [{ user: "carol@contoso.com", expires: "2027-03-01T00:00:00Z" }] });
    expect(byKey["Owner@" + SUBSCRIPTION].eligible).toEqual([{ user: "bob@contoso.com", expires: "2027-03-31T00:00:00Z" }]);
    // GA's documented policy differs from the defaults: PT2H, approval by PIM Approvers, soc@ notified.
    const ga = byKey["Global Administrator"].settings;
    expect(ga.activation).toMatchObject({ maximumDuration: "PT2H", approvers: [{ group: "PIM Approvers" }] });
    expect(ga.notifications.activation.admin.additionalRecipients).toEqual(["soc@contoso.com"]);
    // Break-glass candidates are a comment for the user to confirm, not live configuration.
    expect(data.breakGlass).toBeUndefined();
    expect(fs.readFileSync(path.join(dir, "tenant.yaml"), "utf8")).toContain("#     - userPrincipalName: bg-01@contoso.onmicrosoft.com");
  });

  test("suggests adminWorkstation from the role-targeting policy, valid once uncommented", () => {
    const text = fs.readFileSync(path.join(dir, "tenant.yaml"), "utf8");
    const block = /^# adminWorkstation:\n(?:#  .*\n)+/m.exec(text)?.[0] ?? "";
    expect(block).toContain("namedLocationId: 0d1c5f4e-8a2b-4c3d-9e8f-7a6b5c4d3e21");
    expect(block).toContain("authenticationStrength: Phishing-resistant MFA");
    const file = path.join(dir, "with-admin-workstation.yaml");
    // With the break-glass account confirmed: the policies must exclude one.
    fs.writeFileSync(file, confirmBreakGlass(text.replace(block, block.replace(/^# /gm, ""))));
    const result = validateTenantFile(file);
    expect(result.entries.filter((e) => e.level === "error" && !e.suppressed)).toEqual([]);
    expect(result.valid).toBe(true);
    fs.rmSync(file);
  });

  test("import blocks match the synthesized stack's resources one for one", async () => {
    const out = path.join(dir, "cdktf.out");
    const synth = await cli(["synth", "tenant.yaml", "--out", out, "--imports", "tenant.imports.tf.json"], dir);
    expect(synth.err).toBe("");
    expect(synth.code).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(out, "stacks", "contoso", "cdk.tf.json"), "utf8")) as Json;
    const blocks = stack.import as Json[];
    expect(imported(blocks)).toEqual(instances(stack, IMPORTABLE));
    // 3 directory eligibilities, 3 PIM group schedules and 2 group policies, 1 Azure eligibility and its policy.
    expect(imported(blocks)).toHaveLength(10);
    const ids = Object.fromEntries(blocks.flatMap((b) => (b.for_each ? Object.entries(b.for_each as Record<string, string>).map(([k, v]) => [String(b.to).replace("[each.key]", `[${JSON.stringify(k)}]`), v]) : [[b.to, b.id]])));
    const id = (pattern: RegExp) => Object.entries(ids).find(([to]) => pattern.test(to))?.[1];
    // The importers' formats (azuread 3.9.0, azurerm 4.55.0), with the ids of the fixtures.
    expect(id(/^azuread_directory_role_eligibility_schedule_request\.GlobalAdministrator/)).toBe(fixture("role-eligibility-schedule-requests.json").response.value.find((r: Json) => r.principalId.startsWith("1111")).id);
    expect(id(/^azuread_privileged_access_group_eligibility_schedule\..*owner/i)).toMatch(/^66666666-6666-4666-8666-666666666666_owner_[0-9a-f-]{36}$/);
    expect(id(/^azuread_group_role_management_policy\..*member/i)).toMatch(/^Group_66666666-6666-4666-8666-666666666666_/);
    expect(id(/^azurerm_pim_eligible_role_assignment\./)).toBe(`${SUBSCRIPTION}|${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635|22222222-2222-4222-8222-222222222222`);
    expect(id(/^azurerm_role_management_policy\./)).toBe(`${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635|${SUBSCRIPTION}`);
  });

  test("an eligibility whose request Graph purged is imported by its schedule, and the report says so", () => {
    const report = fs.readFileSync(path.join(dir, "tenant.unmanaged.md"), "utf8");
    expect(report).toMatch(/HelpdeskAdministrator_Eligibility_[0-9A-F]+\["group:PIM Approvers"\]`: Graph has purged the eligibility's request/);
    expect(report).toMatch(/msgraph_update_resource\.GlobalAdministrator_Settings_Policy_[0-9A-F]+`: msgraph 0\.4\.0 has no importer/);
  });

  test("reports the standing access the file does not manage", () => {
    const unmanaged = unmanagedRows(path.join(dir, "tenant.unmanaged.json"));
    const rows = unmanaged.map((u) => `${u.kind} ${u.role} ${u.principal}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        "standing-directory-assignment User Administrator user:carol@contoso.com",
        "standing-directory-assignment Privileged Role Administrator servicePrincipal:Deploy Pipeline",
        "standing-azure-assignment Owner user:carol@contoso.com",
        "break-glass-candidate Global Administrator user:bg-01@contoso.onmicrosoft.com",
        "conditional-access-policy Require phishing-resistant MFA for privileged roles ",
      ]),
    );
    // Permanent Contributor eligibility under a policy that requires expiry: not expressible, said so.
    expect(unmanaged).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "not-expressible", role: "Contributor", detail: expect.stringContaining("expires is missing") })]));
    expect(fs.readFileSync(path.join(dir, "tenant.unmanaged.md"), "utf8")).toContain("| standing-azure-assignment | Owner | /subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7 | user:carol@contoso.com |");
  });

  test("refuses to overwrite the tenant file without --force", async () => {
    const again = await withDouble(GraphDouble.documented(), (d) => cli(exportArgs(d, dir), dir));
    expect(again.code).toBe(1);
    expect(again.err).toContain("tenant.yaml exists; give --force");
  });
});

describe("export: paging, throttling and errors", () => {
  const client = (d: GraphDouble, extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}) =>
    new ApiClient({ graphUrl: d.url, armUrl: d.url, token: async () => "t", sleep: async () => undefined, ...extra });

  test("follows @odata.nextLink and nextLink page by page: the same file as unpaged", async () => {
    const whole = await withDouble(GraphDouble.documented(), (d) => exportTenant(client(d), { azureScopes: [SUBSCRIPTION], now: NOW }));
    const byPage = await withDouble(GraphDouble.documented({ pageSize: 1 }), async (d) => {
      const r = await exportTenant(client(d), { azureScopes: [SUBSCRIPTION], now: NOW });
      expect(d.log.filter((l) => l.url.includes("$skiptoken=")).length).toBeGreaterThan(10);
      expect(d.log.some((l) => l.url.startsWith("/subscriptions/") && l.url.includes("$skiptoken="))).toBe(true);
      return r;
    });
    expect(byPage.tenantFile).toBe(whole.tenantFile);
    expect(byPage.importsFile).toBe(whole.importsFile);
  });

  test("waits Retry-After after a 429, then succeeds", async () => {
    const double = GraphDouble.documented({ throttle: { path: /roleEligibilityScheduleInstances$/, times: 2, retryAfter: "3" } });
    const result = await withDouble(double, async (d) => {
      const api = client(d);
      const r = await exportTenant(api, { now: NOW });
      expect(api.waits).toEqual([3000, 3000]);
      return r;
    });
    expect(result.tenantFile).toContain("alice@contoso.com");
  });

  test("gives up after --max-retries with a clear error, and writes nothing", async () => {
    const dir = tmp();
    const run = await withDouble(GraphDouble.documented({ throttle: { path: /roleEligibilityScheduleInstances$/, times: 99, retryAfter: "0" } }), (d) => cli([...exportArgs(d, dir), "--max-retries", "2"], dir));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\/roleManagement\/directory\/roleEligibilityScheduleInstances: 429 after 2 retries \(TooManyRequests/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("a 403 names the missing permission, and nothing is written", async () => {
    const dir = tmp();
    const run = await withDouble(GraphDouble.documented({ forbid: /roleAssignmentScheduleInstances/ }), (d) => cli(exportArgs(d, dir), dir));
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/403 Forbidden \(Authorization_RequestDenied: .*\): the identity needs the Microsoft Graph permission RoleAssignmentSchedule\.Read\.Directory/);
    expect(run.err).not.toMatch(/\n\s+at /);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("an ARM 403 names the role action", async () => {
    const error = await withDouble(GraphDouble.documented({ forbid: /^\/subscriptions\/.*roleEligibilityScheduleInstances/ }), (d) => exportTenant(client(d), { azureScopes: [SUBSCRIPTION], now: NOW }).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).permission).toBe("Microsoft.Authorization/roleEligibilityScheduleInstances/read");
  });

  test("refuses a next link to another origin (the token stays with its API)", async () => {
    const double = GraphDouble.documented().set("GET", "/v1.0/roleManagement/directory/roleDefinitions", { value: [], "@odata.nextLink": "https://attacker.example/v1.0/next" });
    const error = await withDouble(double, (d) => exportTenant(client(d), { now: NOW }).catch((e: unknown) => e));
    expect(String(error)).toContain("leaves http://127.0.0.1");
  });

  test("Retry-After in seconds or as an HTTP date; exponential backoff without it", () => {
    expect(retryAfterMs("7", 0)).toBe(7000);
    expect(retryAfterMs("Wed, 01 Dec 2026 14:00:10 GMT", 0, Date.parse("2026-12-01T14:00:00Z"))).toBe(10_000);
    expect([0, 1, 2, 10].map((a) => retryAfterMs(null, a))).toEqual([1000, 2000, 4000, 30_000]);
  });

  test("usage errors: a bad --azure-scope, --concurrency or URL", async () => {
    const dir = tmp();
    const bad = await cli(["export", "--out-dir", dir, "--access-token", "t", "--azure-scope", "subscriptions/x"], dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--azure-scope[0]: "subscriptions/x" is not an Azure scope');
    const concurrency = await cli(["export", "--concurrency", "0"], dir);
    expect(concurrency.code).toBe(2);
    expect(concurrency.err).toContain("--concurrency must be a whole number from 1 to 64");
    const url = await cli(["export", "--out-dir", dir, "--graph-url", "graph.microsoft.com", "--access-token", "t"], dir);
    expect(url.code).toBe(1);
    expect(url.err).toContain('graphUrl: must be an http(s) URL, got "graph.microsoft.com"');
  });
});

describe("export: an empty tenant and a large one", () => {
  test("an empty tenant exports a file that validates, with nothing to import", async () => {
    const dir = tmp();
    const run = await withDouble(new GraphDouble(), (d) => cli(exportArgs(d, dir), dir));
    expect(progressOnly(run.err)).toBe(true);
    expect(run.code).toBe(0);
    const result = validateTenantFile(path.join(dir, "tenant.yaml"));
    expect(result.valid).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "tenant.imports.tf.json"), "utf8"))).toEqual({ import: [] });
  });

  test("thousands of eligibilities: every one exported and imported, requests linear in pages", async () => {
    const roles = fixture("role-definitions.json").response.value as Json[];
    const users = Array.from({ length: 1500 }, (_, i) => {
      const hex = i.toString(16).padStart(12, "0");
      return { "@odata.type": "#microsoft.graph.user", id: `aaaaaaaa-0000-4000-8000-${hex}`, userPrincipalName: `user${i}@contoso.com`, displayName: `User ${i}` };
    });
    const eligible = users.flatMap((u, i) => [0, 1].map((k) => ({ ...fixture("role-eligibility-schedule-instances.json").response.value[0], id: `e-${i}-${k}`, principalId: u.id, roleDefinitionId: roles[(i + k) % roles.length].id, roleEligibilityScheduleId: `bbbbbbbb-0000-4000-${k}000-${i.toString(16).padStart(12, "0")}` })));
    const double = new GraphDouble({ pageSize: 500 })
      .set("GET", "/v1.0/roleManagement/directory/roleDefinitions", { value: roles })
      .set("GET", "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances", { value: eligible })
      .set("POST", "/v1.0/directoryObjects/getByIds", { value: users });
    const result = await withDouble(double, async (d) => {
      const r = await exportTenant(client(d), { now: NOW });
      // 3,000 instances in 6 pages, 1,500 principals in 2 getByIds batches: requests grow with pages, not items.
      expect(d.log.filter((l) => l.url.startsWith("/v1.0/roleManagement/directory/roleEligibilityScheduleInstances")).length).toBe(6);
      expect(d.log.filter((l) => l.method === "POST").length).toBe(2);
      return r;
    });
    const data = result.data;
    expect((data.roles as Json[]).reduce((n, r) => n + (r.eligible?.length ?? 0), 0)).toBe(3000);
    expect(result.imports.count).toBe(3000);
    // A stack without resources imports nothing, however large the snapshot (the blocks come from the stack, not the tenant).
    expect(importBlocks({ resource: {} }, result.snapshot).count).toBe(0);
  });

  const client = (d: GraphDouble) => new ApiClient({ graphUrl: d.url, armUrl: d.url, token: async () => "t", sleep: async () => undefined });
});

describe("export: delivery groups and your own edits", () => {
  const TIER0 = "66666666-6666-4666-8666-666666666666";
  const USER_ADMINISTRATOR = "fe930be7-5e62-47db-91af-98c3a49a38b1";
  /** The documented tenant, with Tier0 Operators holding User Administrator (as `delivery: group` builds it). */
  function withDeliveryGroup(): GraphDouble {
    const instances = fixture("role-assignment-schedule-instances.json").response;
    const carol = (instances.value as Json[]).find((v) => v.roleDefinitionId === USER_ADMINISTRATOR) as Json;
    const held = { ...carol, id: "5wuT_mJe20eRr5jDpJo4sWZmZmZmZmZGhmZmZmZmZmY-1", principalId: TIER0, roleAssignmentOriginId: "5wuT_mJe20eRr5jDpJo4sWZmZmZmZmZGhmZmZmZmZmY-1", roleAssignmentScheduleId: "5wuT_mJe20eRr5jDpJo4sWZmZmZmZmZGhmZmZmZmZmY-1" };
    return GraphDouble.documented().set("GET", "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances", { ...instances, value: [...(instances.value as Json[]).filter((v) => v !== carol), held] });
  }

  test("a PIM group that holds one directory role is exported as its delivery group, and imported", async () => {
    const dir = tmp();
    const run = await withDouble(withDeliveryGroup(), (d) => cli(exportArgs(d, dir), dir));
    expect(run.code).toBe(0);
    const data = parse(fs.readFileSync(path.join(dir, "tenant.yaml"), "utf8")) as Json;
    const delivered = (data.roles as Json[]).find((r) => r.entraRole === "User Administrator");
    expect(delivered).toMatchObject({ delivery: "group", groupName: "Tier0 Operators", eligible: [{ user: "alice@contoso.com" }], active: [{ user: "carol@contoso.com" }] });
    // Owner access stays a PIM for Groups entry.
    expect((data.roles as Json[]).filter((r) => r.pimGroup).map((r) => `${r.pimGroup}/${r.access ?? "member"}`)).toEqual(["Tier0 Operators/owner"]);
    expect(unmanagedRows(path.join(dir, "tenant.unmanaged.json")).filter((u) => u.principal === "group:Tier0 Operators")).toEqual([]);

    const out = path.join(dir, "cdktf.out");
    const synth = await cli(["synth", "tenant.yaml", "--out", out, "--imports", "tenant.imports.tf.json"], dir);
    expect(synth.code).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(out, "stacks", "contoso", "cdk.tf.json"), "utf8")) as Json;
    expect(imported(stack.import)).toEqual(instances(stack, [...IMPORTABLE, "azuread_directory_role_assignment"]));
    const ids = (stack.import as Json[]).map((b) => String(b.id));
    expect(ids).toContain(`/groups/${TIER0}`);
    expect(ids).toContain("/roleManagement/directory/roleAssignments/5wuT_mJe20eRr5jDpJo4sWZmZmZmZmZGhmZmZmZmZmY-1");
  });

  test("--imports-for: blocks for an edited file (break-glass confirmed) from a saved snapshot, offline", async () => {
    const dir = tmp();
    const first = await withDouble(GraphDouble.documented(), (d) => cli(exportArgs(d, dir, ["--save-snapshot", "snapshot.json"]), dir));
    expect(first.code).toBe(0);
    const file = path.join(dir, "tenant.yaml");
    const text = fs.readFileSync(file, "utf8");
    const confirmed = confirmBreakGlass(text);
    expect(confirmed).not.toBe(text);
    fs.writeFileSync(file, confirmed);
    const run = await cli(["export", "--imports-for", "tenant.yaml", "--from-snapshot", "snapshot.json"], dir);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/not importable: random_password\./);
    const blocks = JSON.parse(fs.readFileSync(path.join(dir, "tenant.imports.tf.json"), "utf8")).import as Json[];
    const ids = blocks.map((b) => String(b.id));
    expect(ids).toContain("/users/33333333-3333-4333-8333-333333333333");
    const ga = (fixture("role-assignment-schedule-instances.json").response.value as Json[]).find((v) => v.principalId.startsWith("3333")) as Json;
    expect(ids).toContain(`/roleManagement/directory/roleAssignments/${ga.roleAssignmentOriginId}`);
    // Confirmed, the break-glass account is managed: no longer in the unmanaged report.
    expect(unmanagedRows(path.join(dir, "tenant.unmanaged.json")).filter((u) => String(u.principal).startsWith("user:bg-01"))).toEqual([]);
  });

  test("--imports-for reports what an edited file leaves alone: a role taken out, standing access", async () => {
    const dir = tmp();
    await withDouble(GraphDouble.documented(), (d) => cli(exportArgs(d, dir, ["--save-snapshot", "snapshot.json"]), dir));
    const data = parse(fs.readFileSync(path.join(dir, "tenant.yaml"), "utf8")) as Json;
    // The team keeps only Global Administrator and the Azure Owner in code.
    data.roles = (data.roles as Json[]).filter((r) => r.entraRole === "Global Administrator" || r.azureRole === "Owner");
    data.suppressions = (data.suppressions as Json[]).filter((s) => s.target === "tenant" || s.target === "Global Administrator");
    fs.writeFileSync(path.join(dir, "kept.yaml"), stringify(data));
    const run = await cli(["export", "--imports-for", "kept.yaml", "--from-snapshot", "snapshot.json"], dir);
    expect(run.err).toBe("");
    expect(run.code).toBe(0);
    const rows = unmanagedRows(path.join(dir, "kept.unmanaged.json")).map((u) => `${u.kind} ${u.role} ${u.principal}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        "eligibility-not-in-file Privileged Role Administrator user:bob@contoso.com",
        "eligibility-not-in-file Helpdesk Administrator group:PIM Approvers",
        "pim-group-access-not-in-file Tier0 Operators user:alice@contoso.com",
        "pim-group-access-not-in-file Tier0 Operators user:carol@contoso.com",
        "eligibility-not-in-file Contributor group:PIM Approvers",
        "standing-azure-assignment Owner user:carol@contoso.com",
        "standing-directory-assignment User Administrator user:carol@contoso.com",
        "standing-directory-assignment Global Administrator user:bg-01@contoso.onmicrosoft.com",
      ]),
    );
    // What the file manages is not reported.
    expect(rows.filter((r) => r.includes("alice@contoso.com") && r.includes("Global Administrator"))).toEqual([]);
    expect(rows.filter((r) => r.includes("Owner user:bob"))).toEqual([]);
  });

  test("--imports-for a file with problems prints them with their lines, and writes nothing", async () => {
    const dir = tmp();
    await withDouble(GraphDouble.documented(), (d) => cli(exportArgs(d, dir, ["--save-snapshot", "snapshot.json"]), dir));
    fs.rmSync(path.join(dir, "tenant.imports.tf.json"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), "roles:\n  - entraRole: Global Administrater\n");
    const run = await cli(["export", "--imports-for", "bad.yaml", "--from-snapshot", "snapshot.json"], dir);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/Global Administrater.*Global Administrator.*line 2/s);
    expect(fs.existsSync(path.join(dir, "bad.imports.tf.json"))).toBe(false);
  });
});

describe("export: what the file cannot hold is never weakened silently", () => {
  const client = (d: GraphDouble, extra: Partial<ConstructorParameters<typeof ApiClient>[0]> = {}) =>
    new ApiClient({ graphUrl: d.url, armUrl: d.url, token: async () => "t", sleep: async () => undefined, ...extra });
  const policies = fixture("role-management-policy-assignments-directory.json").response;
  const GA = "62e90394-69f5-4237-9190-012177145e10";
  const withGaRules = (edit: (rules: Json[]) => Json[]) =>
    GraphDouble.documented().set("GET", "/v1.0/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'", {
      ...policies,
      value: (policies.value as Json[]).map((a) => (a.roleDefinitionId === GA ? { ...a, policy: { ...a.policy, rules: edit(JSON.parse(JSON.stringify(a.policy.rules))) } } : a)),
    });
  const ga = (data: Json) => (data.roles as Json[]).find((r) => r.entraRole === "Global Administrator") as Json;

  test("a policy read without all 17 rules is not read as 'nothing required': the preset, and a note", async () => {
    const result = await withDouble(withGaRules((rules) => rules.filter((r) => r.id !== "Enablement_EndUser_Assignment")), (d) => exportTenant(client(d), { now: NOW }));
    expect(ga(result.data).settings).toEqual({ activation: { requireApproval: false } });
    expect(result.notes).toContain("Global Administrator: the policy was read with 16 of its 17 rules; the file takes its tier's preset without approval (Entra's default): check the role's settings");
  });

  test("a value the file refuses takes only that field out: approvers and the rest of the policy stay", async () => {
    const result = await withDouble(
      withGaRules((rules) => rules.map((r) => (r.id === "Notification_Admin_Admin_Eligibility" ? { ...r, notificationRecipients: ["soc@contoso.com", "SOC team"] } : r))),
      (d) => exportTenant(client(d), { now: NOW }),
    );
    const settings = ga(result.data).settings;
    expect(settings.activation).toMatchObject({ maximumDuration: "PT2H", approvers: [{ group: "PIM Approvers" }] });
    expect(settings.activation.requireApproval).not.toBe(false);
    expect(settings.notifications.activation.admin.additionalRecipients).toEqual(["soc@contoso.com"]);
    expect(result.unmanaged).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "not-expressible", role: "Global Administrator", detail: expect.stringContaining("notifications.eligibleAssignment.admin.additionalRecipients") })]));
  });

  test("values the file writes otherwise are noted (a third notification level, escalation, other approver types)", async () => {
    const result = await withDouble(
      withGaRules((rules) =>
        rules.map((r) => {
          if (r.id === "Notification_Admin_EndUser_Assignment") return { ...r, notificationLevel: "None" };
          if (r.id !== "Approval_EndUser_Assignment") return r;
          const stage = r.setting.approvalStages[0];
          return { ...r, setting: { ...r.setting, approvalStages: [{ ...stage, isEscalationEnabled: true, primaryApprovers: [...stage.primaryApprovers, { "@odata.type": "#microsoft.graph.requestorManager", managerLevel: 1 }] }] } };
        }),
      ),
      (d) => exportTenant(client(d), { now: NOW }),
    );
    const notes = result.notes.join("\n");
    expect(notes).toContain('Notification_Admin_EndUser_Assignment has notificationLevel "None" in the tenant');
    expect(notes).toContain("approval escalation is on in the tenant; the file turns it off");
    expect(notes).toContain('an approver of type "#microsoft.graph.requestorManager" is left out');
  });

  test("a service principal eligible in a PIM group is reported, not dropped", async () => {
    const instances = fixture("pim-group-eligibility-schedule-instances.json");
    const sp = { ...(instances.response.value as Json[])[0], id: "sp-instance", principalId: "77777777-7777-4777-8777-777777777777" };
    const double = GraphDouble.documented().set("GET", instances.request.slice(4), { ...instances.response, value: [...(instances.response.value as Json[]), sp] });
    const result = await withDouble(double, (d) => exportTenant(client(d), { now: NOW }));
    expect(result.unmanaged).toEqual(expect.arrayContaining([expect.objectContaining({ kind: "service-principal-eligibility", role: "Tier0 Operators", principal: "servicePrincipal:Deploy Pipeline" })]));
  });

  test("a token with a line break inside is refused without being echoed", async () => {
    const dir = tmp();
    const run = await cli(["export", "--out-dir", dir, "--access-token", "secret\nrest-of-token"], dir);
    expect(run.code).toBe(1);
    expect(run.err).toContain("the Graph access token has whitespace or a control character inside it");
    expect(run.err).not.toContain("secret");
  });

  test("a refused connection is retried, then fails with the request named, and later reads stop", async () => {
    const d = await new GraphDouble().start();
    const url = d.url;
    await d.stop();
    const api = new ApiClient({ graphUrl: url, armUrl: url, token: async () => "t", sleep: async () => undefined, maxRetries: 2 });
    const error = await exportTenant(api, { now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(String((error as Error).message)).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/v1\.0\//);
    // Each read tries 3 times at most, and none starts after the first failure.
    expect(api.requests).toBeLessThanOrEqual(3 * 10);
  });

  test("Retry-After with a fraction of a second", () => {
    expect(retryAfterMs("1.5", 0)).toBe(1500);
  });
});
