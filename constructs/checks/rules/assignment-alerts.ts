import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isHighlyPrivileged, reachesSomeone } from "./helpers";

const EVENTS = [
  ["eligibleAssignment", "eligible"],
  ["activeAssignment", "active"],
] as const;

/** Eligible and active assignments of a highly privileged role e-mail an admin (PIM's admin notification). */
export function assignmentAlerts(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isHighlyPrivileged(node)) return Compliance.NOT_APPLICABLE;
  const n = node.settings.spec.notifications;
  return EVENTS.filter(([event]) => !reachesSomeone(n[event].admin)).map(
    ([event, word]) => `${word} assignments of ${node.role} notify no admin (settings.notifications.${event}.admin: default recipients off, no additional recipients)`,
  );
}
