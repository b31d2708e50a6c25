import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";
import { tenantJsonSchemaText } from "../constructs/config";
import { WITH_BREAK_GLASS, buildProblems, schemaProblems } from "./tenant-file";

/**
 * The tenant file's schema: what it accepts, what it refuses, and that every refusal names the
 * path, what was given and what is allowed, with the line in the file.
 */

const EXAMPLES = path.join(__dirname, "..", "examples");
const SCHEMA_FILE = path.join(__dirname, "..", "schema", "tenant.schema.json");

const problems = schemaProblems;
const BG = WITH_BREAK_GLASS;

describe("examples", () => {
  test.each(["tenant.yaml", "minimal.yaml"])("examples/%s is valid", (file) => {
    expect(problems(fs.readFileSync(path.join(EXAMPLES, file), "utf8"))).toEqual([]);
  });

  test.each(["tenant.yaml", "minimal.yaml"])("examples/%s names the JSON Schema on its first line", (file) => {
    expect(fs.readFileSync(path.join(EXAMPLES, file), "utf8").split("\n")[0]).toBe("# yaml-language-server: $schema=../schema/tenant.schema.json");
  });
});

describe("refusals", () => {
  test("refuses an unknown Entra role with the closest names", () => {
    expect(problems("roles:\n  - entraRole: Global Admin\n")).toEqual([
      'roles[0].entraRole: unknown Entra built-in role "Global Admin"; did you mean "Global Administrator", "Global Secure Access Administrator" or "Microsoft Entra Joined Device Local Administrator"? Custom roles are given by id. (line 2, column 5)',
    ]);
  });

  test("refuses an unknown Azure role with the closest names", () => {
    expect(problems("roles:\n  - azureRole: Ownr\n    scope: /subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7\n")[0]).toMatch(
      /^roles\[0\]\.azureRole: unknown Azure built-in role "Ownr"; did you mean "Owner"/,
    );
  });

  test("refuses an expiry that is not whole days or hours or a date", () => {
    const yaml = "roles:\n  - entraRole: Security Reader\n    eligible:\n      - user: a@contoso.com\n        expires: P2W\n";
    expect(problems(yaml)).toEqual([
      'roles[0].eligible[0].expires: must be an ISO 8601 duration of whole days or hours ("P90D", "PT12H") or an end date ("2027-03-31" or "2027-03-31T18:00:00Z"), got "P2W" (line 5, column 9)',
    ]);
  });

  test("refuses an activation duration off the 30-minute grid", () => {
    const yaml = "roles:\n  - entraRole: Security Reader\n    settings:\n      activation:\n        maximumDuration: PT3H15M\n";
    expect(problems(yaml)).toEqual([
      'roles[0].settings.activation.maximumDuration: must be an ISO 8601 duration between PT30M and PT23H30M in 30-minute steps, or P1D, got "PT3H15M" (line 5, column 9)',
    ]);
  });

  test("refuses approval without approvers, naming the preset that requires it", () => {
    expect(problems("roles:\n  - entraRole: Global Administrator\n")).toEqual([
      'roles[0].settings.activation.approvers: approval is required but no approvers are given; add at least one user or group ({ user: ... } or { group: ... }), or set activation.requireApproval: false (settings.preset defaults to "highlyPrivileged" for this tier-0 role) (line 2, column 5)',
    ]);
  });

  test("refuses the same principal twice in a list, whatever the case", () => {
    const yaml = "roles:\n  - entraRole: Security Reader\n    eligible:\n      - user: alice@contoso.com\n      - user: Alice@Contoso.com\n";
    expect(problems(yaml)).toEqual(["roles[0].eligible[1]: lists user alice@contoso.com again (already eligible[0]); each principal may appear once (line 5, column 9)"]);
  });

  test("refuses a service principal as eligible (it can only hold an active assignment)", () => {
    const yaml = "roles:\n  - entraRole: Security Reader\n    eligible:\n      - servicePrincipal: 3f2c1a2b-1111-4222-8333-444455556666\n";
    expect(problems(yaml)).toEqual([
      'roles[0].eligible[0].servicePrincipal: a servicePrincipal is not allowed here, got "3f2c1a2b-1111-4222-8333-444455556666"; allowed: user, group (line 4, column 9)',
    ]);
  });

  test("refuses an unknown preset with a suggestion", () => {
    expect(problems("roles:\n  - entraRole: Security Reader\n    settings:\n      preset: superPrivileged\n")).toEqual([
      'roles[0].settings.preset: must be one of "highlyPrivileged", "privileged", "standard", got "superPrivileged"; did you mean "privileged"? (line 4, column 7)',
    ]);
  });

  test("refuses wrong types, saying what YAML 1.2 made of yes", () => {
    const yaml = "roles:\n  - entraRole: Security Reader\n    eligible: 5\n    settings:\n      activation:\n        requireApproval: yes\n";
    expect(problems(yaml)).toEqual([
      "roles[0].eligible: must be a list, got 5 (line 3, column 5)",
      'roles[0].settings.activation.requireApproval: must be true or false, got "yes" (YAML 1.2 reads yes/no/on/off as text: write true or false) (line 6, column 9)',
    ]);
  });

  test("refuses unknown keys with a did-you-mean and the allowed keys", () => {
    expect(problems("rolez: []\n")).toEqual([
      'rolez: is not a known field; did you mean "roles"? Allowed here: name, providers, backend, breakGlass, roles, adminWorkstation, pimAlerts, accessReviews, activationMonitoring, suppressions (line 1, column 1)',
    ]);
    expect(problems("roles:\n  - entraRole: Security Reader\n    eligable: []\n")[0]).toMatch(/^roles\[0\]\.eligable: is not a known field; did you mean "eligible"\?/);
  });

  test("refuses YAML syntax errors with line and column, every one", () => {
    expect(problems("name: a\nroles:\n  - entraRole: [Global Administrator\nname: b\n")).toEqual([
      "tenant.yaml:4:1: Flow sequence in block collection must be sufficiently indented and end with a ]",
      "tenant.yaml:4:1: Map keys must be unique",
    ]);
  });

  test("refuses an Azure role without a scope and a scope without an Azure role", () => {
    expect(problems("roles:\n  - azureRole: Owner\n  - entraRole: Security Reader\n    scope: /subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7\n")).toEqual([
      "roles[0].scope: is required with azureRole: the management group, subscription or resource group id the role is made just-in-time at (line 2, column 5)",
      "roles[1].scope: applies to azureRole entries only, not entraRole (line 4, column 5)",
    ]);
  });

  test("refuses an entry that names two roles or none", () => {
    expect(problems("roles:\n  - entraRole: Security Reader\n    pimGroup: Ops\n  - eligible: []\n")).toEqual([
      "roles[0].pimGroup: cannot be combined with entraRole: an entry names exactly one role (entraRole, customEntraRole, azureRole, pimGroup) (line 3, column 5)",
      "roles[1]: must name the role with exactly one of entraRole, customEntraRole, azureRole, pimGroup, got none (line 4, column 5)",
    ]);
  });

  test("refuses the same role twice", () => {
    const yaml = "roles:\n  - entraRole: Security Reader\n  - entraRole: security reader\n";
    expect(problems(yaml)).toEqual(["roles[1]: is Security Reader again (already roles[0]); give each role once and list all its principals there (line 3, column 5)"]);
  });

  test("refuses an authentication context no admin workstation policy defines", () => {
    const yaml = `${BG}roles:\n  - entraRole: Security Reader\n    settings:\n      activation:\n        authenticationContext: c7\n`;
    expect(problems(yaml)).toEqual([
      'roles[0].settings.activation.authenticationContext: is "c7", but adminWorkstation.authenticationContext.claimValue is "c1": activation would ask for a context no Conditional Access policy enforces (line 16, column 9)',
    ]);
  });

  test("refuses suppressions of unknown rules or targets and reasons that say nothing", () => {
    const yaml = "suppressions:\n  - id: PAC-GA-COUNTT\n    target: Global Administrator\n    reason: ok\n";
    expect(problems(yaml)).toEqual([
      'suppressions[0].id: must be one of "PAC-GA-COUNT", "PAC-GA-GROUP", "PAC-PERMANENT-ACTIVE", "PAC-PIM-ONLY", "PAC-PRIVILEGE-PATH", "PAC-GA-APPROVAL", "PAC-TIER0-APPROVAL", "PAC-ACTIVATION-MFA", "PAC-APPROVER-SELF", "PAC-APPROVER-BREAK-GLASS", "PAC-ALERT-ASSIGNMENT", "PAC-REVIEW-TIER0", "PAC-ALERT-OUTSIDE-PIM", "PAC-ALERT-GA-ACTIVATION", "PAC-ALERT-ACTIVATION", "PAC-MFA-PHISHING-RESISTANT", "PAC-MFA-REPORT-ONLY", "PAC-LEGACY-AUTH", "PAC-LEGACY-AUTH-REPORT-ONLY", "PAC-CA-ROLE-OUTSIDE", "PAC-CA-BREAK-GLASS-EXCLUDED", "PAC-CA-BREAK-GLASS-COMMON", "PAC-CA-BREAK-GLASS-DECOMMISSIONED", "PAC-CA-LOCKOUT", "PAC-BREAK-GLASS-COUNT", "PAC-BREAK-GLASS-ALERT", "PAC-ACTIVATION-DURATION", "PAC-ELIGIBLE-EXPIRY", "PAC-RULE-ERROR", got "PAC-GA-COUNTT"; did you mean "PAC-GA-COUNT"? (line 2, column 5)',
      'suppressions[0].target: "Global Administrator" is not a role key, break-glass UPN or tenant of this file; did you mean "tenant"? (line 3, column 5)',
      'suppressions[0].reason: must be at least 10 characters long, got "ok" (line 4, column 5)',
    ]);
  });

  test("refuses a provider version that is not a Terraform constraint", () => {
    expect(problems('providers:\n  azuread:\n    version: "at least 3.9"\n')).toEqual([
      'providers.azuread.version: must be a Terraform version constraint such as "3.9.0", got "at least 3.9" (line 3, column 5)',
    ]);
  });

  test("refuses secrets in the backend: only names and Entra ID auth", () => {
    expect(problems("backend:\n  resourceGroupName: rg\n  storageAccountName: st\n  containerName: tfstate\n  key: k\n  accessKey: abc\n")[0]).toMatch(
      /^backend\.accessKey: is not a known field/,
    );
  });

  test("lists every problem of the file at once, sorted by line", () => {
    const yaml = "rolez: []\nroles:\n  - entraRole: Global Admin\n  - entraRole: Security Reader\n    eligible:\n      - user: a@contoso.com\n        expires: P2W\nsuppressions:\n  - id: PAC-GA-COUNT\n";
    const lines = problems(yaml);
    expect(lines.map((l) => l.slice(0, l.indexOf(":")))).toEqual([
      "rolez",
      "roles[0].entraRole",
      "roles[1].eligible[0].expires",
      "suppressions[0].reason",
      "suppressions[0].target",
    ]);
  });

  test("an empty file is refused with what it should contain", () => {
    expect(problems("")).toEqual(["(file): is empty: expected a mapping with breakGlass:, roles:, adminWorkstation: ... (see docs/tenant-file.md)"]);
  });
});

