import { TerraformIterator, TerraformStack, TerraformVariable } from "cdktf";
import { AuthenticationStrengths, BreakGlassAccount, BreakGlassRegistry, EntraRoles, JitRole, JitRoleProps, Role, RoleSettings } from "../../constructs";
import { PrincipalDirectory } from "../../constructs/principal-directory";
import { principal } from "../../constructs/principals";
import {
  AppRoleAssignment,
  AuthenticationStrengthPolicy,
  AzureRoleAssignment,
  DataAzureadUser,
  PrivilegedAccessGroupEligibilitySchedule,
  DirectoryRoleAssignment,
  Group,
  GroupMember,
  MsgraphResource,
  MsgraphUpdateResource,
  ensureAzurerm,
  ensureMsgraph,
} from "../../constructs/providers";
import { PrivilegedAccessChecks } from "../../constructs/checks";
import { StackModel } from "../../constructs/checks/model";
import { AdminWorkstationPolicy } from "../../constructs/admin-workstation-policy";
import { APPROVERS, BREAK_GLASS, GA, GA_ROLE, LEGACY_BLOCK, PHISHING_RESISTANT, PRA, TestBreakGlass, check, policy, tenant } from "./helpers";

const OBJECT_ID = "11111111-2222-4333-8444-555555555555";
const ROLE_ID = (stack: TerraformStack, name: string) => new TerraformVariable(stack, name, { type: "string" }).stringValue;

/** Asserts the rule's findings (details matched in order) and, for errors, that synthesis failed naming the rule. */
function expectFindings(result: ReturnType<typeof check>, rule: string, details: RegExp[]): void {
  const found = result.of(rule);
  expect(found.map((f) => f.detail)).toEqual(details.map((d) => expect.stringMatching(d)));
  const level = PrivilegedAccessChecks.rules.find((r) => r.id === rule)?.level ?? "error";
  if (level === "error") expect(result.synthError?.message).toContain(rule);
  else expect(result.synthError).toBeUndefined();
}

describe("Compliance: the compliant tenant", () => {
  const result = check(tenant());
  test.each([...PrivilegedAccessChecks.rules.map((r) => r.id), PrivilegedAccessChecks.ruleError.id])("%s finds nothing", (id) => {
    expect(result.of(id)).toEqual([]);
  });
  test("synthesizes", () => expect(result.synthError).toBeUndefined());
});

