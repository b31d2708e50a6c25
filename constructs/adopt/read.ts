import { ApiClient, ApiError } from "./http";
import {
  AzureGrant,
  DirectoryGrant,
  DirectoryRequest,
  GroupGrant,
  PrincipalType,
  SnapshotAzureScope,
  SnapshotGroup,
  SnapshotPolicy,
  SnapshotPrincipal,
  TenantSnapshot,
  lower,
  roleGuid,
} from "./snapshot";

/**
 * Reads a tenant's privileged access through Microsoft Graph v1.0 and ARM into a TenantSnapshot.
 * Every read is a documented list API (the request of each is in `READS` below, with its page);
 * nothing is written. Reads run with the client's concurrency; any failure rejects the whole read,
 * so a caller never holds half a snapshot.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ReadOptions {
  /** Azure RBAC scopes to read (subscriptions, resource groups, management groups). */
  readonly azureScopes?: readonly string[];
  /** Groups (object ids) to read PIM for Groups of, besides every role-assignable group. */
  readonly groups?: readonly string[];
  /** Progress lines ("read 1,204 role eligibilities"). */
  readonly progress?: (line: string) => void;
  /** The time of the read. @default now */
  readonly now?: Date;
}

/** Graph v1.0 requests, each from its page in the Microsoft Graph v1.0 API reference. */
export const READS = {
  /** List roleDefinitions (rbacapplication-list-roledefinitions). */
  roleDefinitions: "/v1.0/roleManagement/directory/roleDefinitions?$select=id,displayName,templateId,isBuiltIn",
  /** List roleEligibilityScheduleInstances (rbacapplication-list-roleeligibilityscheduleinstances). */
  eligibilityInstances: "/v1.0/roleManagement/directory/roleEligibilityScheduleInstances",
  /** List roleAssignmentScheduleInstances (rbacapplication-list-roleassignmentscheduleinstances). */
  assignmentInstances: "/v1.0/roleManagement/directory/roleAssignmentScheduleInstances",
  /** List roleEligibilityScheduleRequests (rbacapplication-list-roleeligibilityschedulerequests): Graph keeps them about 45 days. */
  eligibilityRequests: "/v1.0/roleManagement/directory/roleEligibilityScheduleRequests",
  /** List roleManagementPolicyAssignments, directory roles, with the policy and its rules (policyroot-list-rolemanagementpolicyassignments). */
  directoryPolicies: "/v1.0/policies/roleManagementPolicyAssignments?$filter=scopeId eq '/' and scopeType eq 'DirectoryRole'&$expand=policy($expand=rules)",
  /** List groups that can hold roles (group-list; isAssignableToRole supports $filter eq). */
  roleAssignableGroups: "/v1.0/groups?$filter=isAssignableToRole eq true&$select=id,displayName,isAssignableToRole",
  groupEligibilityInstances: (id: string) => `/v1.0/identityGovernance/privilegedAccess/group/eligibilityScheduleInstances?$filter=groupId eq '${id}'`,
  groupAssignmentInstances: (id: string) => `/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleInstances?$filter=groupId eq '${id}'`,
  groupEligibilitySchedules: (id: string) => `/v1.0/identityGovernance/privilegedAccess/group/eligibilitySchedules?$filter=groupId eq '${id}'`,
  groupAssignmentSchedules: (id: string) => `/v1.0/identityGovernance/privilegedAccess/group/assignmentSchedules?$filter=groupId eq '${id}'`,
  groupPolicies: (id: string) => `/v1.0/policies/roleManagementPolicyAssignments?$filter=scopeId eq '${id}' and scopeType eq 'Group'&$expand=policy($expand=rules)`,
  /** conditionalaccessroot-list-policies, -namedlocations, -authenticationcontextclassreferences; authenticationstrengthroot-list-policies. */
  conditionalAccessPolicies: "/v1.0/identity/conditionalAccess/policies",
  namedLocations: "/v1.0/identity/conditionalAccess/namedLocations",
  authenticationStrengths: "/v1.0/policies/authenticationStrengthPolicies",
  authenticationContexts: "/v1.0/identity/conditionalAccess/authenticationContextClassReferences",
  /** directoryobject-getbyids: at most 1,000 ids per request. */
  getByIds: "/v1.0/directoryObjects/getByIds",
} as const;

