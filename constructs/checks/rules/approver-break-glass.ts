import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { PrincipalDirectory } from "../../principal-directory";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";

/**
 * No break-glass account approves activations: an emergency account signs in only in an
 * emergency, and every sign-in of it alerts (Microsoft: Manage emergency access accounts).
 */
export function approverBreakGlass(node: IConstruct, model: StackModel): RuleOutcome {
  if (!JitRole.isJitRole(node) || !node.settings.spec.activation.requireApproval) return Compliance.NOT_APPLICABLE;
  const accounts = model.breakGlassAccounts;
  if (accounts.length === 0) return Compliance.NOT_APPLICABLE;
  const byUpn = new Map(accounts.map((b) => [b.userPrincipalName.toLowerCase(), b]));
  const byId = new Map(accounts.map((b) => [b.objectId.toLowerCase(), b]));
  const out: string[] = [];
  for (const a of node.settings.spec.activation.approvers) {
    if (a.type !== "user") continue;
    const account = byUpn.get(a.value.toLowerCase()) ?? byId.get((PrincipalDirectory.referenceOf(a) ?? "").toLowerCase());
    if (account) out.push(`break-glass account ${account.userPrincipalName} approves activation of ${node.role}`);
  }
  return out;
}
