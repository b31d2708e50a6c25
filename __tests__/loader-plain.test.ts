/**
 * The tenant file is read by js-yaml when it is plain (issue 17: yaml's Document peaked at 690 MB
 * for a 10 MB file) and by yaml otherwise. These tests hold the fast reader to yaml, the reader
 * whose values and messages the rest of the suite was written against: wherever js-yaml reads a
 * text, it must give exactly yaml's data, and every text yaml refuses must go to yaml.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { e2eTenantYaml } from "../bench/e2e-tenant";
import { TenantConfigError, parseTenantYaml } from "../constructs/config";
import { NOT_PLAIN, plainData } from "../constructs/config/loader";

const ROOT = path.join(__dirname, "..");

/** yaml's reading, as the loader did it before the fast path: errors (with duplicate keys) or data. */
function yamlReading(text: string): { errors: string[] } | { data: unknown } {
  const doc = parseDocument(text, { version: "1.2" });
  if (doc.errors.length > 0) return { errors: doc.errors.map((e) => e.code) };
  return { data: doc.toJS({ maxAliasCount: 100 }) ?? null };
}

/** Scalars and structures of YAML 1.2 that both readers accept: each must read the same. */
const ACCEPTED = [
  ...["0o17", "0x1F", "+12", "-0", "1e3", ".5", "1.", ".inf", "-.Inf", "+.INF", ".NaN", "~", "Null", "NULL", "", "TRUE", "False"],
  ...["yes", "no", "on", "off", "012", "0009", "1_000", "0b101", "2026-12-01", "12:30:00", "1:20", "0x", "0o8", "+0x1", "+.5e-3", "1.5E+3", "-1.0e-2", "1e", "e3", ".e3", "-.5", "1,000"],
  ...["'it''s'", '"tab\\tnew\\nline \\u00e9 \\x41"', "http://x/y#z", "b#c", ":x", "x:y", "'x' ", "''", "[a, b,]", "[1, b, {c: d}]", "{b: [1,2], c: ~}"],
].map((v) => `a: ${v}\n`);
const ACCEPTED_DOCUMENTS = [
  "a: |\n  x\n  y\n",
  "a: >\n  x\n  y\n\n  z\n",
  "a: |-\n  x\n",
  "a: >+\n  x\n\n",
  "a: |2\n    x\n",
  "a: one\n  two\n  three\n",
  "a: 'multi\n  line'\n",
  'a: "multi\n  line"\n',
  "a: x # comment\n# c\nb: y\n",
  "1: a\n2: b\n0x10: d\n.inf: e\n-0: f\n1e3: g\ntrue: h\n",
  "- a\n b\n",
  "<<: {a: 1}\n",
  "\ufeffa: 1\n",
  "a: 1\r\nb: 2\r\n",
  "a: 1\t\nb: 2\n",
  "---\na: 1\n...\n",
  "- a\n- b: c\n  d: e\n",
  "a:\n- 1\n- 2\n",
  "a:b\n",
  "a: b\n\n\n  c\n",
  "a:    \n  b\n",
  "'a b': c\n",
  "# only a comment\n",
  "",
];

/** Texts yaml refuses (a syntax error or a repeated key): none may be read by js-yaml. */
const REFUSED = [
  "a: @x\n", "a: `x`\n", "a: %x\n", "a: |\n  x\n y\n", "a: b: c\n", "a: [b\n", "a: {b\n", 'a: "x\n', "a: 'x\n",
  "a: 1\na: 2\n", "a: 1\n'a': 2\n", "---\na: 1\n---\nb: 2\n", "a:\n\t- 1\n", "\ta: 1\n", "a: 1\n b: 2\n", "a: -\n", "a: ,b\n",
  'a: "x" y\n', "a\nb: c\n", "a: b\n- c\n", "- a\nb: c\n", "a:\n  - b\n  c: d\n", "a: 'x'y\n", "a: - b\n", "a: - - b\n",
  'a: "\\q"\n', "a: |0\n x\n", "roles:\n  - entraRole: [Global Administrator\nname: b\n",
];

