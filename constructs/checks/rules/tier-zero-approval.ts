import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isGlobalAdministrator, isPrivilegedTarget } from "./helpers";

/**
 * Activation of a tier-0 role other than Global Administrator (whose approval PAC-GA-APPROVAL
 * requires, SCuBA MS.AAD.7.6) requires approval: Microsoft's PIM deployment plan asks for it on
 * the roles that control the tenant, and an Owner of a management group controls its estate.
 */
export function tierZeroApproval(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || node.role.tier !== 0 || !isPrivilegedTarget(node) || isGlobalAdministrator(node)) return Compliance.NOT_APPLICABLE;
  if (node.settings.spec.activation.requireApproval) return Compliance.COMPLIANT;
  return [`activation of ${node.role} (tier 0) does not require approval (settings.activation.requireApproval is false)`];
}
