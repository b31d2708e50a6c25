import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";
import { blocksLegacyAuthentication, coverageFindings } from "./coverage";

const WHAT = "blocks legacy authentication";

/**
 * Legacy authentication (Exchange ActiveSync and other clients) is blocked by an enabled
 * Conditional Access policy for all users, or at least for every highly privileged role the
 * stack manages. Runs on the stack.
 */
export function legacyAuthentication(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  return coverageFindings(model, blocksLegacyAuthentication, "missing", WHAT);
}