/** Texts js-yaml could read otherwise than yaml: they must go to yaml. */
const NOT_FOR_JS_YAML = [
  "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !custom x\n", "%YAML 1.2\n---\na: 1\n", "? a\n: b\n", "? [a]\n: b\n", "[a]: b\n", "{a: b}: c\n",
  "null: a\n", "~: a\n", "Null: a\n", "x:\n  - {b: 1}: c\n",
];

/** Every tenant file of the repository (examples, fixtures) and two small bench tenants. */
function repositoryTexts(): string[] {
  const files = [
    ...["examples/minimal.yaml", "examples/tenant.yaml"].map((f) => path.join(ROOT, f)),
    ...fs.readdirSync(path.join(ROOT, "__tests__", "fixtures"), { recursive: true, encoding: "utf8" }).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(ROOT, "__tests__", "fixtures", f)),
  ];
  return [...files.map((f) => fs.readFileSync(f, "utf8")), e2eTenantYaml({ kind: "scopes", size: 50 }), e2eTenantYaml({ kind: "principals", size: 50 })];
}

const show = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === "number" && (!Number.isFinite(x) || Object.is(x, -0)) ? `number:${Object.is(x, -0) ? "-0" : x}` : x));

describe("reading plain tenant files with js-yaml", () => {
  test.each([...ACCEPTED, ...ACCEPTED_DOCUMENTS])("reads %j as yaml does", (text) => {
    const plain = plainData(text);
    const reading = yamlReading(text);
    expect(reading).toHaveProperty("data");
    expect(plain).not.toBe(NOT_PLAIN);
    expect(show((plain as { value: unknown }).value)).toBe(show((reading as { data: unknown }).data));
  });

  test.each(REFUSED)("leaves %j, which yaml refuses, to yaml", (text) => {
    expect(yamlReading(text)).toHaveProperty("errors");
    expect(plainData(text)).toBe(NOT_PLAIN);
    expect(() => parseTenantYaml(text, "t.yaml")).toThrow(TenantConfigError);
  });

  test.each(NOT_FOR_JS_YAML)("leaves %j to yaml", (text) => {
    expect(plainData(text)).toBe(NOT_PLAIN);
    const reading = yamlReading(text);
    if ("data" in reading) expect(show(parseTenantYaml(text).data)).toBe(show(reading.data));
  });

  test("keeps yaml's limit on aliases", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 6 }, (_, i) => `${"bcdefg"[i]}: &${"bcdefg"[i]} [${Array(10).fill(`*${"abcdef"[i]}`).join(", ")}]`)].join("\n");
    expect(() => parseTenantYaml(bomb, "t.yaml")).toThrow(/cannot be read: .*alias/i);
  });

  test("prepareLocate's offsets give every position yaml's document gives: each key and item, and past each one", () => {
    const texts = [...repositoryTexts(), ...ACCEPTED_DOCUMENTS, "roles:\n  - entraRole: A\n    eligible:\n      -\n      - user: a@b.c\n  - {azureRole: B, scope: /x}\n", "10: a\nb: {c: [1, [2, 3]]}\n\"k\": 1\n"];
    let compared = 0;
    for (const text of texts) {
      const lazy = parseTenantYaml(text);
      const prepared = parseTenantYaml(text);
      prepared.prepareLocate();
      const paths: (string | number)[][] = [[], ["missing"], [0]];
      const walk = (value: unknown, at: (string | number)[]) => {
        if (value === null || typeof value !== "object") return;
        paths.push([...at, "missing"], [...at, 9999], [...at, "0"]);
        for (const [k, v] of Object.entries(value)) {
          const part = Array.isArray(value) ? Number(k) : k;
          paths.push([...at, part], [...at, part, "deeper", 0]);
          walk(v, [...at, part]);
        }
      };
      walk(lazy.data, []);
      for (const p of paths) {
        expect([p, prepared.locate(p)]).toEqual([p, lazy.locate(p)]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(5_000);
  });

  test("every tenant file of the repository and the bench is plain and reads as yaml reads it", () => {
    const texts = repositoryTexts();
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const text of texts) {
      const plain = plainData(text);
      expect(plain).not.toBe(NOT_PLAIN);
      expect(show((plain as { value: unknown }).value)).toBe(show((yamlReading(text) as { data: unknown }).data));
    }
  });
});
