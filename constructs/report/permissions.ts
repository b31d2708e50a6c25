import { IConstruct } from "constructs";
import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformElement, TerraformResource, TerraformStack, Token, Tokenization } from "cdktf";
import { compare, sortBy } from "./text";

/**
 * What the deploying identity (the pipeline's workload identity) needs, computed from the
 * resources the stack actually synthesizes. Each permission is listed once, with the resource
 * types that need it; a broader permission that is needed anyway absorbs the narrower ones.
 */
export interface RequiredPermissions {
  /** Microsoft Graph application permissions (app roles) to grant admin consent for, sorted. */
  readonly graphApplicationPermissions: readonly GraphPermissionNeed[];
  /** Azure RBAC role assignments, sorted by role then scope. */
  readonly azureRoles: readonly AzureRoleNeed[];
  /** Microsoft Entra directory roles the identity must hold (for calls Graph app permissions do not cover), sorted. */
  readonly entraRoles: readonly EntraRoleNeed[];
  /**
   * Resource types this library has no mapping for. Not empty means the lists above are
   * incomplete: fail closed and look the permissions up before the first deploy.
   */
  readonly unmappedResourceTypes: readonly string[];
}

export interface GraphPermissionNeed {
  readonly permission: string;
  /** Resource types that need it (`azuread_group`, `data.azuread_user`), sorted. */
  readonly reason: readonly string[];
}

export interface AzureRoleNeed {
  readonly role: string;
  /** Where to assign it: an ARM scope id. `{subscription}` stands for the azurerm provider's subscription when the stack does not name it. */
  readonly scope: string;
  readonly reason: readonly string[];
}

export interface EntraRoleNeed {
  readonly role: string;
  readonly reason: readonly string[];
}

interface Need {
  /** Names the call when one resource type makes different calls (msgraph): shown in the reason. */
  readonly detail?: string;
  readonly graph?: readonly string[];
  readonly azure?: readonly { readonly role: string; readonly scope: string }[];
  readonly entra?: readonly string[];
}

type Attrs = Record<string, unknown>;

/** A mapping: resource attributes -> what is needed, or undefined when this configuration is not understood (fail closed). */
type Mapping = (attrs: Attrs, ctx: { readonly subscription: string }) => Need | undefined;

const CA_WRITE = ["Policy.ReadWrite.ConditionalAccess", "Policy.Read.All"];
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const rgScope = (attrs: Attrs, ctx: { subscription: string }) => `/subscriptions/${ctx.subscription}/resourceGroups/${str(attrs.resource_group_name) ?? "{resource group}"}`;

/**
 * Resource type -> permissions, least privilege, from each provider's documentation:
 *
 * azuread 3.x, hashicorp/terraform-provider-azuread `docs/resources/<name>.md` and
 * `docs/data-sources/<name>.md`, section "API Permissions" (service principal authentication):
 *   directory_role_eligibility_schedule_request  RoleEligibilitySchedule.ReadWrite.Directory (or RoleManagement.ReadWrite.Directory)
 *   directory_role_assignment                    RoleManagement.ReadWrite.Directory (or Directory.ReadWrite.All)
 *   group                                        Group.ReadWrite.All; + RoleManagement.ReadWrite.Directory with assignable_to_role;
 *                                                + User.Read.All when owners are set
 *   group_role_management_policy                 RoleManagementPolicy.ReadWrite.AzureADGroup
 *   privileged_access_group_eligibility_schedule PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup
 *   privileged_access_group_assignment_schedule  PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup
 *   user                                         User.ReadWrite.All (or Directory.ReadWrite.All)
 *   conditional_access_policy, named_location,
 *   authentication_strength_policy               Policy.ReadWrite.ConditionalAccess and Policy.Read.All
 *   data user / group / service_principal        User.Read.All / Group.Read.All / Application.Read.All
 *
 * Microsoft Graph v1.0 reference (microsoftgraph/microsoft-graph-docs-contrib `api-reference/v1.0/api/`):
 *   unifiedrolemanagementpolicyrule-update.md    PATCH policies/roleManagementPolicies/{id}/rules/{id}: RoleManagementPolicy.ReadWrite.Directory
 *                                                (Entra roles), RoleManagementPolicy.ReadWrite.AzureADGroup (groups)
 *   policyroot-list-rolemanagementpolicyassignments.md  GET policies/roleManagementPolicyAssignments:
 *                                                RoleManagementPolicy.Read.Directory (Entra roles), RoleManagementPolicy.Read.AzureADGroup (groups)
 *   authenticationcontextclassreference-update.md  Policy.ReadWrite.ConditionalAccess
 *   authenticationstrengthroot-post-policies.md  Policy.ReadWrite.ConditionalAccess (least of two)
 *
 * Azure RBAC (MicrosoftDocs/azure-docs `articles/role-based-access-control/built-in-roles/privileged.md`
 * and `.../monitor.md`): PIM for Azure resources writes Microsoft.Authorization/roleEligibilityScheduleRequests,
 * roleAssignmentScheduleRequests and roleManagementPolicies. "Role Based Access Control Administrator"
 * only has roleAssignments/write and /delete, so the least privileged built-in role is "User Access
 * Administrator" (Microsoft.Authorization/*) at the role's scope. "Monitoring Contributor" has
 * Microsoft.Insights/actiongroups/* and scheduledqueryrules/*; "Monitoring Reader" reads the workspace
 * a log alert queries.
 *
 * Entra diagnostic settings (microsoft.aadiam/diagnosticSettings) are not Graph: MicrosoftDocs/entra-docs
 * `docs/identity/monitoring-health/howto-configure-diagnostic-settings.md` names Security Administrator
 * as the least privileged role.
 */
