import { grantKey } from "./imports";
import { TenantSnapshot, principalLabel, roleGuid } from "./snapshot";
import { UnmanagedAccess, sortedUnmanaged } from "./tenant-file";

/**
 * The privileged grants of a tenant that a tenant file does not manage: every eligibility,
 * standing assignment, PIM for Groups membership or ownership and Azure assignment of the snapshot
 * that no resource of the file's stack matches (ImportPlan.managed), plus Azure access that reaches
 * a read scope from above. For a file of your own (`export --imports-for`): what the code leaves
 * alone, so a reviewer sees it.
 */
export function unmanagedBy(snapshot: TenantSnapshot, managed: ReadonlySet<string>, now: Date = new Date(snapshot.readAt)): UnmanagedAccess[] {
  const live = (end: string | null | undefined) => !end || Date.parse(end) > now.getTime();
  const label = (id: string) => principalLabel(snapshot.principals, id);
  const roleNames = new Map(snapshot.roleDefinitions.map((d) => [d.id, d.displayName]));
  const out: UnmanagedAccess[] = [];
  const until = (end: string | null | undefined) => (end ? `until ${end}` : "permanent");
  for (const g of snapshot.directory.eligible) {
    if (!live(g.endDateTime) || (g.memberType && g.memberType !== "Direct")) continue;
    if (managed.has(grantKey("directory-eligible", g.roleDefinitionId, g.directoryScopeId, g.principalId))) continue;
    out.push({ kind: "eligibility-not-in-file", role: roleNames.get(g.roleDefinitionId) ?? g.roleDefinitionId, scope: g.directoryScopeId, principal: label(g.principalId), detail: `Eligible (${until(g.endDateTime)}); the file does not list it.` });
  }
  for (const g of snapshot.directory.active) {
    if (g.assignmentType === "Activated" || !live(g.endDateTime) || (g.memberType && g.memberType !== "Direct")) continue;
    if (managed.has(grantKey("directory-active", g.roleDefinitionId, g.directoryScopeId, g.principalId))) continue;
    out.push({ kind: "standing-directory-assignment", role: roleNames.get(g.roleDefinitionId) ?? g.roleDefinitionId, scope: g.directoryScopeId, principal: label(g.principalId), detail: `Active assignment (${until(g.endDateTime)}) outside the file.` });
  }
  for (const group of snapshot.groups) {
    for (const [kind, list] of [["group-eligibility", group.eligible], ["group-assignment", group.active]] as const) {
      for (const g of list) {
        if (g.assignmentType === "Activated" || !live(g.endDateTime) || (g.memberType && g.memberType !== "Direct")) continue;
        if (managed.has(grantKey(kind, group.id, g.accessId, g.principalId))) continue;
        out.push({ kind: "pim-group-access-not-in-file", role: group.displayName, scope: g.accessId, principal: label(g.principalId), detail: `${kind === "group-eligibility" ? "Eligible" : "Active"} ${g.accessId} (${until(g.endDateTime)}); the file does not list it.` });
      }
    }
  }
  for (const scope of snapshot.azure) {
    for (const [kind, list] of [["azure-eligible", scope.eligible], ["azure-active", scope.active]] as const) {
      for (const g of list) {
        if (g.assignmentType === "Activated" || !live(g.endDateTime)) continue;
        const guid = roleGuid(g.roleDefinitionId);
        if (managed.has(grantKey(kind, scope.scope, guid, g.principalId))) continue;
        out.push({
          kind: kind === "azure-active" ? "standing-azure-assignment" : "eligibility-not-in-file",
          role: scope.roleNames[guid] ?? guid,
          scope: scope.scope,
          principal: label(g.principalId),
          detail: `${kind === "azure-active" ? "Active assignment" : "Eligible"} (${until(g.endDateTime)}); the file does not list it.`,
        });
      }
    }
    for (const g of scope.above) {
      if (g.assignmentType === "Activated" || !live(g.endDateTime)) continue;
      const guid = roleGuid(g.roleDefinitionId);
      out.push({ kind: "inherited-azure-access", role: scope.roleNames[guid] ?? guid, scope: g.scope, principal: label(g.principalId), detail: `Reaches ${scope.scope} from ${g.scope}, a scope the file does not cover.` });
    }
  }
  return sortedUnmanaged(out);
}
