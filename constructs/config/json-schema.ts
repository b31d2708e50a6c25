import { z } from "zod";
import { tenantSchema } from "./schema";

/**
 * The JSON Schema of the tenant file, generated from the zod schema (so the two never disagree).
 * Draft-07: the draft YAML and JSON editors support best. Editors pick it up from the first line
 * of a tenant file: `# yaml-language-server: $schema=../schema/tenant.schema.json`.
 *
 * The schema checks structure, key names, types and enumerations; value checks that need code
 * (role names with did-you-mean, durations, UPN domains, settings rules) run when main.ts loads
 * the file.
 */
export function tenantJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(tenantSchema, { target: "draft-7", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    $schema: schema.$schema,
    $comment: "Generated from constructs/config/schema.ts by scripts/gen-schema.ts (npm run gen:schema). Do not edit.",
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== "$schema")),
  };
}

/** The schema file's text: 2-space JSON with a final newline. */
export function tenantJsonSchemaText(): string {
  return `${JSON.stringify(tenantJsonSchema(), null, 2)}\n`;
}
