import { isIPv4, isIPv6 } from "node:net";
import { ValidationError, describeValue, expected } from "../errors";
import { isGuid } from "../principals";
import { closestMatches, levenshtein } from "../catalog/suggest";

/**
 * Validation of the Conditional Access condition values users write: device filter rules,
 * named-location IP ranges and countries, authentication strength combinations.
 */

/** Maximum device filter rule length (entra-docs concept-condition-filters-for-devices.md). */
export const MAX_DEVICE_FILTER_LENGTH = 3072;

/** Device properties a Conditional Access device filter can use (same source). */
const DEVICE_PROPERTIES = [
  "deviceId", "displayName", "deviceOwnership", "enrollmentProfileName", "isCompliant", "manufacturer",
  "mdmAppId", "model", "operatingSystem", "operatingSystemVersion", "physicalIds", "profileType",
  "systemLabels", "trustType",
  ...Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`),
];
const PROPERTY_BY_LOWER = new Map(DEVICE_PROPERTIES.map((p) => [p.toLowerCase(), p]));

/** Comparison operators of the device filter rule syntax (dynamic membership rule syntax). */
const OPERATORS = ["-eq", "-ne", "-startsWith", "-notStartsWith", "-endsWith", "-notEndsWith", "-contains", "-notContains", "-in", "-notIn"];
const OPERATOR_BY_LOWER = new Map(OPERATORS.map((o) => [o.toLowerCase(), o]));
const LOGICAL = new Set(["-and", "-or", "-not"]);

const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;
const TOKEN = /device\.[A-Za-z0-9]+|-[A-Za-z]+|[()[\],]|[^\s()[\],]+/g;

/**
 * A reasonable syntactic check of a device filter rule: at most 3,072 characters, at least one
 * `device.<property> -<operator> <value>` clause, only supported properties and operators,
 * clauses joined with -and / -or, balanced parentheses. Graph does the full parse at apply.
 */
export function deviceFilterRule(value: unknown, field: string, context: string): string {
  const allowed = 'a device filter rule such as device.extensionAttribute1 -eq "PAW"';
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(field, expected(allowed, value), context);
  const rule = value.trim();
  if (rule.length > MAX_DEVICE_FILTER_LENGTH) {
    throw new ValidationError(field, `must be at most ${MAX_DEVICE_FILTER_LENGTH} characters (Entra's device filter limit), got ${rule.length}`, context);
  }
  const tokens = rule.replace(STRING, ' "" ').match(TOKEN) ?? [];
  let depth = 0;
  let clauses = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === "(") depth++;
    else if (token === ")" && --depth < 0) throw new ValidationError(field, `has an unmatched ")": ${describeValue(rule)}`, context);
    else if (token.startsWith("device.")) {
      const property = token.slice("device.".length);
      if (!PROPERTY_BY_LOWER.has(property.toLowerCase())) {
        throw new ValidationError(field, `uses unsupported device property ${describeValue(property)}; supported: ${DEVICE_PROPERTIES.join(", ")}`, context);
      }
      const op = tokens[i + 1];
      if (op === undefined || !OPERATOR_BY_LOWER.has(op.toLowerCase())) {
        throw new ValidationError(field, `must follow ${token} with an operator (${OPERATORS.join(", ")}), got ${describeValue(op ?? "end of rule")}`, context);
      }
      clauses++;
      i++;
    } else if (/^[A-Za-z]+\.[A-Za-z0-9]+$/.test(token)) {
      throw new ValidationError(field, `${expected(allowed, value)}: ${token} is not a device property; a device rule compares device.<property>`, context);
    } else if (token.startsWith("-") && !LOGICAL.has(token.toLowerCase())) {
      throw new ValidationError(field, `uses ${describeValue(token)} where a device property or -and/-or is expected; operators: ${OPERATORS.join(", ")}`, context);
    }
  }
  if (depth !== 0) throw new ValidationError(field, `has an unmatched "(": ${describeValue(rule)}`, context);
  if (clauses === 0) throw new ValidationError(field, `${expected(allowed, value)}: a device rule compares device.<property> with -eq, -ne, -contains, -startsWith ...`, context);
  return rule;
}

/**
 * An IP range as `azuread_named_location` takes it: IPv4 CIDR with a prefix of /8 or longer, or
 * IPv6 CIDR (azuread docs named_location.md: "Each CIDR prefix must be /8 or larger").
 * Returned in canonical lower case.
 */
export function ipRange(value: unknown, field: string, context: string): string {
  const allowed = "an IPv4 or IPv6 range in CIDR notation with a prefix of /8 or longer (e.g. 203.0.113.0/24)";
  if (typeof value !== "string") throw new ValidationError(field, expected(allowed, value), context);
  const match = /^([^/\s]+)\/(\d{1,3})$/.exec(value.trim());
  if (!match) throw new ValidationError(field, expected(allowed, value), context);
  const [, address, prefixText] = match;
  const prefix = Number(prefixText);
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : 0;
  if (max === 0 || prefix < 8 || prefix > max) throw new ValidationError(field, expected(allowed, value), context);
  return `${address.toLowerCase()}/${prefix}`;
}

