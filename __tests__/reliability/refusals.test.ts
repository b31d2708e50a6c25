/**
 * The refusals the fuzz suites led to (issue 9): each crashed, hung or was silently accepted
 * before. Every message names the field, the value and what is allowed.
 */
import { TerraformStack, Testing } from "cdktf";
import { JitRole, JitRoleProps, Role, RoleSettings } from "../../constructs";
import { principal } from "../../constructs/principals";

function stack(): TerraformStack {
  return new TerraformStack(Testing.app(), "test");
}

/* eslint-disable @typescript-eslint/no-explicit-any */
function jit(props: unknown): () => JitRole {
  return () => new JitRole(stack(), "Role", props as JitRoleProps);
}

const role = Role.entra("User Administrator");
const settings = RoleSettings.privileged();

describe("JitRole", () => {
  test("refuses props that are not an object", () => {
    expect(jit(null)).toThrow('test/Role: props: must be JitRoleProps ({ role, eligible?, active?, settings?, ... }), got null');
    expect(jit([role])).toThrow(/^test\/Role: props: must be JitRoleProps/);
  });

  test("refuses a misspelt prop instead of ignoring it", () => {
    expect(jit({ role, settings, eligable: [{ user: "a@contoso.com" }] })).toThrow(
      'test/Role: eligable: is not a prop of JitRole (did you mean "eligible", "delivery" or "role"?); allowed: role, delivery, groupName, administrativeUnit, eligible, active, settings, justification',
    );
  });

  test("refuses RoleSettingsProps where a RoleSettings belongs", () => {
    expect(jit({ role, settings: { activation: { maximumDuration: "PT2H" } } })).toThrow(
      'JitRole User Administrator: settings: must be a RoleSettings (RoleSettings.highlyPrivileged(...), RoleSettings.privileged(...), RoleSettings.standard(...) or RoleSettings.preset(...)), got {"activation":{"maximumDuration":"PT2H"}}',
    );
  });

  test("refuses a justification that is not a short text", () => {
    expect(jit({ role, settings, justification: 42 })).toThrow("JitRole User Administrator: justification: must be a non-empty text of at most 500 characters, got 42");
    expect(jit({ role, settings, justification: "x".repeat(501) })).toThrow(/justification: must be a non-empty text of at most 500 characters, got "x{116}\.\.\./);
  });

  test("refuses groupName without group delivery", () => {
    expect(jit({ role, settings, groupName: "PIM Users" })).toThrow('JitRole User Administrator: groupName: applies to delivery: "group" only (the role-assignable group it creates), got "PIM Users"');
  });

  test("names an unprintable delivery instead of crashing", () => {
    expect(jit({ role, settings, delivery: BigInt(1) })).toThrow(/^JitRole User Administrator: delivery: must be "direct" or "group", got 1n?$/);
  });

  test("refuses a list with holes", () => {
    expect(jit({ role, settings: RoleSettings.privileged({ activation: { approvers: [{ user: "a@contoso.com" }] } }), delivery: "group", eligible: [, { user: "a@contoso.com" }] })).toThrow(
      /eligible\[0\]: must be \{ user: "<object id or user principal name>" \} or \{ group: "<object id or display name>" \}, got undefined/,
    );
    expect(() => RoleSettings.privileged({ activation: { approvers: [, { user: "a@contoso.com" }] as any } })).toThrow(/activation\.approvers\[0\]: must be/);
    expect(() => RoleSettings.privileged({ notifications: { all: { additionalRecipients: [, "a@contoso.com"] as any } } })).toThrow(
      "notifications.all.additionalRecipients[0]: must be an e-mail address, got undefined",
    );
  });
});

describe("Role", () => {
  test("refuses an object that is not a catalog entry", () => {
    expect(() => Role.entra({ displayName: "Global Administrator", templateId: "00000000-0000-0000-0000-000000000000" } as any)).toThrow(
      'role: must be an Entra built-in role display name, template id or EntraRoles.* entry, got {"displayName":"Global Administrator","templateId":"00000000-0000-0000-0000-000000000000"}',
    );
    expect(() => Role.entra(undefined as any)).toThrow("role: must be an Entra built-in role display name, template id or EntraRoles.* entry, got undefined");
    expect(() => Role.azure(null as any, "/subscriptions/00000000-0000-0000-0000-000000000001")).toThrow(
      "role: must be an Azure role name, role definition id (GUID) or AzureRoles.* entry, got null",
    );
  });

  test("keeps a custom Azure role given as { name, id }, privileged (fail closed)", () => {
    const r = Role.azure({ name: "Landing Zone Operator", id: "11111111-2222-4333-8444-555555555555", privileged: false }, "/subscriptions/00000000-0000-0000-0000-000000000001");
    expect([r.displayName, r.azureRoleId, r.privileged]).toEqual(["Landing Zone Operator", "11111111-2222-4333-8444-555555555555", true]);
  });

  test("refuses a role name too long to be one, before the did-you-mean search", () => {
    const started = performance.now();
    expect(() => Role.entra("a".repeat(100_000))).toThrow(/^role: must be an Entra built-in role display name, template id or EntraRoles\.\* entry \(at most 256 characters\), got "a{116}\.\.\./);
    expect(performance.now() - started).toBeLessThan(500);
  });

  test("refuses a tier other than 0, 1 or 2", () => {
    expect(() => Role.pimGroup("Tier0 Operators", "member", 3 as any)).toThrow("Tier0 Operators: role.tier: must be 0, 1 or 2 (0 = control plane), got 3");
    expect(() => Role.customEntra({ id: "11111111-2222-4333-8444-555555555555", displayName: "Helpdesk Tier 1", tier: "1" as any })).toThrow(
      'Helpdesk Tier 1: role.tier: must be 0, 1 or 2 (0 = control plane), got "1"',
    );
  });

  test("refuses Azure scope names longer than Azure allows (90 characters)", () => {
    expect(() => Role.azure("Reader", `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/${"r".repeat(91)}`)).toThrow(/^Reader: scope: must be a management group/);
    expect(Role.azure("Reader", `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/${"r".repeat(90)}`).scope).toHaveLength(157);
  });
});

describe("principals", () => {
  test("refuses a user principal name over Entra's 113 characters, before the pattern match", () => {
    const started = performance.now();
    expect(() => principal({ user: `a@${".".repeat(100_000)}@` }, "eligible[0]")).toThrow(/^eligible\[0\]\.user: must be an object id or a user principal name of at most 113 characters, got "a@\.{114}\.\.\./);
    expect(performance.now() - started).toBeLessThan(500);
    expect(principal({ user: `${"a".repeat(64)}@${"b".repeat(44)}.com` }, "f").value).toHaveLength(113);
  });

  test("refuses a group display name over 256 characters", () => {
    expect(() => principal({ group: "g".repeat(257) }, "approvers[0]")).toThrow(/^approvers\[0\]\.group: must be an object id or a display name of at most 256 characters/);
  });

  test("refuses the group names cdktf cannot carry as map keys", () => {
    for (const name of ["__proto__", "toString"]) {
      expect(() => principal({ group: name }, "eligible[0]")).toThrow(
        `eligible[0].group: cannot be the display name "${name}": names are looked up through a for_each map keyed by name, and cdktf 0.21 drops a "__proto__" key and fails on a "toString" key; give the group's object id instead`,
      );
    }
  });

  test("refuses an e-mail recipient over 254 characters, before the pattern match", () => {
    const started = performance.now();
    expect(() => RoleSettings.privileged({ notifications: { all: { additionalRecipients: [`a@${".".repeat(100_000)}@`] } } })).toThrow(/^notifications\.all\.additionalRecipients\[0\]: must be an e-mail address/);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
