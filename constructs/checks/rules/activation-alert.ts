import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isGlobalAdministrator, isHighlyPrivileged, notifiesMonitoring } from "./helpers";

/** Activation of a highly privileged role other than Global Administrator e-mails a monitored mailbox. */
export function activationAlert(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isHighlyPrivileged(node) || isGlobalAdministrator(node)) return Compliance.NOT_APPLICABLE;
  if (notifiesMonitoring(node.settings.spec.notifications.activation.admin)) return Compliance.COMPLIANT;
  return [`activation of ${node.role} notifies no monitored mailbox (settings.notifications.activation.admin: no additional recipients; default recipients alone do not count for SCuBA)`];
}
