import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isPrivilegedTarget, notifiesMonitoring } from "./helpers";

const EVENTS = [
  ["eligibleAssignment", "eligible"],
  ["activeAssignment", "active"],
] as const;

/** Eligible and active assignments of a privileged role (helpers isPrivilegedTarget) e-mail a monitored mailbox (additional recipients of the admin notification). */
export function assignmentAlerts(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isPrivilegedTarget(node)) return Compliance.NOT_APPLICABLE;
  const n = node.settings.spec.notifications;
  return EVENTS.filter(([event]) => !notifiesMonitoring(n[event].admin)).map(
    ([event, word]) => `${word} assignments of ${node.role} notify no monitored mailbox (settings.notifications.${event}.admin: no additional recipients; default recipients alone do not count for SCuBA)`,
  );
}
