import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { PrivilegedAccessReviews } from "../../operations/access-reviews";
import { Compliance, RuleOutcome } from "../types";

/**
 * Every tier-0 role the stack makes just-in-time has a recurring access review
 * (PrivilegedAccessReviews): the audit frameworks users answer to (ISO 27001 A.5.18, SOC 2 CC6.2)
 * expect periodic review of privileged access, and Microsoft's PIM deployment plan asks for it.
 */
export function tierZeroReview(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || node.role.tier !== 0) return Compliance.NOT_APPLICABLE;
  const reviews = PrivilegedAccessReviews.of(node);
  if (!reviews) return [`${node.role} is tier 0 and the stack configures no access reviews`];
  const why = reviews.whyNotReviewed(node);
  return why === undefined ? Compliance.COMPLIANT : [`${node.role} is tier 0 and has no access review: ${why}`];
}
