import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isGlobalAdministrator, reachesSomeone } from "./helpers";

/** Activation of Global Administrator e-mails an admin. */
export function globalAdministratorActivationAlert(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isGlobalAdministrator(node)) return Compliance.NOT_APPLICABLE;
  if (reachesSomeone(node.settings.spec.notifications.activation.admin)) return Compliance.COMPLIANT;
  return ["activation of Global Administrator notifies no admin (settings.notifications.activation.admin: default recipients off, no additional recipients)"];
}
