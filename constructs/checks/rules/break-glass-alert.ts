import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";

/** Every break-glass account is covered by a sign-in alert. */
export function breakGlassAlert(node: IConstruct, model: StackModel): RuleOutcome {
  const account = model.breakGlassOf(node);
  if (!account) return Compliance.NOT_APPLICABLE;
  if (account.alerted) return Compliance.COMPLIANT;
  return [`no sign-in alert covers ${account.userPrincipalName} (configure BreakGlassAccount.configureAlerting or the account's alerting prop)`];
}
