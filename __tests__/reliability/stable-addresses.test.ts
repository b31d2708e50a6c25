/**
 * Stable addresses (issue 9): the synthesized Terraform depends on what the tenant says, never on
 * the order it is said in, and adding a principal touches only that principal's entry.
 */
import * as fc from "fast-check";
import {
  Json,
  RoleSpec,
  TenantSpec,
  principalKey,
  rolesOf,
  runs,
  shuffleTenant,
  synthTenant,
  tenantArb,
  userArb,
  groupArb,
} from "./arbitraries";
import { AssignmentInput, PrincipalInput } from "../../constructs";

/** Every `type.name` address of resources and data sources (`data.` prefixed). */
function addresses(json: Json): string[] {
  const out: string[] = [];
  for (const [type, byName] of Object.entries((json.resource ?? {}) as Json)) for (const name of Object.keys(byName)) out.push(`${type}.${name}`);
  for (const [type, byName] of Object.entries((json.data ?? {}) as Json)) for (const name of Object.keys(byName)) out.push(`data.${type}.${name}`);
  return out.sort();
}

function block(json: Json, address: string): Json {
  const parts = address.split(".");
  return parts[0] === "data" ? json.data[parts[1]][parts[2]] : json.resource[parts[0]][parts[1]];
}

const DIRECTORY = ["data.azuread_group.principal_groups", "data.azuread_user.principal_users"];

describe("same tenant in any order", () => {
  test("synthesizes byte-identical JSON whatever the order of constructs, principals, approvers, recipients, locations and exclusions", () => {
    fc.assert(
      fc.property(tenantArb(), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (tenant, seed) => {
        const a = synthTenant(tenant).text;
        const b = synthTenant(shuffleTenant(tenant, seed)).text;
        expect(b).toBe(a);
      }),
      runs(12),
    );
  });
});

/** A principal no generated list contains: the `added-` prefix is outside the generators' alphabets. */
const addedPrincipal: fc.Arbitrary<PrincipalInput> = fc.oneof(
  fc.nat(999).map((n) => ({ user: `added-${n}@contoso.com` })),
  fc.nat(999).map((n) => ({ group: `Added group ${n}` })),
  fc.uuid({ version: 4 }).map((id) => ({ user: id })),
  fc.uuid({ version: 4 }).map((id) => ({ group: id })),
);

function withPrincipal(tenant: TenantSpec, role: RoleSpec, p: AssignmentInput): TenantSpec {
  return { constructs: tenant.constructs.map((c) => (c === role ? { ...role, eligible: [...role.eligible, p] } : c)) };
}

describe("adding one eligible principal", () => {
  test("adds only that principal's for_each entry (and its name lookup); every other address, key and value is unchanged", () => {
    const arb = tenantArb({ minEligible: 1, maxRoles: 3 }).chain((tenant) =>
      fc.record({ tenant: fc.constant(tenant), role: fc.constantFrom(...rolesOf(tenant)), added: addedPrincipal }),
    );
    fc.assert(
      fc.property(arb, ({ tenant, role, added }) => {
        fc.pre(!role.eligible.some((e) => principalKey(e as PrincipalInput) === principalKey(added)));
        const before = synthTenant(tenant).json;
        const after = synthTenant(withPrincipal(tenant, role, added as AssignmentInput)).json;

        // The same addresses, except the name lookup created by the first name of its kind.
        const beforeAddresses = addresses(before);
        const newAddresses = addresses(after).filter((a) => !beforeAddresses.includes(a));
        expect(newAddresses.every((a) => DIRECTORY.includes(a))).toBe(true);
        expect(beforeAddresses.every((a) => addresses(after).includes(a))).toBe(true);

        const newKeys: string[] = [];
        for (const address of beforeAddresses) {
          const b = block(before, address);
          const a = block(after, address);
          const { for_each: bForEach, ...bRest } = b;
          const { for_each: aForEach, ...aRest } = a;
          expect({ address, ...aRest }).toEqual({ address, ...bRest });
          if (bForEach === undefined) {
            expect(aForEach).toBeUndefined();
            continue;
          }
          for (const [key, value] of Object.entries(bForEach as Json)) expect({ address, key, value: aForEach[key] }).toEqual({ address, key, value });
          for (const key of Object.keys(aForEach as Json)) if (!(key in bForEach)) newKeys.push(`${address}[${key}]`);
        }
        // Exactly one new eligibility entry, keyed by the principal; names add one lookup entry.
        const eligibility = newKeys.filter((k) => !DIRECTORY.some((d) => k.startsWith(`${d}[`)));
        expect(eligibility).toHaveLength(1);
        expect(eligibility[0].toLowerCase().endsWith(`[${principalKey(added)}]`)).toBe(true);
        const lookups = newKeys.filter((k) => !eligibility.includes(k));
        expect(lookups.length).toBeLessThanOrEqual(1);

        // Nothing else in the file moved: providers, terraform block, removed blocks.
        const rest = (json: Json) => Object.fromEntries(Object.entries(json).filter(([k]) => k !== "resource" && k !== "data"));
        expect(rest(after)).toEqual(rest(before));
      }),
      runs(10),
    );
  });
});

// Guard the generators themselves: the principals they produce are valid for every role shape.
test("generated principals include users and groups by name and by object id", () => {
  const samples = fc.sample(fc.oneof(userArb, groupArb), { seed: 1, numRuns: 200 });
  const keys = samples.map(principalKey);
  expect(keys.some((k) => /^user:[^@]+@/.test(k))).toBe(true);
  expect(keys.some((k) => /^group:[0-9a-f-]{36}$/.test(k))).toBe(true);
});
