import { IConstruct } from "constructs";
import { TerraformResource } from "cdktf";
import { JitRole } from "../../jit-role";
import { privilegePathOf } from "../paths";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";

/**
 * No resource beside the constructs opens a standing way into privileged access: a member added to
 * a role-holding group, Owner or an access administrator role at a management group or root, or a
 * Graph application permission that grants roles (checks/paths.ts).
 */
export function privilegePath(node: IConstruct, model: StackModel): RuleOutcome {
  if (JitRole.isJitRole(node)) return secondEntry(node, model);
  if (!TerraformResource.isTerraformResource(node)) return Compliance.NOT_APPLICABLE;
  const path = privilegePathOf(node, model.privilegedGroups);
  return path ? [path.detail] : Compliance.NOT_APPLICABLE;
}

/**
 * A PIM-for-Groups JitRole on the role-assignable group another JitRole created for a privileged
 * role (group delivery): its principals become members of that group, and so hold the role, under
 * this JitRole's settings instead of the role's.
 */
function secondEntry(node: JitRole, model: StackModel): RuleOutcome {
  const group = node.role.kind === "pimGroup" ? node.role.group : undefined;
  if (!group || group.isObjectId || node.role.access !== "member") return Compliance.NOT_APPLICABLE;
  const holder = model.jitRoles.find((j) => j !== node && j.groupDisplayName !== undefined && j.groupDisplayName.toLowerCase() === group.value.toLowerCase());
  if (!holder) return Compliance.NOT_APPLICABLE;
  return [`makes principals eligible for membership of "${group.value}", the group that holds ${holder.role} (${holder.node.path}): they hold ${holder.role} under this JitRole's PIM settings, not the role's; list them in ${holder.node.path} instead`];
}
