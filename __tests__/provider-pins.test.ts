import * as fs from "fs";
import * as path from "path";
import { App, TerraformStack, Testing } from "cdktf";
import { BreakGlassAccount, JitRole, Role, RoleSettings } from "../constructs";
import { AzureadProvider, AzurermProvider, MsgraphProvider, PROVIDER_VERSIONS, constraintAdmits } from "../constructs/providers";
import { buildTenantStack } from "../constructs/config";

type Json = { terraform: { required_providers: Record<string, { source: string; version: string }> }; provider: Record<string, unknown[]> };

const settings = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } });

function libraryStack(extra?: (stack: TerraformStack) => void): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "pins");
  new JitRole(stack, "GA", { role: Role.entra("Global Administrator"), eligible: [{ user: "adele@contoso.com" }], settings });
  new JitRole(stack, "Ops", { role: Role.pimGroup("Tier0 Operators"), eligible: [{ user: "megan@contoso.com", expires: "2099-01-01" }] });
  new JitRole(stack, "Owner", { role: Role.azure("Owner", "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"), eligible: [{ group: "Platform Owners", expires: "P30D" }], settings });
  new BreakGlassAccount(stack, "BG", { userPrincipalName: "bg-alpha@contoso.onmicrosoft.com" });
  extra?.(stack);
  return stack;
}

describe("provider versions (issue 12, defect 3)", () => {
  test("a library user gets exactly the versions the Terraform stage proves", () => {
    // GIVEN a stack composed from the constructs, with no provider created by the user
    const json = JSON.parse(Testing.synth(libraryStack())) as Json;
    // THEN every provider is pinned to the proven version (azuread 3.7.0 re-sent AdminAssign)
    const versions = Object.fromEntries(Object.entries(json.terraform.required_providers).map(([k, v]) => [k, v.version]));
    expect(versions).toEqual({ azuread: "3.9.0", azurerm: "4.55.0", msgraph: "0.4.0", random: "3.7.2" });
    expect(json.terraform.required_providers.azurerm.source).toBe("hashicorp/azurerm");
  });

  test("a provider the user created first keeps the pin", () => {
    const stack = new TerraformStack(Testing.app(), "own");
    new AzureadProvider(stack, "azuread", { tenantId: "0f4d2c1b-6a5e-4b3c-8d2e-1f0a9b8c7d6e" });
    new JitRole(stack, "Ops", { role: Role.pimGroup("Tier0 Operators"), eligible: [{ user: "megan@contoso.com" }] });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.terraform.required_providers.azuread.version).toBe(PROVIDER_VERSIONS.azuread);
    expect(json.provider.azuread).toHaveLength(1);
  });

  test("MsgraphProvider's versionConstraint still raises the msgraph pin", () => {
    const stack = new TerraformStack(Testing.app(), "raised");
    new MsgraphProvider(stack, "msgraph", { versionConstraint: "0.5.0" });
    new JitRole(stack, "GA", { role: Role.entra("Global Administrator"), eligible: [{ user: "adele@contoso.com" }], settings });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.terraform.required_providers.msgraph.version).toBe("0.5.0");
  });

  test("the tenant file's providers.<name>.version wins over the pin", () => {
    const stack = buildTenantStack(new App({ outdir: fs.mkdtempSync("/tmp/pins-") , skipValidation: true }), {
      name: "raised",
      providers: { azuread: { version: ">= 3.9.0, < 4.0.0" } },
      roles: [{ pimGroup: "Tier0 Operators", eligible: [{ user: "megan@contoso.com" }] }],
    });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.terraform.required_providers.azuread.version).toBe(">= 3.9.0, < 4.0.0");
  });

  test("the mirror script builds exactly the pinned versions", () => {
    // The stage proves what scripts/terraform-mirror.sh builds; the constructs must write the same.
    const script = fs.readFileSync(path.join(__dirname, "..", "scripts", "terraform-mirror.sh"), "utf8");
    const rows = [...script.matchAll(/^\s+"(\w+) (\w+) (\d+\.\d+\.\d+) /gm)].map((m) => [m[1], m[3]]);
    expect(Object.fromEntries(rows)).toEqual(PROVIDER_VERSIONS);
  });

  test.each([
    ["3.9.0", "3.9.0", true],
    ["3.9.0", "3.8.0", false],
    [">= 3.9.0", "3.10.1", true],
    [">= 3.7.0", "3.8.0", true],
    [">= 3.9.0, < 4.0.0", "4.0.0", false],
    ["~> 3.8", "3.12.0", true],
    ["~> 3.8", "4.0.0", false],
    ["~> 3.8.1", "3.8.9", true],
    ["~> 3.8.1", "3.9.0", false],
    ["!= 3.8.0", "3.8.0", false],
  ])("constraint %s admits %s: %s", (constraint, version, admitted) => {
    expect(constraintAdmits(constraint, version)).toBe(admitted);
  });

  test("a constraint it cannot read is undefined, not a guess", () => {
    expect(constraintAdmits(">= 3.9.0-beta1", "3.9.0")).toBeUndefined();
  });
});

