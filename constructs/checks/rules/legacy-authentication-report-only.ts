import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";
import { blocksLegacyAuthentication, coverageFindings } from "./coverage";

const WHAT = "blocks legacy authentication";

/** The policy blocking legacy authentication for a highly privileged role is only report-only. */
export function legacyAuthenticationReportOnly(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  return coverageFindings(model, blocksLegacyAuthentication, "reportOnly", WHAT);
}
