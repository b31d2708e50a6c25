import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import {
  AUTHENTICATION_METHOD_MODES,
  AdminWorkstationPolicy,
  AdminWorkstationPolicyProps,
  BreakGlassRegistry,
  JitRole,
  JitRoleProps,
  Role,
  RoleSettings,
  ValidationError,
} from "../constructs";
import { principal } from "../constructs/principals";
import { BREAK_GLASS_YAML, buildProblems as fileProblems, schemaProblems } from "./tenant-file";

/**
 * Two provider facts the constructs must respect (azuread 3.7.0 and 3.9.0 sources):
 *
 * - `azuread_authentication_strength_policy.allowed_combinations` accepts only the go-azure-sdk's
 *   v1.0 authentication method modes (internal/services/policies/authentication_strength_policy_resource.go,
 *   `stable.PossibleValuesForAuthenticationMethodModes()`); `qrCodePin` is a beta-only mode.
 * - `data.azuread_group` (groupDataSourceRead) and `azuread_group.prevent_duplicate_names`
 *   (groupFindByName) build `displayName eq '<name>'` without escaping `'`, so Graph refuses the
 *   filter (400) for a name with a quote.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The modes of vendor/github.com/hashicorp/go-azure-sdk/microsoft-graph/common-types/stable/constant_authenticationmethodmodes.go (azuread v3.7.0 and v3.9.0). */
const AZUREAD_3_MODES = [
  "deviceBasedPush", "email", "federatedMultiFactor", "federatedSingleFactor", "fido2", "hardwareOath",
  "microsoftAuthenticatorPush", "password", "sms", "softwareOath", "temporaryAccessPassMultiUse",
  "temporaryAccessPassOneTime", "voice", "windowsHelloForBusiness", "x509CertificateMultiFactor", "x509CertificateSingleFactor",
];

const APPROVERS = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } });
const AWP_CTX = "AdminWorkstationPolicy test/Policy";

function synth(build: (stack: TerraformStack) => void): Json {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return JSON.parse(Testing.synth(stack, true));
}

/** The ValidationError `fn` throws (fails the test when it throws nothing or something else). */
function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError, nothing was thrown");
}

function policy(props: AdminWorkstationPolicyProps): (stack: TerraformStack) => void {
  return (stack) => {
    new AdminWorkstationPolicy(stack, "Policy", props);
    BreakGlassRegistry.of(stack).register({ userPrincipalName: "bg1@contoso.onmicrosoft.com", objectId: "${azuread_user.bg1.object_id}", construct: stack });
  };
}

const strength = (allowedCombinations: string[]): AdminWorkstationPolicyProps => ({ authenticationStrength: { displayName: "Tier0 strength", allowedCombinations } });

function jit(props: JitRoleProps): (stack: TerraformStack) => void {
  return (stack) => void new JitRole(stack, "Role", props);
}


// BREAK_GLASS_YAML is 9 lines: the next section starts on line 10.
const BG = BREAK_GLASS_YAML;