const RESOURCES: Record<string, Mapping> = {
  azuread_directory_role_eligibility_schedule_request: () => ({ graph: ["RoleEligibilitySchedule.ReadWrite.Directory"] }),
  azuread_directory_role_assignment: () => ({ graph: ["RoleManagement.ReadWrite.Directory"] }),
  azuread_group: (a) => ({
    graph: [
      "Group.ReadWrite.All",
      ...(a.assignable_to_role === true ? ["RoleManagement.ReadWrite.Directory"] : []),
      ...(a.owners !== undefined ? ["User.Read.All"] : []),
    ],
  }),
  azuread_group_role_management_policy: () => ({ graph: ["RoleManagementPolicy.ReadWrite.AzureADGroup"] }),
  azuread_privileged_access_group_eligibility_schedule: () => ({ graph: ["PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup"] }),
  azuread_privileged_access_group_assignment_schedule: () => ({ graph: ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"] }),
  azuread_user: () => ({ graph: ["User.ReadWrite.All"] }),
  azuread_conditional_access_policy: () => ({ graph: CA_WRITE }),
  azuread_named_location: () => ({ graph: CA_WRITE }),
  azuread_authentication_strength_policy: () => ({ graph: CA_WRITE }),
  msgraph_update_resource: (a) => graphUrl(str(a.url), "write"),
  msgraph_resource: (a) => graphUrl(str(a.url), "write"),
  azurerm_pim_eligible_role_assignment: (a) => armAuthorization(a),
  azurerm_pim_active_role_assignment: (a) => armAuthorization(a),
  azurerm_role_management_policy: (a) => armAuthorization(a),
  azurerm_monitor_action_group: (a, ctx) => ({ azure: [{ role: "Monitoring Contributor", scope: rgScope(a, ctx) }] }),
  azurerm_monitor_scheduled_query_rules_alert_v2: (a, ctx) => ({
    azure: [
      { role: "Monitoring Contributor", scope: rgScope(a, ctx) },
      ...(Array.isArray(a.scopes) ? a.scopes.filter((s): s is string => typeof s === "string").map((scope) => ({ role: "Monitoring Reader", scope })) : []),
    ],
  }),
  azurerm_monitor_aad_diagnostic_setting: () => ({ entra: ["Security Administrator"] }),
  // random_password is computed locally by the random provider: no cloud permission.
  random_password: () => ({}),
};

const DATA_SOURCES: Record<string, Mapping> = {
  azuread_user: () => ({ graph: ["User.Read.All"] }),
  azuread_users: () => ({ graph: ["User.Read.All"] }),
  azuread_group: () => ({ graph: ["Group.Read.All"] }),
  azuread_groups: () => ({ graph: ["Group.Read.All"] }),
  azuread_service_principal: () => ({ graph: ["Application.Read.All"] }),
  azuread_client_config: () => ({}),
  msgraph_resource: (a) => graphUrl(str(a.url), "read", a.query_parameters),
};

/** Microsoft Graph routes the msgraph provider may call, and what each needs to read and to write. */
const GRAPH_ROUTES: readonly { readonly pattern: RegExp; readonly route: string; readonly read: readonly string[]; readonly write: readonly string[] }[] = [
  {
    pattern: /^policies\/roleManagementPolicies\/Group_[^/]+\/rules(\/|$)/,
    route: "policies/roleManagementPolicies/{group policy}/rules",
    read: ["RoleManagementPolicy.Read.AzureADGroup"],
    write: ["RoleManagementPolicy.ReadWrite.AzureADGroup"],
  },
  { pattern: /^policies\/roleManagementPolicies(\/|$)/, route: "policies/roleManagementPolicies", read: ["RoleManagementPolicy.Read.Directory"], write: ["RoleManagementPolicy.ReadWrite.Directory"] },
  { pattern: /^policies\/roleManagementPolicyAssignments(\/|$)/, route: "policies/roleManagementPolicyAssignments", read: ["RoleManagementPolicy.Read.Directory"], write: ["RoleManagementPolicy.ReadWrite.Directory"] },
  {
    pattern: /^identity\/conditionalAccess\/authenticationContextClassReferences(\/|$)/,
    route: "identity/conditionalAccess/authenticationContextClassReferences",
    read: ["Policy.Read.ConditionalAccess"],
    write: ["Policy.ReadWrite.ConditionalAccess"],
  },
  { pattern: /^identity\/conditionalAccess\/(policies|namedLocations)(\/|$)/, route: "identity/conditionalAccess/policies", read: ["Policy.Read.All"], write: CA_WRITE },
  { pattern: /^policies\/authenticationStrengthPolicies(\/|$)/, route: "policies/authenticationStrengthPolicies", read: ["Policy.Read.All"], write: ["Policy.ReadWrite.ConditionalAccess"] },
  // PIM security alerts (beta): unifiedrolemanagementalertconfiguration-update.md, Permissions.
  {
    pattern: /^identityGovernance\/roleManagementAlerts(\/|$)/,
    route: "identityGovernance/roleManagementAlerts",
    read: ["RoleManagementAlert.Read.Directory"],
    write: ["RoleManagementAlert.ReadWrite.Directory"],
  },
  // Access reviews: accessreviewset-post-definitions.md, Permissions.
  { pattern: /^identityGovernance\/accessReviews(\/|$)/, route: "identityGovernance/accessReviews", read: ["AccessReview.Read.All"], write: ["AccessReview.ReadWrite.All"] },
  { pattern: /^users(\/|$)/, route: "users", read: ["User.Read.All"], write: ["User.ReadWrite.All"] },
  { pattern: /^groups(\/|$)/, route: "groups", read: ["Group.Read.All"], write: ["Group.ReadWrite.All"] },
];

/** Permissions of an msgraph call by URL (relative to the API version); group policy assignments filter on scopeType eq 'Group'. */
function graphUrl(url: string | undefined, access: "read" | "write", query?: unknown): Need | undefined {
  if (url === undefined) return undefined;
  const path = url.replace(/^\/+/, "");
  const found = GRAPH_ROUTES.find((r) => r.pattern.test(path));
  if (!found) return undefined;
  const groupScope = /scopeType eq 'Group'/.test(JSON.stringify(query ?? ""));
  const perms = access === "write" ? found.write : found.read;
  return {
    graph: groupScope ? perms.map((p) => p.replace(/\.Directory$/, ".AzureADGroup")) : perms,
    detail: found.route,
  };
}

function armAuthorization(attrs: Attrs): Need | undefined {
  const scope = str(attrs.scope);
  return scope === undefined ? undefined : { azure: [{ role: "User Access Administrator", scope }] };
}

/**
 * Broader Graph permissions that include narrower ones. `X.ReadWrite.Y` includes `X.Read.Y`
 * (handled generally); RoleManagement.ReadWrite.Directory is documented as an alternative for the
 * PIM-for-Entra-roles APIs (azuread eligibility docs; Graph policy-rule update docs), so when it
 * is needed anyway it absorbs them.
 */
const GRAPH_INCLUDES: Record<string, readonly string[]> = {
  "RoleManagement.ReadWrite.Directory": [
    "RoleEligibilitySchedule.ReadWrite.Directory",
    "RoleEligibilitySchedule.Read.Directory",
    "RoleAssignmentSchedule.ReadWrite.Directory",
    "RoleManagementPolicy.ReadWrite.Directory",
    "RoleManagementPolicy.Read.Directory",
    "RoleManagement.Read.Directory",
  ],
};

/** Azure built-in roles that include others (actions are supersets per the built-in role reference). */
const AZURE_INCLUDES: Record<string, readonly string[]> = {
  "Monitoring Contributor": ["Monitoring Reader"],
};

function graphCovers(broad: string, narrow: string): boolean {
  if (broad === narrow) return false;
  if (narrow.replace(".Read.", ".ReadWrite.") === broad && narrow.includes(".Read.")) return true;
  return (GRAPH_INCLUDES[broad] ?? []).includes(narrow);
}

/** An ARM scope as compared for containment: case-insensitive, without trailing slashes. */
const normalScope = (scope: string) => scope.toLowerCase().replace(/\/+$/, "");

/** The scopes that contain `scope` (normalized), itself included: every prefix that ends before a `/`. */
function containingScopes(scope: string): string[] {
  const inner = normalScope(scope);
  const out = [inner];
  for (let i = inner.indexOf("/"); i >= 0; i = inner.indexOf("/", i + 1)) out.push(inner.slice(0, i));
  return out;
}

/** The roles whose assignment covers `role` at the same scope: the role itself and the built-in roles that include it. */
function coveringRoles(role: string): string[] {
  return [role, ...Object.keys(AZURE_INCLUDES).filter((broad) => broad !== role && AZURE_INCLUDES[broad].includes(role))];
}

export interface AzureNeed {
  readonly role: string;
  readonly scope: string;
  readonly reason: Set<string>;
}

/**
 * Drops every Azure role assignment that another one covers (the same or an including role at the
 * same or a containing scope) and moves its reasons there. The needs are taken in (role, scope)
 * order; each goes to the first need still listed that covers it, so a chain (Monitoring Reader at
 * a resource group, Monitoring Contributor there, Monitoring Contributor at the subscription) ends
 * in one place. Linear in the needs: the covering candidates of a need are looked up by role and
 * containing scope (a scope's depth, not the number of needs); `stats.lookups` counts the lookups.
 */
export function collapseAzureNeeds(needs: readonly AzureNeed[], stats: { lookups: number } = { lookups: 0 }): AzureNeed[] {
  const ordered = sortBy(needs, (n) => [n.role, n.scope]);
  const rank = new Map(ordered.map((n, i) => [n, i]));
  const byRoleScope = new Map<string, AzureNeed[]>();
  for (const n of ordered) {
    const key = `${n.role}\u0000${normalScope(n.scope)}`;
    const list = byRoleScope.get(key) ?? [];
    list.push(n);
    byRoleScope.set(key, list);
  }
  const dropped = new Set<AzureNeed>();
  for (const narrow of ordered) {
    let broad: AzureNeed | undefined;
    for (const role of coveringRoles(narrow.role)) {
      for (const scope of containingScopes(narrow.scope)) {
        stats.lookups += 1;
        for (const b of byRoleScope.get(`${role}\u0000${scope}`) ?? []) {
          if (b === narrow || dropped.has(b)) continue;
          if (broad === undefined || (rank.get(b) as number) < (rank.get(broad) as number)) broad = b;
        }
      }
    }
    if (broad === undefined) continue;
    for (const r of narrow.reason) broad.reason.add(r);
    dropped.add(narrow);
  }
  return ordered.filter((n) => !dropped.has(n));
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Resolves tokens the way synthesis does (references become `${...}` strings). */
export function resolveIn<T>(scope: IConstruct, value: T): T {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER }) as T;
}

/** The attributes of a resource or data source as written to Terraform JSON (tokens resolved to `${...}`). */
export function attributesOf(el: TerraformResource | TerraformDataSource): Attrs {
  return resolveIn(el, unresolvedAttributesOf(el));
}

function unresolvedAttributesOf(el: TerraformResource | TerraformDataSource): Attrs {
  const kind = TerraformDataSource.isTerraformDataSource(el) ? "data" : "resource";
  const tf = el.toTerraform() as Record<string, Record<string, Record<string, Attrs>> | undefined>;
  return Object.values(tf[kind]?.[el.terraformResourceType] ?? {})[0] ?? {};
}

/**
 * The attributes as `attributesOf` gives them, each resolved when a mapping first reads it: the
 * mappings read one or two attributes (most none), and resolving a whole role management policy
 * for its `scope` was a third pass over the stack after synthesis's two (issue 17).
 *
 * An attribute is read from the construct's input getter where there is one (cdktf's generated
 * classes, and ours in constructs/providers, give each argument `<camelCase>Input`, returning the
 * value as set; synthesizeAttributes writes it through `stringToTerraform` and the like, which
 * return it unchanged). Only an element with overrides, or an attribute without a getter, is read
 * from toTerraform: building every policy's whole Terraform again was most of what the reports
 * allocated.
 */
export function lazyAttributesOf(el: TerraformResource | TerraformDataSource): Attrs {
  let raw: Attrs | undefined;
  const overridden = Object.keys((el as unknown as { rawOverrides?: object }).rawOverrides ?? {}).length > 0;
  const resolved = new Map<string, unknown>();
  const read = (name: string) => {
    if (!resolved.has(name)) {
      const getter = `${name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Input`;
      if (!overridden && getter in el) {
        const value = (el as unknown as Record<string, unknown>)[getter];
        resolved.set(name, value === undefined ? undefined : resolveIn(el, value));
      } else {
        raw ??= unresolvedAttributesOf(el);
        resolved.set(name, Object.prototype.hasOwnProperty.call(raw, name) ? resolveIn(el, raw[name]) : undefined);
      }
    }
    return resolved.get(name);
  };
  return new Proxy({} as Attrs, { get: (_, name) => (typeof name === "string" ? read(name) : undefined) });
}

/** The azurerm provider's subscription when the stack sets it literally. */
function subscriptionOf(stack: TerraformStack): string {
  for (const c of stack.node.findAll()) {
    if (!TerraformElement.isTerraformElement(c) || (c as { terraformResourceType?: string }).terraformResourceType !== "azurerm") continue;
    const id = (c as { subscriptionId?: unknown }).subscriptionId;
    if (typeof id === "string" && !Token.isUnresolved(id)) return id;
  }
  return "{subscription}";
}

/**
 * Microsoft Graph application permissions, Azure roles and Entra roles the deploying identity
 * needs for the resources `stack` synthesizes, least privilege, each listed once.
 */
export function requiredPermissions(stack: TerraformStack): RequiredPermissions {
  const graph = new Map<string, Set<string>>();
  const azure = new Map<string, AzureNeed>();
  const entra = new Map<string, Set<string>>();
  const unmapped = new Set<string>();
  const ctx = { subscription: subscriptionOf(stack) };
  const add = (map: Map<string, Set<string>>, key: string, reason: string) => {
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)?.add(reason);
  };

  for (const c of stack.node.findAll() as IConstruct[]) {
    const isData = TerraformDataSource.isTerraformDataSource(c);
    if (!isData && !TerraformResource.isTerraformResource(c)) continue;
    const el = c as TerraformResource | TerraformDataSource;
    const type = el.terraformResourceType;
    let reason = isData ? `data.${type}` : type;
    const mapping = (isData ? DATA_SOURCES : RESOURCES)[type];
    const attrs = lazyAttributesOf(el);
    const need = mapping?.(attrs, ctx);
    if (need === undefined) {
      const url = str(attrs.url);
      unmapped.add(url === undefined ? reason : `${reason} (${url})`);
      continue;
    }
    if (need.detail !== undefined) reason = `${reason} (${need.detail})`;
    for (const p of need.graph ?? []) add(graph, p, reason);
    for (const r of need.entra ?? []) add(entra, r, reason);
    for (const r of need.azure ?? []) {
      const key = `${r.role}\u0000${r.scope}`;
      if (!azure.has(key)) azure.set(key, { ...r, reason: new Set() });
      azure.get(key)?.reason.add(reason);
    }
  }

  // Collapse: a permission that another needed permission includes moves its reasons there,
  // repeated until nothing moves so chains (Read -> ReadWrite -> RoleManagement) end in one place.
  for (let moved = true; moved; ) {
    moved = false;
    for (const narrow of [...graph.keys()].sort(compare)) {
      const broad = [...graph.keys()].sort(compare).find((b) => graphCovers(b, narrow));
      if (broad === undefined) continue;
      for (const r of graph.get(narrow) ?? []) graph.get(broad)?.add(r);
      graph.delete(narrow);
      moved = true;
    }
  }
  // One pass is enough: needs are only ever dropped, so one with no cover when its turn comes never gets one.
  const azureNeeds = collapseAzureNeeds([...azure.values()]);

  const sorted = (s: Set<string>) => [...s].sort(compare);
  return {
    graphApplicationPermissions: [...graph.entries()].sort(([a], [b]) => compare(a, b)).map(([permission, r]) => ({ permission, reason: sorted(r) })),
    azureRoles: azureNeeds.map((a) => ({ role: a.role, scope: a.scope, reason: sorted(a.reason) })),
    entraRoles: [...entra.entries()].sort(([a], [b]) => compare(a, b)).map(([role, r]) => ({ role, reason: sorted(r) })),
    unmappedResourceTypes: sorted(unmapped),
  };
}
