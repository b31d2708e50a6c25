import { ValidationError, describeValue, expected } from "./errors";
import { PrincipalInput, PrincipalRef, PrincipalType, assertUnique, byKey, principal } from "./principals";
import { durationMinutes } from "./settings/durations";

/** When and why a principal holds a role. */
export interface AssignmentOptions {
  /**
   * When the assignment ends: an ISO 8601 duration from creation (`P90D`, `PT12H`) or an end date
   * (`2027-03-31` or `2027-03-31T18:00:00Z`).
   * @default - permanent
   */
  readonly expires?: string;
  /** @default - the JitRole's `justification` */
  readonly justification?: string;
  /** Ticket number from the change system. */
  readonly ticket?: string;
  /** Ticket system name. @default - none */
  readonly ticketSystem?: string;
}

/** A principal made eligible for (or actively assigned) a role. */
export type AssignmentInput = PrincipalInput & AssignmentOptions;

/** A validated assignment. */
export interface Assignment {
  readonly principal: PrincipalRef;
  readonly key: string;
  /** Duration in whole days or hours, canonical (`P90D`, `PT12H`). */
  readonly duration?: string;
  /** End date-time, RFC 3339 UTC. */
  readonly endDateTime?: string;
  readonly justification: string;
  readonly ticket?: string;
  readonly ticketSystem?: string;
}

/** The system clock: what "now" is unless a test pins it. */
const systemClock = (): Date => new Date();
let clock: () => Date = systemClock;

/**
 * Replaces what "now" is for refusing end dates that have passed (tests pin it so they do not
 * depend on the day they run); omit `next` to restore the system clock. Returns the previous clock.
 * Only the refusal uses the clock: synthesized output never does.
 */
export function setAssignmentClock(next?: () => Date): () => Date {
  const previous = clock;
  clock = next ?? systemClock;
  return previous;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;
const MAX_TEXT = 500;

function text(value: unknown, field: string, context?: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.trim() === "" || value.length > MAX_TEXT) {
    throw new ValidationError(field, expected(`a non-empty string of at most ${MAX_TEXT} characters`, value), context);
  }
  return value.trim();
}

/**
 * True when the matched date and time exist. `Date.parse` rolls impossible values over
 * ("2027-02-30" becomes 2 March, "T24:00" the next day), so check the fields first.
 */
function isCalendarDate(m: RegExpExecArray): boolean {
  const [, y, mo, d, h, mi, sec, zone] = m;
  const month = Number(mo);
  const daysInMonth = new Date(Date.UTC(Number(y), month, 0)).getUTCDate();
  if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysInMonth) return false;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(sec ?? 0) > 59)) return false;
  if (zone !== undefined && zone !== "Z" && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(4)) > 59)) return false;
  return true;
}

/** An instant as RFC 3339 UTC without milliseconds when they are zero (`2027-03-31T00:00:00Z`). */
const rfc3339 = (time: number): string => new Date(time).toISOString().replace(".000Z", "Z");

/**
 * Parses `expires`: a duration of whole days or hours, or a date. An end date must be after `now`
 * (default: the assignment clock, see setAssignmentClock): a grant that has already ended belongs
 * out of the file. Left in, azuread would re-create a PIM-for-Groups schedule that Graph has purged
 * with an end date in the past (its own "at least 5 minutes in the future" check in
 * buildScheduleRequest tests HasChange("expiry_date"), a key that does not exist, so it never runs).
 * Only the refusal reads the clock; the parsed value never depends on it.
 */
export function parseExpiry(value: unknown, field: string, context?: string, now: Date = clock()): { duration?: string; endDateTime?: string } {
  if (value === undefined) return {};
  const allowed = 'an ISO 8601 duration of whole days or hours ("P90D", "PT12H") or an end date ("2027-03-31" or "2027-03-31T18:00:00Z")';
  if (typeof value !== "string") throw new ValidationError(field, expected(allowed, value), context);
  const v = value.trim();
  if (v.startsWith("P")) {
    const minutes = durationMinutes(v);
    if (minutes === undefined || minutes <= 0 || minutes % 60 !== 0) throw new ValidationError(field, expected(allowed, value), context);
    return { duration: minutes % (24 * 60) === 0 ? `P${minutes / (24 * 60)}D` : `PT${minutes / 60}H` };
  }
  const m = DATE.exec(v);
  if (!m || !isCalendarDate(m)) throw new ValidationError(field, expected(allowed, value), context);
  const iso = m[4] === undefined ? `${v}T00:00:00Z` : m[7] === undefined ? `${v}Z` : v;
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new ValidationError(field, expected(allowed, value), context);
  if (time <= now.getTime()) {
    throw new ValidationError(
      field,
      `is ${v} (${rfc3339(time)}), which is not in the future (now ${rfc3339(Math.floor(now.getTime() / 1000) * 1000)}): the assignment has ended; remove the entry, or give an end date in the future`,
      context,
    );
  }
  return { endDateTime: rfc3339(time) };
}

/** Days of a canonical duration (`P90D` -> 90, `PT12H` -> 0.5). */
export function durationDays(duration: string): number {
  return (durationMinutes(duration) ?? 0) / (24 * 60);
}

/** Validates a list of assignments, sorted by principal key; refuses the same principal twice. */
export function parseAssignments(
  inputs: unknown,
  field: string,
  defaults: { justification: string; allowed: readonly PrincipalType[] },
  context?: string,
): Assignment[] {
  if (inputs === undefined) return [];
  if (!Array.isArray(inputs)) throw new ValidationError(field, `must be a list of principals, got ${describeValue(inputs)}`, context);
  // Array.from visits the holes of a sparse list (map skips them), so a hole is refused like any junk entry.
  const out = Array.from(inputs, (input: unknown, i: number): Assignment => {
    const f = `${field}[${i}]`;
    const ref = principal(input, f, context, defaults.allowed);
    const o = input as AssignmentOptions;
    const known = new Set(["user", "group", "servicePrincipal", "expires", "justification", "ticket", "ticketSystem"]);
    const unknown = Object.keys(input as object).filter((k) => !known.has(k));
    if (unknown.length) throw new ValidationError(`${f}.${unknown[0]}`, `is not a known field; allowed: ${[...known].join(", ")}`, context);
    const ticket = text(o.ticket, `${f}.ticket`, context);
    const ticketSystem = text(o.ticketSystem, `${f}.ticketSystem`, context);
    return {
      principal: ref,
      key: ref.key,
      ...parseExpiry(o.expires, `${f}.expires`, context),
      justification: text(o.justification, `${f}.justification`, context) ?? defaults.justification,
      ...(ticket !== undefined ? { ticket } : {}),
      ...(ticketSystem !== undefined ? { ticketSystem } : {}),
    };
  });
  assertUnique(out.map((a) => a.principal), field, context);
  return out.sort(byKey);
}