describe("duplicate default providers (issue 12, defect 10)", () => {
  test("an AzureadProvider created after the constructs is refused at synth", () => {
    // GIVEN the constructs made their default azuread provider, then the user adds one
    const stack = libraryStack((s) => new AzureadProvider(s, "late", { tenantId: "0f4d2c1b-6a5e-4b3c-8d2e-1f0a9b8c7d6e" }));
    // THEN synth fails instead of writing two default provider blocks Terraform refuses
    expect(() => Testing.synth(stack, true)).toThrow(/2 default \(un-aliased\) azuread provider configurations in stack pins: pins\/azuread, pins\/late/);
  });

  test("the same holds for azurerm and msgraph", () => {
    const stack = libraryStack((s) => {
      new AzurermProvider(s, "late-rm", { features: [{}] });
      new MsgraphProvider(s, "late-graph", {});
    });
    expect(() => Testing.synth(stack, true)).toThrow(/default \(un-aliased\) azurerm provider/);
    expect(() => Testing.synth(stack, true)).toThrow(/default \(un-aliased\) msgraph provider/);
  });

  test("a second provider with an alias is fine", () => {
    const stack = libraryStack((s) => new AzureadProvider(s, "other-tenant", { alias: "other", tenantId: "0f4d2c1b-6a5e-4b3c-8d2e-1f0a9b8c7d6e" }));
    const json = JSON.parse(Testing.synth(stack, true)) as Json;
    expect(json.provider.azuread).toHaveLength(2);
  });
});

describe("Terraform names (found by the Terraform stage: terraform init refused them)", () => {
  const GROUP_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  test("a construct id that gives a Terraform name starting with a digit fails synth, naming the construct", () => {
    const stack = new TerraformStack(Testing.app(), "names");
    new JitRole(stack, GROUP_ID, { role: Role.pimGroup(GROUP_ID), eligible: [{ user: "a@contoso.com" }] });
    expect(() => Testing.synth(stack, true)).toThrow(/azuread_group_role_management_policy "7c9e6679-7425-40de-944b-e07fc1f90ae7_Settings_[0-9A-F]+" \(names\/7c9e6679-7425-40de-944b-e07fc1f90ae7\/Settings\): Terraform names must start with a letter/);
  });

  test("the tenant file names a PIM group given by object id with a prefix, so its addresses are valid", () => {
    const stack = buildTenantStack(Testing.app(), { roles: [{ pimGroup: GROUP_ID, access: "owner", eligible: [{ user: "a@contoso.com" }] }] });
    const json = JSON.parse(Testing.synth(stack, true)) as { resource: Record<string, Record<string, unknown>> };
    const names = Object.values(json.resource).flatMap((byName) => Object.keys(byName));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^PIMgroup7c9e6679-7425-40de-944b-e07fc1f90ae7owner_/);
  });
});
