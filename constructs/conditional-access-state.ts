/** Conditional Access policy states. `enabledForReportingButNotEnforced` is report-only. */
export type ConditionalAccessState = "enabled" | "disabled" | "enabledForReportingButNotEnforced";
export const CONDITIONAL_ACCESS_STATES: readonly ConditionalAccessState[] = ["enabled", "disabled", "enabledForReportingButNotEnforced"];
