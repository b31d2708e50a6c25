import { ValidationError, expected } from "../errors";

/**
 * Durations PIM accepts, as ISO 8601 strings.
 *
 * Activation: PT30M..PT23H30M in 30-minute steps, or P1D (the portal's range; the azuread and
 * azurerm policy resources validate the same set). Assignment expiry (`expire_after`): one of
 * P15D, P30D, P90D, P180D, P365D (azuread/azurerm `*_assignment_rules.expire_after`).
 */
export const ASSIGNMENT_DURATIONS = ["P15D", "P30D", "P90D", "P180D", "P365D"] as const;
export type AssignmentDuration = (typeof ASSIGNMENT_DURATIONS)[number];

const ACTIVATION_ALLOWED = "an ISO 8601 duration between PT30M and PT23H30M in 30-minute steps, or P1D";

/** Minutes in an ISO 8601 duration of days, hours and minutes (`P1D`, `PT1H30M`, `PT90M`), or undefined. */
export function durationMinutes(value: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  if (!m || value === "P" || value.endsWith("T")) return undefined;
  const [, d, h, min] = m;
  if (d === undefined && h === undefined && min === undefined) return undefined;
  return (Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0);
}

/** Canonical form of an activation duration in minutes: `PT1H`, `PT1H30M`, `PT30M`, `P1D`. */
export function formatActivationMinutes(minutes: number): string {
  if (minutes === 24 * 60) return "P1D";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}`;
}

/**
 * Validates an activation maximum duration and returns its canonical form (so `PT90M` and
 * `PT1H30M` synthesize identically and never show as drift).
 */
export function activationDuration(value: unknown, field: string, context?: string): string {
  const minutes = typeof value === "string" ? durationMinutes(value.trim()) : undefined;
  if (minutes === undefined || minutes < 30 || minutes % 30 !== 0 || (minutes > 23 * 60 + 30 && minutes !== 24 * 60)) {
    throw new ValidationError(field, expected(ACTIVATION_ALLOWED, value), context);
  }
  return formatActivationMinutes(minutes);
}

/** Validates an assignment expiry (`P15D` ... `P365D`). */
export function assignmentDuration(value: unknown, field: string, context?: string): AssignmentDuration {
  if (typeof value !== "string" || !(ASSIGNMENT_DURATIONS as readonly string[]).includes(value)) {
    throw new ValidationError(field, expected(`one of ${ASSIGNMENT_DURATIONS.join(", ")}`, value), context);
  }
  return value as AssignmentDuration;
}

/** Days in an assignment duration (`P90D` -> 90). */
export function assignmentDays(value: AssignmentDuration): number {
  return Number(value.slice(1, -1));
}
