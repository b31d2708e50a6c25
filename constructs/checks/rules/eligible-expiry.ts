import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isPrivilegedTarget, isPermanent } from "./helpers";

/** Eligible assignments of privileged roles (helpers isPrivilegedTarget) expire (so eligibility is reviewed, not forgotten). */
export function eligibleExpiry(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isPrivilegedTarget(node)) return Compliance.NOT_APPLICABLE;
  const hint = node.shape === "entraDirect" ? ' (direct delivery cannot expire eligibility in azuread 3.x: use delivery: "group")' : "";
  return node.eligible.filter(isPermanent).map((a) => `${a.principal.key} is eligible for ${node.role} with no end date${hint}`);
}