describe("custom authentication strengths: only the modes azuread 3.x accepts", () => {
  test("GIVEN azuread 3.x's v1.0 SDK modes WHEN the library lists the allowed modes THEN they are exactly those (no qrCodePin)", () => {
    expect([...AUTHENTICATION_METHOD_MODES].sort()).toEqual([...AZUREAD_3_MODES].sort());
    expect(AUTHENTICATION_METHOD_MODES).not.toContain("qrCodePin");
  });

  test("GIVEN a combination with qrCodePin WHEN the policy is built THEN it is refused naming the field, the value and the allowed modes", () => {
    const error = refusal(() => synth(policy(strength(["fido2", "password,qrCodePin"]))));
    expect(error.field).toBe("authenticationStrength.allowedCombinations[1]");
    expect(error.message).toContain(`${AWP_CTX}: authenticationStrength.allowedCombinations[1]: must be a comma-separated combination of ${AZUREAD_3_MODES.join(", ")}, got "password,qrCodePin"`);
    expect(error.message).toContain('"qrCodePin" is not an authentication method mode azuread 3.x accepts');
    expect(error.message).toContain("Graph beta");
  });

  test("GIVEN qrCodePin alone WHEN the policy is built THEN it is refused at index 0", () => {
    expect(refusal(() => synth(policy(strength(["qrCodePin"])))).field).toBe("authenticationStrength.allowedCombinations[0]");
  });

  test("GIVEN a mode with the wrong case or a typo WHEN the policy is built THEN the closest accepted mode is suggested", () => {
    expect(refusal(() => synth(policy(strength(["Fido2"])))).message).toMatch(/"Fido2" is not an authentication method mode azuread 3\.x accepts.*did you mean "fido2"\?/);
    expect(refusal(() => synth(policy(strength(["password,microsoftAuthenticator"])))).message).toMatch(/did you mean "microsoftAuthenticatorPush"\?/);
  });

  test("GIVEN a mode twice in one combination WHEN the policy is built THEN it is refused", () => {
    expect(refusal(() => synth(policy(strength(["fido2,fido2"])))).message).toContain('lists "fido2" more than once');
  });

  test("GIVEN every accepted mode as its own combination WHEN synthesized THEN each is written, sorted", () => {
    const json = synth(policy(strength([...AZUREAD_3_MODES].reverse())));
    const [written] = Object.values(json.resource.azuread_authentication_strength_policy as Json) as Json[];
    expect(written.allowed_combinations).toEqual([...AZUREAD_3_MODES].sort());
  });

  test("GIVEN a multi-factor combination with spaces WHEN synthesized THEN it is written without them", () => {
    const json = synth(policy(strength(["password, microsoftAuthenticatorPush"])));
    const [written] = Object.values(json.resource.azuread_authentication_strength_policy as Json) as Json[];
    expect(written.allowed_combinations).toEqual(["password,microsoftAuthenticatorPush"]);
  });

  test("GIVEN qrCodePin in the tenant file WHEN the stack is built THEN the problem has the file path and line", () => {
    const yaml = `${BG}adminWorkstation:\n  authenticationStrength:\n    displayName: Tier0 strength\n    allowedCombinations:\n      - fido2\n      - qrCodePin\n`;
    const problems = fileProblems(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^adminWorkstation\.authenticationStrength\.allowedCombinations\[1\]: must be a comma-separated combination of .*, got "qrCodePin": "qrCodePin" is not an authentication method mode azuread 3\.x accepts.* \(line 15, column 9\)$/,
    );
  });

  test("GIVEN the committed JSON Schema WHEN an editor shows allowedCombinations THEN it lists the accepted modes, not qrCodePin", () => {
    const schema = fs.readFileSync(path.join(__dirname, "..", "schema", "tenant.schema.json"), "utf8");
    expect(schema).toContain(`Methods: ${AZUREAD_3_MODES.join(", ")}.`);
    expect(schema).not.toContain("qrCodePin");
  });
});

