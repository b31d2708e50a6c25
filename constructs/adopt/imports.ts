import { TenantSnapshot, lower, roleGuid } from "./snapshot";

/**
 * Terraform `import` blocks (JSON, Terraform >= 1.7 for `for_each`) for the resources of a
 * synthesized stack that already exist in the tenant the snapshot was read from, with the ids each
 * provider's importer takes:
 *
 * - azuread 3.9.0 `azuread_directory_role_eligibility_schedule_request`: the request's GUID. When
 *   Graph has purged the request (about 45 days), the importer reads the schedule of the same GUID,
 *   so the instance's `roleEligibilityScheduleId` is given instead (the stack ignores changes to
 *   `justification`, which is then not read back). Destroying such a resource fails until azuread
 *   reads purged requests on delete (hashicorp/terraform-provider-azuread#1904).
 * - `azuread_privileged_access_group_{eligibility,assignment}_schedule`: Graph's schedule id,
 *   `{groupId}_{member|owner}_{guid}` (the importer parses those three parts).
 * - `azuread_group_role_management_policy`: Graph's policy id, `Group_{groupId}_{guid}`.
 * - `azuread_group`: `/groups/{id}` (the importer refuses a bare GUID).
 * - azurerm 4.55.0 `azurerm_pim_{eligible,active}_role_assignment`: `{scope}|{roleDefinitionId}|{principalId}`,
 *   the role definition id exactly as the configuration writes it; `azurerm_role_management_policy`:
 *   `{roleDefinitionId}|{scope}` (the other order).
 * - msgraph 0.4.0 `msgraph_update_resource` has no importer: its create PATCHes the body, the same
 *   values the tenant has when nothing changed, so the first plan lists it as an add.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ImportBlock {
  readonly to: string;
  readonly id: string;
  readonly for_each?: Readonly<Record<string, string>>;
}

export interface ImportPlan {
  /** The JSON for a `*.tf.json` file (or the stack's top-level `import`). */
  readonly blocks: readonly ImportBlock[];
  /** Instances imported, one per (resource, key). */
  readonly count: number;
  /** Instances the stack will create: no such object in the tenant. */
  readonly created: readonly { readonly address: string; readonly reason: string }[];
  /** Instances that exist but cannot be imported, and what the first apply does instead. */
  readonly notImportable: readonly { readonly address: string; readonly reason: string }[];
  /** Imported with a caveat (a purged request imported by its schedule). */
  readonly caveats: readonly { readonly address: string; readonly reason: string }[];
  /** The snapshot's grants the stack manages (keys of `grantKey`). */
  readonly managed: ReadonlySet<string>;
}

