import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isGlobalAdministrator, notifiesMonitoring } from "./helpers";

/** Activation of Global Administrator e-mails a monitored mailbox. */
export function globalAdministratorActivationAlert(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isGlobalAdministrator(node)) return Compliance.NOT_APPLICABLE;
  if (notifiesMonitoring(node.settings.spec.notifications.activation.admin)) return Compliance.COMPLIANT;
  return ["activation of Global Administrator notifies no monitored mailbox (settings.notifications.activation.admin: no additional recipients; default recipients alone do not count for SCuBA)"];
}
