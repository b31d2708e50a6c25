import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";
import { coverageFindings, requiresPhishingResistantMfa } from "./coverage";

const WHAT = "requires phishing-resistant MFA";

/** The policy requiring phishing-resistant MFA for a highly privileged role is only report-only. */
export function phishingResistantMfaReportOnly(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  return coverageFindings(model, requiresPhishingResistantMfa(model), "reportOnly", WHAT);
}
