/** The synth-time privileged access rule pack: rules, suppressions and findings files. */
export { PrivilegedAccessChecks, writeFindings } from "./privileged-access-checks";
export type { PrivilegedAccessChecksOptions } from "./privileged-access-checks";
export { PRIVILEGED_ACCESS_RULES, RULE_ERROR, RULE_ERROR_ID } from "./rules";
export { SUPPRESSION_METADATA_TYPE } from "./suppressions";
export { findingsMarkdown, findingsReport } from "./findings";
export type { FindingsReport } from "./findings";
export { Compliance } from "./types";
export type { CheckLevel, Finding, Rule, RuleDefinition, RuleInfo, RuleOutcome, RuleSuppression } from "./types";
export type { StackModel, BreakGlassView, ManagedRole } from "./model";
