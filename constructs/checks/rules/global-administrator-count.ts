import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { GLOBAL_ADMINISTRATOR_ID, StackModel } from "../model";
import { describe, isUnresolved } from "../values";
import { isGlobalAdministrator } from "./helpers";
import { GLOBAL_ADMINISTRATOR_KEY } from "../../role-key";

const MIN = 2;
const MAX = 8;

/**
 * Global Administrator is held by 2 to 8 principals, counted from the stack's access graph
 * (checks/access.ts): eligible and active assignments of JitRoles, break-glass accounts, raw
 * grants, and whoever enters a group that holds the role (standing members, owners, PIM for
 * Groups members and owners); each principal counted once, a group as one besides the members the
 * stack shows. Runs on the stack; not applicable when the stack grants Global Administrator nowhere.
 */
export function globalAdministratorCount(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  const holders = model.access.principalsOf(GLOBAL_ADMINISTRATOR_KEY);
  const uncountable: string[] = [];
  let rawGrants = 0;
  for (const g of model.roleGrants) {
    if (g.source !== "raw" || (!isUnresolved(g.roleId) && g.roleId !== GLOBAL_ADMINISTRATOR_ID)) continue;
    rawGrants++;
    if (isUnresolved(g.roleId) || isUnresolved(g.principalId)) {
      uncountable.push(`${g.node.node.path} may grant Global Administrator to principals that cannot be counted at synth (role ${describe(g.roleId)}, principal ${describe(g.principalId)})`);
    }
  }
  if (!model.jitRoles.some(isGlobalAdministrator) && model.breakGlassAccounts.length === 0 && rawGrants === 0) return Compliance.NOT_APPLICABLE;
  const n = holders.length;
  if (n >= MIN && n <= MAX) return uncountable;
  return [...uncountable, `${n} principal${n === 1 ? "" : "s"} hold${n === 1 ? "s" : ""} Global Administrator (${holders.join(", ") || "none"}); between ${MIN} and ${MAX} are required`];
}