describe("PAC-GA-COUNT", () => {
  test("Noncompliance 1: one holder", () => {
    expectFindings(check(tenant({ breakGlass: [BREAK_GLASS[0]], ga: null })), "PAC-GA-COUNT", [
      /^1 principal holds Global Administrator \(user:bg-01@contoso\.onmicrosoft\.com\); between 2 and 8 are required$/,
    ]);
  });
  test("Noncompliance 2: nine holders (break-glass and eligible users counted together)", () => {
    const eligible = ["a", "b", "c", "d", "e", "f", "g"].map((u) => ({ user: `${u}@contoso.com`, expires: "P90D" }));
    expectFindings(check(tenant({ ga: { ...GA_ROLE, eligible } })), "PAC-GA-COUNT", [/^9 principals hold Global Administrator \(.*user:g@contoso\.com.*\); between 2 and 8/]);
  });
  test("Noncompliance 3: a raw grant whose principal is a variable cannot be counted", () => {
    const extra = (stack: TerraformStack) =>
      void new DirectoryRoleAssignment(stack, "Legacy", { roleId: GA, principalObjectId: ROLE_ID(stack, "who"), directoryScopeId: "/" });
    expectFindings(check(tenant({ extra })), "PAC-GA-COUNT", [/^test\/Legacy may grant Global Administrator to principals that cannot be counted at synth .*var\.who/]);
  });
  test("Noncompliance 4: a raw grant repeated with for_each cannot be counted", () => {
    const extra = (stack: TerraformStack) => {
      const it = TerraformIterator.fromList([OBJECT_ID]);
      new DirectoryRoleAssignment(stack, "Many", { forEach: it, roleId: GA, principalObjectId: it.value, directoryScopeId: "/" });
    };
    expectFindings(check(tenant({ extra })), "PAC-GA-COUNT", [/^test\/Many may grant Global Administrator to principals that cannot be counted at synth \(role "62e90394-69f5-4237-9190-012177145e10", principal for_each/]);
  });
  test("Noncompliance 5: standing members and owners of the group that holds it count, through nested groups too (the access graph)", () => {
    const id = (n: number) => `0000000${n}-1111-4222-8333-444444444444`;
    const extra = (stack: TerraformStack) => {
      const ga = stack.node.findChild("GlobalAdministrator") as JitRole;
      for (const n of [1, 2, 3]) new GroupMember(stack, `Member${n}`, { groupObjectId: ga.group!.objectId, memberObjectId: id(n) });
      const escalation = new Group(stack, "Escalation", { displayName: "Escalation", securityEnabled: true, owners: [id(4), id(5)] });
      new GroupMember(stack, "Nested", { groupObjectId: ga.group!.objectId, memberObjectId: escalation.objectId });
    };
    const result = check(tenant({ extra }));
    expectFindings(result, "PAC-GA-COUNT", [
      /^10 principals hold Global Administrator \(objectId:\$\{azuread_group\.escalation\.object_id\}, objectId:00000001-.*objectId:00000005-1111-4222-8333-444444444444, user:alice@contoso\.com, user:bg-01@contoso\.onmicrosoft\.com, user:bg-02@contoso\.onmicrosoft\.com, user:bob@contoso\.com\); between 2 and 8/,
    ]);
    const owners = new StackModel(result.stack).access.holdersOf(`entra:${GA}`).filter((e) => e.via === "owner");
    expect(owners.map((e) => [e.principal, e.standing, e.through])).toEqual([
      [`objectId:${id(4)}`, true, ["Escalation", "PIM Global Administrator"]],
      [`objectId:${id(5)}`, true, ["Escalation", "PIM Global Administrator"]],
    ]);
  });
  test("Noncompliance 6: eligible owners of a PIM group that holds it, and a raw PIM for Groups schedule into it, count", () => {
    const eligible = [{ user: "alice@contoso.com", expires: "P90D" }, { group: "Tier0 GA", expires: "P90D" }];
    const extra = (stack: TerraformStack) => {
      const owners = ["o1", "o2", "o3", "o4", "o5"].map((u) => ({ user: `${u}@contoso.com`, expires: "P30D" }));
      new JitRole(stack, "Tier0Owners", { role: Role.pimGroup("Tier0 GA", "owner", 0), eligible: owners, settings: RoleSettings.highlyPrivileged(APPROVERS) });
      const group = PrincipalDirectory.of(stack).objectId(principal({ group: "Tier0 GA" }, "group"));
      new PrivilegedAccessGroupEligibilitySchedule(stack, "Sideways", { groupId: group, principalId: OBJECT_ID, assignmentType: "member", duration: "P30D" });
    };
    const result = check(tenant({ ga: { ...GA_ROLE, eligible }, extra }));
    expectFindings(result, "PAC-GA-COUNT", [/^10 principals hold Global Administrator \(group:Tier0 GA, objectId:11111111-2222-4333-8444-555555555555, user:alice@contoso\.com, user:bg-01.*user:o5@contoso\.com\); between 2 and 8/]);
    const viaGroup = new StackModel(result.stack).access.holdersOf(`entra:${GA}`).filter((e) => e.through.length > 0);
    expect(viaGroup.map((e) => `${e.principal} ${e.via} ${e.standing ? "standing" : "eligible"}`)).toEqual([
      "objectId:11111111-2222-4333-8444-555555555555 member eligible",
      ...["o1", "o2", "o3", "o4", "o5"].map((u) => `user:${u}@contoso.com owner eligible`),
    ]);
  });
  test("Compliance 2: members and owners of groups that hold no role are not counted", () => {
    const extra = (stack: TerraformStack) => {
      const plain = new Group(stack, "Plain", { displayName: "Plain", securityEnabled: true, owners: [OBJECT_ID] });
      new GroupMember(stack, "PlainMember", { groupObjectId: plain.objectId, memberObjectId: "00000009-1111-4222-8333-444444444444" });
    };
    expect(check(tenant({ extra })).of("PAC-GA-COUNT")).toEqual([]);
  });
  test("Compliance: eight holders", () => {
    const eligible = ["a", "b", "c", "d", "e", "f"].map((u) => ({ user: `${u}@contoso.com`, expires: "P90D" }));
    expect(check(tenant({ ga: { ...GA_ROLE, eligible } })).of("PAC-GA-COUNT")).toEqual([]);
  });
});

describe("PAC-GA-GROUP", () => {
  test("Noncompliance: an eligible group is counted as one, with a warning", () => {
    const eligible = [{ user: "alice@contoso.com", expires: "P90D" }, { group: "Tier0 Admins", expires: "P90D" }];
    expectFindings(check(tenant({ ga: { ...GA_ROLE, eligible } })), "PAC-GA-GROUP", [/^group "Tier0 Admins" holds Global Administrator and is counted as one principal/]);
  });
});

describe("PAC-PERMANENT-ACTIVE", () => {
  const permanent = RoleSettings.highlyPrivileged({ ...APPROVERS, activeAssignment: { expirationRequired: false } });
  test("Noncompliance 1: a JitRole active assignment without an end", () => {
    const ga = { ...GA_ROLE, settings: permanent, active: [{ user: "carol@contoso.com" }] };
    expectFindings(check(tenant({ ga })), "PAC-PERMANENT-ACTIVE", [/^user:carol@contoso\.com is actively assigned Global Administrator with no end date$/]);
  });
  test("Noncompliance 2: a raw directory role assignment of a highly privileged role", () => {
    const extra = (stack: TerraformStack) => void new DirectoryRoleAssignment(stack, "Raw", { roleId: PRA, principalObjectId: OBJECT_ID, directoryScopeId: "/" });
    expectFindings(check(tenant({ extra })), "PAC-PERMANENT-ACTIVE", [
      new RegExp(`^${OBJECT_ID} holds Privileged Role Administrator through a permanent active assignment outside JitRole and BreakGlassAccount$`),
    ]);
  });
  test("Noncompliance 3: a raw assignment whose role is a variable fails closed", () => {
    const extra = (stack: TerraformStack) => void new DirectoryRoleAssignment(stack, "Raw", { roleId: ROLE_ID(stack, "role"), principalObjectId: OBJECT_ID, directoryScopeId: "/" });
    expectFindings(check(tenant({ extra })), "PAC-PERMANENT-ACTIVE", [/holds a role that cannot be read at synth \(\$\{var\.role\} \(not known at synth\)\), possibly highly privileged/]);
  });
  test("Compliance: time-bound active assignments and raw grants of other roles", () => {
    const ga = { ...GA_ROLE, active: [{ user: "carol@contoso.com", expires: "P7D" }] };
    const extra = (stack: TerraformStack) =>
      void new DirectoryRoleAssignment(stack, "Reader", { roleId: Role.entra("Reports Reader").templateId as string, principalObjectId: OBJECT_ID, directoryScopeId: "/" });
    expect(check(tenant({ ga, extra })).of("PAC-PERMANENT-ACTIVE")).toEqual([]);
  });
});

describe("PAC-PIM-ONLY", () => {
  test("Noncompliance 1: Global Administrator assigned by a raw resource", () => {
    const extra = (stack: TerraformStack) => void new DirectoryRoleAssignment(stack, "Raw", { roleId: GA, principalObjectId: OBJECT_ID, directoryScopeId: "/" });
    const result = check(tenant({ extra }));
    expectFindings(result, "PAC-PIM-ONLY", [new RegExp(`^Global Administrator is granted to ${OBJECT_ID} directly, not through PIM eligibility$`)]);
    expect(result.of("PAC-PIM-ONLY")[0].path).toBe("test/Raw");
  });
  test("Noncompliance 2: a Graph role assignment through msgraph_resource", () => {
    const extra = (stack: TerraformStack) => {
      ensureMsgraph(stack);
      new MsgraphResource(stack, "GraphAssignment", {
        url: "roleManagement/directory/roleAssignments",
        body: { principalId: OBJECT_ID, roleDefinitionId: PRA, directoryScopeId: "/" },
      });
    };
    expectFindings(check(tenant({ extra })), "PAC-PIM-ONLY", [/^Privileged Role Administrator is granted to 1111/]);
  });
  test("Compliance: the break-glass and group-delivery assignments are the library's", () => {
    const result = check(tenant());
    const assignments = result.stack.node.findAll().filter((c) => c instanceof DirectoryRoleAssignment);
    expect(assignments.length).toBe(3);
    expect(result.of("PAC-PIM-ONLY")).toEqual([]);
  });
});

describe("raw grants beyond SCuBA's eight roles and by reference (issue 13, items 1 and 3)", () => {
  test("Noncompliance 1: a role id given by reference fails closed instead of passing", () => {
    const extra = (stack: TerraformStack) =>
      void new DirectoryRoleAssignment(stack, "ByReference", { roleId: "${azuread_directory_role.ga.template_id}", principalObjectId: OBJECT_ID, directoryScopeId: "/" });
    expectFindings(check(tenant({ extra })), "PAC-PIM-ONLY", [/^the role \$\{azuread_directory_role\.ga\.template_id\}, given by reference \(possibly highly privileged/]);
  });
  test("Noncompliance 2: a Microsoft-privileged role outside SCuBA's eight (Authentication Administrator) assigned directly", () => {
    const extra = (stack: TerraformStack) =>
      void new DirectoryRoleAssignment(stack, "AuthAdmin", { roleId: EntraRoles.AUTHENTICATION_ADMINISTRATOR.templateId, principalObjectId: OBJECT_ID, directoryScopeId: "/" });
    expectFindings(check(tenant({ extra })), "PAC-PIM-ONLY", [/^Authentication Administrator is granted to 1111/]);
  });
  test("Compliance: a direct grant of a role that is neither tier 0 nor privileged (Reports Reader)", () => {
    const extra = (stack: TerraformStack) =>
      void new DirectoryRoleAssignment(stack, "Reader", { roleId: "4a5d8f65-41da-4de4-8968-e035b65339cf", principalObjectId: OBJECT_ID, directoryScopeId: "/" });
    expect(check(tenant({ extra })).of("PAC-PIM-ONLY")).toEqual([]);
  });
});

describe("PAC-GA-APPROVAL", () => {
  test("Noncompliance: Global Administrator activation without approval", () => {
    const ga = { ...GA_ROLE, settings: RoleSettings.highlyPrivileged({ activation: { requireApproval: false } }) };
    expectFindings(check(tenant({ ga })), "PAC-GA-APPROVAL", [/^activation of Global Administrator does not require approval/]);
  });
});

describe("PAC-ACTIVATION-MFA", () => {
  /** A Graph Conditional Access policy targeting authentication context c5, as AdminWorkstationPolicy writes it. */
  const contextPolicy = (state: string, more: { excludeUsers?: string[]; includeUsers?: string[] } = {}) => (stack: TerraformStack) => {
    ensureMsgraph(stack);
    new MsgraphResource(stack, `Context${state}`, {
      url: "identity/conditionalAccess/policies",
      body: {
        displayName: `Context c5 (${state})`,
        state,
        conditions: {
          clientAppTypes: ["all"],
          applications: { includeAuthenticationContextClassReferences: ["c5"] },
          users: {
            includeUsers: more.includeUsers ?? ["All"],
            // One token per account (a list token cannot be extended with literals).
            excludeUsers: [...stack.node.findAll().filter((c): c is TestBreakGlass => c instanceof TestBreakGlass).map((b) => b.objectId), ...(more.excludeUsers ?? [])],
          },
        },
        grantControls: { operator: "OR", authenticationStrength: { id: AuthenticationStrengths.PHISHING_RESISTANT_MFA.id } },
      },
    });
  };
  const withContext = { ...GA_ROLE, settings: RoleSettings.highlyPrivileged({ activation: { authenticationContext: "c5", approvers: [{ group: "PIM Approvers" }] } }) };
  const ALICE = '${data.azuread_user.principal_users["alice@contoso.com"].object_id}';

  test("Noncompliance 1: the context replaces MFA but no policy of the stack targets it", () => {
    expectFindings(check(tenant({ ga: withContext })), "PAC-ACTIVATION-MFA", [
      /^activation of Global Administrator requires authentication context c5 instead of MFA, and no Conditional Access policy of the stack targets c5: activation has no MFA$/,
    ]);
  });
  test("Noncompliance 2: the context's policy is report-only (the shipped example's old rollout)", () => {
    expectFindings(check(tenant({ ga: withContext, extra: contextPolicy("enabledForReportingButNotEnforced") })), "PAC-ACTIVATION-MFA", [
      /no enabled policy protects it: "Context c5 \(enabledForReportingButNotEnforced\)" is enabledForReportingButNotEnforced$/,
    ]);
  });
  test("Noncompliance 3: the enabled policy excludes an eligible user", () => {
    expectFindings(check(tenant({ ga: withContext, extra: contextPolicy("enabled", { excludeUsers: [ALICE] }) })), "PAC-ACTIVATION-MFA", [
      /"Context c5 \(enabled\)" excludes eligible user:alice@contoso\.com$/,
    ]);
  });
  test("Noncompliance 4: neither MFA nor a context", () => {
    const ga = { ...GA_ROLE, settings: RoleSettings.highlyPrivileged({ activation: { requireMfa: false, approvers: [{ group: "PIM Approvers" }] } }) };
    expectFindings(check(tenant({ ga })), "PAC-ACTIVATION-MFA", [/^activation of Global Administrator requires neither MFA nor an authentication context$/]);
  });
  test("Noncompliance 5: a policy that includes only some users does not cover activation", () => {
    expectFindings(check(tenant({ ga: withContext, extra: contextPolicy("enabled", { includeUsers: ["${azuread_user.someone.object_id}"] }) })), "PAC-ACTIVATION-MFA", [
      /"Context c5 \(enabled\)" does not include all users$/,
    ]);
  });
  test("Compliance 1: an enabled policy for all users targets the context", () => {
    expect(check(tenant({ ga: withContext, extra: contextPolicy("enabled") })).of("PAC-ACTIVATION-MFA")).toEqual([]);
  });
  test("Compliance 2: activation requires MFA (the presets do)", () => {
    expect(check(tenant()).of("PAC-ACTIVATION-MFA")).toEqual([]);
  });
});

describe("PAC-APPROVER-SELF", () => {
  test("Noncompliance 1: the approver group is also eligible", () => {
    const ga = { ...GA_ROLE, eligible: [...(GA_ROLE.eligible ?? []), { group: "PIM Approvers", expires: "P90D" }] };
    expectFindings(check(tenant({ ga })), "PAC-APPROVER-SELF", [/^approver group "PIM Approvers" is also eligible for Global Administrator: its members approve one another$/]);
  });
  test("Noncompliance 2: the only approver is an eligible user", () => {
    const ga = { ...GA_ROLE, settings: RoleSettings.highlyPrivileged({ activation: { approvers: [{ user: "alice@contoso.com" }] } }) };
    expectFindings(check(tenant({ ga })), "PAC-APPROVER-SELF", [/^the only approver, user:alice@contoso\.com, is also eligible for Global Administrator/]);
  });
  test("Noncompliance 3: case does not hide an eligible approver group", () => {
    const ga = { ...GA_ROLE, eligible: [...(GA_ROLE.eligible ?? []), { group: "pim approvers", expires: "P180D" }] };
    expectFindings(check(tenant({ ga })), "PAC-APPROVER-SELF", [/^approver group "PIM Approvers" is also eligible for Global Administrator/]);
  });
  test("Noncompliance 4: the approver group is the group that holds the role (group delivery)", () => {
    const ga = { ...GA_ROLE, groupName: "PIM Global Admins", settings: RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Global Admins" }] } }) };
    expectFindings(check(tenant({ ga })), "PAC-APPROVER-SELF", [/^approver group "PIM Global Admins" is the group that holds Global Administrator: its members approve activations of their own role$/]);
  });
  test("Noncompliance 5: every approver is eligible: a ring of mutual approval", () => {
    const ga = { ...GA_ROLE, settings: RoleSettings.highlyPrivileged({ activation: { approvers: [{ user: "Alice@Contoso.com" }, { user: "bob@contoso.com" }] } }) };
    expectFindings(check(tenant({ ga })), "PAC-APPROVER-SELF", [/^every approver of Global Administrator \(user:alice@contoso\.com, user:bob@contoso\.com\) is also eligible: they approve one another's activations$/]);
  });
  test("Compliance: an eligible user among several approvers", () => {
    const ga = { ...GA_ROLE, settings: RoleSettings.highlyPrivileged({ activation: { approvers: [{ user: "alice@contoso.com" }, { user: "carol@contoso.com" }] } }) };
    expect(check(tenant({ ga })).of("PAC-APPROVER-SELF")).toEqual([]);
  });
});

describe("PAC-APPROVER-BREAK-GLASS", () => {
  test("Noncompliance: a break-glass account approves (by UPN, any case)", () => {
    const ga = { ...GA_ROLE, settings: RoleSettings.highlyPrivileged({ activation: { approvers: [{ user: "BG-01@contoso.onmicrosoft.com" }, { group: "PIM Approvers" }] } }) };
    expectFindings(check(tenant({ ga })), "PAC-APPROVER-BREAK-GLASS", [/^break-glass account bg-01@contoso\.onmicrosoft\.com approves activation of Global Administrator$/]);
  });
  test("Compliance: approvers are people and groups", () => {
    expect(check(tenant()).of("PAC-APPROVER-BREAK-GLASS")).toEqual([]);
  });
});

describe("PAC-ALERT-ASSIGNMENT", () => {
  test("Noncompliance 1: eligible assignments notify no monitored mailbox", () => {
    const settings = RoleSettings.highlyPrivileged({ ...APPROVERS, notifications: { ...APPROVERS.notifications, eligibleAssignment: { admin: { additionalRecipients: [] } } } });
    expectFindings(check(tenant({ ga: { ...GA_ROLE, settings } })), "PAC-ALERT-ASSIGNMENT", [/^eligible assignments of Global Administrator notify no monitored mailbox \(settings\.notifications\.eligibleAssignment\.admin/]);
  });
  test("Noncompliance 2: default recipients alone do not count (ScubaGear MS.AAD.7.7 counts notificationRecipients only)", () => {
    const settings = RoleSettings.highlyPrivileged({ activation: APPROVERS.activation });
    expectFindings(check(tenant({ ga: { ...GA_ROLE, settings } })), "PAC-ALERT-ASSIGNMENT", [
      /^active assignments of Global Administrator notify no monitored mailbox/,
      /^eligible assignments of Global Administrator notify no monitored mailbox .*default recipients alone do not count for SCuBA/,
    ]);
  });
  test("Compliance: additional recipients instead of the default ones", () => {
    const off = { admin: { defaultRecipients: false, additionalRecipients: ["soc@contoso.com"] } };
    const settings = RoleSettings.highlyPrivileged({ ...APPROVERS, notifications: { eligibleAssignment: off, activeAssignment: off, activation: off } });
    const result = check(tenant({ ga: { ...GA_ROLE, settings } }));
    expect([...result.of("PAC-ALERT-ASSIGNMENT"), ...result.of("PAC-ALERT-GA-ACTIVATION")]).toEqual([]);
  });
});

describe("PAC-ALERT-GA-ACTIVATION", () => {
  test("Noncompliance: Global Administrator activation notifies no monitored mailbox", () => {
    const settings = RoleSettings.highlyPrivileged({ ...APPROVERS, notifications: { ...APPROVERS.notifications, activation: { admin: { additionalRecipients: [] } } } });
    const result = check(tenant({ ga: { ...GA_ROLE, settings } }));
    expectFindings(result, "PAC-ALERT-GA-ACTIVATION", [/^activation of Global Administrator notifies no monitored mailbox/]);
    expect(result.of("PAC-ALERT-ACTIVATION")).toEqual([]);
  });
});

describe("PAC-ALERT-ACTIVATION", () => {
  const pra = (notifications: object) => (stack: TerraformStack) =>
    void new JitRole(stack, "PrivilegedRoleAdministrator", {
      role: Role.entra("Privileged Role Administrator"),
      delivery: "group",
      eligible: [{ user: "dave@contoso.com", expires: "P90D" }],
      settings: RoleSettings.highlyPrivileged({ ...APPROVERS, notifications }),
    });
  test("Noncompliance: Privileged Role Administrator activation notifies no monitored mailbox (a warning)", () => {
    expectFindings(check(tenant({ extra: pra({ ...APPROVERS.notifications, activation: { admin: { additionalRecipients: [] } } }) })), "PAC-ALERT-ACTIVATION", [
      /^activation of Privileged Role Administrator notifies no monitored mailbox/,
    ]);
  });
  test("Compliance: additional recipients", () => {
    expect(check(tenant({ extra: pra(APPROVERS.notifications) })).findings).toEqual([]);
  });
});

describe("PAC-MFA-PHISHING-RESISTANT", () => {
  test("Noncompliance (ScubaGear's reading): a policy that excludes an application does not cover the role", () => {
    const phishingResistant = { ...PHISHING_RESISTANT, excludedApplications: ["797f4846-ba00-4fd7-ba43-dac1f8f63013"] };
    expectFindings(check(tenant({ phishingResistant })), "PAC-MFA-PHISHING-RESISTANT", [
      /^no enabled Conditional Access policy requires phishing-resistant MFA for Global Administrator/,
    ]);
  });
  test("Noncompliance 1: no policy requires phishing-resistant MFA", () => {
    expectFindings(check(tenant({ phishingResistant: null })), "PAC-MFA-PHISHING-RESISTANT", [/^no enabled Conditional Access policy requires phishing-resistant MFA for Global Administrator$/]);
  });
  test("Noncompliance 2: with operator OR, plain MFA satisfies the grant instead", () => {
    const phishingResistant = { ...PHISHING_RESISTANT, builtInControls: ["mfa"] };
    expectFindings(check(tenant({ phishingResistant })), "PAC-MFA-PHISHING-RESISTANT", [/for Global Administrator$/]);
  });
  test("Noncompliance 3: the MFA strength is not phishing-resistant", () => {
    const phishingResistant = { ...PHISHING_RESISTANT, strength: AuthenticationStrengths.MFA.policyId };
    expectFindings(check(tenant({ phishingResistant })), "PAC-MFA-PHISHING-RESISTANT", [/for Global Administrator$/]);
  });
  test("Noncompliance 4: a strength given by a variable fails closed, naming the policy", () => {
    const extra = (stack: TerraformStack) => void policy(stack, "Variable", { ...PHISHING_RESISTANT, strength: ROLE_ID(stack, "strength") });
    expectFindings(check(tenant({ phishingResistant: null, extra })), "PAC-MFA-PHISHING-RESISTANT", [/cannot be read at synth: "Variable": \$\{var\.strength\}/]);
  });
  test("Noncompliance 6: the policy applies only to high sign-in risk", () => {
    const phishingResistant = { ...PHISHING_RESISTANT, conditions: { signInRiskLevels: ["high"] } };
    expectFindings(check(tenant({ phishingResistant })), "PAC-MFA-PHISHING-RESISTANT", [/for Global Administrator$/]);
  });
  test("Noncompliance 7: the policy excludes a location", () => {
    const conditions = { locations: { includedLocations: ["All"], excludedLocations: ["AllTrusted"] } };
    expectFindings(check(tenant({ phishingResistant: { ...PHISHING_RESISTANT, conditions } })), "PAC-MFA-PHISHING-RESISTANT", [/for Global Administrator$/]);
  });
  test("Compliance: locations of All only do not narrow the policy", () => {
    const conditions = { locations: { includedLocations: ["All"] } };
    expect(check(tenant({ phishingResistant: { ...PHISHING_RESISTANT, conditions } })).findings).toEqual([]);
  });
  test("Compliance: a custom strength of passkeys and Windows Hello, for all users", () => {
    const extra = (stack: TerraformStack) => {
      const strength = new AuthenticationStrengthPolicy(stack, "Strength", { displayName: "Passkeys", allowedCombinations: ["fido2", "windowsHelloForBusiness"] });
      policy(stack, "Custom", { includedUsers: ["All"], strength: strength.id });
    };
    expect(check(tenant({ phishingResistant: null, extra })).findings).toEqual([]);
  });
  test("Noncompliance 5: a custom strength that allows a password with SMS", () => {
    const extra = (stack: TerraformStack) => {
      const strength = new AuthenticationStrengthPolicy(stack, "Strength", { displayName: "Weak", allowedCombinations: ["fido2", "password,sms"] });
      policy(stack, "Custom", { includedUsers: ["All"], strength: strength.id });
    };
    expectFindings(check(tenant({ phishingResistant: null, extra })), "PAC-MFA-PHISHING-RESISTANT", [/for Global Administrator$/]);
  });
});

describe("PAC-MFA-REPORT-ONLY", () => {
  test("Noncompliance: the only phishing-resistant policy is report-only (a warning, not the error)", () => {
    const result = check(tenant({ phishingResistant: { ...PHISHING_RESISTANT, state: "enabledForReportingButNotEnforced" } }));
    expectFindings(result, "PAC-MFA-REPORT-ONLY", [/^the Conditional Access policy that requires phishing-resistant MFA for Global Administrator is report-only/]);
    expect(result.of("PAC-MFA-PHISHING-RESISTANT")).toEqual([]);
  });
});

describe("PAC-LEGACY-AUTH", () => {
  test("Noncompliance: the block applies to Android only", () => {
    const legacy = { ...LEGACY_BLOCK, conditions: { platforms: { includedPlatforms: ["android"] } } };
    expectFindings(check(tenant({ legacy })), "PAC-LEGACY-AUTH", [/for Global Administrator$/]);
  });
  test("Noncompliance 1: no policy blocks legacy authentication", () => {
    expectFindings(check(tenant({ legacy: null })), "PAC-LEGACY-AUTH", [/^no enabled Conditional Access policy blocks legacy authentication for Global Administrator$/]);
  });
  test("Noncompliance 2: a block of Exchange ActiveSync only", () => {
    expectFindings(check(tenant({ legacy: { ...LEGACY_BLOCK, clientAppTypes: ["exchangeActiveSync"] } })), "PAC-LEGACY-AUTH", [/for Global Administrator$/]);
  });
  test("Compliance: a block scoped to the managed highly privileged roles", () => {
    expect(check(tenant({ legacy: { ...LEGACY_BLOCK, includedUsers: undefined, includedRoles: [GA] } })).findings).toEqual([]);
  });
});

describe("PAC-LEGACY-AUTH-REPORT-ONLY", () => {
  test("Noncompliance: the legacy block is report-only (a warning)", () => {
    const result = check(tenant({ legacy: { ...LEGACY_BLOCK, state: "enabledForReportingButNotEnforced" } }));
    expectFindings(result, "PAC-LEGACY-AUTH-REPORT-ONLY", [/blocks legacy authentication for Global Administrator is report-only/]);
  });
});

describe("PAC-CA-BREAK-GLASS-EXCLUDED", () => {
  test("Noncompliance 1: a policy that excludes nobody", () => {
    const extra = (stack: TerraformStack) => void policy(stack, "Risky", { includedRoles: [EntraRoles.CONDITIONAL_ACCESS_ADMINISTRATOR.templateId], builtInControls: ["mfa"], excludedUsers: [] });
    const result = check(tenant({ extra }));
    expectFindings(result, "PAC-CA-BREAK-GLASS-EXCLUDED", [/^"Risky" excludes none of the break-glass accounts \(bg-01@contoso\.onmicrosoft\.com, bg-02@contoso\.onmicrosoft\.com\)$/]);
    expect(result.of("PAC-CA-BREAK-GLASS-EXCLUDED")[0].path).toBe("test/Risky");
  });
  test("Noncompliance 2: exclusions from a variable fail closed", () => {
    const extra = (stack: TerraformStack) => {
      const ids = new TerraformVariable(stack, "excluded", { type: "list(string)" }).listValue;
      policy(stack, "Variable", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: ids });
    };
    expectFindings(check(tenant({ extra })), "PAC-CA-BREAK-GLASS-EXCLUDED", [/^"Variable": excluded_users \$\{var\.excluded\} \(not known at synth\): cannot tell/]);
  });
  test("Noncompliance 3: the stack has no break-glass account to exclude", () => {
    expectFindings(check(tenant({ breakGlass: [] })), "PAC-CA-BREAK-GLASS-EXCLUDED", [/^"BlockLegacy" cannot exclude/, /^"PhishingResistant" cannot exclude a break-glass account: the stack has none/]);
  });
  test("Noncompliance 4: an excluded group the stack does not show to hold a break-glass account", () => {
    const extra = (stack: TerraformStack) =>
      void policy(stack, "ByGroup", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: [], excludedGroups: ["0d9b5e7f-3c1a-4b2e-8f6d-5a4c3b2a1f0e"] });
    expectFindings(check(tenant({ extra })), "PAC-CA-BREAK-GLASS-EXCLUDED", [
      /^"ByGroup" excludes none of the break-glass accounts \(.*\); the stack does not show a break-glass account in its excluded group\(s\) 0d9b5e7f-3c1a-4b2e-8f6d-5a4c3b2a1f0e$/,
    ]);
  });
  test("Noncompliance 5: a policy changed with msgraph_update_resource is read, and what its body leaves out fails closed", () => {
    const extra = (stack: TerraformStack) => {
      ensureMsgraph(stack);
      new MsgraphUpdateResource(stack, "Patched", {
        url: "identity/conditionalAccess/policies/7c9e6679-7425-40de-944b-e07fc1f90ae7",
        body: { displayName: "Patched", state: "enabled", conditions: { users: { excludeUsers: [] } } },
      });
      new MsgraphUpdateResource(stack, "StateOnly", { url: "identity/conditionalAccess/policies/0d9b5e7f-3c1a-4b2e-8f6d-5a4c3b2a1f0e", body: { displayName: "StateOnly", state: "enabled" } });
    };
    expectFindings(check(tenant({ extra })), "PAC-CA-BREAK-GLASS-EXCLUDED", [
      /^"Patched" excludes none of the break-glass accounts/,
      /^"StateOnly": excluded_users excludeUsers not in the body of msgraph_update_resource test\/StateOnly: the tenant's value \(not known at synth\): cannot tell/,
    ]);
  });
  test("Compliance 2: excluding a group that holds a break-glass account (Maester MT.1005), by members or by group membership", () => {
    const extra = (stack: TerraformStack) => {
      const bg = stack.node.findChild("BreakGlass1") as TestBreakGlass;
      const withMembers = new Group(stack, "EmergencyAccess", { displayName: "Emergency access", securityEnabled: true, members: [bg.objectId] });
      policy(stack, "ByMembers", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: [], excludedGroups: [withMembers.objectId] });
      const existing = "0d9b5e7f-3c1a-4b2e-8f6d-5a4c3b2a1f0e";
      new GroupMember(stack, "EmergencyMember", { groupObjectId: existing, memberObjectId: bg.objectId });
      policy(stack, "ByMembership", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: [], excludedGroups: [existing.toUpperCase()] });
    };
    expect(check(tenant({ extra })).of("PAC-CA-BREAK-GLASS-EXCLUDED")).toEqual([]);
  });
  test("Noncompliance 6: a policy that targets every break-glass account excludes none (Maester MT.1005 counts it too)", () => {
    const extra = (stack: TerraformStack) =>
      void policy(stack, "BreakGlassSignIn", { includedUsers: BreakGlassRegistry.of(stack).excludedUserIds(), excludedUsers: [], strength: PHISHING_RESISTANT.strength });
    const result = check(tenant({ extra }));
    expectFindings(result, "PAC-CA-BREAK-GLASS-EXCLUDED", [/^"BreakGlassSignIn" excludes none of the break-glass accounts \(bg-01@contoso\.onmicrosoft\.com, bg-02@contoso\.onmicrosoft\.com\)$/]);
  });
  test("Compliance: a policy that targets all break-glass accounts but one and excludes that one, disabled and workload identity policies", () => {
    const extra = (stack: TerraformStack) => {
      const [first, second] = ["BreakGlass1", "BreakGlass2"].map((id) => stack.node.findChild(id) as TestBreakGlass);
      policy(stack, "BreakGlassSignIn", { includedUsers: [second.objectId], excludedUsers: [first.objectId], strength: PHISHING_RESISTANT.strength });
      policy(stack, "Draft", { state: "disabled", includedUsers: ["All"], builtInControls: ["block"], excludedUsers: [] });
      policy(stack, "Workloads", { includedUsers: ["None"], builtInControls: ["block"], excludedUsers: [] });
    };
    expect(check(tenant({ extra })).findings).toEqual([]);
  });
});

describe("PAC-CA-LOCKOUT", () => {
  test("Noncompliance 1: an all-users block that excludes only one break-glass account", () => {
    const extra = (stack: TerraformStack) => {
      const bg = stack.node.findChild("BreakGlass1") as TestBreakGlass;
      policy(stack, "BlockAll", { includedUsers: ["All"], builtInControls: ["block"], excludedUsers: [bg.objectId] });
    };
    const result = check(tenant({ extra }));
    expectFindings(result, "PAC-CA-LOCKOUT", [/^"BlockAll" enforces controls on all users without excluding break-glass account\(s\) bg-02@contoso\.onmicrosoft\.com$/]);
    expect(result.of("PAC-CA-BREAK-GLASS-EXCLUDED")).toEqual([]);
  });
  test("Noncompliance 2: a compliant-device requirement for Global Administrators without exclusions", () => {
    const extra = (stack: TerraformStack) => void policy(stack, "Devices", { includedRoles: [GA], builtInControls: ["compliantDevice"], excludedUsers: [] });
    expectFindings(check(tenant({ extra })), "PAC-CA-LOCKOUT", [/^"Devices" enforces controls on Global Administrators without excluding break-glass account\(s\) bg-01@contoso\.onmicrosoft\.com, bg-02/]);
  });
  test("Noncompliance 4: a policy that reaches the accounts through an included group that holds one, or names one among other users", () => {
    const extra = (stack: TerraformStack) => {
      const bg = stack.node.findChild("BreakGlass1") as TestBreakGlass;
      const holders = new Group(stack, "Emergency", { displayName: "Emergency", securityEnabled: true, members: [bg.objectId] });
      policy(stack, "ByGroup", { includedGroups: [holders.objectId], builtInControls: ["compliantDevice"], excludedUsers: [] });
      policy(stack, "Named", { includedUsers: [OBJECT_ID, bg.objectId], builtInControls: ["mfa"], excludedUsers: [] });
    };
    expectFindings(check(tenant({ extra })), "PAC-CA-LOCKOUT", [
      /^"ByGroup" enforces controls on the group \$\{azuread_group\.Emergency\.object_id\} \(it holds a break-glass account\) without excluding break-glass account\(s\) bg-01@contoso\.onmicrosoft\.com, bg-02/,
      /^"Named" enforces controls on break-glass account\(s\) bg-01@contoso\.onmicrosoft\.com among other users without excluding/,
    ]);
  });
  test("Compliance 2: an included group the stack does not show to hold a break-glass account", () => {
    const extra = (stack: TerraformStack) => {
      const ops = new Group(stack, "Ops", { displayName: "Ops", securityEnabled: true, members: [OBJECT_ID] });
      policy(stack, "OpsOnly", { includedGroups: [ops.objectId], builtInControls: ["block"], excludedUsers: [] });
    };
    expect(check(tenant({ extra })).of("PAC-CA-LOCKOUT")).toEqual([]);
  });
  test("Noncompliance 3: naming a break-glass account beside All does not make a block the break-glass policy", () => {
    const extra = (stack: TerraformStack) => {
      const bg = stack.node.findChild("BreakGlass1") as TestBreakGlass;
      policy(stack, "BlockAllAndOne", { includedUsers: ["All", bg.objectId], builtInControls: ["block"], excludedUsers: [] });
    };
    const result = check(tenant({ extra }));
    expectFindings(result, "PAC-CA-LOCKOUT", [/^"BlockAllAndOne" enforces controls on all users without excluding break-glass account\(s\) bg-01@contoso\.onmicrosoft\.com, bg-02/]);
    expectFindings(result, "PAC-CA-BREAK-GLASS-EXCLUDED", [/^"BlockAllAndOne" excludes none of the break-glass accounts/]);
  });
  test("Compliance: report-only policies and policies for other roles cannot lock the break-glass accounts out", () => {
    const extra = (stack: TerraformStack) => {
      const bg = stack.node.findChild("BreakGlass1") as TestBreakGlass;
      policy(stack, "ReportOnly", { state: "enabledForReportingButNotEnforced", includedUsers: ["All"], builtInControls: ["block"], excludedUsers: [bg.objectId] });
      policy(stack, "Exchange", { includedRoles: [EntraRoles.EXCHANGE_ADMINISTRATOR.templateId], builtInControls: ["compliantDevice"], excludedUsers: [bg.objectId] });
    };
    expect(check(tenant({ extra })).findings).toEqual([]);
  });
});

describe("PAC-BREAK-GLASS-COUNT", () => {
  test("Noncompliance: one break-glass account", () => {
    const result = check(tenant({ breakGlass: [BREAK_GLASS[0]], ga: { ...GA_ROLE, eligible: [...(GA_ROLE.eligible ?? []), { user: "carol@contoso.com", expires: "P90D" }] } }));
    expectFindings(result, "PAC-BREAK-GLASS-COUNT", [/^the stack has 1 break-glass account \(bg-01@contoso\.onmicrosoft\.com\); at least 2 are required$/]);
  });
});

describe("PAC-BREAK-GLASS-ALERT", () => {
  test("Noncompliance: accounts without a sign-in alert, one finding each", () => {
    const result = check(tenant({ alerted: false }));
    expectFindings(result, "PAC-BREAK-GLASS-ALERT", [/^no sign-in alert covers bg-01@/, /^no sign-in alert covers bg-02@/]);
    expect(result.of("PAC-BREAK-GLASS-ALERT").map((f) => f.path)).toEqual(["test/BreakGlass1", "test/BreakGlass2"]);
  });
});

describe("PAC-ACTIVATION-DURATION", () => {
  test("Noncompliance: a tier-0 role activating for 2 hours (a warning)", () => {
    const settings = RoleSettings.highlyPrivileged({ ...APPROVERS, activation: { ...APPROVERS.activation, maximumDuration: "PT2H" } });
    expectFindings(check(tenant({ ga: { ...GA_ROLE, settings } })), "PAC-ACTIVATION-DURATION", [/^Global Administrator \(tier 0\) activates for up to PT2H, longer than the highlyPrivileged preset's PT1H$/]);
  });
  test("Compliance: 30 minutes", () => {
    const settings = RoleSettings.highlyPrivileged({ ...APPROVERS, activation: { ...APPROVERS.activation, maximumDuration: "PT30M" } });
    expect(check(tenant({ ga: { ...GA_ROLE, settings } })).findings).toEqual([]);
  });
});

describe("PAC-ELIGIBLE-EXPIRY", () => {
  test("Noncompliance 1: permanent eligibility through a group (a warning)", () => {
    const ga = { ...GA_ROLE, eligible: [{ user: "alice@contoso.com" }, { user: "bob@contoso.com", expires: "P90D" }] };
    expectFindings(check(tenant({ ga })), "PAC-ELIGIBLE-EXPIRY", [/^user:alice@contoso\.com is eligible for Global Administrator with no end date$/]);
  });
  test("Noncompliance 2: direct delivery, which cannot expire, says how to fix it", () => {
    const ga = { role: GA_ROLE.role, eligible: [{ user: "alice@contoso.com" }, { user: "bob@contoso.com" }], settings: GA_ROLE.settings };
    expectFindings(check(tenant({ ga })), "PAC-ELIGIBLE-EXPIRY", [/use delivery: "group"/, /use delivery: "group"/]);
  });
});

describe("PAC-RULE-ERROR", () => {
  test("Noncompliance: a rule that throws becomes an error finding on the construct (fail closed)", () => {
    class Broken extends TestBreakGlass {
      public override get alerted(): boolean {
        throw new Error("alerting state unavailable");
      }
    }
    const extra = (stack: TerraformStack) => void new Broken(stack, "Broken", "bg-03@contoso.onmicrosoft.com");
    const result = check(tenant({ extra }));
    expectFindings(result, "PAC-RULE-ERROR", [/^PAC-BREAK-GLASS-ALERT failed: alerting state unavailable$/]);
    expect(result.of("PAC-RULE-ERROR")[0].path).toBe("test/Broken");
  });
});

describe("allowEnforceWithoutBreakGlass warns instead of failing synth (issue 13, item 6)", () => {
  const enforced = (allowEnforceWithoutBreakGlass: boolean) => (stack: TerraformStack) =>
    void new AdminWorkstationPolicy(stack, "AdminWorkstation", { state: "enabled", allowEnforceWithoutBreakGlass });
  const BREAK_GLASS_RULES = ["PAC-BREAK-GLASS-COUNT", "PAC-CA-BREAK-GLASS-EXCLUDED", "PAC-CA-LOCKOUT"];

  test("Noncompliance: without the opt-out, enforcing with no break-glass account fails synth", () => {
    // The construct refuses it itself, before the checks.
    const result = check(tenant({ breakGlass: [], extra: enforced(false) }));
    expect(result.synthError?.message).toMatch(/state: is "enabled" but the stack has no break-glass account/);
  });
  test("Compliance: with the opt-out, the break-glass checks do not apply and the construct warns", () => {
    const result = check(tenant({ breakGlass: [], extra: enforced(true) }));
    for (const id of BREAK_GLASS_RULES) expect(result.of(id)).toEqual([]);
    expect(result.synthError).toBeUndefined();
    const awp = result.stack.node.findChild("AdminWorkstation");
    expect(awp.node.metadata.map((m) => String(m.data))).toEqual([expect.stringMatching(/^Enforcing admin Conditional Access without a break-glass account/)]);
  });
  test("Compliance: the opt-out changes nothing when the stack has break-glass accounts", () => {
    const result = check(tenant({ breakGlass: [BREAK_GLASS[0]], extra: enforced(true) }));
    expect(result.of("PAC-BREAK-GLASS-COUNT").map((f) => f.detail)).toEqual([expect.stringMatching(/^the stack has 1 break-glass account/)]);
  });
});

describe("scope beyond SCuBA's eight roles (issue 13, item 3)", () => {
  const MG = "/providers/Microsoft.Management/managementGroups/contoso-platform";
  const role = (id: string, props: Partial<JitRoleProps> & Pick<JitRoleProps, "role">) => (stack: TerraformStack) =>
    void new JitRole(stack, id, { eligible: [{ group: "Platform Owners", expires: "P90D" }], ...props });

  test("Noncompliance 1: Azure Owner at a management group is alerted on like a highly privileged Entra role", () => {
    const extra = role("Owner", { role: Role.azure("Owner", MG), settings: RoleSettings.highlyPrivileged({ activation: APPROVERS.activation }) });
    expectFindings(check(tenant({ extra })), "PAC-ALERT-ASSIGNMENT", [/^active assignments of Owner at \/providers\/Microsoft\.Management/, /^eligible assignments of Owner at/]);
  });
  test("Noncompliance 2: a tier-0 PIM group's permanent active assignment", () => {
    const extra = role("Ops", { role: Role.pimGroup("Tier0 Operators", "member", 0), active: [{ user: "carol@contoso.com" }], settings: RoleSettings.highlyPrivileged({ ...APPROVERS, activeAssignment: { expirationRequired: false } }) });
    expectFindings(check(tenant({ extra })), "PAC-PERMANENT-ACTIVE", [/^user:carol@contoso\.com is actively assigned Tier0 Operators \(member\) with no end date$/]);
  });
  test("Noncompliance 3: a Microsoft-privileged Entra role outside SCuBA's eight (Authentication Administrator) with permanent eligibility warns", () => {
    const extra = role("AuthAdmin", { role: Role.entra("Authentication Administrator"), eligible: [{ user: "erin@contoso.com" }], settings: RoleSettings.privileged(APPROVERS) });
    expectFindings(check(tenant({ extra })), "PAC-ELIGIBLE-EXPIRY", [/^user:erin@contoso\.com is eligible for Authentication Administrator with no end date/]);
  });
  test("Compliance: Owner of a subscription and a tier-1 PIM group stay out of these rules", () => {
    const result = check(tenant({
      extra: (stack) => {
        role("SubOwner", { role: Role.azure("Owner", "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"), settings: RoleSettings.highlyPrivileged({ activation: APPROVERS.activation }) })(stack);
        role("Tier1", { role: Role.pimGroup("Helpdesk Operators"), eligible: [{ user: "frank@contoso.com" }], settings: RoleSettings.privileged() })(stack);
      },
    }));
    for (const id of ["PAC-ALERT-ASSIGNMENT", "PAC-PERMANENT-ACTIVE", "PAC-ELIGIBLE-EXPIRY", "PAC-TIER0-APPROVAL"]) expect(result.of(id)).toEqual([]);
  });
});

describe("PAC-TIER0-APPROVAL", () => {
  test("Noncompliance: a tier-0 Entra role other than Global Administrator activates without approval (a warning)", () => {
    const extra = (stack: TerraformStack) =>
      void new JitRole(stack, "PRA", { role: Role.entra("Privileged Role Administrator"), eligible: [{ user: "dave@contoso.com" }], settings: RoleSettings.highlyPrivileged({ activation: { requireApproval: false }, notifications: APPROVERS.notifications }) });
    expectFindings(check(tenant({ extra })), "PAC-TIER0-APPROVAL", [/^activation of Privileged Role Administrator \(tier 0\) does not require approval/]);
  });
  test("Compliance: approval required (Global Administrator is PAC-GA-APPROVAL's)", () => {
    expect(check(tenant()).of("PAC-TIER0-APPROVAL")).toEqual([]);
  });
});

describe("PAC-CA-ROLE-OUTSIDE", () => {
  const awp = (roles?: string[]) => (stack: TerraformStack) => void new AdminWorkstationPolicy(stack, "AdminWorkstation", roles ? { roles } : {});
  test("Noncompliance: the admin policy lists roles and leaves out one the stack makes eligible (a warning)", () => {
    expectFindings(check(tenant({ extra: awp([PRA]) })), "PAC-CA-ROLE-OUTSIDE", [/^Global Administrator is made eligible here but no AdminWorkstationPolicy of the stack protects it \(test\/AdminWorkstation\)$/]);
  });
  test("Compliance: the default role set protects every privileged role of the stack; no admin policy, no finding", () => {
    expect(check(tenant({ extra: awp() })).of("PAC-CA-ROLE-OUTSIDE")).toEqual([]);
    expect(check(tenant()).of("PAC-CA-ROLE-OUTSIDE")).toEqual([]);
  });
});

describe("PAC-PRIVILEGE-PATH (issue 13, item 1)", () => {
  const GRAPH_SP = "5f0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d";
  const MG = "/providers/Microsoft.Management/managementGroups/contoso-platform";
  test("Noncompliance 1: a standing member added to the group that holds Global Administrator (group delivery)", () => {
    const extra = (stack: TerraformStack) => {
      const ga = stack.node.findChild("GlobalAdministrator") as JitRole;
      new GroupMember(stack, "Backdoor", { groupObjectId: (ga.group as Group).objectId, memberObjectId: OBJECT_ID });
    };
    expectFindings(check(tenant({ extra })), "PAC-PRIVILEGE-PATH", [/^adds "11111111-2222-4333-8444-555555555555" as a standing member of the group that holds Global Administrator \(group "PIM Global Administrator"\)/]);
  });
  test("Noncompliance 2: a standing member of a tier-0 PIM group given by name", () => {
    const extra = (stack: TerraformStack) => {
      new JitRole(stack, "Ops", { role: Role.pimGroup("Tier0 Operators", "member", 0), eligible: [{ user: "carol@contoso.com", expires: "P90D" }], settings: RoleSettings.highlyPrivileged(APPROVERS) });
      new GroupMember(stack, "Standing", { groupObjectId: '${data.azuread_group.principal_groups["Tier0 Operators"].object_id}', memberObjectId: OBJECT_ID });
    };
    expectFindings(check(tenant({ extra })), "PAC-PRIVILEGE-PATH", [/standing member of the group that holds Tier0 Operators \(member\)/]);
  });
  test("Noncompliance 3: Owner at a management group and an access role whose scope is a variable", () => {
    const extra = (stack: TerraformStack) => {
      ensureAzurerm(stack);
      new AzureRoleAssignment(stack, "MgOwner", { scope: MG, roleDefinitionName: "Owner", principalId: OBJECT_ID });
      new AzureRoleAssignment(stack, "Somewhere", { scope: ROLE_ID(stack, "scope"), roleDefinitionName: "User Access Administrator", principalId: OBJECT_ID });
    };
    expectFindings(check(tenant({ extra })), "PAC-PRIVILEGE-PATH", [
      /^assigns Owner at \/providers\/Microsoft\.Management\/managementGroups\/contoso-platform as a standing role assignment, outside PIM$/,
      /^assigns User Access Administrator at a scope that cannot be read at synth \(\$\{var\.scope\}/,
    ]);
  });
  test("Noncompliance 4: a Graph application permission that grants roles, by provider resource and by Graph", () => {
    const extra = (stack: TerraformStack) => {
      new AppRoleAssignment(stack, "RoleMgmt", { appRoleId: "9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8", principalObjectId: OBJECT_ID, resourceObjectId: GRAPH_SP });
      ensureMsgraph(stack);
      new MsgraphResource(stack, "AppRoleGraph", { url: `servicePrincipals/${OBJECT_ID}/appRoleAssignments`, body: { appRoleId: "06b708a9-e830-4db3-a914-8e69da51d44f", principalId: OBJECT_ID, resourceId: GRAPH_SP } });
    };
    expectFindings(check(tenant({ extra })), "PAC-PRIVILEGE-PATH", [
      /^grants the Microsoft Graph application permission AppRoleAssignment\.ReadWrite\.All: the service principal can grant itself/,
      /^grants the Microsoft Graph application permission RoleManagement\.ReadWrite\.Directory/,
    ]);
  });
  test("Noncompliance 5: a second PIM-group entry on the group another JitRole created for Global Administrator", () => {
    const extra = (stack: TerraformStack) =>
      void new JitRole(stack, "Sneaky", { role: Role.pimGroup("PIM Global Administrator"), eligible: [{ user: "mallory@contoso.com" }], settings: RoleSettings.standard() });
    expectFindings(check(tenant({ extra })), "PAC-PRIVILEGE-PATH", [
      /^makes principals eligible for membership of "PIM Global Administrator", the group that holds Global Administrator \(test\/GlobalAdministrator\): they hold Global Administrator under this JitRole's PIM settings/,
    ]);
  });
  test("Compliance: Contributor at a management group, Owner of a subscription, an ordinary group member and app permission", () => {
    const extra = (stack: TerraformStack) => {
      ensureAzurerm(stack);
      new AzureRoleAssignment(stack, "Contrib", { scope: MG, roleDefinitionName: "Contributor", principalId: OBJECT_ID });
      new AzureRoleAssignment(stack, "SubOwner", { scope: "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7", roleDefinitionName: "Owner", principalId: OBJECT_ID });
      new GroupMember(stack, "Plain", { groupObjectId: "0d9b5e7f-3c1a-4b2e-8f6d-5a4c3b2a1f0e", memberObjectId: OBJECT_ID });
      new AppRoleAssignment(stack, "UserRead", { appRoleId: "df021288-bdef-4463-88db-98f22de89214", principalObjectId: OBJECT_ID, resourceObjectId: GRAPH_SP });
    };
    expect(check(tenant({ extra })).of("PAC-PRIVILEGE-PATH")).toEqual([]);
  });
});

describe("PAC-CA-BREAK-GLASS-DECOMMISSIONED", () => {
  const RETIRED = "bg-old@contoso.onmicrosoft.com";
  const retire = (stack: TerraformStack) => new BreakGlassAccount(stack, "Retired", { userPrincipalName: RETIRED, decommissioned: true });
  const active = (stack: TerraformStack) => [1, 2].map((n) => (stack.node.findChild(`BreakGlass${n}`) as TestBreakGlass).objectId);
  test("Noncompliance: a policy still excludes the retired account, by the principal lookup or by a data source of its UPN", () => {
    const extra = (stack: TerraformStack) => {
      retire(stack);
      const byLookup = PrincipalDirectory.of(stack).objectId(principal({ user: RETIRED.toUpperCase() }, "excluded[0]"));
      policy(stack, "ByLookup", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: [...active(stack), byLookup] });
      const data = new DataAzureadUser(stack, "old_bg", { userPrincipalName: RETIRED });
      policy(stack, "ByData", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: [...active(stack), data.objectId] });
    };
    expectFindings(check(tenant({ extra })), "PAC-CA-BREAK-GLASS-DECOMMISSIONED", [
      /^"ByData" still excludes bg-old@contoso\.onmicrosoft\.com, a decommissioned break-glass account: it keeps Global Administrator/,
      /^"ByLookup" still excludes bg-old@contoso\.onmicrosoft\.com, a decommissioned/,
    ]);
  });
  test("Compliance: the retired account left out of every exclusion, and a disabled policy", () => {
    const extra = (stack: TerraformStack) => {
      retire(stack);
      policy(stack, "Current", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: active(stack) });
      const old = PrincipalDirectory.of(stack).objectId(principal({ user: RETIRED }, "excluded[0]"));
      policy(stack, "Draft", { state: "disabled", includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: [...active(stack), old] });
    };
    expect(check(tenant({ extra })).of("PAC-CA-BREAK-GLASS-DECOMMISSIONED")).toEqual([]);
  });
});

describe("PAC-CA-BREAK-GLASS-COMMON (Maester MT.1005)", () => {
  const only = (stack: TerraformStack, n: 1 | 2) => [(stack.node.findChild(`BreakGlass${n}`) as TestBreakGlass).objectId];
  test("Noncompliance: each policy excludes a different break-glass account", () => {
    const extra = (stack: TerraformStack) => {
      policy(stack, "OnlyFirst", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: only(stack, 1) });
      policy(stack, "OnlySecond", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: only(stack, 2) });
    };
    expectFindings(check(tenant({ extra })), "PAC-CA-BREAK-GLASS-COMMON", [
      /^no single break-glass account is excluded from every Conditional Access policy \(.*"OnlyFirst": bg-01@contoso\.onmicrosoft\.com; "OnlySecond": bg-02@contoso\.onmicrosoft\.com/,
    ]);
  });
  test("Compliance: one account excluded everywhere, directly or through a group that holds it", () => {
    const extra = (stack: TerraformStack) => {
      policy(stack, "First", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: only(stack, 1) });
      const group = new Group(stack, "Emergency", { displayName: "Emergency access", securityEnabled: true, members: only(stack, 1) });
      policy(stack, "ByGroup", { includedRoles: [PRA], builtInControls: ["mfa"], excludedUsers: [], excludedGroups: [group.objectId] });
    };
    expect(check(tenant({ extra })).of("PAC-CA-BREAK-GLASS-COMMON")).toEqual([]);
  });
});