describe("refusals of the constructs and the checks, at the file's paths", () => {
  test("a break-glass UPN outside *.onmicrosoft.com", () => {
    const yaml = BG.replace("bg-01@contoso.onmicrosoft.com", "bg-01@contoso.com");
    expect(buildProblems(yaml)[0]).toMatch(/^breakGlass\.accounts\[0\]\.userPrincipalName: must be on the tenant's \*\.onmicrosoft\.com domain .*\(line 4, column 7\)$/);
  });

  test("time-bound eligibility of a directly delivered role points at the principal's expires", () => {
    const yaml = `${BG}roles:\n  - entraRole: Security Reader\n    eligible:\n      - user: a@contoso.com\n      - user: b@contoso.com\n        expires: P30D\n`;
    expect(buildProblems(yaml)).toEqual([
      'roles[0].eligible[1].expires: is P30D, but direct Entra eligibilities are always permanent (azuread 3.x); use delivery: "group" for time-bound eligibility, or drop expires (line 17, column 9)',
    ]);
  });

  test("construct problems are listed together with schema problems elsewhere in the file", () => {
    const yaml = `${BG.replace("bg-01@contoso.onmicrosoft.com", "bg-01@contoso.com")}rolez: []\n`;
    expect(buildProblems(yaml).map((l) => l.slice(0, l.indexOf(":")))).toEqual(["breakGlass.accounts[0].userPrincipalName", "rolez"]);
  });

  test("an error finding of the checks is a problem that says how to accept it", () => {
    const yaml = `${BG}roles:\n  - entraRole: Global Administrator\n    eligible:\n      - user: a@contoso.com\n    settings:\n      activation:\n        requireApproval: false\n      notifications:\n        all:\n          additionalRecipients: [soc@contoso.com]\n`;
    expect(buildProblems(yaml)).toEqual([
      'roles[0]: PAC-GA-APPROVAL: activation of Global Administrator does not require approval (settings.activation.requireApproval is false) (CISA SCuBA MS.AAD.7.6). To accept it, add to suppressions: { id: PAC-GA-APPROVAL, target: "Global Administrator", reason: "<why>" } (line 13, column 5)',
    ]);
    const accepted = `${yaml}suppressions:\n  - id: PAC-GA-APPROVAL\n    target: global administrator\n    reason: Break-glass drill tenant without approvers (test tenant only)\n`;
    expect(buildProblems(accepted)).toEqual([]);
  });
});

describe("JSON Schema", () => {
  const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
  const ajv = new Ajv({ allErrors: true });
  const validate = ajv.compile(JSON.parse(committed));

  test("schema/tenant.schema.json is the fresh generation (npm run gen:schema)", () => {
    expect(committed).toBe(tenantJsonSchemaText());
  });

  test.each(["tenant.yaml", "minimal.yaml"])("editors accept examples/%s", (file) => {
    expect(validate(parse(fs.readFileSync(path.join(EXAMPLES, file), "utf8")))).toBe(true);
  });

  test("editors flag unknown keys, wrong types, enum values, missing scope and two role kinds", () => {
    const bad = parse(
      "rolez: []\nroles:\n  - azureRole: Owner\n  - entraRole: Security Reader\n    pimGroup: Ops\n    settings:\n      preset: superPrivileged\n      activation:\n        requireApproval: yes\n",
    );
    expect(validate(bad)).toBe(false);
    const paths = [...new Set((validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`))].sort();
    expect(paths).toEqual(
      expect.arrayContaining([
        " additionalProperties",
        "/roles/0 dependencies",
        "/roles/1 oneOf",
        "/roles/1/settings/activation/requireApproval type",
        "/roles/1/settings/preset enum",
      ]),
    );
  });

  test("documents every key with its default", () => {
    const schema = JSON.parse(committed);
    const undocumented: string[] = [];
    const walk = (node: Record<string, unknown>, at: string) => {
      const props = node.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [key, child] of Object.entries(props ?? {})) {
        if (typeof child.description !== "string" && !["user", "group", "servicePrincipal"].includes(key)) undocumented.push(`${at}.${key}`);
        walk(child, `${at}.${key}`);
        if (child.items) walk(child.items as Record<string, unknown>, `${at}.${key}[]`);
        for (const option of (child.anyOf as Record<string, unknown>[] | undefined) ?? []) walk(option, `${at}.${key}`);
      }
    };
    walk(schema, "");
    expect(undocumented).toEqual([]);
  });
});
