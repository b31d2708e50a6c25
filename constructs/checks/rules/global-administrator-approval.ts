import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isGlobalAdministrator } from "./helpers";

/** Activation of Global Administrator requires approval. */
export function globalAdministratorApproval(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isGlobalAdministrator(node)) return Compliance.NOT_APPLICABLE;
  if (node.settings.spec.activation.requireApproval) return Compliance.COMPLIANT;
  return ["activation of Global Administrator does not require approval (settings.activation.requireApproval is false)"];
}