const REGION_NAMES = new Intl.DisplayNames(["en"], { type: "region", fallback: "none" });
/** Region codes ICU knows that are not countries or territories. */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"]);

/** An ISO 3166-1 alpha-2 country or region code (`countries_and_regions`), upper case. */
export function countryCode(value: unknown, field: string, context: string): string {
  const allowed = "an ISO 3166-1 alpha-2 country or region code (e.g. US, GB, DE)";
  if (typeof value !== "string" || !/^[A-Za-z]{2}$/.test(value.trim())) throw new ValidationError(field, expected(allowed, value), context);
  const code = value.trim().toUpperCase();
  if (NOT_COUNTRIES.has(code) || REGION_NAMES.of(code) === undefined) throw new ValidationError(field, expected(allowed, value), context);
  return code;
}

/** A named location's object id (GUID), lower case. */
export function namedLocationId(value: unknown, field: string, context: string): string {
  if (typeof value !== "string" || !isGuid(value.trim())) {
    throw new ValidationError(field, expected("the object id (GUID) of an existing named location", value), context);
  }
  return value.trim().toLowerCase();
}

/**
 * The authentication method modes `azuread_authentication_strength_policy.allowed_combinations`
 * accepts: exactly the values of the go-azure-sdk's v1.0 `authenticationMethodModes`. azuread 3.x
 * validates each comma-separated part with `slices.Contains(stable.PossibleValuesForAuthenticationMethodModes(), strings.TrimSpace(s))`
 * (internal/services/policies/authentication_strength_policy_resource.go; the list is
 * vendor/github.com/hashicorp/go-azure-sdk/microsoft-graph/common-types/stable/constant_authenticationmethodmodes.go,
 * the same in azuread v3.7.0 and v3.9.0). The comparison is case-sensitive.
 */
export const AUTHENTICATION_METHOD_MODES: readonly string[] = Object.freeze([
  "deviceBasedPush", "email", "federatedMultiFactor", "federatedSingleFactor", "fido2", "hardwareOath",
  "microsoftAuthenticatorPush", "password", "sms", "softwareOath", "temporaryAccessPassMultiUse",
  "temporaryAccessPassOneTime", "voice", "windowsHelloForBusiness", "x509CertificateMultiFactor", "x509CertificateSingleFactor",
]);

/**
 * Modes Graph has that azuread 3.x refuses, with the reason: they are in the SDK's beta
 * `authenticationMethodModes` only (common-types/beta/constant_authenticationmethodmodes.go), and
 * the resource validates against the v1.0 (stable) list.
 */
const NOT_IN_AZUREAD: Readonly<Record<string, string>> = {
  qrCodePin: "QR code sign-in is a Graph beta mode: azuread 3.x validates against the v1.0 modes only, so Terraform would refuse the plan; leave it out of the combination",
};

/** Why `mode` is refused, with the closest accepted mode when one is near. */
function unknownModeHint(mode: string): string {
  const head = `${describeValue(mode)} is not an authentication method mode azuread 3.x accepts`;
  const reason = Object.prototype.hasOwnProperty.call(NOT_IN_AZUREAD, mode) ? NOT_IN_AZUREAD[mode] : undefined;
  if (reason !== undefined) return `${head} (${reason})`;
  const [closest] = closestMatches(mode, AUTHENTICATION_METHOD_MODES, 1);
  const a = mode.trim().toLowerCase();
  const b = closest?.toLowerCase() ?? "";
  const near = closest !== undefined && a !== "" && (b.includes(a) || a.includes(b) || levenshtein(a, b) <= Math.max(2, Math.floor(a.length / 3)));
  return near ? `${head}; did you mean ${JSON.stringify(closest)}?` : head;
}

/** Validates `allowed_combinations` (e.g. `["fido2", "password,microsoftAuthenticatorPush"]`); sorted, no duplicates. */
export function allowedCombinations(value: unknown, field: string, context: string): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(field, expected('a non-empty list of method combinations (e.g. ["fido2", "windowsHelloForBusiness"])', value), context);
  }
  const allowed = `a comma-separated combination of ${AUTHENTICATION_METHOD_MODES.join(", ")}`;
  // Array.from visits holes of a sparse list (map skips them).
  const out = Array.from(value, (combination: unknown, i: number) => {
    const f = `${field}[${i}]`;
    if (typeof combination !== "string" || combination.trim() === "") throw new ValidationError(f, expected(allowed, combination), context);
    const parts = combination.split(",").map((p) => p.trim());
    const bad = parts.find((p) => !AUTHENTICATION_METHOD_MODES.includes(p));
    if (bad !== undefined) {
      const detail = bad === "" ? "a combination has an empty part (a stray comma)" : unknownModeHint(bad);
      throw new ValidationError(f, `${expected(allowed, combination)}: ${detail}`, context);
    }
    const twice = parts.find((p, j) => parts.indexOf(p) !== j);
    if (twice !== undefined) throw new ValidationError(f, `${expected(allowed, combination)}: lists ${describeValue(twice)} more than once`, context);
    return parts.join(",");
  });
  if (new Set(out).size !== out.length) throw new ValidationError(field, `lists a combination more than once: ${describeValue(value)}`, context);
  return out.sort();
}
