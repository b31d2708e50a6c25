import { IConstruct } from "constructs";
import { PimSecurityAlerts } from "../../operations/pim-alerts";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";
import { isPrivilegedTarget } from "./helpers";

/**
 * A stack that manages privileged Entra roles has PIM's "roles assigned outside PIM" alert enabled
 * (PimSecurityAlerts): the guidance this project follows asks for alerts on assignments made
 * outside PIM, and that alert is PIM's own. Runs on the stack.
 */
export function outsidePimAlert(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  const roles = model.jitRoles.filter((j) => j.role.kind !== "azure" && isPrivilegedTarget(j));
  if (roles.length === 0) return Compliance.NOT_APPLICABLE;
  const alerts = PimSecurityAlerts.of(model.stack);
  if (alerts?.enabled("rolesAssignedOutsidePim")) return Compliance.COMPLIANT;
  const names = roles.map((j) => j.role.toString()).sort();
  const shown = names.length > 3 ? `${names.slice(0, 3).join(", ")} and ${names.length - 3} more` : names.join(", ");
  return [
    alerts
      ? `PIM's "roles assigned outside PIM" alert is disabled (rolesAssignedOutsidePim: false) while the stack manages ${shown}`
      : `the stack manages ${shown} but configures no PIM security alerts, so a role granted outside PIM raises no alert`,
  ];
}
