import { TerraformResource } from "cdktf";
import { AuthenticationStrengths } from "../catalog";
import { Maybe, Unresolved, block, hasOpaqueElement, identifier, isUnresolved, list, literal, resourceAttributes } from "./values";

/**
 * A Conditional Access policy as Terraform will receive it, whoever created it (an
 * AdminWorkstationPolicy, a break-glass construct or a raw resource): an
 * `azuread_conditional_access_policy` (azuread 3.7.0 attribute names) or a Graph policy POSTed by
 * `msgraph_resource` to `identity/conditionalAccess/policies` (Graph property names), the way
 * AdminWorkstationPolicy writes its authentication context policy.
 */
export interface ConditionalAccessView {
  readonly node: TerraformResource;
  readonly displayName: string;
  /** `enabled`, `disabled` or `enabledForReportingButNotEnforced`. */
  readonly state: Maybe<string>;
  readonly includedUsers: Maybe<string[]>;
  readonly excludedUsers: Maybe<string[]>;
  readonly excludedGroups: Maybe<string[]>;
  readonly includedGroups: Maybe<string[]>;
  readonly includedRoles: Maybe<string[]>;
  readonly excludedRoles: Maybe<string[]>;
  readonly includedApplications: Maybe<string[]>;
  readonly excludedApplications: Maybe<string[]>;
  /**
   * Authentication contexts the policy targets (Graph `applications.includeAuthenticationContextClassReferences`;
   * azuread 3.x has no such attribute: `[]`).
   */
  readonly authenticationContexts: Maybe<string[]>;
  readonly clientAppTypes: Maybe<string[]>;
  /**
   * Conditions that narrow the policy to some sign-ins only (locations other than All, platforms,
   * a device filter, risk levels, authentication flows, client applications): `[]` when none.
   */
  readonly narrowedBy: Maybe<string[]>;
  /** The grant controls: undefined when the policy has none (session controls only). */
  readonly grant?: Maybe<{
    readonly operator: Maybe<string> | undefined;
    readonly builtInControls: Maybe<string[]>;
    readonly authenticationStrengthPolicyId: Maybe<string> | undefined;
    readonly termsOfUse: Maybe<string[]>;
  }>;
}

/** Graph's Conditional Access policy collection, with or without version prefix. */
const GRAPH_POLICIES_URL = /^\/?(?:(?:v1\.0|beta)\/)?identity\/conditionalAccess\/policies\/?$/i;

/** One existing policy by id, as `msgraph_update_resource` PATCHes it. */
const GRAPH_POLICY_ITEM_URL = /^\/?(?:(?:v1\.0|beta)\/)?identity\/conditionalAccess\/policies\/[^/]+\/?$/i;

/** True for the resources {@link conditionalAccessView} reads. */
export function isConditionalAccessPolicy(node: TerraformResource): boolean {
  if (node.terraformResourceType === "azuread_conditional_access_policy") return true;
  const url = node.terraformResourceType === "msgraph_resource" || node.terraformResourceType === "msgraph_update_resource" ? resourceAttributes(node).url : undefined;
  if (typeof url !== "string") return false;
  return node.terraformResourceType === "msgraph_resource" ? GRAPH_POLICIES_URL.test(url) : GRAPH_POLICY_ITEM_URL.test(url);
}

/** Attribute names of the two shapes: [provider (snake_case), Graph (camelCase)]. */
const NAMES = {
  displayName: ["display_name", "displayName"],
  conditions: ["conditions", "conditions"],
  grant: ["grant_controls", "grantControls"],
  users: ["users", "users"],
  applications: ["applications", "applications"],
  includedUsers: ["included_users", "includeUsers"],
  excludedUsers: ["excluded_users", "excludeUsers"],
  excludedGroups: ["excluded_groups", "excludeGroups"],
  includedGroups: ["included_groups", "includeGroups"],
  authenticationContexts: ["included_authentication_context_class_references", "includeAuthenticationContextClassReferences"],
  includedRoles: ["included_roles", "includeRoles"],
  excludedRoles: ["excluded_roles", "excludeRoles"],
  includedApplications: ["included_applications", "includeApplications"],
  excludedApplications: ["excluded_applications", "excludeApplications"],
  clientAppTypes: ["client_app_types", "clientAppTypes"],
  builtInControls: ["built_in_controls", "builtInControls"],
  termsOfUse: ["terms_of_use", "termsOfUse"],
} as const;

const lower = (v: Maybe<string[]>): Maybe<string[]> => (isUnresolved(v) ? v : v.map((s) => s.toLowerCase()));