describe("group display names with a single quote: refused where azuread looks them up by name", () => {
  const NAME = "O'Brien Admins";

  test("GIVEN a group principal by name with ' WHEN parsed THEN it is refused naming the field, the value, why and what to do", () => {
    const error = refusal(() => principal({ group: NAME }, "eligible[0]", "JitRole Global Administrator"));
    expect(error.field).toBe("eligible[0].group");
    expect(error.message).toContain(`JitRole Global Administrator: eligible[0].group: cannot look up the group by the display name "O'Brien Admins"`);
    expect(error.message).toContain("displayName eq '<name>'");
    expect(error.message).toContain("object id");
  });

  test("GIVEN an eligible group with ' WHEN a JitRole is built THEN it is refused before any Terraform is written", () => {
    const error = refusal(() => synth(jit({ role: Role.entra("Global Administrator"), eligible: [{ group: "Tier0 'break' team" }], settings: APPROVERS })));
    expect(error.message).toMatch(/^JitRole Global Administrator: eligible\[0\]\.group: cannot look up the group by the display name "Tier0 'break' team"/);
  });

  test("GIVEN an approver group with ' WHEN settings are built THEN it is refused", () => {
    const error = refusal(() => RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: NAME }] } }));
    expect(error.field).toBe("activation.approvers[0].group");
  });

  test("GIVEN a PIM for Groups role by a name with ' WHEN the role is made THEN it is refused", () => {
    expect(refusal(() => Role.pimGroup(NAME)).field).toBe("role.group.group");
  });

  test("GIVEN a Conditional Access exclusion by a group name with ' WHEN the policy is built THEN it is refused", () => {
    expect(refusal(() => synth(policy({ excluded: [{ group: NAME }] }))).message).toContain(`${AWP_CTX}: excluded[0].group: cannot look up the group by the display name "O'Brien Admins"`);
  });

  test("GIVEN a group by object id (whatever its name) WHEN synthesized THEN no lookup is written and the id is used", () => {
    const id = "9b1c7d3e-1111-4222-8333-444455556666";
    const json = synth(jit({ role: Role.entra("User Administrator"), delivery: "group", eligible: [{ group: id }], settings: APPROVERS }));
    const schedule = Object.values(json.resource.azuread_privileged_access_group_eligibility_schedule as Json)[0] as Json;
    expect(schedule.for_each[`group:${id}`].principal_id).toBe(id);
    expect(Object.keys(json.data.azuread_group.principal_groups.for_each)).toEqual(["PIM Approvers"]);
  });

  test("GIVEN normal names and other punctuation WHEN synthesized THEN they are looked up by display name", () => {
    const names = ["Ops – on call", 'The "A" team', "R&D 100%", "Tier0 Admins"];
    const json = synth(jit({ role: Role.entra("Global Administrator"), eligible: names.map((group) => ({ group })), settings: APPROVERS }));
    expect(Object.keys(json.data.azuread_group.principal_groups.for_each).sort()).toEqual([...names, "PIM Approvers"].sort());
    expect(json.data.azuread_group.principal_groups.display_name).toBe("${each.key}");
  });
});

describe("JitRole groupName: refused with ' because prevent_duplicate_names looks the name up", () => {
  const role = Role.entra("User Administrator");

  test("GIVEN groupName with ' WHEN the role is delivered through a group THEN it is refused naming groupName, the value, why and what to do", () => {
    const error = refusal(() => synth(jit({ role, delivery: "group", groupName: "PIM User's Admins", settings: APPROVERS })));
    expect(error.field).toBe("groupName");
    expect(error.message).toContain(`JitRole User Administrator: groupName: cannot contain "'", got "PIM User's Admins"`);
    expect(error.message).toContain("prevent_duplicate_names");
    expect(error.message).toContain("displayName eq '<name>'");
  });

  test("GIVEN a custom role whose name has ' and no groupName WHEN delivered through a group THEN the default name is refused and groupName suggested", () => {
    const custom = Role.customEntra({ id: "11111111-2222-4333-8444-555555555555", displayName: "Contoso's Helpdesk" });
    const error = refusal(() => synth(jit({ role: custom, delivery: "group", settings: APPROVERS })));
    expect(error.field).toBe("groupName");
    expect(error.message).toContain(`got "PIM Contoso's Helpdesk"`);
    expect(error.message).toContain("set groupName");
  });

  test("GIVEN a normal groupName WHEN synthesized THEN the group is created with duplicate-name protection", () => {
    const json = synth(jit({ role, delivery: "group", groupName: "sg-pim-useradmin (Tier 1)", settings: APPROVERS }));
    const [group] = Object.values(json.resource.azuread_group as Json) as Json[];
    expect(group).toMatchObject({ display_name: "sg-pim-useradmin (Tier 1)", prevent_duplicate_names: true });
  });
});

