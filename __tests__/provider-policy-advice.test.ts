import { TerraformStack, Testing } from "cdktf";
import { JitRole, JitRoleProps, Role, RoleSettings } from "../constructs";

// Issue 12, defect 5: azuread's group_role_management_policy and azurerm's role_management_policy
// send a rule on create only when it differs from the zero value (HasChange), and never read back
// active_assignment_rules.require_ticket_info (azuread #1517, azurerm #28913).

const SUB = "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7";
const approvers = [{ group: "PIM Approvers" }];

function warningsOf(props: JitRoleProps): string[] {
  const stack = new TerraformStack(Testing.app(), "advice");
  const role = new JitRole(stack, "Role", props);
  return role.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
}

describe("first apply through azuread and azurerm role management policies", () => {
  test("GIVEN approval off on a PIM group THEN the warning says azuread does not send it on the first apply", () => {
    const warnings = warningsOf({ role: Role.pimGroup("Tier0 Operators"), settings: RoleSettings.privileged() });
    expect(warnings).toEqual([expect.stringMatching(/^JitRole Tier0 Operators \(member\): on the first apply azuread does not send activation\.requireApproval: false .*run terraform plan after the first apply/)]);
  });

  test("GIVEN approval off on an Azure role THEN the warning names azurerm", () => {
    expect(warningsOf({ role: Role.azure("Contributor", SUB), settings: RoleSettings.privileged() })).toEqual([expect.stringMatching(/on the first apply azurerm does not send activation\.requireApproval: false/)]);
  });

  test("GIVEN every activation requirement off THEN that is named too", () => {
    const settings = RoleSettings.standard({ activation: { requireMfa: false, requireJustification: false, requireTicket: false } });
    const [warning] = warningsOf({ role: Role.azure("Reader", SUB), settings });
    expect(warning).toContain("activation.requireMfa, requireJustification and requireTicket all false");
  });

  test("GIVEN activeAssignment.requireTicket THEN the warning says the provider cannot keep it", () => {
    const settings = RoleSettings.highlyPrivileged({ activation: { approvers }, activeAssignment: { requireTicket: true } });
    expect(warningsOf({ role: Role.pimGroup("Tier0 Operators"), settings })).toEqual([expect.stringMatching(/activeAssignment\.requireTicket is not sent by azuread unless .* not read back by azuread \(azuread #1517/)]);
    expect(warningsOf({ role: Role.azure("Owner", SUB), settings })).toEqual([expect.stringMatching(/activeAssignment\.requireTicket is not read back by azurerm/)]);
  });

  test("GIVEN approval required THEN there is no advice (the rule differs from the zero value and is sent)", () => {
    expect(warningsOf({ role: Role.pimGroup("Tier0 Operators"), settings: RoleSettings.highlyPrivileged({ activation: { approvers } }) })).toEqual([]);
    expect(warningsOf({ role: Role.azure("Owner", SUB), settings: RoleSettings.highlyPrivileged({ activation: { approvers } }) })).toEqual([]);
  });

  test("GIVEN a direct Entra role THEN there is no advice: msgraph PATCHes the whole policy on create", () => {
    expect(warningsOf({ role: Role.entra("Reports Reader"), settings: RoleSettings.standard() })).toEqual([]);
  });
});
