import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { StackModel } from "../model";
import { rawPrivilegedGrant } from "./helpers";

/**
 * Highly privileged roles are provisioned only through PIM: a raw directory role grant
 * (`azuread_directory_role_assignment`, `azuread_directory_role_member`, a Graph role assignment)
 * outside JitRole and BreakGlassAccount bypasses PIM's eligibility, approval and alerts.
 */
export function pimOnly(node: IConstruct, model: StackModel): RuleOutcome {
  const grant = rawPrivilegedGrant(node, model);
  if (!grant) return Compliance.NOT_APPLICABLE;
  return [`${grant.role} is granted to ${grant.principal} directly, not through PIM eligibility`];
}
