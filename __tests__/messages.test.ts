import { PRIVILEGED_ACCESS_RULES } from "../constructs/checks";
import { tenantJsonSchema } from "../constructs/config";

/** Sentences users read start with a capital letter after a full stop (issue 14, item 4). */

const LOWER_AFTER_STOP = /(?<!\b(?:e\.g|i\.e|etc|vs))\.\s+[a-z]/;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) if (k === "description" || typeof v === "object") strings(v, out);
  return out;
}

test("rule messages, explanations and remediations", () => {
  const texts = PRIVILEGED_ACCESS_RULES.flatMap((r) => [r.message, r.explanation, r.remediation].map((t) => `${r.id}: ${t}`));
  expect(texts.filter((t) => LOWER_AFTER_STOP.test(t))).toEqual([]);
});

test("the tenant file schema's descriptions (what editors show)", () => {
  const descriptions = strings(tenantJsonSchema()).filter((s) => s.includes(" "));
  expect(descriptions.length).toBeGreaterThan(100);
  expect(descriptions.filter((t) => LOWER_AFTER_STOP.test(t))).toEqual([]);
});
