/**
 * Writes schema/tenant.schema.json from the tenant file's zod schema (constructs/config/schema.ts).
 * `npm run gen:schema` after changing the schema; `--check` exits 1 when the committed file is stale
 * (a jest test asserts the same, so it cannot go stale unnoticed).
 */
import * as fs from "fs";
import * as path from "path";
import { tenantJsonSchemaText } from "../constructs/config/json-schema";

export const SCHEMA_FILE = path.join(__dirname, "..", "schema", "tenant.schema.json");

function main(argv: readonly string[]): number {
  const text = tenantJsonSchemaText();
  const current = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : undefined;
  if (argv.includes("--check")) {
    if (current === text) return 0;
    console.error(`${path.relative(process.cwd(), SCHEMA_FILE)} is stale: run npm run gen:schema`);
    return 1;
  }
  if (current !== text) fs.writeFileSync(SCHEMA_FILE, text);
  console.log(`${path.relative(process.cwd(), SCHEMA_FILE)} ${current === text ? "is up to date" : "written"}`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
