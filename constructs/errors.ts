/**
 * Errors raised for invalid props or tenant files. Every message names the field, the value
 * received and what is allowed, so a user can fix the input without reading a stack trace.
 */
export class ValidationError extends Error {
  /** Dotted path of the offending field, e.g. `settings.activation.maximumDuration`. */
  public readonly field: string;
  /** Where the field lives (a construct path or role name), when known. */
  public readonly context?: string;

  constructor(field: string, message: string, context?: string) {
    super(`${context ? `${context}: ` : ""}${field}: ${message}`);
    this.name = "ValidationError";
    this.field = field;
    this.context = context;
  }
}

/** Renders a received value for an error message: strings quoted, objects as JSON, long values cut. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (value === undefined) text = "undefined";
  else if (typeof value === "bigint") text = `${value}n`;
  else {
    try {
      text = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? `${v}n` : v)) ?? safeString(value);
    } catch {
      text = safeString(value);
    }
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** String(value), or its [object Type] tag when the value has no usable toString (null prototype, junk toString). */
function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** `<allowed>, got <value>`: the tail every validation message shares. */
export function expected(allowed: string, value: unknown): string {
  return `must be ${allowed}, got ${describeValue(value)}`;
}

/** A value copied from a template and never filled in: `<id>`, `<subscription-id>`, `{{tenant}}`. */
const PLACEHOLDER = /<[A-Za-z][A-Za-z0-9 _.-]{1,60}>|\{\{[^{}]{1,60}\}\}/;

/** Throws when `value` still holds a template placeholder, naming the field and the placeholder. */
export function rejectPlaceholder(value: string, field: string, context?: string): void {
  const m = PLACEHOLDER.exec(value);
  if (m) throw new ValidationError(field, `contains the placeholder ${JSON.stringify(m[0])}: replace it with the real value, got ${describeValue(value)}`, context);
}
