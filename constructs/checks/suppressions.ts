import { IConstruct } from "constructs";
import { ValidationError, describeValue, expected } from "../errors";
import { didYouMean } from "../catalog/suggest";
import { PRIVILEGED_ACCESS_RULES, RULE_ERROR_ID } from "./rules";
import { RuleSuppression } from "./types";

/** The shortest reason a suppression may give, on both routes (the tenant file's schema uses it too). */
export const MIN_REASON_LENGTH = 10;

/**
 * Suppressions are node metadata entries of this type on the suppressed construct, so they show
 * in the construct tree; the pack also records every suppressed finding with its reason in the
 * findings files.
 */
export const SUPPRESSION_METADATA_TYPE = "entra-pim-as-code/check-suppression";

const RULE_IDS = [...PRIVILEGED_ACCESS_RULES.map((r) => r.id), RULE_ERROR_ID];

/**
 * Suppresses rules on `construct` and every construct below it. Each suppression names a rule id
 * and a non-empty reason; the same rule cannot be suppressed twice on one construct.
 */
export function addSuppressions(construct: IConstruct, suppressions: readonly RuleSuppression[]): void {
  const context = "PrivilegedAccessChecks.suppress";
  if (typeof construct !== "object" || construct === null || !("node" in construct)) {
    throw new ValidationError("construct", expected("a construct", construct), context);
  }
  if (!Array.isArray(suppressions) || suppressions.length === 0) {
    throw new ValidationError("suppressions", expected("a non-empty list of { id, reason }", suppressions), context);
  }
  const at = `${context} on ${construct.node.path}`;
  const seen = new Set(suppressionsOn(construct).map((s) => s.id));
  suppressions.forEach((s, i) => {
    const field = `suppressions[${i}]`;
    if (typeof s !== "object" || s === null) throw new ValidationError(field, expected("{ id, reason }", s), at);
    if (typeof s.id !== "string" || !RULE_IDS.includes(s.id)) {
      const hint = typeof s.id === "string" ? ` ${didYouMean(s.id, RULE_IDS)}` : "";
      throw new ValidationError(`${field}.id`, `must be a rule id of PrivilegedAccessChecks, got ${describeValue(s.id)};${hint} known ids: ${RULE_IDS.join(", ")}`, at);
    }
    if (typeof s.reason !== "string" || s.reason.trim().length < MIN_REASON_LENGTH) {
      throw new ValidationError(`${field}.reason`, `must say in at least ${MIN_REASON_LENGTH} characters why ${s.id} is acceptable here (reviewers read it), got ${describeValue(s.reason)}`, at);
    }
    if (seen.has(s.id)) throw new ValidationError(`${field}.id`, `${s.id} is already suppressed on this construct; give one reason per rule`, at);
    seen.add(s.id);
  });
  for (const s of suppressions) construct.node.addMetadata(SUPPRESSION_METADATA_TYPE, { id: s.id, reason: s.reason.trim() });
}

/** The suppressions recorded on `construct` itself. */
export function suppressionsOn(construct: IConstruct): RuleSuppression[] {
  return construct.node.metadata.filter((m) => m.type === SUPPRESSION_METADATA_TYPE).map((m) => m.data as RuleSuppression);
}

/** The suppression of `ruleId` that covers `node`: its own, or the nearest ancestor's. */
export function suppressionFor(node: IConstruct, ruleId: string): { reason: string; path: string } | undefined {
  const scopes = node.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const hit = suppressionsOn(scopes[i]).find((s) => s.id === ruleId);
    if (hit) return { reason: hit.reason, path: scopes[i].node.path };
  }
  return undefined;
}
