import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isGlobalAdministrator, isHighlyPrivileged, reachesSomeone } from "./helpers";

/** Activation of a highly privileged role other than Global Administrator e-mails an admin. */
export function activationAlert(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isHighlyPrivileged(node) || isGlobalAdministrator(node)) return Compliance.NOT_APPLICABLE;
  if (reachesSomeone(node.settings.spec.notifications.activation.admin)) return Compliance.COMPLIANT;
  return [`activation of ${node.role} notifies no admin (settings.notifications.activation.admin: default recipients off, no additional recipients)`];
}
