import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";
import { isPrivilegedTarget, isPermanent, rawPrivilegedGrant } from "./helpers";

/**
 * No permanent active assignment of a privileged role (helpers isPrivilegedTarget), except the break-glass accounts'.
 * Looks at JitRoles (active assignments without an end) and raw directory role grants (always
 * permanent) that neither a BreakGlassAccount nor a JitRole manages.
 */
export function permanentActiveAssignment(node: IConstruct, model: StackModel): RuleOutcome {
  if (JitRole.isJitRole(node)) {
    if (!isPrivilegedTarget(node)) return Compliance.NOT_APPLICABLE;
    return node.active.filter(isPermanent).map((a) => `${a.principal.key} is actively assigned ${node.role} with no end date`);
  }
  const grant = rawPrivilegedGrant(node, model);
  if (!grant) return Compliance.NOT_APPLICABLE;
  return [`${grant.principal} holds ${grant.role} through a permanent active assignment outside JitRole and BreakGlassAccount`];
}
