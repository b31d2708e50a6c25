import { IConstruct } from "constructs";
import { JitRole } from "../../jit-role";
import { Compliance, RuleOutcome } from "../types";
import { isGlobalAdministrator } from "./helpers";

/** A group made eligible or active for Global Administrator counts as one principal: its members are not counted. */
export function globalAdministratorGroup(node: IConstruct): RuleOutcome {
  if (!JitRole.isJitRole(node) || !isGlobalAdministrator(node)) return Compliance.NOT_APPLICABLE;
  return [...node.eligible, ...node.active]
    .filter((a) => a.principal.type === "group")
    .map((a) => `group "${a.principal.value}" holds Global Administrator and is counted as one principal; its members are not counted`);
}
