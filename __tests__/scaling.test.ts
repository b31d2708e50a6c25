import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "yaml";
import { App, TerraformDataSource, TerraformResource, Testing } from "cdktf";
import { Intrinsic } from "cdktf/lib/tokens/private/intrinsic";
import { TenantConfigError, buildTenantStack, parseTenantYaml, validateTenantData } from "../constructs/config";
import { PrivilegedAccessChecks } from "../constructs/checks";
import { groupedDetail } from "../constructs/checks/findings";
import { AzureNeed, collapseAzureNeeds } from "../constructs/report/permissions";
import { withoutTokenTraces } from "../cli/tenant";

/**
 * Issue 17: the tenant-file route stays linear. Each test pins one step that was quadratic by
 * counting its operations on an input and on one ten times larger (never by timing it; the
 * end-to-end times are `npm run bench -- --e2e`).
 */

/** The per-item operations must not grow with the input: at 10x the items, at most `slack` x the operations per item. */
function expectLinear(small: { items: number; ops: number }, large: { items: number; ops: number }, slack = 1.5): void {
  expect(large.items).toBeGreaterThanOrEqual(small.items * 10);
  expect(large.ops / large.items).toBeLessThanOrEqual((small.ops / small.items) * slack);
}

describe("required permissions: Azure role assignments that another covers", () => {
  /** The collapse as it was (quadratic: every need against every other, each time sorted), kept as the reference. */
  function reference(needs: readonly { role: string; scope: string; reason: string[] }[]): { role: string; scope: string; reason: string[] }[] {
    const INCLUDES: Record<string, readonly string[]> = { "Monitoring Contributor": ["Monitoring Reader"] };
    const norm = (s: string) => s.toLowerCase().replace(/\/+$/, "");
    const contains = (o: string, i: string) => norm(i) === norm(o) || norm(i).startsWith(`${norm(o)}/`);
    const covers = (b: { role: string; scope: string }, n: { role: string; scope: string }) =>
      !(b.role === n.role && b.scope === n.scope) && (b.role === n.role || (INCLUDES[b.role] ?? []).includes(n.role)) && contains(b.scope, n.scope);
    const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const order = <T extends { role: string; scope: string }>(xs: T[]) => [...xs].sort((x, y) => cmp(x.role, y.role) || cmp(x.scope, y.scope));
    const azure = new Map(needs.map((n) => [`${n.role}\u0000${n.scope}`, { role: n.role, scope: n.scope, reason: new Set(n.reason) }]));
    for (let moved = true; moved; ) {
      moved = false;
      for (const [key, narrow] of [...azure.entries()].sort(([a], [b]) => cmp(a, b))) {
        const broad = order([...azure.values()]).find((b) => b !== narrow && covers(b, narrow));
        if (broad === undefined) continue;
        for (const r of narrow.reason) broad.reason.add(r);
        azure.delete(key);
        moved = true;
      }
    }
    return order([...azure.values()]).map((a) => ({ role: a.role, scope: a.scope, reason: [...a.reason].sort(cmp) }));
  }

  const run = (needs: readonly { role: string; scope: string; reason: string[] }[]) =>
    collapseAzureNeeds(needs.map((n): AzureNeed => ({ role: n.role, scope: n.scope, reason: new Set(n.reason) }))).map((a) => ({ role: a.role, scope: a.scope, reason: [...a.reason].sort() }));

  test("gives what the pairwise collapse gave, for any needs (cases, trailing slashes, including roles, chains)", () => {
    const scope = fc
      .array(fc.constantFrom("subscriptions", "Subscriptions", "s1", "S1", "resourceGroups", "rg", "RG", "", "providers"), { maxLength: 5 })
      .chain((parts) => fc.constantFrom(`/${parts.join("/")}`, `/${parts.join("/")}/`, parts.join("/"), "/"));
    const need = fc.record({
      role: fc.constantFrom("User Access Administrator", "Monitoring Reader", "Monitoring Contributor", "Owner"),
      scope,
      reason: fc.array(fc.constantFrom("a", "b", "c", "d"), { minLength: 1, maxLength: 2 }),
    });
    const unique = fc.uniqueArray(need, { selector: (n) => `${n.role}\u0000${n.scope}`, maxLength: 12 });
    fc.assert(
      fc.property(unique, (needs) => {
        expect(run(needs)).toEqual(reference(needs));
      }),
      { numRuns: 400 },
    );
  });

  test("looks up a bounded number of candidates per need: 10x the role-scopes, no more lookups per role-scope", () => {
    const needs = (n: number) =>
      Array.from({ length: n }, (_, i): AzureNeed => {
        const sub = `/subscriptions/${String(Math.floor(i / 4)).padStart(8, "0")}`;
        const scope = i % 20 === 19 ? `/providers/Microsoft.Management/managementGroups/mg-${i}` : i % 4 === 3 ? `${sub}/resourceGroups/rg-${i}` : `${sub}${i % 4 ? `/resourceGroups/x${i}` : ""}`;
        return { role: i % 7 === 0 ? "Monitoring Reader" : "User Access Administrator", scope, reason: new Set([`r${i % 3}`]) };
      });
    const count = (n: number) => {
      const stats = { lookups: 0 };
      collapseAzureNeeds(needs(n), stats);
      return { items: n, ops: stats.lookups };
    };
    expectLinear(count(500), count(5_000));
  });
});

