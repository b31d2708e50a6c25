/**
 * No lockout, no accidental destroy (issue 9). Each protection has a property over generated
 * tenants that fails when the protection is removed; the comment above each test names the line
 * whose removal it catches.
 */
import * as fc from "fast-check";
import { TerraformStack, Testing } from "cdktf";
import { BreakGlassAccount, EntraRoles } from "../../constructs";
import { PrivilegedAccessChecks } from "../../constructs/checks";
import { ConditionalAccessPolicy } from "../../constructs/providers";
import {
  BreakGlassSpec,
  Json,
  TenantSpec,
  breakGlassArb,
  breakGlassOf,
  buildTenant,
  runs,
  synthStack,
  synthTenant,
  tenantArb,
  warnings,
} from "./arbitraries";

const GA = EntraRoles.GLOBAL_ADMINISTRATOR.templateId;
const ACCOUNT_TYPES = ["azuread_user", "azuread_directory_role_assignment", "random_password"];

/** The Terraform name of an account (`break_glass_<upn>`), read from the construct itself. */
function namesOf(stack: TerraformStack): Map<string, { name: string; decommissioned: boolean; objectId?: string }> {
  return new Map(
    BreakGlassAccount.accountsOf(stack).map((a) => [a.userPrincipalName, { name: a.resourceName, decommissioned: a.decommissioned, objectId: a.decommissioned ? undefined : `\${azuread_user.${a.resourceName}.object_id}` }]),
  );
}

function removedAddresses(json: Json): Map<string, unknown> {
  return new Map(((json.removed ?? []) as Json[]).map((r) => [r.from as string, r.lifecycle]));
}

/** Tenants with at least one break-glass account. */
const tenantsWithBreakGlass = tenantArb({ maxRoles: 2 }).filter((t) => breakGlassOf(t).length > 0);

describe("break-glass accounts cannot be destroyed by accident", () => {
  // Catches removing `preventDestroy: true` from the User's or the GlobalAdministrator
  // assignment's `lifecycle` in BreakGlassAccount.renderAccount (break-glass-account.ts), or
  // `ignoreChanges: ["password"]` (a rotated password would be reset to the state's value).
  test("every active account's user and Global Administrator assignment carry prevent_destroy", () => {
    fc.assert(
      fc.property(tenantsWithBreakGlass, (tenant) => {
        const { stack, json } = synthTenant(tenant);
        for (const [upn, a] of namesOf(stack)) {
          if (a.decommissioned) continue;
          const user = json.resource.azuread_user?.[a.name];
          const assignment = json.resource.azuread_directory_role_assignment?.[a.name];
          expect({ upn, user: user?.lifecycle }).toEqual({ upn, user: { prevent_destroy: true, ignore_changes: ["password"] } });
          expect({ upn, assignment: assignment?.lifecycle }).toEqual({ upn, assignment: { prevent_destroy: true } });
          expect(assignment.role_id).toBe(GA);
          expect(assignment.principal_object_id).toBe(a.objectId);
        }
      }),
      runs(10),
    );
  });

  // Catches removing `removed.forget(...)` from the decommissioned branch of BreakGlassAccount,
  // `lifecycle: { destroy: false }` from RemovedBlocks.toTerraform (break-glass/removed-blocks.ts),
  // or the `warnOnce(...)` that tells the operator what happened.
  test("a decommissioned account leaves removed blocks with destroy = false for each of its addresses, and a warning", () => {
    fc.assert(
      fc.property(tenantsWithBreakGlass.filter((t) => breakGlassOf(t).some((b) => b.decommissioned)), (tenant) => {
        const { stack, json } = synthTenant(tenant);
        const removed = removedAddresses(json);
        const warned = warnings(stack);
        for (const [upn, a] of namesOf(stack)) {
          for (const type of ACCOUNT_TYPES) {
            const address = `${type}.${a.name}`;
            if (a.decommissioned) {
              expect({ address, removed: removed.get(address) }).toEqual({ address, removed: { destroy: false } });
              expect({ address, resource: json.resource[type]?.[a.name] }).toEqual({ address, resource: undefined });
            } else {
              expect({ address, removed: removed.has(address) }).toEqual({ address, removed: false });
            }
          }
          if (a.decommissioned) expect(warned.some((w) => w.includes(upn) && w.includes("decommissioned"))).toBe(true);
        }
        // Only the accounts' own addresses are ever forgotten.
        for (const from of removed.keys()) expect(from).toMatch(/^(azuread_user|azuread_directory_role_assignment|random_password)\.break_glass_/);
      }),
      runs(8),
    );
  });

  // Catches any change that lets decommissioning drop an address without a removed block (for
  // example forgetting one of the three address types in ADDRESS_TYPES of break-glass-account.ts).
  test("decommissioning an account never leaves Terraform an address to destroy", () => {
    const arb = tenantsWithBreakGlass.filter((t) => breakGlassOf(t).some((b) => !b.decommissioned)).chain((tenant) =>
      fc.record({ tenant: fc.constant(tenant), account: fc.constantFrom(...breakGlassOf(tenant).filter((b) => !b.decommissioned)) }),
    );
    fc.assert(
      fc.property(arb, ({ tenant, account }) => {
        const before = synthTenant(tenant).json;
        const decommissioned = withAccount(tenant, account, { ...account, decommissioned: true });
        if (!breakGlassOf(decommissioned).some((b) => !b.decommissioned) && tenant.constructs.some((c) => c.kind === "adminWorkstation" && c.state === "enabled")) {
          // The last active account cannot go while admin Conditional Access is enforced.
          expect(() => synthTenant(decommissioned)).toThrow(/the stack has no break-glass account/);
          return;
        }
        const after = synthTenant(decommissioned).json;
        const removed = removedAddresses(after);
        for (const [type, byName] of Object.entries(before.resource as Json)) {
          for (const name of Object.keys(byName as Json)) {
            if (after.resource[type]?.[name] !== undefined) continue;
            expect({ gone: `${type}.${name}`, removed: removed.get(`${type}.${name}`) }).toEqual({ gone: `${type}.${name}`, removed: { destroy: false } });
          }
        }
      }),
      runs(6),
    );
  });

  test("deleting the entry instead would plan a destroy: the account's addresses vanish with no removed block", () => {
    const account: BreakGlassSpec = { kind: "breakGlass", userPrincipalName: "bg-01@contoso.onmicrosoft.com", decommissioned: false };
    const other: BreakGlassSpec = { kind: "breakGlass", userPrincipalName: "bg-02@contoso.onmicrosoft.com", decommissioned: false };
    const before = synthTenant({ constructs: [account, other] }).json;
    const after = synthTenant({ constructs: [other] }).json;
    for (const type of ACCOUNT_TYPES) {
      expect(before.resource[type]["break_glass_bg-01_contoso_onmicrosoft_com"]).toBeDefined();
      expect(after.resource[type]["break_glass_bg-01_contoso_onmicrosoft_com"]).toBeUndefined();
    }
    expect(after.removed).toBeUndefined();
  });
});

