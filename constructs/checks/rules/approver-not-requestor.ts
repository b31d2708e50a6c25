import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { PrincipalRef } from "../../principals";
import { Compliance, RuleOutcome } from "../types";

/** Principals compare case-insensitively (Entra names and ids are). */
const same = (ref: PrincipalRef) => ref.key.toLowerCase();

/**
 * Approvers are not just the requestors: an approver group is not also eligible for the role
 * (its members would approve one another), nor the group that holds the role (group delivery:
 * its members are the role's holders); a single approver user is not eligible (no one else
 * could approve their requests, and PIM does not let them approve their own); and approvers who
 * are all eligible themselves approve one another's activations (a ring).
 */
export function approverNotRequestor(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !node.settings.spec.activation.requireApproval) return Compliance.NOT_APPLICABLE;
  const approvers = node.settings.spec.activation.approvers;
  const eligible = new Set([...node.eligible, ...node.active].map((a) => same(a.principal)));
  const out = approvers
    .filter((a) => a.type === "group" && eligible.has(same(a)))
    .map((a) => `approver group "${a.value}" is also eligible for ${node.role}: its members approve one another`);
  const holders = node.groupDisplayName?.toLowerCase();
  for (const a of approvers) {
    if (a.type === "group" && holders !== undefined && !a.isObjectId && a.value.toLowerCase() === holders) {
      out.push(`approver group "${a.value}" is the group that holds ${node.role}: its members approve activations of their own role`);
    }
  }
  const users = approvers.filter((a) => a.type === "user");
  if (approvers.length === 1 && users.length === 1 && eligible.has(same(users[0]))) {
    out.push(`the only approver, ${users[0].key}, is also eligible for ${node.role}: nobody else can approve their activation`);
  } else if (approvers.length > 1 && approvers.every((a) => a.type === "user" && eligible.has(same(a)))) {
    out.push(`every approver of ${node.role} (${approvers.map((a) => a.key).join(", ")}) is also eligible: they approve one another's activations`);
  }
  return out;
}
