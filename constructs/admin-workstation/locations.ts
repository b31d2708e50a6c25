import { ValidationError, describeValue, expected } from "../errors";
import { countryCode, ipRange, namedLocationId } from "./conditions";

/**
 * A location privileged roles may sign in from. Exactly one of:
 * - `{ name, ipRanges, trusted? }`: an IP named location created from CIDR ranges
 * - `{ name, countries, includeUnknownCountries? }`: a country named location created from ISO codes
 * - `{ namedLocationId }`: an existing named location, by object id
 */
export interface AllowedLocation {
  /** Display name of the named location to create (unique within the policy). */
  readonly name?: string;
  /** IPv4/IPv6 CIDR ranges, prefix /8 or longer. */
  readonly ipRanges?: readonly string[];
  /** IP locations: mark the named location trusted. @default false */
  readonly trusted?: boolean;
  /** ISO 3166-1 alpha-2 codes. */
  readonly countries?: readonly string[];
  /** Country locations: count IP addresses that map to no country as inside. @default false */
  readonly includeUnknownCountries?: boolean;
  /** Object id of an existing named location. */
  readonly namedLocationId?: string;
}

/** A validated location. */
export type LocationSpec =
  | { readonly kind: "ip"; readonly key: string; readonly name: string; readonly ipRanges: readonly string[]; readonly trusted: boolean }
  | { readonly kind: "country"; readonly key: string; readonly name: string; readonly countries: readonly string[]; readonly includeUnknown: boolean }
  | { readonly kind: "existing"; readonly key: string; readonly objectId: string };

/** Validates `allowedLocations`; returns the locations sorted by key (existing ones by object id, then created ones by name). */
export function parseLocations(input: readonly AllowedLocation[], context: string): LocationSpec[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw new ValidationError(
      "allowedLocations",
      `${expected("a non-empty list of locations ({ name, ipRanges } | { name, countries } | { namedLocationId })", input)}; an empty list would block the roles everywhere. Omit allowedLocations or set it to false to drop the location control`,
      context,
    );
  }
  const specs = Array.from(input, (loc, i) => parseLocation(loc, `allowedLocations[${i}]`, context));
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.key)) throw new ValidationError("allowedLocations", `lists ${describeValue(spec.key)} more than once`, context);
    seen.add(spec.key);
  }
  return specs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function parseLocation(loc: AllowedLocation, field: string, context: string): LocationSpec {
  if (typeof loc !== "object" || loc === null) throw new ValidationError(field, expected("a location object", loc), context);
  const kinds = (["ipRanges", "countries", "namedLocationId"] as const).filter((k) => loc[k] !== undefined);
  if (kinds.length !== 1) {
    throw new ValidationError(field, `must give exactly one of ipRanges, countries or namedLocationId, got ${describeValue(loc)}`, context);
  }
  if (kinds[0] === "namedLocationId") {
    if (loc.name !== undefined) throw new ValidationError(`${field}.name`, "names a location to create; an existing named location (namedLocationId) keeps its own name", context);
    const objectId = namedLocationId(loc.namedLocationId, `${field}.namedLocationId`, context);
    return { kind: "existing", key: `id:${objectId}`, objectId };
  }
  if (typeof loc.name !== "string" || loc.name.trim() === "" || loc.name.length > 256 || loc.name.includes("/")) {
    throw new ValidationError(`${field}.name`, expected("a display name of at most 256 characters without /", loc.name), context);
  }
  const name = loc.name.trim();
  const key = `name:${name.toLowerCase()}`;
  if (kinds[0] === "ipRanges") {
    if (loc.countries !== undefined || loc.includeUnknownCountries !== undefined) {
      throw new ValidationError(`${field}.includeUnknownCountries`, "applies to country locations only", context);
    }
    const ranges = list(loc.ipRanges, `${field}.ipRanges`, context).map((r, i) => ipRange(r, `${field}.ipRanges[${i}]`, context));
    return { kind: "ip", key, name, ipRanges: unique(ranges, `${field}.ipRanges`, context), trusted: flag(loc.trusted, `${field}.trusted`, context) };
  }
  if (loc.trusted !== undefined) throw new ValidationError(`${field}.trusted`, "applies to IP locations only", context);
  const codes = list(loc.countries, `${field}.countries`, context).map((c, i) => countryCode(c, `${field}.countries[${i}]`, context));
  return { kind: "country", key, name, countries: unique(codes, `${field}.countries`, context), includeUnknown: flag(loc.includeUnknownCountries, `${field}.includeUnknownCountries`, context) };
}

function list(value: unknown, field: string, context: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw new ValidationError(field, expected("a non-empty list", value), context);
  return value;
}

function unique(values: string[], field: string, context: string): string[] {
  const sorted = [...values].sort();
  const dup = sorted.find((v, i) => sorted[i + 1] === v);
  if (dup !== undefined) throw new ValidationError(field, `lists ${describeValue(dup)} more than once`, context);
  return sorted;
}

function flag(value: unknown, field: string, context: string): boolean {
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw new ValidationError(field, expected("true or false", value), context);
  return value;
}
