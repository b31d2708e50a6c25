import { ValidationError, describeValue, expected, rejectPlaceholder } from "./errors";

/** The kinds of Entra principal this library assigns, approves with, or excludes. */
export type PrincipalType = "user" | "group" | "servicePrincipal";

/**
 * A principal as users write it: the key says the kind, the value is an object id (GUID) or a
 * name resolved at plan time (user principal name for users, display name for groups). A group
 * display name cannot contain `'` (see ODATA_UNSAFE_GROUP_NAME): give such a group by object id.
 *
 * @example { user: "alice@contoso.com" }  { group: "PIM Approvers" }  { servicePrincipal: "3f2c...-..." }
 */
export type PrincipalInput =
  | { readonly user: string; readonly group?: never; readonly servicePrincipal?: never }
  | { readonly group: string; readonly user?: never; readonly servicePrincipal?: never }
  | { readonly servicePrincipal: string; readonly user?: never; readonly group?: never };

/** A validated principal reference. */
export interface PrincipalRef {
  readonly type: PrincipalType;
  /** As given: an object id or a name. */
  readonly value: string;
  /** True when `value` is an object id (no lookup needed). */
  readonly isObjectId: boolean;
  /** Stable key (`user:alice@contoso.com`): used for Terraform `for_each` keys, so reordering never moves an address. */
  readonly key: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UPN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
/**
 * The characters Entra allows in a user principal name: A-Z, a-z, 0-9 and ' . - _ ! # ^ ~ before
 * the @, a DNS name after it (Microsoft Entra "password policies and restrictions",
 * UserPrincipalName requirements). Anything else (a Cyrillic "а" for a Latin "a", a zero-width
 * space) names another account than the one a reviewer reads, or none.
 */
const UPN_CHARACTERS = /^[A-Za-z0-9'._!#^~-]+@[A-Za-z0-9.-]+$/;

/** The first character of `value` outside Entra's UPN characters, as `"а" (U+0430) at position 3`. */
function foreignCharacter(value: string): string | undefined {
  let i = 0;
  for (const ch of value) {
    i++;
    if (!/[A-Za-z0-9'._!#^~@-]/.test(ch)) return `${JSON.stringify(ch)} (U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}) at position ${i}`;
  }
  return undefined;
}
/**
 * Entra's limits: a user principal name is at most 113 characters (64 before the @, 48 after;
 * Microsoft Entra "password policies and restrictions", UserPrincipalName requirements), a group
 * display name at most 256 (Graph `group.displayName`). Checked before the UPN pattern, whose
 * backtracking is quadratic in the length of a long run of dots.
 */
const MAX_UPN = 113;
const MAX_GROUP_NAME = 256;
/** Map keys cdktf's resolver cannot carry (it assigns keys to a plain object and converts maps to strings). */
const UNSYNTHESIZABLE_KEYS = ["__proto__", "toString"];

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/**
 * azuread 3.x builds the OData filter `displayName eq '<name>'` without escaping a single quote
 * (Graph needs it doubled), so a group name with `'` gets a 400 from Graph:
 * - `data.azuread_group` by display_name (internal/services/groups/group_data_source.go,
 *   groupDataSourceRead: `fmt.Sprintf("displayName eq '%s'", displayName)`), at plan;
 * - `azuread_group.prevent_duplicate_names` (internal/services/groups/groups.go, groupFindByName,
 *   called by groupResourceCreate, groupResourceUpdate and groupResourceCustomizeDiff), at create
 *   and rename.
 * Same code in azuread v3.7.0 and v3.9.0. (`data.azuread_groups` escapes; this library does not
 * use it.) Other characters are safe: the SDK URL-encodes the query.
 */
const ODATA_UNSAFE_GROUP_NAME = /'/;

/** Why a name with `'` cannot be looked up: the tail of the refusals below. */
const ODATA_QUOTE_WHY =
  "azuread builds the Graph filter displayName eq '<name>' without escaping the quote, so Graph refuses it (400 Bad Request)";

/**
 * Refuses a group display name that JitRole creates with `prevent_duplicate_names` (azuread
 * looks the name up before creating or renaming the group) when it contains `'`.
 * `defaulted`: the name was not given but derived (`PIM <role name>`), so say to set `field`.
 */
export function assertCreatableGroupName(name: string, field: string, context: string | undefined, defaulted = false): void {
  if (!ODATA_UNSAFE_GROUP_NAME.test(name)) return;
  throw new ValidationError(
    field,
    `cannot contain "'", got ${describeValue(name)}${defaulted ? " (the default: PIM <role name>)" : ""}: the group is created with prevent_duplicate_names, and ${ODATA_QUOTE_WHY} when the group is created (apply) or renamed (plan); ${defaulted ? `set ${field} to` : "choose"} a name without "'"`,
    context,
  );
}

const KINDS: readonly PrincipalType[] = ["user", "group", "servicePrincipal"];

/**
 * Validates a principal input. `allowed` limits the kinds (approvers are users or groups; a
 * service principal cannot be made eligible).
 */
export function principal(
  input: unknown,
  field: string,
  context?: string,
  allowed: readonly PrincipalType[] = KINDS,
): PrincipalRef {
  const allowedText = allowed.map((k) => `{ ${k}: "<object id or ${k === "user" ? "user principal name" : "display name"}>" }`).join(" or ");
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ValidationError(field, `must be ${allowedText}, got ${describeValue(input)}`, context);
  }
  const record = input as Record<string, unknown>;
  const kinds = KINDS.filter((k) => record[k] !== undefined);
  if (kinds.length !== 1) {
    throw new ValidationError(field, `must name exactly one of ${allowed.join(", ")}, got ${describeValue(input)}`, context);
  }
  const type = kinds[0];
  if (!allowed.includes(type)) {
    throw new ValidationError(`${field}.${type}`, `a ${type} is not allowed here, got ${describeValue(record[type])}; allowed: ${allowed.join(", ")}`, context);
  }
  const raw = record[type];
  if (typeof raw !== "string" || raw.trim() === "") {
    throw new ValidationError(`${field}.${type}`, `must be a non-empty string, got ${describeValue(raw)}`, context);
  }
  const value = raw.trim();
  rejectPlaceholder(value, `${field}.${type}`, context);
  const max = type === "group" ? MAX_GROUP_NAME : MAX_UPN;
  if (value.length > max) {
    throw new ValidationError(`${field}.${type}`, expected(`an object id or a ${type === "group" ? "display name" : "user principal name"} of at most ${max} characters`, value), context);
  }
  const isObjectId = isGuid(value);
  if (type === "group" && UNSYNTHESIZABLE_KEYS.includes(value)) {
    throw new ValidationError(
      `${field}.${type}`,
      `cannot be the display name ${describeValue(value)}: names are looked up through a for_each map keyed by name, and cdktf 0.21 drops a "__proto__" key and fails on a "toString" key; give the group's object id instead`,
      context,
    );
  }
  if (!isObjectId) {
    if (type === "group" && ODATA_UNSAFE_GROUP_NAME.test(value)) {
      throw new ValidationError(
        `${field}.${type}`,
        `cannot look up the group by the display name ${describeValue(value)}: names are resolved with data.azuread_group, and ${ODATA_QUOTE_WHY} at plan; give the group's object id (GUID) instead`,
        context,
      );
    }
    if (type === "servicePrincipal") {
      throw new ValidationError(`${field}.${type}`, `must be an object id (GUID), got ${describeValue(value)}`, context);
    }
    if (type === "user" && !UPN.test(value)) {
      throw new ValidationError(`${field}.${type}`, `must be an object id (GUID) or a user principal name (name@domain), got ${describeValue(value)}`, context);
    }
    if (type === "user" && !UPN_CHARACTERS.test(value)) {
      const at = foreignCharacter(value);
      throw new ValidationError(
        `${field}.${type}`,
        `must be a user principal name of the characters Entra allows (A-Z, a-z, 0-9 and ' . - _ ! # ^ ~, then @ and a domain), got ${describeValue(value)}${at ? `, which has ${at}` : ""}: a look-alike or invisible character names another account than the one a reviewer reads`,
        context,
      );
    }
  }
  // UPNs and object ids are case-insensitive in Entra; group display names are not unique but are case-insensitive in lookups.
  const key = `${type}:${isObjectId || type === "user" ? value.toLowerCase() : value}`;
  return { type, value: isObjectId ? value.toLowerCase() : value, isObjectId, key };
}

/**
 * Throws when two principals share a key (the same principal twice). Compared case-insensitively:
 * the group lookup filters on `displayName eq`, which Graph matches without regard to case
 * (learn.microsoft.com/answers/questions/1274766), so "PIM Approvers" and "pim approvers" are one
 * group and would give two schedules for one principal. User and object id keys are already lower case.
 */
export function assertUnique(refs: readonly PrincipalRef[], field: string, context?: string): void {
  const seen = new Set<string>();
  for (const ref of refs) {
    const key = ref.key.toLowerCase();
    if (seen.has(key)) {
      throw new ValidationError(field, `lists ${ref.type} ${describeValue(ref.value)} more than once; each principal may appear once`, context);
    }
    seen.add(key);
  }
}

/** Sorts by key: every list the library emits is sorted so input order never changes the output. */
export function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
