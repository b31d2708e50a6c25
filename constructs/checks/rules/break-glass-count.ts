import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";

const MIN = 2;

/**
 * At least two break-glass accounts. Runs on the stack; applies when the stack manages
 * break-glass accounts, Conditional Access policies or highly privileged roles.
 */
export function breakGlassCount(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  const n = model.breakGlassAccounts.length;
  if (n === 0 && model.conditionalAccessPolicies.length === 0 && model.managedHighlyPrivilegedRoles.length === 0) return Compliance.NOT_APPLICABLE;
  if (n >= MIN || model.breakGlassManagedElsewhere) return Compliance.COMPLIANT;
  const names = model.breakGlassAccounts.map((b) => b.userPrincipalName).join(", ");
  return [`the stack has ${n} break-glass account${n === 1 ? "" : "s"}${n ? ` (${names})` : ""}; at least ${MIN} are required`];
}
