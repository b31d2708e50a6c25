import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";

/**
 * Approvers are not just the requestors: an approver group is not also eligible for the role
 * (its members would approve one another), and a single approver user is not eligible (no one
 * else could approve their requests, and PIM does not let them approve their own).
 */
export function approverNotRequestor(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !node.settings.spec.activation.requireApproval) return Compliance.NOT_APPLICABLE;
  const approvers = node.settings.spec.activation.approvers;
  const eligible = new Set(node.eligible.map((a) => a.principal.key));
  const out = approvers
    .filter((a) => a.type === "group" && eligible.has(a.key))
    .map((a) => `approver group "${a.value}" is also eligible for ${node.role}: its members approve one another`);
  const only = approvers.length === 1 ? approvers[0] : undefined;
  if (only?.type === "user" && eligible.has(only.key)) out.push(`the only approver, ${only.key}, is also eligible for ${node.role}: nobody else can approve their activation`);
  return out;
}
