import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { PrincipalDirectory } from "../../principal-directory";
import { Answer, ConditionalAccessView, appliesEverywhere, appliesToAllUsers, contains, enforcesControl } from "../conditional-access";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";
import { describe, isUnresolved } from "../values";

/**
 * Activation of a tier-0 role is protected: it requires MFA, or an authentication context that an
 * ENABLED Conditional Access policy of the stack targets, for all users and every sign-in, with a
 * grant control, excluding no eligible principal. Microsoft's PIM settings page: the context's
 * backup MFA "isn't triggered if the Conditional Access policy is turned off, is in report-only
 * mode, or has an eligible user excluded from the policy".
 */
export function activationMfa(node: IConstruct, model: StackModel): RuleOutcome {
  if (!JitRole.isJitRole(node) || node.role.tier !== 0) return Compliance.NOT_APPLICABLE;
  const activation = node.settings.spec.activation;
  if (activation.requireMfa) return Compliance.COMPLIANT;
  const claim = activation.authenticationContext;
  if (claim === undefined) return [`activation of ${node.role} requires neither MFA nor an authentication context`];
  const eligible = node.eligible.map((a) => ({ key: a.key, id: PrincipalDirectory.referenceOf(a.principal) }));
  const reasons: string[] = [];
  for (const p of model.conditionalAccessPolicies) {
    const targets = contains(p.authenticationContexts, claim);
    if (targets === false) continue;
    const problems = isUnresolved(targets) ? [`cannot be read at synth (${describe(targets)})`] : gaps(p, eligible);
    if (problems.length === 0) return Compliance.COMPLIANT;
    reasons.push(`"${p.displayName}" ${problems.join(", ")}`);
  }
  const what = `activation of ${node.role} requires authentication context ${claim} instead of MFA`;
  if (reasons.length === 0) return [`${what}, and no Conditional Access policy of the stack targets ${claim}: activation has no MFA`];
  return [`${what}, and no enabled policy protects it: ${reasons.join("; ")}`];
}

/** Why a policy that targets the context does not protect every activation; [] when it does. */
function gaps(p: ConditionalAccessView, eligible: readonly { key: string; id?: string }[]): string[] {
  const out: string[] = [];
  const say = (answer: Answer, failed: string) => {
    if (answer === true) return;
    out.push(isUnresolved(answer) ? `cannot be read at synth (${describe(answer)})` : failed);
  };
  if (isUnresolved(p.state)) say(p.state, "");
  else if (p.state !== "enabled") out.push(`is ${p.state}`);
  say(appliesToAllUsers(p), "does not include all users");
  say(appliesEverywhere(p), `applies only to some sign-ins (${isUnresolved(p.narrowedBy) ? "" : p.narrowedBy.join(", ")})`);
  say(enforcesControl(p), "has no grant control");
  for (const e of eligible) {
    if (e.id === undefined) continue;
    const list = e.key.startsWith("group:") ? p.excludedGroups : p.excludedUsers;
    const excluded = contains(list, e.id);
    if (excluded === true) out.push(`excludes eligible ${e.key}`);
    else if (isUnresolved(excluded)) out.push(`cannot be read at synth (${describe(excluded)})`);
  }
  return out;
}
