import { IConstruct } from "constructs";
import type { StackModel } from "./model";

/** How serious a finding is: errors fail synthesis, warnings are printed. */
export type CheckLevel = "error" | "warning";

/** What a rule answers when the node is fine or not its kind of node. */
export const Compliance = Object.freeze({
  /** The node is of the rule's kind and meets it. */
  COMPLIANT: "compliant",
  /** The rule does not look at this kind of node. */
  NOT_APPLICABLE: "not-applicable",
} as const);

/**
 * A rule's answer: compliant, not applicable, or the findings, one sentence each, saying what
 * this node does wrong (`user:alice@contoso.com is permanent`). An empty list means compliant.
 */
export type RuleOutcome = (typeof Compliance)[keyof typeof Compliance] | readonly string[];

/**
 * A rule: a small pure function of one construct and the stack model. It throws nothing for
 * "not my kind of node" (it answers NOT_APPLICABLE); if it throws anyway the pack records an
 * error finding (fail closed). The pack, not the rule, owns the id, message and level.
 */
export type Rule = (node: IConstruct, model: StackModel) => RuleOutcome;

/** What the pack says about a rule: everything but the function. */
export interface RuleInfo {
  /** Stable id (`PAC-GA-COUNT`): what suppressions and reviewers refer to. */
  readonly id: string;
  readonly level: CheckLevel;
  /** The control the rule enforces, e.g. `CISA SCuBA MS.AAD.7.1`. */
  readonly baseline: string;
  /** One line: what must hold. */
  readonly message: string;
  /** Why it matters. */
  readonly explanation: string;
  /** What to do about a finding. */
  readonly remediation: string;
}

/** A rule as the pack registers it. */
export interface RuleDefinition extends RuleInfo {
  readonly rule: Rule;
}

/** A suppression of one rule on a construct (and everything below it). */
export interface RuleSuppression {
  /** The rule id, e.g. `PAC-GA-COUNT`. */
  readonly id: string;
  /** Why the finding is acceptable: recorded in the findings files for reviewers. Must not be empty. */
  readonly reason: string;
}

/** One finding of the pack. */
export interface Finding {
  /** Rule id. */
  readonly rule: string;
  readonly level: CheckLevel;
  readonly baseline: string;
  /** Construct path of the node the finding is about. */
  readonly path: string;
  /** The rule's one-line message. */
  readonly message: string;
  /** What this node does wrong. */
  readonly detail: string;
  /** Present when a suppression covers the finding: it is reported but does not fail synthesis. */
  readonly suppressed?: { readonly reason: string; readonly path: string };
}
