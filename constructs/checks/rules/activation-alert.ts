import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isGlobalAdministrator, isPrivilegedTarget, notifiesMonitoring } from "./helpers";

/** Activation of a privileged role (helpers isPrivilegedTarget) other than Global Administrator e-mails a monitored mailbox. */
export function activationAlert(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isPrivilegedTarget(node) || isGlobalAdministrator(node)) return Compliance.NOT_APPLICABLE;
  if (notifiesMonitoring(node.settings.spec.notifications.activation.admin)) return Compliance.COMPLIANT;
  return [`activation of ${node.role} notifies no monitored mailbox (settings.notifications.activation.admin: no additional recipients; default recipients alone do not count for SCuBA)`];
}