function withAccount(tenant: TenantSpec, from: BreakGlassSpec, to: BreakGlassSpec): TenantSpec {
  return { constructs: tenant.constructs.map((c) => (c === from ? to : c)) };
}

describe("Conditional Access never locks out the break-glass accounts", () => {
  // Catches dropping the registry's accounts from `excludedUsers` in
  // AdminWorkstationPolicy.conditions (admin-workstation-policy.ts) or from `excludeUsers` of its
  // authentication context policy (renderContext).
  test("every policy an AdminWorkstationPolicy writes excludes every active break-glass account, whatever the creation order", () => {
    const arb = tenantArb({ maxRoles: 1 }).filter((t) => t.constructs.some((c) => c.kind === "adminWorkstation") && breakGlassOf(t).length > 0);
    fc.assert(
      fc.property(arb, (tenant) => {
        const { stack, json } = synthTenant(tenant);
        const active = [...namesOf(stack).values()].filter((a) => !a.decommissioned).map((a) => a.objectId as string);
        const decommissioned = [...namesOf(stack).values()].filter((a) => a.decommissioned).map((a) => a.name);
        const policies = Object.values((json.resource.azuread_conditional_access_policy ?? {}) as Json);
        expect(policies.length).toBeGreaterThan(0);
        for (const p of policies) {
          const excluded: string[] = p.conditions.users.excluded_users ?? [];
          expect({ policy: p.display_name, missing: active.filter((id) => !excluded.includes(id)) }).toEqual({ policy: p.display_name, missing: [] });
          for (const name of decommissioned) expect(excluded.join(" ")).not.toContain(`azuread_user.${name}.`);
        }
        for (const graph of Object.values((json.resource.msgraph_resource ?? {}) as Json)) {
          if (graph.url !== "identity/conditionalAccess/policies") continue;
          const excluded: string[] = graph.body.conditions.users.excludeUsers ?? [];
          expect({ policy: graph.body.displayName, missing: active.filter((id) => !excluded.includes(id)) }).toEqual({ policy: graph.body.displayName, missing: [] });
        }
      }),
      runs(12),
    );
  });

  // Catches removing the `state === "enabled" && accounts === 0` refusal from
  // AdminWorkstationPolicy.validateTree (admin-workstation-policy.ts).
  test("an enforced AdminWorkstationPolicy is refused in a stack without an active break-glass account", () => {
    const arb = tenantArb({ maxRoles: 1, withAdminWorkstation: false }).map((t): TenantSpec => ({
      constructs: [
        ...t.constructs.map((c) => (c.kind === "breakGlass" ? { ...c, decommissioned: true } : c)),
        { kind: "adminWorkstation", state: "enabled", excluded: [] },
      ],
    }));
    fc.assert(
      fc.property(arb, (tenant) => {
        expect(() => synthTenant(tenant)).toThrow(/state: is "enabled" but the stack has no break-glass account: an enforced policy could lock every administrator out/);
      }),
      runs(8),
    );
  });

  /** A hand-written policy next to generated break-glass accounts, excluding a random subset of them. */
  const lockoutCase = breakGlassArb(3)
    .filter((accounts) => accounts.length > 0)
    .chain((accounts) =>
      fc.record({
        accounts: fc.constant(accounts),
        excludedUpns: fc.subarray(accounts.map((a) => a.userPrincipalName)),
        state: fc.constantFrom("enabled", "enabledForReportingButNotEnforced"),
        target: fc.constantFrom("allUsers", "globalAdministrators", "otherRole"),
        control: fc.constantFrom("block", "mfa"),
      }),
    );

  // Catches removing the `missing` comparison of conditional-access-lockout.ts (PAC-CA-LOCKOUT),
  // or its Global Administrator branch (`contains(policy.includedRoles, GLOBAL_ADMINISTRATOR_ID)`).
  test("the lockout check flags an enforced policy on all users or Global Administrators that misses an active break-glass account, and only that", () => {
    fc.assert(
      fc.property(lockoutCase, ({ accounts, excludedUpns, state, target, control }) => {
        const stack = new TerraformStack(Testing.app(), "lockout");
        buildTenant(stack, { constructs: accounts });
        const all = BreakGlassAccount.accountsOf(stack);
        const policy = new ConditionalAccessPolicy(stack, "Policy", {
          displayName: "Hand-written policy",
          state,
          conditions: {
            clientAppTypes: ["all"],
            applications: { includedApplications: ["All"] },
            users: {
              ...(target === "allUsers" ? { includedUsers: ["All"] } : { includedRoles: [target === "globalAdministrators" ? GA : EntraRoles.SECURITY_ADMINISTRATOR.templateId] }),
              excludedUsers: all.filter((a) => !a.decommissioned && excludedUpns.includes(a.userPrincipalName)).map((a) => a.objectId),
            },
          },
          grantControls: { operator: "OR", builtInControls: [control] },
        });
        PrivilegedAccessChecks.applyTo(stack);
        const findings = PrivilegedAccessChecks.findingsOf(stack).filter((f) => f.rule === "PAC-CA-LOCKOUT" && f.path === policy.node.path);
        const active = accounts.filter((a) => !a.decommissioned);
        const missing = active.filter((a) => !excludedUpns.includes(a.userPrincipalName));
        const locksOut = state === "enabled" && target !== "otherRole" && (active.length === 0 || missing.length > 0);
        expect({ locksOut, findings: findings.length }).toEqual({ locksOut, findings: locksOut ? 1 : 0 });
        if (locksOut && missing.length > 0) for (const a of missing) expect(findings[0].detail).toContain(a.userPrincipalName);
        if (locksOut) expect(findings[0].level).toBe("error");
      }),
      runs(30),
    );
  });

  test("an error finding of the lockout check fails synthesis", () => {
    const stack = new TerraformStack(Testing.app(), "lockout");
    new BreakGlassAccount(stack, "Bg1", { userPrincipalName: "bg-01@contoso.onmicrosoft.com" });
    new ConditionalAccessPolicy(stack, "Policy", {
      displayName: "Block everyone",
      state: "enabled",
      conditions: { clientAppTypes: ["all"], applications: { includedApplications: ["All"] }, users: { includedUsers: ["All"] } },
      grantControls: { operator: "OR", builtInControls: ["block"] },
    });
    PrivilegedAccessChecks.applyTo(stack, { findingsFiles: false });
    expect(() => synthStack(stack)).toThrow(/PAC-CA-LOCKOUT at lockout\/Policy: "Block everyone" enforces controls on all users without excluding break-glass account\(s\) bg-01@contoso.onmicrosoft.com/);
  });
});
