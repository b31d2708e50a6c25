import { IConstruct } from "constructs";
import { AnnotationMetadataEntryType, Annotations, Token } from "cdktf";
import { expected, ValidationError } from "../errors";

/**
 * Entra user principal names: `<username>@<domain>`, the username made of `A-Z a-z 0-9 ' . - _ ! # ^ ~`
 * and not starting or ending with a period (Microsoft Entra "username policies", UserPrincipalName).
 */
const UPN = /^(?!\.)[A-Za-z0-9'._!#^~-]{1,64}(?<!\.)@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

/** The tenant's initial domain, `<tenant>.onmicrosoft.com`: cloud-only, never federated, never removed. */
const ONMICROSOFT = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.onmicrosoft\.com$/i;

/** Validates a break-glass UPN and returns it as given. */
export function validateUserPrincipalName(value: unknown, allowNonOnmicrosoftDomain: boolean, context: string, field = "userPrincipalName"): string {
  if (typeof value !== "string" || Token.isUnresolved(value)) {
    throw new ValidationError(field, expected("a literal user principal name (it names the Terraform addresses), e.g. \"bg-01@contoso.onmicrosoft.com\"", value), context);
  }
  if (!UPN.test(value)) {
    throw new ValidationError(field, expected("an e-mail address style user principal name (<username>@<domain>, username of A-Z a-z 0-9 ' . - _ ! # ^ ~)", value), context);
  }
  const domain = value.slice(value.indexOf("@") + 1);
  if (!allowNonOnmicrosoftDomain && !ONMICROSOFT.test(domain)) {
    throw new ValidationError(
      field,
      `${expected("on the tenant's *.onmicrosoft.com domain (Microsoft: emergency access accounts are cloud-only and must not depend on federation or a custom domain)", value)}; set allowNonOnmicrosoftDomain: true to accept "${domain}" deliberately (e.g. a sovereign cloud's initial domain)`,
      context,
    );
  }
  return value;
}

/**
 * The Terraform resource name of an account's user, role assignment and password:
 * `break_glass_<upn>`, lowercased, every character other than `a-z 0-9 - _` replaced by `_`.
 * It depends on the UPN only, so the construct id never moves an address, and a decommissioned
 * entry's `removed` blocks point at exactly the addresses the live account had.
 */
export function breakGlassAddressName(userPrincipalName: string): string {
  return `break_glass_${userPrincipalName.toLowerCase().replace(/[^a-z0-9_-]/g, "_")}`;
}

/** The username part of a UPN: the default display name. */
export function usernameOf(userPrincipalName: string): string {
  return userPrincipalName.slice(0, userPrincipalName.indexOf("@"));
}

/** JSON with object keys sorted: equal for equal configurations whatever order the keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Adds a warning annotation unless the construct already carries the same one (validations may run twice). */
export function warnOnce(construct: IConstruct, message: string): void {
  if (construct.node.metadata.some((m) => m.type === AnnotationMetadataEntryType.WARN && m.data === message)) return;
  Annotations.of(construct).addWarning(message);
}

/** Sorts strings by code point (locale-independent, so output does not depend on the machine). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
