import { TerraformResource } from "cdktf";
import { AuthenticationStrengths } from "../catalog";
import { Maybe, Unresolved, block, hasOpaqueElement, identifier, isUnresolved, list, literal, resourceAttributes } from "./values";

/**
 * A Conditional Access policy as Terraform will receive it (`azuread_conditional_access_policy`,
 * azuread 3.7.0 attribute names), whoever created it: an AdminWorkstationPolicy, a break-glass
 * construct or a raw resource.
 */
export interface ConditionalAccessView {
  readonly node: TerraformResource;
  readonly displayName: string;
  /** `enabled`, `disabled` or `enabledForReportingButNotEnforced`. */
  readonly state: Maybe<string>;
  readonly includedUsers: Maybe<string[]>;
  readonly excludedUsers: Maybe<string[]>;
  readonly includedRoles: Maybe<string[]>;
  readonly excludedRoles: Maybe<string[]>;
  readonly includedApplications: Maybe<string[]>;
  readonly clientAppTypes: Maybe<string[]>;
  /** The `grant_controls` block: undefined when the policy has none (session controls only). */
  readonly grant?: Maybe<{
    readonly operator: Maybe<string> | undefined;
    readonly builtInControls: Maybe<string[]>;
    readonly authenticationStrengthPolicyId: Maybe<string> | undefined;
    readonly termsOfUse: Maybe<string[]>;
  }>;
}

const lower = (v: Maybe<string[]>): Maybe<string[]> => (isUnresolved(v) ? v : v.map((s) => s.toLowerCase()));

/** Reads a policy's synthesized attributes. */
export function conditionalAccessView(node: TerraformResource): ConditionalAccessView {
  const a = resourceAttributes(node);
  const many = a.for_each ?? a.count;
  const conditions = many !== undefined ? { unresolved: `for_each/count ${JSON.stringify(many)}` } : block(a.conditions);
  const sub = (name: string) => (conditions === undefined ? undefined : isUnresolved(conditions) ? conditions : block(conditions[name]));
  const users = sub("users");
  const apps = sub("applications");
  const field = (b: Maybe<Record<string, unknown>> | undefined, key: string): Maybe<string[]> => (isUnresolved(b) ? b : list(b?.[key]));
  const g = block(a.grant_controls);
  const state = literal(a.state);
  return {
    node,
    displayName: typeof a.display_name === "string" ? a.display_name : node.node.path,
    state: state === undefined ? { unresolved: "missing" } : state,
    includedUsers: field(users, "included_users"),
    excludedUsers: field(users, "excluded_users"),
    includedRoles: lower(field(users, "included_roles")),
    excludedRoles: lower(field(users, "excluded_roles")),
    includedApplications: field(apps, "included_applications"),
    clientAppTypes: isUnresolved(conditions) ? conditions : list(conditions?.client_app_types),
    grant:
      g === undefined || isUnresolved(g)
        ? g
        : {
            operator: literal(g.operator),
            builtInControls: list(g.built_in_controls),
            // A reference to a custom strength stays comparable: the model looks the resource up.
            authenticationStrengthPolicyId: identifier(g.authentication_strength_policy_id),
            termsOfUse: list(g.terms_of_use),
          },
  };
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

/** The policy covers every cloud app (`included_applications` contains `All`). */
export function coversAllApplications(p: ConditionalAccessView): Answer {
  return contains(p.includedApplications, "All");
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
