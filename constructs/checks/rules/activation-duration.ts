import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { presetSpec } from "../../settings/role-settings";
import { durationMinutes } from "../../settings/durations";
import { Compliance, RuleOutcome } from "../types";

/** The longest activation the highlyPrivileged preset allows, read from the preset (one source of truth). */
function tier0Bound(): string {
  return presetSpec("highlyPrivileged").activation.maximumDuration;
}

/** Activation of a tier-0 role lasts at most as long as the highlyPrivileged preset allows. */
export function activationDuration(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || node.role.tier !== 0) return Compliance.NOT_APPLICABLE;
  const max = node.settings.spec.activation.maximumDuration;
  const limit = tier0Bound();
  if ((durationMinutes(max) ?? Infinity) <= (durationMinutes(limit) ?? 0)) return Compliance.COMPLIANT;
  return [`${node.role} (tier 0) activates for up to ${max}, longer than the highlyPrivileged preset's ${limit}`];
}
