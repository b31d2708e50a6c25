import { describeValue, expected, ValidationError } from "../errors";
import { didYouMean } from "./suggest";

/** A built-in Conditional Access authentication strength (the same in every tenant). */
export interface AuthenticationStrengthDefinition {
  /** Display name as Microsoft Graph returns it. */
  readonly name: string;
  /** The policy's GUID (`authenticationStrengthPolicy.id`). */
  readonly id: string;
  /**
   * The value `azuread_conditional_access_policy` expects in
   * `grant_controls.authentication_strength_policy_id`: the id prefixed with
   * `/policies/authenticationStrengthPolicies/` (azuread provider docs: "When using a hard-coded
   * ID, the UUID value should be prefixed with `/policies/authenticationStrengthPolicies/`").
   */
  readonly policyId: string;
}

/** Prefix of {@link AuthenticationStrengthDefinition.policyId}. */
export const AUTHENTICATION_STRENGTH_POLICY_PREFIX = "/policies/authenticationStrengthPolicies/";

function strength(name: string, id: string): AuthenticationStrengthDefinition {
  return Object.freeze({ name, id, policyId: `${AUTHENTICATION_STRENGTH_POLICY_PREFIX}${id}` });
}

/**
 * The three built-in authentication strengths. Names and ids from Microsoft Graph's
 * `GET /policies/authenticationStrengthPolicies` reference response (policyType `builtIn`).
 */
export const AuthenticationStrengths = Object.freeze({
  /** "Multifactor authentication": any combination that satisfies MFA (e.g. password + SMS). */
  MFA: strength("Multifactor authentication", "00000000-0000-0000-0000-000000000002"),
  /** "Passwordless MFA": Windows Hello for Business, FIDO2, certificate (multifactor), Authenticator passwordless. */
  PASSWORDLESS_MFA: strength("Passwordless MFA", "00000000-0000-0000-0000-000000000003"),
  /** "Phishing-resistant MFA": Windows Hello for Business, FIDO2 security keys / passkeys, certificate (multifactor). */
  PHISHING_RESISTANT_MFA: strength("Phishing-resistant MFA", "00000000-0000-0000-0000-000000000004"),
});

/** The built-in authentication strengths, weakest first. */
export const AUTHENTICATION_STRENGTHS: readonly AuthenticationStrengthDefinition[] = Object.freeze([
  AuthenticationStrengths.MFA,
  AuthenticationStrengths.PASSWORDLESS_MFA,
  AuthenticationStrengths.PHISHING_RESISTANT_MFA,
]);

/**
 * Finds a built-in authentication strength by name (case-insensitive), id or policy id.
 * Returns `undefined` for anything else (custom strengths are referenced by their own id).
 */
export function findAuthenticationStrength(nameOrId: string): AuthenticationStrengthDefinition | undefined {
  if (typeof nameOrId !== "string") return undefined;
  const key = nameOrId.trim().toLowerCase();
  return AUTHENTICATION_STRENGTHS.find(
    (s) => s.name.toLowerCase() === key || s.id === key || s.policyId.toLowerCase() === key,
  );
}

/** Like {@link findAuthenticationStrength}, but throws a {@link ValidationError} (field `authenticationStrength`). */
export function authenticationStrength(nameOrId: string): AuthenticationStrengthDefinition {
  const found = findAuthenticationStrength(nameOrId);
  if (found) return found;
  const names = AUTHENTICATION_STRENGTHS.map((s) => s.name);
  if (typeof nameOrId !== "string" || nameOrId.trim() === "") {
    throw new ValidationError("authenticationStrength", expected(`one of ${names.map((n) => JSON.stringify(n)).join(", ")}`, nameOrId));
  }
  throw new ValidationError(
    "authenticationStrength",
    `unknown built-in authentication strength ${describeValue(nameOrId)}; ${didYouMean(nameOrId, names)}`,
  );
}