/** ARM requests (Microsoft.Authorization 2020-10-01 PIM APIs, role definitions 2022-04-01), at a scope. */
export const ARM_READS = {
  eligibilityInstances: (scope: string) => `${scope}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01&$filter=atScope()`,
  assignmentInstances: (scope: string) => `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?api-version=2020-10-01&$filter=atScope()`,
  policyAssignments: (scope: string) => `${scope}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?api-version=2020-10-01`,
  policies: (scope: string) => `${scope}/providers/Microsoft.Authorization/roleManagementPolicies?api-version=2020-10-01`,
  roleDefinitions: (scope: string) => `${scope}/providers/Microsoft.Authorization/roleDefinitions?api-version=2022-04-01`,
} as const;

const AZURE_SCOPE = /^\/(subscriptions\/[0-9a-fA-F-]{36}(\/resourceGroups\/[^/]+)?|providers\/Microsoft\.Management\/managementGroups\/[^/]+)$/;

/** Checks `--azure-scope` values before any request is made. */
export function checkAzureScopes(scopes: readonly string[]): string[] {
  return scopes.map((scope, i) => {
    const s = scope.trim().replace(/\/+$/, "");
    if (!AZURE_SCOPE.test(s)) {
      throw new ApiError(
        `--azure-scope[${i}]: ${JSON.stringify(scope)} is not an Azure scope; give /subscriptions/<id>, /subscriptions/<id>/resourceGroups/<name> or /providers/Microsoft.Management/managementGroups/<name>`,
        0,
        scope,
      );
    }
    return s;
  });
}


function policyOf(assignment: Json): SnapshotPolicy | undefined {
  const policy = assignment.policy as Json | undefined;
  if (!policy) return undefined;
  return { policyId: String(policy.id ?? assignment.policyId), rules: (policy.rules ?? []) as Json[] };
}

function directoryGrant(item: Json): DirectoryGrant {
  return {
    id: String(item.id),
    principalId: lower(item.principalId),
    roleDefinitionId: lower(item.roleDefinitionId),
    directoryScopeId: String(item.directoryScopeId ?? "/"),
    ...(item.startDateTime ? { startDateTime: String(item.startDateTime) } : {}),
    endDateTime: item.endDateTime ?? null,
    ...(item.assignmentType ? { assignmentType: String(item.assignmentType) } : {}),
    ...(item.memberType ? { memberType: String(item.memberType) } : {}),
    ...(item.roleEligibilityScheduleId ? { scheduleId: String(item.roleEligibilityScheduleId) } : {}),
    ...(item.roleAssignmentOriginId ? { originId: String(item.roleAssignmentOriginId) } : {}),
  };
}

function groupGrant(item: Json, schedules: Map<string, string>): GroupGrant {
  const accessId = lower(item.accessId) === "owner" ? "owner" : "member";
  const principalId = lower(item.principalId);
  // The instance names its schedule (eligibilityScheduleId / assignmentScheduleId); the list of
  // schedules is the fallback for instances that do not.
  const own = item.eligibilityScheduleId ?? item.assignmentScheduleId;
  const scheduleId = typeof own === "string" && own !== "" ? own : schedules.get(`${accessId}|${principalId}`);
  return {
    principalId,
    accessId,
    endDateTime: item.endDateTime ?? null,
    ...(item.assignmentType ? { assignmentType: String(item.assignmentType) } : {}),
    ...(item.memberType ? { memberType: String(item.memberType) } : {}),
    ...(scheduleId ? { scheduleId } : {}),
  };
}

function azureGrant(item: Json): AzureGrant {
  const p = (item.properties ?? {}) as Json;
  return {
    principalId: lower(p.principalId),
    ...(p.principalType ? { principalType: String(p.principalType) } : {}),
    roleDefinitionId: String(p.roleDefinitionId),
    scope: String(p.scope),
    endDateTime: p.endDateTime ?? null,
    ...(p.assignmentType ? { assignmentType: String(p.assignmentType) } : {}),
    ...(p.memberType ? { memberType: String(p.memberType) } : {}),
  };
}

async function readGroup(client: ApiClient, id: string, displayName: string): Promise<SnapshotGroup | undefined> {
  const [eligible, active] = await Promise.all([client.list("graph", READS.groupEligibilityInstances(id)), client.list("graph", READS.groupAssignmentInstances(id))]);
  if (eligible.length === 0 && active.length === 0) return undefined;
  const [eligibilitySchedules, assignmentSchedules, policies] = await Promise.all([
    client.list("graph", READS.groupEligibilitySchedules(id)),
    client.list("graph", READS.groupAssignmentSchedules(id)),
    client.list("graph", READS.groupPolicies(id)),
  ]);
  const index = (items: Json[]) => new Map(items.map((s) => [`${lower(s.accessId) === "owner" ? "owner" : "member"}|${lower(s.principalId)}`, String(s.id)]));
  const e = index(eligibilitySchedules);
  const a = index(assignmentSchedules);
  const byAccess: Partial<Record<"member" | "owner", SnapshotPolicy>> = {};
  for (const assignment of policies) {
    const access = lower(assignment.roleDefinitionId);
    const policy = policyOf(assignment);
    if ((access === "member" || access === "owner") && policy) byAccess[access] = policy;
  }
  return {
    id,
    displayName,
    eligible: eligible.map((i) => groupGrant(i, e)),
    active: active.map((i) => groupGrant(i, a)),
    policies: byAccess,
  };
}

