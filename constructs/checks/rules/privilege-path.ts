import { IConstruct } from "constructs";
import { TerraformResource } from "cdktf";
import { privilegePathOf } from "../paths";
import { StackModel } from "../model";
import { Compliance, RuleOutcome } from "../types";

/**
 * No resource beside the constructs opens a standing way into privileged access: a member added to
 * a role-holding group, Owner or an access administrator role at a management group or root, or a
 * Graph application permission that grants roles (checks/paths.ts).
 */
export function privilegePath(node: IConstruct, model: StackModel): RuleOutcome {
  if (!TerraformResource.isTerraformResource(node)) return Compliance.NOT_APPLICABLE;
  const path = privilegePathOf(node, model.privilegedGroups);
  return path ? [path.detail] : Compliance.NOT_APPLICABLE;
}
