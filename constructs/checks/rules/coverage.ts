import { Answer, ConditionalAccessView, appliesEverywhere, appliesToRole, blocks, contains, coversAllApplications, enforcement, requiredStrength } from "../conditional-access";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";
import { describe, isUnresolved } from "../values";
import { all } from "./helpers";

/** Which Conditional Access policies enforce a requirement on the holders of a role. */

/** How policies cover one role for one requirement. */
export interface Coverage {
  readonly enabled: boolean;
  readonly reportOnly: boolean;
  /** Policies that might cover it but cannot be read at synth: `name: expression`. */
  readonly unknown: readonly string[];
}

/**
 * Which enabled and report-only policies apply `requirement` to holders of `templateId` for
 * every cloud app.
 */
export function coverage(model: StackModel, templateId: string, requirement: (p: ConditionalAccessView) => Answer): Coverage {
  let enabled = false;
  let reportOnly = false;
  const unknown: string[] = [];
  for (const p of model.conditionalAccessPolicies) {
    const state = enforcement(p);
    if (state === undefined) continue;
    const answer = all([isUnresolved(state) ? state : true, appliesToRole(p, templateId), coversAllApplications(p), appliesEverywhere(p), requirement(p)]);
    if (answer === false) continue;
    if (isUnresolved(answer)) unknown.push(`"${p.displayName}": ${describe(answer)}`);
    else if (state === "enabled") enabled = true;
    else reportOnly = true;
  }
  return { enabled, reportOnly, unknown };
}

/** The policy requires a phishing-resistant authentication strength (nothing weaker satisfies its grant) for all client apps. */
export function requiresPhishingResistantMfa(model: StackModel): (p: ConditionalAccessView) => Answer {
  return (p) => {
    const strength = requiredStrength(p);
    if (strength === undefined) return false;
    return all([contains(p.clientAppTypes, "all"), isUnresolved(strength) ? strength : model.isPhishingResistantStrength(strength)]);
  };
}

/** The policy blocks legacy authentication: Exchange ActiveSync and other clients (SCuBA MS.AAD.1.1). */
export function blocksLegacyAuthentication(p: ConditionalAccessView): Answer {
  return all([blocks(p), contains(p.clientAppTypes, "exchangeActiveSync"), contains(p.clientAppTypes, "other")]);
}

/**
 * Findings of a coverage requirement over the stack's highly privileged roles: `missing` for
 * roles no enabled or report-only policy covers; `reportOnly` for roles only report-only policies cover.
 */
export function coverageFindings(model: StackModel, requirement: (p: ConditionalAccessView) => Answer, want: "missing" | "reportOnly", what: string): RuleOutcome {
  const roles = model.managedHighlyPrivilegedRoles;
  if (roles.length === 0) return Compliance.NOT_APPLICABLE;
  const out: string[] = [];
  for (const role of roles) {
    const c = coverage(model, role.templateId, requirement);
    if (c.enabled) continue;
    const unknown = c.unknown.length ? `; cannot be read at synth: ${c.unknown.join("; ")}` : "";
    if (want === "missing" && !c.reportOnly) out.push(`no enabled Conditional Access policy ${what} for ${role.displayName}${unknown}`);
    if (want === "reportOnly" && c.reportOnly) out.push(`the Conditional Access policy that ${what} for ${role.displayName} is report-only (enabledForReportingButNotEnforced)`);
  }
  return out;
}