/** A grant's key in ImportPlan.managed. */
export function grantKey(kind: "directory-eligible" | "directory-active" | "group-eligibility" | "group-assignment" | "azure-eligible" | "azure-active", ...parts: string[]): string {
  return [kind, ...parts.map(lower)].join("|");
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves the references the constructs write for principals and groups to object ids. */
function resolver(stack: Json, snapshot: TenantSnapshot): (value: unknown, each?: Json) => string | undefined {
  const users = new Map<string, string>();
  const groups = new Map<string, string[]>();
  for (const p of Object.values(snapshot.principals)) {
    if (p.type === "user") users.set(p.name.toLowerCase(), p.id);
    if (p.type === "group") groups.set(p.name.toLowerCase(), [...(groups.get(p.name.toLowerCase()) ?? []), p.id]);
  }
  const groupByName = (name: string) => {
    const ids = groups.get(name.toLowerCase());
    return ids && ids.length === 1 ? ids[0] : undefined;
  };
  const resolve = (value: unknown, each?: Json): string | undefined => {
    if (typeof value !== "string") return undefined;
    if (GUID.test(value)) return value.toLowerCase();
    const eachValue = /^\$\{each\.value\.([A-Za-z_]+)\}$/.exec(value);
    if (eachValue) return resolve(each?.[eachValue[1]], each);
    const data = /^\$\{data\.azuread_(user|group)\.[A-Za-z0-9_-]+\["(.+)"\]\.object_id\}$/.exec(value);
    if (data) {
      const name = JSON.parse(`"${data[2]}"`) as string;
      if (GUID.test(name)) return name.toLowerCase();
      return data[1] === "user" ? users.get(name.toLowerCase()) : groupByName(name);
    }
    const user = /^\$\{azuread_user\.([A-Za-z0-9_-]+)\.object_id\}$/.exec(value);
    if (user) {
      const upn = stack.resource?.azuread_user?.[user[1]]?.user_principal_name;
      return typeof upn === "string" ? users.get(upn.toLowerCase()) : undefined;
    }
    const group = /^\$\{azuread_group\.([A-Za-z0-9_-]+)\.object_id\}$/.exec(value);
    if (group) {
      const displayName = stack.resource?.azuread_group?.[group[1]]?.display_name;
      return typeof displayName === "string" ? groupByName(displayName) : undefined;
    }
    return undefined;
  };
  return resolve;
}

/** The instances of a resource: `[key, each.value]` for `for_each`, else one `[undefined, {}]`. */
function instances(config: Json): [string | undefined, Json][] {
  const fe = config.for_each;
  if (fe && typeof fe === "object") return Object.entries(fe as Record<string, Json>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return [[undefined, {}]];
}

const address = (type: string, name: string, key?: string) => `${type}.${name}${key === undefined ? "" : `[${JSON.stringify(key)}]`}`;

export function importBlocks(stack: Json, snapshot: TenantSnapshot): ImportPlan {
  const resolve = resolver(stack, snapshot);
  const blocks: ImportBlock[] = [];
  const created: { address: string; reason: string }[] = [];
  const notImportable: { address: string; reason: string }[] = [];
  const caveats: { address: string; reason: string }[] = [];
  let count = 0;
  const managed = new Set<string>();

  const requests = new Map(snapshot.directory.requests.map((r) => [`${r.roleDefinitionId}|${lower(r.directoryScopeId)}|${r.principalId}`, r.id]));
  const requestIds = new Set(snapshot.directory.requests.map((r) => r.id));
  const schedules = new Map(snapshot.directory.eligible.filter((g) => g.scheduleId).map((g) => [`${g.roleDefinitionId}|${lower(g.directoryScopeId)}|${g.principalId}`, g.scheduleId as string]));
  const groupsById = new Map(snapshot.groups.map((g) => [g.id, g]));
  const allGroups = new Map(Object.values(snapshot.principals).filter((p) => p.type === "group").map((p) => [p.name.toLowerCase(), p.id]));
  const azureByScope = new Map(snapshot.azure.map((s) => [lower(s.scope), s]));
  const standing = new Map(
    snapshot.directory.active.filter((g) => g.assignmentType !== "Activated").map((g) => [`${g.roleDefinitionId}|${lower(g.directoryScopeId)}|${g.principalId}`, g]),
  );
  const users = new Map(Object.values(snapshot.principals).filter((p) => p.type === "user").map((p) => [p.name.toLowerCase(), p.id]));
  // One index per kind, so each instance is one lookup (a tenant has thousands of schedules).
  const groupGrants = new Map<string, string | null>();
  for (const g of snapshot.groups) {
    for (const [kind, list] of [["eligibility", g.eligible], ["assignment", g.active]] as const) {
      for (const x of list) if (x.assignmentType !== "Activated") groupGrants.set(`${kind}|${g.id}|${x.accessId}|${x.principalId}`, x.scheduleId ?? null);
    }
  }
  const azureGrants = new Set<string>();
  for (const s of snapshot.azure) {
    for (const [kind, list] of [["eligible", s.eligible], ["active", s.active]] as const) {
      for (const g of list) if (g.assignmentType !== "Activated") azureGrants.add(`${kind}|${lower(s.scope)}|${roleGuid(g.roleDefinitionId)}|${g.principalId}`);
    }
  }

  /** One instance's import id, or why there is none. */
  type Outcome = { id: string; caveat?: string } | { created: string } | { notImportable: string };
  const idOf = (type: string, config: Json, each: Json): Outcome | undefined => {
    const value = (k: string) => {
      const v = config[k];
      const m = typeof v === "string" ? /^\$\{each\.value\.([A-Za-z_]+)\}$/.exec(v) : null;
      return m ? each[m[1]] : v;
    };
    switch (type) {
      case "azuread_directory_role_eligibility_schedule_request": {
        const principal = resolve(config.principal_id, each);
        if (!principal) return { created: "the principal is not in the tenant" };
        const k = `${lower(value("role_definition_id"))}|${lower(value("directory_scope_id"))}|${principal}`;
        if (requests.has(k) || schedules.has(k)) managed.add(`directory-eligible|${k}`);
        // The instance's schedule id is the id of the request that made it (Graph: a request's
        // targetScheduleId), and azuread's importer reads the request by that id, or the schedule
        // when the request is purged: it names the live eligibility even when older requests of
        // the same principal and role are still listed.
        const schedule = schedules.get(k);
        if (schedule) {
          return requestIds.has(schedule)
            ? { id: schedule }
            : { id: schedule, caveat: "Graph has purged the eligibility's request; imported by its schedule id (justification is not read back; a destroy fails until azuread #1904)" };
        }
        const request = requests.get(k);
        if (request) return { id: request };
        return { created: "no such eligibility in the tenant" };
      }
      case "azuread_privileged_access_group_eligibility_schedule":
      case "azuread_privileged_access_group_assignment_schedule": {
        const groupId = resolve(config.group_id, each);
        const principal = resolve(config.principal_id, each);
        const group = groupId ? groupsById.get(groupId) : undefined;
        if (!group || !principal) return { created: "the group or the principal is not in the tenant" };
        const k = `${type.includes("eligibility") ? "eligibility" : "assignment"}|${group.id}|${lower(value("assignment_type"))}|${principal}`;
        const scheduleId = groupGrants.get(k);
        if (scheduleId === undefined) return { created: "no such schedule in the tenant" };
        managed.add(`group-${k}`);
        if (scheduleId === null) return { notImportable: "the schedule's id was not read" };
        return { id: scheduleId };
      }
      case "azuread_group_role_management_policy": {
        const groupId = resolve(config.group_id, each);
        const policy = groupId ? groupsById.get(groupId)?.policies[lower(value("role_id")) === "owner" ? "owner" : "member"] : undefined;
        if (!policy) return { created: "no policy of the group was read (a group without schedules)" };
        return { id: policy.policyId };
      }
      case "azuread_directory_role_assignment": {
        // A standing assignment: a delivery group's role, or a break-glass account's Global Administrator.
        const principal = resolve(config.principal_object_id, each);
        if (!principal) return { created: "the principal is not in the tenant" };
        const k = `${lower(value("role_id"))}|${lower(value("directory_scope_id") ?? "/")}|${principal}`;
        const grant = standing.get(k);
        if (!grant) return { created: "no such role assignment in the tenant" };
        managed.add(`directory-active|${k}`);
        if (!grant.originId) return { notImportable: "the assignment's roleAssignmentOriginId was not read" };
        return { id: `/roleManagement/directory/roleAssignments/${grant.originId}` };
      }
      case "azuread_user": {
        const id = users.get(lower(value("user_principal_name")));
        return id ? { id: `/users/${id}` } : { created: "no user of that name in the tenant" };
      }
      case "azuread_group": {
        const id = allGroups.get(lower(value("display_name")));
        return id ? { id: `/groups/${id}` } : { created: "no group of that name in the tenant" };
      }
      case "azurerm_pim_eligible_role_assignment":
      case "azurerm_pim_active_role_assignment": {
        const scope = String(value("scope"));
        const roleDefinitionId = String(value("role_definition_id"));
        const principal = resolve(config.principal_id, each);
        const snap = azureByScope.get(lower(scope));
        if (!snap || !principal) return { created: "the scope was not read or the principal is not in the tenant" };
        const k = `${type.includes("eligible") ? "eligible" : "active"}|${lower(snap.scope)}|${roleGuid(roleDefinitionId)}|${principal}`;
        const found = azureGrants.has(k);
        if (found) managed.add(`azure-${k}`);
        return found ? { id: `${scope}|${roleDefinitionId}|${principal}` } : { created: "no such assignment at the scope" };
      }
      case "azurerm_role_management_policy": {
        const scope = String(value("scope"));
        const roleDefinitionId = String(value("role_definition_id"));
        const snap = azureByScope.get(lower(scope));
        const policy = snap?.policies[roleGuid(roleDefinitionId)];
        return policy ? { id: `${roleDefinitionId}|${scope}` } : { created: "no policy of the role was read at the scope" };
      }
      case "random_password":
        return { notImportable: "random 3.7.2 imports a password only from its value, which Entra never returns; the stack ignores changes to the account's password, so the new value is never set" };
      case "msgraph_update_resource":
        return { notImportable: "msgraph 0.4.0 has no importer for update resources; the first apply PATCHes the file's values (no change when the tenant already has them)" };
      default:
        return undefined;
    }
  };

  for (const type of Object.keys(stack.resource ?? {}).sort()) {
    for (const name of Object.keys(stack.resource[type]).sort()) {
      const config = stack.resource[type][name] as Json;
      const ids: Record<string, string> = {};
      let single: string | undefined;
      for (const [key, each] of instances(config)) {
        const at = address(type, name, key);
        const outcome = idOf(type, config, each);
        if (outcome === undefined) {
          created.push({ address: at, reason: "export does not read this kind of object (break-glass accounts, Conditional Access, alerting, reviews): the stack creates it" });
          continue;
        }
        if ("created" in outcome) created.push({ address: at, reason: outcome.created });
        else if ("notImportable" in outcome) notImportable.push({ address: at, reason: outcome.notImportable });
        else {
          count++;
          if (outcome.caveat) caveats.push({ address: at, reason: outcome.caveat });
          if (key === undefined) single = outcome.id;
          else ids[key] = outcome.id;
        }
      }
      if (single !== undefined) blocks.push({ to: address(type, name), id: single });
      if (Object.keys(ids).length) blocks.push({ for_each: ids, to: `${type}.${name}[each.key]`, id: "${each.value}" });
    }
  }
  return { blocks, count, created, notImportable, caveats, managed };
}

/** The `*.tf.json` text of an import plan. */
export function importFileText(plan: ImportPlan): string {
  return `${JSON.stringify({ import: plan.blocks }, null, 2)}\n`;
}

/**
 * Adds import blocks to a synthesized stack's JSON, refusing any block whose resource the stack
 * does not declare (Terraform would refuse it too, after init) or whose key it does not have.
 */
export function withImports(stack: Json, blocks: readonly ImportBlock[], file: string): Json {
  const problems: string[] = [];
  blocks.forEach((b, i) => {
    const m = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(\[.*\])?$/.exec(String(b.to ?? ""));
    const config = m ? stack.resource?.[m[1]]?.[m[2]] : undefined;
    if (!m || !config) {
      problems.push(`${file}: import[${i}].to: ${JSON.stringify(b.to)} is not a resource of this stack`);
      return;
    }
    const keys = b.for_each ? Object.keys(b.for_each) : m[3] && m[3] !== "[each.key]" ? [JSON.parse(m[3].slice(1, -1)) as string] : [];
    const declared = config.for_each && typeof config.for_each === "object" ? new Set(Object.keys(config.for_each)) : undefined;
    for (const k of keys) if (!declared?.has(k)) problems.push(`${file}: import[${i}]: ${m[1]}.${m[2]} has no instance ${JSON.stringify(k)}`);
    if (typeof b.id !== "string" || b.id === "") problems.push(`${file}: import[${i}].id: must be a non-empty string`);
  });
  if (problems.length) throw new Error(problems.join("\n"));
  return { ...stack, import: [...((stack.import as ImportBlock[] | undefined) ?? []), ...blocks] };
}
