/**
 * No secrets (issue 9): the synthesized Terraform JSON, the access report, the required
 * permissions and the check findings of every example and of generated tenants hold no password,
 * client secret or token value. The break-glass password is a `random_password` that appears only
 * as a reference; sensitive variables and outputs are marked `sensitive`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as fc from "fast-check";
import { TerraformStack, Testing } from "cdktf";
import { PrivilegedAccessChecks, writeFindings } from "../../constructs/checks";
import { writeReports } from "../../constructs/report";
import { Json, buildTenant, runs, tenantArb } from "./arbitraries";
import { run } from "../../main";

// ---------------------------------------------------------------------------------------------
// The scanner
// ---------------------------------------------------------------------------------------------

/** Attribute names that hold credentials. */
const SENSITIVE_KEY = /pass(word|wd|phrase)|secret|token|api[_-]?key|private[_-]?key|credential|connection[_-]?string|sas|access[_-]?key/i;
/** Attributes whose names match but that hold no credential (flags such as `disable_password_expiration`). */
const SAFE_SENSITIVE_VALUES = (_key: string, value: unknown) => typeof value === "boolean" || value === null;
/** A Terraform expression that only references something (`${random_password.x.result}`, `${var.x}`). */
const REFERENCE = /^\$\{[A-Za-z_][\w.-]*(\[[^\]]*\])?(\.[\w-]+)*\}$/;

const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const AZURE_KEYS = /(AccountKey|SharedAccessKey|sig)=[A-Za-z0-9%+/]{16,}/;
/** `"password": "hunter2"` / `password: hunter2` / `client_secret = "..."` in any text (Markdown included). */
const INLINE = /\b(password|passwd|client[_-]?secret|secret|token|api[_-]?key)\b["']?\s*[:=]\s*["']?(?!\$\{|<|\*|false|true|null|none|n\/a)[^\s"',}]{6,}/i;

/** Shannon entropy in bits per character. */
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/**
 * Random-looking runs: what is left of a 32+ character run once GUIDs, words ("Administrator",
 * "subscriptions") and cdktf's 8-hex-digit id suffixes are taken out is still 20+ characters of
 * mixed upper case, lower case and digits with high entropy, the way generated secrets look.
 */
function highEntropyStrings(text: string): string[] {
  return (text.match(/[A-Za-z0-9+/_~.=-]{32,}/g) ?? []).filter((run) => {
    const residue = run
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "")
      .replace(/_[0-9A-F]{8}(?![0-9A-Za-z])/g, "")
      .replace(/[A-Z]?[a-z]{3,}/g, "")
      .replace(/[^A-Za-z0-9+/=~]/g, "");
    return residue.length >= 20 && /[A-Z]/.test(residue) && /[a-z]/.test(residue) && /[0-9]/.test(residue) && entropy(residue) > 4;
  });
}

/** Everything in a file that looks like a secret, as `where: what` lines. */
function secretsIn(file: string, text: string): string[] {
  const found: string[] = [];
  for (const [name, re] of [["JWT", JWT], ["private key", PEM], ["Azure key or SAS signature", AZURE_KEYS], ["inline credential", INLINE]] as const) {
    const m = re.exec(text);
    if (m) found.push(`${file}: ${name}: ${m[0].slice(0, 60)}`);
  }
  for (const s of highEntropyStrings(text)) found.push(`${file}: high-entropy string: ${s.slice(0, 60)}`);
  if (file.endsWith(".json")) found.push(...sensitiveAttributes(file, JSON.parse(text) as unknown));
  return found;
}

/** Credential-named attributes must hold a reference, never a literal. */
function sensitiveAttributes(file: string, node: unknown, at = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => sensitiveAttributes(file, v, `${at}[${i}]`));
  if (typeof node !== "object" || node === null) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    const where = at ? `${at}.${key}` : key;
    // Objects and lists (a `random_password` block, `ignore_changes`) are looked into, not judged.
    if (SENSITIVE_KEY.test(key) && !SAFE_SENSITIVE_VALUES(key, value) && typeof value !== "object") {
      if (typeof value !== "string" || !REFERENCE.test(value)) out.push(`${file}: ${where} holds a literal, not a reference: ${JSON.stringify(value).slice(0, 60)}`);
    }
    out.push(...sensitiveAttributes(file, value, where));
  }
  return out;
}

/** Terraform JSON rules: random_password results only as references; sensitive variables and outputs marked. */
function terraformRules(file: string, json: Json): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries((json.variable ?? {}) as Json)) {
    if (SENSITIVE_KEY.test(name) && v.sensitive !== true) out.push(`${file}: variable ${name} is not sensitive`);
  }
  for (const [name, o] of Object.entries((json.output ?? {}) as Json)) {
    const exposes = /random_password\.|\.password|secret/.test(JSON.stringify(o.value)) || SENSITIVE_KEY.test(name);
    if (exposes && o.sensitive !== true) out.push(`${file}: output ${name} exposes a secret without sensitive = true`);
  }
  const text = JSON.stringify({ ...json, "//": undefined });
  for (const m of text.matchAll(/random_password\.[\w-]+\.(result|bcrypt_hash)/g)) {
    const i = m.index ?? 0;
    if (text.slice(Math.max(0, i - 2), i) !== "${") out.push(`${file}: ${m[0]} used outside a reference`);
  }
  return out;
}

