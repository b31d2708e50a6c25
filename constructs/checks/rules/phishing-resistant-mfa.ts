import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";
import { coverageFindings, requiresPhishingResistantMfa } from "./coverage";

const WHAT = "requires phishing-resistant MFA";

/**
 * Every highly privileged role the stack manages is covered by an enabled Conditional Access
 * policy that requires a phishing-resistant authentication strength for all apps. Runs on the stack.
 */
export function phishingResistantMfa(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  return coverageFindings(model, requiresPhishingResistantMfa(model), "missing", WHAT);
}