async function readAzureScope(client: ApiClient, scope: string): Promise<SnapshotAzureScope> {
  const [eligible, active, assignments, policies, definitions] = await Promise.all([
    client.list("arm", ARM_READS.eligibilityInstances(scope)),
    client.list("arm", ARM_READS.assignmentInstances(scope)),
    client.list("arm", ARM_READS.policyAssignments(scope)),
    client.list("arm", ARM_READS.policies(scope)),
    client.list("arm", ARM_READS.roleDefinitions(scope)),
  ]);
  const atScope = (g: AzureGrant) => lower(g.scope) === lower(scope);
  // Match policies on their GUID: the documented list returns ids under another prefix than the
  // assignments' policyId (ARM "Role Management Policies - List For Scope" example).
  const rulesById = new Map(policies.map((p) => [roleGuid(String(p.id ?? p.name)), ((p.properties ?? {}) as Json).rules as Json[] | undefined]));
  const byRole: Record<string, SnapshotPolicy> = {};
  for (const assignment of assignments) {
    const p = (assignment.properties ?? {}) as Json;
    if (lower(p.scope) !== lower(scope)) continue;
    const rules = rulesById.get(roleGuid(String(p.policyId))) ?? (p.effectiveRules as Json[] | undefined) ?? [];
    byRole[roleGuid(String(p.roleDefinitionId))] = { policyId: String(p.policyId), rules };
  }
  const roleNames: Record<string, string> = {};
  for (const d of definitions) roleNames[lower(d.name)] = String(((d.properties ?? {}) as Json).roleName ?? d.name);
  return {
    scope,
    roleNames,
    eligible: eligible.map(azureGrant).filter(atScope),
    active: active.map(azureGrant).filter(atScope),
    above: [...eligible, ...active].map(azureGrant).filter((g) => !atScope(g)),
    policies: byRole,
  };
}

/** Object ids to principals, 1,000 per getByIds request. */
async function resolvePrincipals(client: ApiClient, ids: readonly string[]): Promise<Record<string, SnapshotPrincipal>> {
  const out: Record<string, SnapshotPrincipal> = {};
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += 1000) batches.push(ids.slice(i, i + 1000) as string[]);
  const results = await Promise.all(batches.map((batch) => client.post("graph", READS.getByIds, { ids: batch, types: ["user", "group", "servicePrincipal"] })));
  for (const result of results) {
    for (const o of (result.value ?? []) as Json[]) {
      const odata = lower(o["@odata.type"]);
      const type: PrincipalType = odata.endsWith(".user") ? "user" : odata.endsWith(".group") ? "group" : "servicePrincipal";
      const id = lower(o.id);
      out[id] = {
        id,
        type,
        name: String(type === "user" ? (o.userPrincipalName ?? o.displayName ?? id) : (o.displayName ?? id)),
        ...(type === "group" && o.isAssignableToRole !== undefined ? { isAssignableToRole: Boolean(o.isAssignableToRole) } : {}),
      };
    }
  }
  return out;
}

