import { IConstruct } from "constructs";
import { Compliance, RuleOutcome } from "../types";
import { GLOBAL_ADMINISTRATOR_ID, StackModel } from "../model";
import { describe, isUnresolved } from "../values";
import { isGlobalAdministrator } from "./helpers";

const MIN = 2;
const MAX = 8;

/**
 * Global Administrator is held by 2 to 8 principals across eligible and active assignments
 * (JitRoles), break-glass accounts and raw grants in the stack; each principal counted once, a
 * group as one. Runs on the stack; not applicable when the stack grants Global Administrator nowhere.
 */
export function globalAdministratorCount(node: IConstruct, model: StackModel): RuleOutcome {
  if (node !== model.stack) return Compliance.NOT_APPLICABLE;
  const holders = new Set<string>();
  const uncountable: string[] = [];
  const jitRoles = model.jitRoles.filter(isGlobalAdministrator);
  for (const j of jitRoles) for (const a of [...j.eligible, ...j.active]) holders.add(a.principal.key);
  for (const b of model.breakGlassAccounts) holders.add(`user:${b.userPrincipalName.toLowerCase()}`);
  let rawGrants = 0;
  for (const g of model.roleGrants) {
    if (g.source !== "raw" || (!isUnresolved(g.roleId) && g.roleId !== GLOBAL_ADMINISTRATOR_ID)) continue;
    rawGrants++;
    if (isUnresolved(g.roleId) || isUnresolved(g.principalId)) {
      uncountable.push(`${g.node.node.path} may grant Global Administrator to principals that cannot be counted at synth (role ${describe(g.roleId)}, principal ${describe(g.principalId)})`);
    } else {
      holders.add(`objectId:${g.principalId}`);
    }
  }
  if (jitRoles.length === 0 && model.breakGlassAccounts.length === 0 && rawGrants === 0) return Compliance.NOT_APPLICABLE;
  const n = holders.size;
  if (n >= MIN && n <= MAX) return uncountable;
  const list = [...holders].sort().join(", ") || "none";
  return [...uncountable, `${n} principal${n === 1 ? "" : "s"} hold${n === 1 ? "s" : ""} Global Administrator (${list}); between ${MIN} and ${MAX} are required`];
}