/**
 * Counts the work of array scans (elements looked at by some/every/find/findIndex/filter/includes/
 * indexOf) and lower-casings while `work` runs: a step that scans a list per item shows here as
 * operations per item that grow with the input.
 */
function countOps(work: () => void): number {
  let ops = 0;
  const spies = (["some", "every", "find", "findIndex", "filter", "includes", "indexOf"] as const).map((name) => {
    const original = Array.prototype[name] as (...a: unknown[]) => unknown;
    return jest.spyOn(Array.prototype, name).mockImplementation(function (this: unknown[], ...args: unknown[]) {
      ops += this.length;
      return original.apply(this, args);
    } as never);
  });
  const lower = String.prototype.toLowerCase;
  spies.push(
    jest.spyOn(String.prototype, "toLowerCase").mockImplementation(function (this: string) {
      ops += 1;
      return lower.call(this);
    }) as never,
  );
  try {
    work();
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
  return ops;
}

const WORKSPACE = "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law";
const azureRoles = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({ azureRole: "Reader", scope: `/subscriptions/00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, eligible: [{ user: `u${i}@contoso.com`, expires: "P90D" }], ...extra }));
const tenantData = (roles: unknown[], more: Record<string, unknown> = {}) => ({
  breakGlass: { accounts: [{ userPrincipalName: "bg-01@contoso.onmicrosoft.com" }, { userPrincipalName: "bg-02@contoso.onmicrosoft.com" }], alerting: { logAnalyticsWorkspaceId: WORKSPACE, resourceGroupName: "rg", location: "westeurope", emails: ["soc@contoso.com"] } },
  roles,
  ...more,
});

describe("tenant file: schema and stack", () => {
  test("duplicate roles are found by key, not by comparing each role with those before it (crossCheck)", () => {
    const ops = (n: number) => ({ items: n, ops: countOps(() => validateTenantData(tenantData(azureRoles(n)))) });
    expectLinear(ops(60), ops(600));
  });

  test("suppressions find their role by key (TenantStack.suppressionTarget)", () => {
    const build = (n: number) => {
      const roles = azureRoles(n);
      const suppressions = roles.map((r) => ({ id: "PAC-ELIGIBLE-EXPIRY", target: `Reader at ${r.scope}`, reason: "Reviewed every quarter (CHG-1)." }));
      return { items: n, ops: countOps(() => buildTenantStack(Testing.app(), tenantData(roles, { suppressions }), { checks: false, validate: false })) };
    };
    expectLinear(build(20), build(200));
  });

  test("with a problem in every role, checking which parts can still be built is linear (validParts)", () => {
    const build = (n: number) => ({
      items: n,
      ops: countOps(() => expect(() => buildTenantStack(Testing.app(), tenantData(azureRoles(n, { unknownField: 1 })), { checks: false })).toThrow(TenantConfigError)),
    });
    expectLinear(build(20), build(200));
  });
});

describe("tenant file: YAML", () => {
  // yaml's own node checks (its package exports hide the path): what its uniqueKeys check calls.
  const identity = jest.requireActual(path.join(path.dirname(require.resolve("yaml")), "nodes", "identity.js")) as typeof import("yaml");
  /** isScalar / isPair calls inside yaml (its uniqueKeys check makes them per pair of keys). */
  function countYaml(work: () => void): number {
    let calls = 0;
    const spies = (["isScalar", "isPair"] as const).map((name) => {
      const original = identity[name] as (n: unknown) => boolean;
      return jest.spyOn(identity, name).mockImplementation(((n: unknown) => {
        calls += 1;
        return original(n);
      }) as never);
    });
    try {
      work();
    } finally {
      spies.forEach((s) => s.mockRestore());
    }
    return calls;
  }
  const unknownKeys = (n: number) => `name: x\n${Array.from({ length: n }, (_, i) => `unknownKey${i}: 1`).join("\n")}\n`;

  test("duplicate keys are found with one set per mapping (yaml's uniqueKeys compares every pair)", () => {
    // An anchor sends the file to yaml (plain files are read by js-yaml, which counts nothing here).
    const parse = (n: number) => ({ items: n, ops: countYaml(() => parseTenantYaml(`${unknownKeys(n)}anchored: &a 1\n`)) });
    const small = parse(300);
    expect(small.ops).toBeGreaterThan(300);
    expectLinear(small, parse(3_000));
  });

  test("a plain file is read without yaml's document; it is made only when a position is asked for", () => {
    const source = parseTenantYaml(unknownKeys(3_000));
    expect(countYaml(() => parseTenantYaml(unknownKeys(3_000)))).toBe(0);
    expect(countYaml(() => source.locate(["unknownKey2999"]))).toBeGreaterThan(3_000);
    expect(source.locate(["unknownKey2999"])).toEqual({ line: 3001, column: 1 });
  });

  test("duplicate keys give the errors yaml's uniqueKeys gives, at the same places", () => {
    const key = fc.constantFrom("a", "'a'", '"a"', "b", "1", "'1'", "~", "null", ".nan", "&x a", "!!str b");
    const map = fc.array(key, { minLength: 1, maxLength: 5 }).map((keys) => keys.map((k, i) => `${k}: ${i}`));
    const text = fc.tuple(map, fc.boolean(), map).map(([top, flow, inner]) => `${top.join("\n")}\nnested:\n${flow ? `  x: {${inner.join(", ")}}` : inner.map((l) => `  ${l}`).join("\n")}\n`);
    const positions = (yamlText: string) => {
      try {
        parseTenantYaml(yamlText);
        return [];
      } catch (e) {
        return (e as TenantConfigError).problems.filter((p) => p.message === "Map keys must be unique").map((p) => [p.line, p.column]);
      }
    };
    fc.assert(
      fc.property(text, (t) => {
        const lines = new yaml.LineCounter();
        const doc = yaml.parseDocument(t, { uniqueKeys: true, version: "1.2", prettyErrors: false, lineCounter: lines });
        const expected = doc.errors.filter((e) => e.code === "DUPLICATE_KEY").map((e) => [lines.linePos(e.pos[0]).line, lines.linePos(e.pos[0]).col]);
        const other = doc.errors.some((e) => e.code !== "DUPLICATE_KEY");
        if (!other) expect(positions(t)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  test("locating every problem of a mapping with many keys looks at each key once (locate)", () => {
    const locateAll = (n: number) => {
      const source = parseTenantYaml(unknownKeys(n));
      source.locate(["name"]); // the first call parses the text again for positions: linear, and not what is counted
      return { items: n, ops: countOps(() => Array.from({ length: n }, (_, i) => source.locate([`unknownKey${i}`]))) };
    };
    expectLinear(locateAll(300), locateAll(3_000));
  });
});

describe("synth", () => {
  test("writes each resource and data source from one toTerraform call (streaming-synth), at 10x the roles too", () => {
    const synth = (n: number) => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "scaling-synth-")), skipValidation: true, stackTraces: false });
      const stack = buildTenantStack(app, tenantData(azureRoles(n)), { checks: false, validate: false });
      const elements = stack.node.findAll().filter((c) => c instanceof TerraformResource || c instanceof TerraformDataSource).length;
      let calls = 0;
      const spies = [TerraformResource.prototype, TerraformDataSource.prototype].map((proto) => {
        const original = proto.toTerraform;
        return jest.spyOn(proto, "toTerraform").mockImplementation(function (this: TerraformResource) {
          calls += 1;
          return original.call(this);
        });
      });
      try {
        app.synth();
      } finally {
        spies.forEach((spy) => spy.mockRestore());
        fs.rmSync(app.outdir, { recursive: true, force: true });
      }
      return { elements, calls };
    };
    for (const n of [20, 200]) {
      const { elements, calls } = synth(n);
      expect(elements).toBeGreaterThan(2 * n);
      expect(calls).toBe(elements);
    }
  });
});

describe("findings of one kind are grouped where they are printed", () => {
  const principals = (n: number) => Array.from({ length: n }, (_, i) => ({ user: `user${String(i).padStart(3, "0")}@contoso.com` }));
  const data = () =>
    tenantData([{ entraRole: "Security Reader", delivery: "group", eligible: principals(50), settings: { activation: { approvers: [{ group: "PIM Approvers" }] }, notifications: { all: { additionalRecipients: ["soc@contoso.com"] } } } }], { adminWorkstation: {} });

  test("one warning annotation counts them and names the first three; the findings keep every one", () => {
    const stack = buildTenantStack(Testing.app(), data());
    Testing.synth(stack);
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data)))
      .filter((m) => m.startsWith("[PAC-ELIGIBLE-EXPIRY]"));
    expect(warnings).toEqual([
      "[PAC-ELIGIBLE-EXPIRY] Eligible assignments of highly privileged roles expire (Microsoft Entra: Plan a PIM deployment): 50 findings, the first 3: user:user000@contoso.com is eligible for Security Reader with no end date; user:user001@contoso.com is eligible for Security Reader with no end date; user:user002@contoso.com is eligible for Security Reader with no end date; 47 more in findings.json",
    ]);
    expect(PrivilegedAccessChecks.findingsOf(stack).filter((f) => f.rule === "PAC-ELIGIBLE-EXPIRY")).toHaveLength(50);
  });

  test("groupedDetail: one as it is, up to three listed, more counted", () => {
    expect(groupedDetail(["b"])).toBe("b");
    expect(groupedDetail(["b", "a"])).toBe("2 findings: a; b");
    expect(groupedDetail(["d", "c", "b", "a", "e"], "elsewhere")).toBe("5 findings, the first 3: a; b; c; 2 more elsewhere");
  });
});

describe("token traces", () => {
  test("withoutTokenTraces: cdktf records no creation stack for tokens, real errors keep theirs, the hook is restored", () => {
    const before = Error.prepareStackTrace;
    const inside = withoutTokenTraces(() => ({ token: new Intrinsic("x").creationStack, error: new Error("boom").stack ?? "" }));
    expect(inside.token).toEqual([]);
    expect(inside.error).toMatch(/^Error: boom\n {4}at /);
    expect(Error.prepareStackTrace).toBe(before);
    expect(new Intrinsic("x").creationStack.length).toBeGreaterThan(0);
  });
});