function scanDir(dir: string): { files: string[]; findings: string[] } {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files.push(p);
    }
  };
  walk(dir);
  const findings = files.flatMap((f) => {
    const text = fs.readFileSync(f, "utf8");
    const rel = path.relative(dir, f);
    return [...secretsIn(rel, text), ...(rel.endsWith("cdk.tf.json") ? terraformRules(rel, JSON.parse(text) as Json) : [])];
  });
  return { files: files.map((f) => path.relative(dir, f)).sort(), findings };
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "secrets-"));
}

// ---------------------------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------------------------

describe("the scanner", () => {
  // Without these the tests below could pass by finding nothing.
  test.each([
    ["a literal password attribute", '{"resource":{"azuread_user":{"u":{"password":"Sup3r-Secret!"}}}}'],
    ["a client secret in a provider block", '{"provider":{"azuread":[{"client_secret":"abc123def456"}]}}'],
    ["a JWT", "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXZhbHVl"],
    ["a generated secret", "value Zq8xK2mP9vR4tW7yB1nC5dF3gH6jL0sQ"],
    ["a password in Markdown", "The password: Hunter2Hunter2"],
    ["a storage account key", "DefaultEndpointsProtocol=https;AccountKey=bXlzZWNyZXRrZXlteXNlY3JldGtleQ=="],
    ["a private key", "-----BEGIN RSA PRIVATE KEY-----\nMIIE..."],
  ])("finds %s", (_name, text) => {
    expect(secretsIn(text.startsWith("{") ? "x.json" : "x.md", text)).not.toEqual([]);
  });

  test("accepts references, flags, GUIDs and resource ids", () => {
    const json = {
      resource: {
        azuread_user: { u: { password: "${random_password.break_glass_bg.result}", disable_password_expiration: true, lifecycle: { ignore_changes: ["password"] } } },
      },
      x: "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg-security/providers/Microsoft.OperationalInsights/workspaces/law-entra",
    };
    expect(secretsIn("x.json", JSON.stringify(json))).toEqual([]);
    expect(terraformRules("x.json", json)).toEqual([]);
    expect(terraformRules("x.json", { output: { pw: { value: "${random_password.x.result}" } } })).toEqual(["x.json: output pw exposes a secret without sensitive = true"]);
    expect(terraformRules("x.json", { variable: { client_secret: { type: "string" } } })).toEqual(["x.json: variable client_secret is not sensitive"]);
  });
});

describe("no secrets in what synth writes", () => {
  const examples = fs.readdirSync(path.join(__dirname, "..", "..", "examples")).filter((f) => f.endsWith(".yaml")).sort();

  test.each(examples)("examples/%s: Terraform JSON, access report, required permissions and findings hold no secret", (example) => {
    const outdir = tmp();
    try {
      const errors: string[] = [];
      const code = run({ configPath: path.join(__dirname, "..", "..", "examples", example), outdir, log: () => undefined, error: (l) => errors.push(l) });
      expect({ code, errors }).toEqual({ code: 0, errors: [] });
      const { files, findings } = scanDir(outdir);
      expect(files.filter((f) => /cdk\.tf\.json$|access-report\.md$|required-permissions\.json$|findings\.(json|md)$/.test(f)).length).toBeGreaterThanOrEqual(5);
      expect(findings).toEqual([]);
      const json = JSON.parse(fs.readFileSync(path.join(outdir, files.find((f) => f.endsWith("cdk.tf.json")) as string), "utf8")) as Json;
      // The break-glass password exists only in state: a random_password whose result the user references.
      for (const user of Object.values((json.resource.azuread_user ?? {}) as Json)) expect(user.password).toMatch(/^\$\{random_password\.[\w-]+\.result\}$/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("generated tenants: Terraform JSON, access report, required permissions and findings hold no secret", () => {
    fc.assert(
      fc.property(tenantArb({ maxRoles: 2 }), (tenant) => {
        const outdir = tmp();
        try {
          const stack = new TerraformStack(Testing.app({ outdir }), "tenant");
          buildTenant(stack, tenant);
          PrivilegedAccessChecks.applyTo(stack, { findingsFiles: false });
          const dir = path.join(outdir, "stacks", "tenant");
          fs.mkdirSync(dir, { recursive: true });
          fs.writeFileSync(path.join(dir, "cdk.tf.json"), Testing.synth(stack));
          writeFindings(stack, outdir);
          writeReports(stack, outdir, { findings: PrivilegedAccessChecks.findingsOf(stack) });
          const { files, findings } = scanDir(outdir);
          expect(files.length).toBe(5);
          expect(findings).toEqual([]);
        } finally {
          fs.rmSync(outdir, { recursive: true, force: true });
        }
      }),
      runs(10),
    );
  });
});