/** Reads a policy's synthesized attributes (or, for Graph, its request body). */
export function conditionalAccessView(node: TerraformResource): ConditionalAccessView {
  const attrs = resourceAttributes(node);
  const update = node.terraformResourceType === "msgraph_update_resource";
  const graph = node.terraformResourceType === "msgraph_resource" || update;
  const name = (key: keyof typeof NAMES) => NAMES[key][graph ? 1 : 0];
  // An msgraph_update_resource PATCHes some properties of a policy the tenant has: what its body
  // leaves out is whatever the tenant holds, unknown here (fail closed).
  const absent = (what: string): Maybe<string[]> => (update ? { unresolved: `${what} not in the body of msgraph_update_resource ${node.node.path}: the tenant's value` } : []);
  const many = attrs.for_each ?? attrs.count;
  const body = many !== undefined ? { unresolved: `for_each/count ${JSON.stringify(many)}` } : graph ? block(attrs.body) : attrs;
  const a = isUnresolved(body) || body === undefined ? {} : body;
  const conditions = isUnresolved(body) ? body : block(a[name("conditions")]);
  const sub = (key: "users" | "applications") => (conditions === undefined ? undefined : isUnresolved(conditions) ? conditions : block(conditions[name(key)]));
  const users = sub("users");
  const apps = sub("applications");
  const field = (b: Maybe<Record<string, unknown>> | undefined, key: keyof typeof NAMES): Maybe<string[]> =>
    isUnresolved(b) ? b : b?.[name(key)] === undefined ? absent(name(key)) : list(b[name(key)]);
  const g = isUnresolved(body) ? body : block(a[name("grant")]);
  const state = literal(a.state);
  const displayName = a[name("displayName")];
  return {
    node,
    displayName: typeof displayName === "string" ? displayName : node.node.path,
    state: isUnresolved(body) ? body : (state ?? { unresolved: "missing" }),
    includedUsers: field(users, "includedUsers"),
    excludedUsers: field(users, "excludedUsers"),
    excludedGroups: field(users, "excludedGroups"),
    includedGroups: field(users, "includedGroups"),
    includedRoles: lower(field(users, "includedRoles")),
    excludedRoles: lower(field(users, "excludedRoles")),
    includedApplications: field(apps, "includedApplications"),
    excludedApplications: field(apps, "excludedApplications"),
    authenticationContexts: field(apps, "authenticationContexts"),
    clientAppTypes: isUnresolved(conditions) ? conditions : field(conditions, "clientAppTypes"),
    narrowedBy: isUnresolved(conditions) ? conditions : update ? absent("the other conditions") : narrowedBy(conditions, graph),
    grant:
      g === undefined && update
        ? { unresolved: `grantControls not in the body of msgraph_update_resource ${node.node.path}: the tenant's value` }
        : g === undefined || isUnresolved(g)
        ? g
        : {
            operator: literal(g.operator),
            builtInControls: list(g[name("builtInControls")]),
            // A reference to a custom strength stays comparable: the model looks the resource up.
            // Graph takes the strength as { id: <GUID> }.
            authenticationStrengthPolicyId: identifier(graph ? strengthIdOf(g.authenticationStrength) : g.authentication_strength_policy_id),
            termsOfUse: list(g[name("termsOfUse")]),
          },
  };
}

/** Condition names [azuread, Graph] whose presence (a block, or a non-empty list) narrows a policy. */
const NARROWING: ReadonlyArray<readonly [string, string]> = [
  ["platforms", "platforms"],
  ["devices", "devices"],
  ["sign_in_risk_levels", "signInRiskLevels"],
  ["user_risk_levels", "userRiskLevels"],
  ["service_principal_risk_levels", "servicePrincipalRiskLevels"],
  ["insider_risk_levels", "insiderRiskLevels"],
  ["authentication_flow_transfer_methods", "authenticationFlows"],
  ["client_applications", "clientApplications"],
];

/** Which conditions narrow the policy (see {@link ConditionalAccessView.narrowedBy}); Unresolved when one cannot be read. */
function narrowedBy(conditions: Record<string, unknown> | undefined, graph: boolean): Maybe<string[]> {
  if (conditions === undefined) return [];
  const out: string[] = [];
  for (const pair of NARROWING) {
    const key = pair[graph ? 1 : 0];
    const value = conditions[key];
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    if (typeof value === "string") return { unresolved: value };
    out.push(key);
  }
  const locations = block(conditions.locations);
  if (isUnresolved(locations)) return locations;
  if (locations !== undefined) {
    const included = list(locations[graph ? "includeLocations" : "included_locations"]);
    const excluded = list(locations[graph ? "excludeLocations" : "excluded_locations"]);
    if (isUnresolved(included)) return included;
    if (isUnresolved(excluded)) return excluded;
    if (excluded.length > 0 || !(included.length === 1 && included[0] === "All")) out.push("locations");
  }
  return out;
}

function strengthIdOf(value: unknown): unknown {
  const b = block(value);
  return b === undefined || isUnresolved(b) ? b : b.id;
}

/** True, false, or Unresolved when the answer depends on a value not known at synth. */
export type Answer = boolean | Unresolved;

