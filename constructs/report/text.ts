import { durationMinutes } from "../settings/durations";

/** Text helpers shared by the Markdown and Mermaid renderers. Pure functions, no locale, no clock. */

/** Escapes text for a Markdown table cell or paragraph: no HTML, no links, no emphasis, no cell breaks. */
export function md(text: string): string {
  return text
    .replace(/\r?\n/g, " ")
    .replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`)
    .trim();
}

/** An identifier (UPN, object id, scope) as inline code, safe inside a table cell. */
export function code(text: string): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  const ticks = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length)) + 1;
  const fence = "`".repeat(ticks);
  return ticks > 1 ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

/** A Markdown table; `rows` are already escaped cells. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** `PT1H30M` -> "1 hour 30 minutes", `P1D` -> "1 day", `P90D` -> "90 days". Unknown forms are returned as given. */
export function humanDuration(iso: string): string {
  const minutes = durationMinutes(iso);
  if (minutes === undefined) return iso;
  if (minutes % (24 * 60) === 0) return plural(minutes / (24 * 60), "day");
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? plural(h, "hour") : "", m ? plural(m, "minute") : ""].filter(Boolean).join(" ");
}

/** Code-unit order (not locale order), so output is the same on every machine. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts by the string keys returned by `by`, in order. */
export function sortBy<T>(items: readonly T[], by: (item: T) => readonly string[]): T[] {
  return [...items].sort((x, y) => {
    const kx = by(x);
    const ky = by(y);
    for (let i = 0; i < Math.max(kx.length, ky.length); i++) {
      const c = compare(kx[i] ?? "", ky[i] ?? "");
      if (c !== 0) return c;
    }
    return 0;
  });
}

/** 32-bit FNV-1a as 8 hex digits: a short, stable fingerprint for node ids. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}