describe("tenant file: group names with ' are problems at their path and line", () => {
  test("GIVEN an eligible group with ' WHEN the file is validated THEN the schema reports it at the principal", () => {
    const yaml = `roles:\n  - entraRole: Reports Reader\n    eligible:\n      - group: O'Brien Admins\n`;
    expect(schemaProblems(yaml)).toEqual([
      expect.stringMatching(/^roles\[0\]\.eligible\[0\]\.group: cannot look up the group by the display name "O'Brien Admins": .* \(line 4, column 9\)$/),
    ]);
  });

  test("GIVEN an approver group with ' WHEN the file is validated THEN it is reported at the approver", () => {
    const yaml = `roles:\n  - entraRole: Reports Reader\n    settings:\n      activation:\n        requireApproval: true\n        approvers:\n          - group: O'Brien Admins\n`;
    expect(schemaProblems(yaml)).toEqual([expect.stringMatching(/^roles\[0\]\.settings\.activation\.approvers\[0\]\.group: cannot look up the group .* \(line 7, column 13\)$/)]);
  });

  test("GIVEN groupName with ' WHEN the file is validated THEN it is reported at groupName", () => {
    const yaml = `roles:\n  - entraRole: Reports Reader\n    delivery: group\n    groupName: PIM User's Admins\n`;
    expect(schemaProblems(yaml)).toEqual([expect.stringMatching(/^roles\[0\]\.groupName: cannot contain "'", got "PIM User's Admins": .* \(line 4, column 5\)$/)]);
  });

  test("GIVEN groupName with ' WHEN the stack is built THEN it is reported once, at groupName", () => {
    const yaml = `${BG}roles:\n  - entraRole: Reports Reader\n    delivery: group\n    groupName: PIM User's Admins\n`;
    expect(fileProblems(yaml)).toEqual([expect.stringMatching(/^roles\[0\]\.groupName: cannot contain "'", got "PIM User's Admins": .* \(line 13, column 5\)$/)]);
  });

  test("GIVEN a custom role with ' delivered through a group WHEN the stack is built THEN the default group name is reported at the role", () => {
    const yaml = `${BG}roles:\n  - customEntraRole:\n      id: 11111111-2222-4333-8444-555555555555\n      displayName: Contoso's Helpdesk\n    delivery: group\n`;
    expect(fileProblems(yaml)).toEqual([expect.stringMatching(/^roles\[0\]\.groupName: cannot contain "'", got "PIM Contoso's Helpdesk".*set groupName.* \(line 11, column 5\)$/)]);
  });

  test("GIVEN a Conditional Access exclusion by a group name with ' WHEN the stack is built THEN it is reported at the exclusion", () => {
    const yaml = `${BG}adminWorkstation:\n  excluded:\n    - group: O'Brien Admins\n`;
    expect(fileProblems(yaml)).toEqual([expect.stringMatching(/^adminWorkstation\.excluded\[0\]\.group: cannot look up the group .* \(line 12, column 7\)$/)]);
  });

  test("GIVEN groups by object id and names without ' WHEN the stack is built THEN there is no problem", () => {
    const yaml = `${BG}roles:\n  - entraRole: Reports Reader\n    delivery: group\n    groupName: sg-pim-useradmin\n    eligible:\n      - group: 9b1c7d3e-1111-4222-8333-444455556666\n      - group: Service Desk Leads\n`;
    expect(fileProblems(yaml)).toEqual([]);
  });
});

describe("user principal names of look-alike or invisible characters (issue 13, item 5)", () => {
  test.each([
    ["a Cyrillic а for a Latin a", "\u0430dele@contoso.com", /which has "а" \(U\+0430\) at position 1/],
    ["a zero-width space", "adele\u200b@contoso.com", /which has "\u200b" \(U\+200B\) at position 6/],
    ["a full-width @", "adele\uff20contoso.com", /must be an object id \(GUID\) or a user principal name|U\+FF20/],
  ])("refuses %s for every principal, not only break-glass accounts", (_what, upn, message) => {
    const stack = new TerraformStack(Testing.app(), "upn");
    expect(() => new JitRole(stack, "Role", { role: Role.entra("Reports Reader"), eligible: [{ user: upn }] })).toThrow(message);
  });
  test("accepts every character Entra allows", () => {
    const stack = new TerraformStack(Testing.app(), "upn");
    expect(() => new JitRole(stack, "Role", { role: Role.entra("Reports Reader"), eligible: [{ user: "o'neil.a-b_c!d#e^f~g@sub-1.contoso.com" }] })).not.toThrow();
  });
});