/** Whether `values` contains `item`; Unresolved when the list (or an opaque element) is unknown. */
export function contains(values: Maybe<string[]>, item: string): Answer {
  if (isUnresolved(values)) return values;
  if (values.includes(item)) return true;
  const opaque = values.find((v) => hasOpaqueElement([v]));
  return opaque === undefined ? false : { unresolved: opaque };
}

/** The policy applies to every user (`included_users` contains `All`). */
export function appliesToAllUsers(p: ConditionalAccessView): Answer {
  return contains(p.includedUsers, "All");
}

/** The policy applies to holders of `templateId`: all users or the role included, and the role not excluded. */
export function appliesToRole(p: ConditionalAccessView, templateId: string): Answer {
  const excluded = contains(p.excludedRoles, templateId);
  if (excluded !== false) return excluded === true ? false : excluded;
  const all = appliesToAllUsers(p);
  if (all === true) return true;
  const role = contains(p.includedRoles, templateId);
  return role === true ? true : isUnresolved(all) ? all : role;
}

/**
 * The policy covers every cloud app: `included_applications` contains `All` and none is excluded
 * (ScubaGear drops a policy with excluded applications: Rego/Utils/AAD.rego, used by MS.AAD.1.1 and 3.6).
 */
export function coversAllApplications(p: ConditionalAccessView): Answer {
  const all = contains(p.includedApplications, "All");
  if (all !== true) return all;
  if (isUnresolved(p.excludedApplications)) return p.excludedApplications;
  return p.excludedApplications.length === 0;
}

/** The policy applies to every sign-in of its users: no location, platform, device, risk or flow condition narrows it. */
export function appliesEverywhere(p: ConditionalAccessView): Answer {
  if (isUnresolved(p.narrowedBy)) return p.narrowedBy;
  return p.narrowedBy.length === 0;
}

/** The policy's grant controls block or require something (any built-in control, strength or terms of use). */
export function enforcesControl(p: ConditionalAccessView): Answer {
  if (p.grant === undefined) return false;
  if (isUnresolved(p.grant)) return p.grant;
  const { builtInControls, authenticationStrengthPolicyId, termsOfUse } = p.grant;
  if (isUnresolved(builtInControls)) return builtInControls;
  if (isUnresolved(termsOfUse)) return termsOfUse;
  return builtInControls.length > 0 || termsOfUse.length > 0 || authenticationStrengthPolicyId !== undefined;
}

/** The policy blocks sign-ins (`built_in_controls` contains `block`). */
export function blocks(p: ConditionalAccessView): Answer {
  if (p.grant === undefined) return false;
  return isUnresolved(p.grant) ? p.grant : contains(p.grant.builtInControls, "block");
}

/**
 * The authentication strength the policy requires, when nothing else can satisfy the grant:
 * with operator OR, any other control (e.g. `mfa`) would satisfy it instead of the strength.
 */
export function requiredStrength(p: ConditionalAccessView): Maybe<string> | undefined {
  if (p.grant === undefined || isUnresolved(p.grant)) return p.grant;
  const { operator, builtInControls, authenticationStrengthPolicyId, termsOfUse } = p.grant;
  if (authenticationStrengthPolicyId === undefined || isUnresolved(authenticationStrengthPolicyId)) return authenticationStrengthPolicyId;
  if (isUnresolved(builtInControls)) return builtInControls;
  if (isUnresolved(termsOfUse)) return termsOfUse;
  const alone = builtInControls.length === 0 && termsOfUse.length === 0;
  return alone || operator === "AND" ? authenticationStrengthPolicyId : undefined;
}

/** True for the built-in phishing-resistant strength (by policy id or bare GUID). */
export function isBuiltInPhishingResistant(strengthId: string): boolean {
  const s = AuthenticationStrengths.PHISHING_RESISTANT_MFA;
  const v = strengthId.toLowerCase();
  return v === s.policyId.toLowerCase() || v === s.id;
}

/**
 * Authentication method modes of Microsoft's built-in "Phishing-resistant MFA" strength: Windows
 * Hello for Business, passkeys (FIDO2) and multifactor certificate-based authentication
 * (entra-docs, docs/identity/authentication/concept-authentication-strengths.md).
 */
export const PHISHING_RESISTANT_MODES: ReadonlySet<string> = new Set(["fido2", "windowsHelloForBusiness", "x509CertificateMultiFactor"]);

/** The state when the policy is enabled or report-only; Unresolved when unknown; undefined when disabled or anything else. */
export function enforcement(p: ConditionalAccessView): "enabled" | "reportOnly" | Unresolved | undefined {
  if (isUnresolved(p.state)) return p.state;
  return p.state === "enabled" ? "enabled" : p.state === "enabledForReportingButNotEnforced" ? "reportOnly" : undefined;
}
