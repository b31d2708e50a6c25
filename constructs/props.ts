import { ValidationError, describeValue } from "./errors";
import { didYouMean } from "./catalog/suggest";

/**
 * Refuses keys a props object does not have: a misspelt prop (`eligable`, `allowedLocation`)
 * would otherwise be ignored and silently weaken what is written.
 */
export function rejectUnknownProps(props: object, allowed: readonly string[], what: string, context?: string, prefix = ""): void {
  const unknown = Object.keys(props).find((k) => !allowed.includes(k));
  if (unknown === undefined) return;
  const hint = unknown.length <= 64 ? didYouMean(unknown, allowed) : "";
  throw new ValidationError(
    `${prefix}${hint ? unknown : describeValue(unknown)}`,
    `is not a prop of ${what}${hint ? ` (${hint})` : ""}; allowed: ${allowed.join(", ")}`,
    context,
  );
}
