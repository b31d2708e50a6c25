import * as fs from "fs";
import * as path from "path";

/**
 * Returns `json` unchanged; when the Terraform stage runs the snapshot tests
 * (TERRAFORM_STAGE_RECORD=<dir>, scripts/terraform-stacks.ts) it also writes the stack there, so
 * every snapshot-tested stack is validated and planned by Terraform with the real providers.
 */
export function recordForTerraform<T>(name: string, json: T): T {
  const dir = process.env.TERRAFORM_STAGE_RECORD;
  if (dir) fs.writeFileSync(path.join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, "-")}.json`), JSON.stringify(json));
  return json;
}
