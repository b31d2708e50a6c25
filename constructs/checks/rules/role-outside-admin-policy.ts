import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";
import { isPrivilegedTarget } from "./helpers";

/**
 * A privileged Entra role the stack makes eligible is one of the roles its admin Conditional
 * Access protects (when the stack has an AdminWorkstationPolicy): a role left out is activated
 * from any device and location, without the phishing-resistant strength.
 */
export function roleOutsideAdminPolicy(node: IConstruct, model: StackModel): RuleOutcome {
  if (!JitRole.isJitRole(node) || node.role.kind !== "entra" || node.role.custom || !isPrivilegedTarget(node) || node.role.templateId === undefined) return Compliance.NOT_APPLICABLE;
  const policies = model.adminWorkstationPolicies;
  if (policies.length === 0) return Compliance.NOT_APPLICABLE;
  const id = node.role.templateId.toLowerCase();
  if (policies.some((p) => p.roleTemplateIds().some((r) => r.toLowerCase() === id))) return Compliance.COMPLIANT;
  return [`${node.role} is made eligible here but no AdminWorkstationPolicy of the stack protects it (${policies.map((p) => p.node.path).join(", ")})`];
}