/** Reads the whole snapshot. */
export async function readTenant(client: ApiClient, options: ReadOptions = {}): Promise<TenantSnapshot> {
  const progress = options.progress ?? (() => undefined);
  const azureScopes = checkAzureScopes(options.azureScopes ?? []);
  const count = (n: number, what: string) => `${n.toLocaleString("en-US")} ${what}`;

  const [definitions, eligible, active, requests, directoryPolicies, groups, caPolicies, namedLocations, strengths, contexts] = await Promise.all([
    client.list("graph", READS.roleDefinitions),
    client.list("graph", READS.eligibilityInstances),
    client.list("graph", READS.assignmentInstances),
    client.list("graph", READS.eligibilityRequests),
    client.list("graph", READS.directoryPolicies),
    client.list("graph", READS.roleAssignableGroups),
    client.list("graph", READS.conditionalAccessPolicies),
    client.list("graph", READS.namedLocations),
    client.list("graph", READS.authenticationStrengths),
    client.list("graph", READS.authenticationContexts),
  ]);
  progress(`read ${count(eligible.length, "directory role eligibilities")}, ${count(active.length, "active assignments")}, ${count(directoryPolicies.length, "role policies")}`);

  const groupNames = new Map(groups.map((g) => [lower(g.id), String(g.displayName ?? g.id)]));
  const extra = (options.groups ?? []).map(lower).filter((id) => !groupNames.has(id));
  if (extra.length) {
    // Groups named with --group that cannot hold roles: their display names, from getByIds.
    const named = await resolvePrincipals(client, [...new Set(extra)]);
    for (const id of extra) {
      const p = named[id];
      if (!p || p.type !== "group") throw new ApiError(`--group ${id}: no group with that object id in the tenant`, 404, READS.getByIds);
      groupNames.set(id, p.name);
    }
  }
  const groupIds = [...groupNames.keys()].sort();
  const pimGroups = (await Promise.all(groupIds.map((id) => readGroup(client, id, groupNames.get(id) as string)))).filter((g): g is SnapshotGroup => g !== undefined);
  progress(`read PIM for Groups of ${count(groupIds.length, "groups")} (${pimGroups.length} with schedules)`);

  const azure = await Promise.all(azureScopes.map((scope) => readAzureScope(client, scope)));
  if (azure.length) progress(`read ${count(azure.reduce((n, s) => n + s.eligible.length, 0), "Azure eligibilities")} at ${count(azure.length, "scopes")}`);

  const policies: Record<string, SnapshotPolicy> = {};
  for (const assignment of directoryPolicies) {
    const policy = policyOf(assignment);
    if (policy && assignment.roleDefinitionId) policies[lower(assignment.roleDefinitionId)] = policy;
  }
  const directoryRequests: DirectoryRequest[] = requests
    .filter((r) => lower(r.status) === "provisioned" && lower(r.action) === "adminassign")
    .map((r) => ({
      id: String(r.id),
      principalId: lower(r.principalId),
      roleDefinitionId: lower(r.roleDefinitionId),
      directoryScopeId: String(r.directoryScopeId ?? "/"),
      action: String(r.action),
      status: String(r.status),
    }));

  const snapshotWithoutPrincipals = {
    readAt: (options.now ?? new Date()).toISOString(),
    roleDefinitions: definitions.map((d) => ({ id: lower(d.id), displayName: String(d.displayName), templateId: lower(d.templateId ?? d.id), isBuiltIn: d.isBuiltIn !== false })),
    directory: { eligible: eligible.map(directoryGrant), active: active.map(directoryGrant), requests: directoryRequests, policies },
    groups: pimGroups,
    azure,
    conditionalAccess: { policies: caPolicies, namedLocations, authenticationStrengths: strengths, authenticationContexts: contexts },
  };
  const ids = principalIds(snapshotWithoutPrincipals);
  const principals = await resolvePrincipals(client, ids);
  for (const g of groups) {
    const id = lower(g.id);
    principals[id] = { id, type: "group", name: String(g.displayName ?? id), isAssignableToRole: true };
  }
  for (const id of extra) principals[id] ??= { id, type: "group", name: groupNames.get(id) as string };
  progress(`resolved ${count(Object.keys(principals).length, "principals")} (${client.requests.toLocaleString("en-US")} requests)`);
  return { ...snapshotWithoutPrincipals, principals };
}

/** Every principal id the snapshot names (grants, approvers, Conditional Access users and groups), sorted. */
function principalIds(s: Omit<TenantSnapshot, "principals">): string[] {
  const ids = new Set<string>();
  const add = (id: unknown) => {
    const v = lower(id);
    if (/^[0-9a-f-]{36}$/.test(v)) ids.add(v);
  };
  for (const g of [...s.directory.eligible, ...s.directory.active]) add(g.principalId);
  for (const g of s.groups) for (const x of [...g.eligible, ...g.active]) add(x.principalId);
  for (const scope of s.azure) for (const x of [...scope.eligible, ...scope.active]) add(x.principalId);
  const policies = [...Object.values(s.directory.policies), ...s.groups.flatMap((g) => Object.values(g.policies)), ...s.azure.flatMap((a) => Object.values(a.policies))];
  for (const policy of policies) {
    for (const rule of policy?.rules ?? []) {
      for (const stage of ((rule as Json).setting?.approvalStages ?? []) as Json[]) {
        for (const approver of (stage.primaryApprovers ?? []) as Json[]) add(approver.userId ?? approver.groupId ?? approver.id);
      }
    }
  }
  for (const p of s.conditionalAccess.policies as Json[]) {
    const users = (p.conditions?.users ?? {}) as Json;
    for (const key of ["includeUsers", "excludeUsers", "includeGroups", "excludeGroups"]) for (const id of (users[key] ?? []) as unknown[]) add(id);
  }
  return [...ids].sort();
}
