/**
 * The package as a user gets it (`npm run test:package`, run by CI after `npm test`): `npm pack`
 * this repo, install the tarball in an empty directory, and there run the installed `entra-pim`
 * as a process: `--help`, `init`, `validate` of the starter and of a bad file, `synth`, `report`,
 * `export` from a saved snapshot;
 * then compile a consumer TypeScript file against the installed types (root and subpaths, under
 * `noUnusedLocals` as cdktf's template sets it, with both the old and the Node 16 module
 * resolution) and check that internal modules are not importable. Needs the npm registry (or its
 * cache) for the peer dependencies. Exits non-zero on the first failure, saying what failed.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const started = Date.now();

function fail(message: string): never {
  console.error(`package test: FAIL: ${message}`);
  process.exit(1);
}

function run(cmd: string, args: string[], cwd: string, expectCode = 0): { out: string; err: string } {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true", npm_config_fund: "false", npm_config_audit: "false" } });
  if (r.error) fail(`${cmd} ${args.join(" ")}: ${r.error.message}`);
  if (r.status !== expectCode) fail(`${cmd} ${args.join(" ")} in ${cwd} exited ${r.status}, expected ${expectCode}\n${r.stdout}\n${r.stderr}`);
  return { out: r.stdout, err: r.stderr };
}

function step(label: string): void {
  console.log(`package test: ${label} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "entra-pim-package-"));
try {
  step("npm pack");
  const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
  const tarball = path.join(work, packed);
  const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
  for (const needed of ["package/LICENSE", "package/CHANGELOG.md", "package/README.md", "package/docs/checks.md", "package/docs/tenant-file.md", "package/dist/cli/bin.js", "package/dist/constructs/index.d.ts", "package/dist/constructs/checks/index.d.ts", "package/schema/tenant.schema.json"]) {
    if (!listing.includes(needed)) fail(`the tarball has no ${needed.slice("package/".length)}`);
  }
  if (listing.some((f) => f.startsWith("package/__tests__/") || f.startsWith("package/scripts/"))) fail("the tarball ships tests or scripts");

  const repo = path.join(work, "consumer");
  fs.mkdirSync(repo);
  fs.writeFileSync(path.join(repo, "package.json"), `${JSON.stringify({ name: "consumer", private: true }, null, 2)}\n`);
  step("npm install the tarball (peer dependencies from the registry or its cache)");
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", tarball, "typescript@5.9.3"], repo);

  const bin = path.join(repo, "node_modules", ".bin", "entra-pim");
  step("entra-pim --help, init, validate, synth, report, export");
  const help = run(bin, ["--help"], repo).out;
  for (const command of ["init", "validate", "synth", "report", "diff", "export"]) if (!help.includes(command)) fail(`--help does not list ${command}`);
  run(bin, ["synth", "--help"], repo);
  run(bin, ["frobnicate"], repo, 2);

  run(bin, ["init"], repo);
  for (const file of ["tenant.yaml", "cdktf.json", ".gitignore", ".github/workflows/entra-pim.yml"]) if (!fs.existsSync(path.join(repo, file))) fail(`init wrote no ${file}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")) as { scripts?: Record<string, string> };
  if (pkg.scripts?.synth !== "entra-pim synth tenant.yaml") fail(`init did not add the synth script to the existing package.json: ${JSON.stringify(pkg.scripts)}`);
  if (!fs.readFileSync(path.join(repo, "tenant.yaml"), "utf8").includes("$schema=./node_modules/entra-pim-as-code/schema/tenant.schema.json")) fail("tenant.yaml does not point at the installed schema");
  if (!fs.existsSync(path.join(repo, "node_modules", "entra-pim-as-code", "schema", "tenant.schema.json"))) fail("the schema tenant.yaml points at is not installed");
  run(bin, ["init"], repo, 1); // a second init refuses to overwrite

  const valid = run(bin, ["validate", "tenant.yaml"], repo).out;
  if (!/tenant\.yaml: valid/.test(valid)) fail(`validate of the starter: ${valid}`);
  const json = JSON.parse(run(bin, ["validate", "tenant.yaml", "--format", "json", "--quiet"], repo).out) as { valid: boolean };
  if (json.valid !== true) fail("validate --format json of the starter is not valid");

  fs.writeFileSync(path.join(repo, "bad.yaml"), "breakGlass:\n  accounts: []\nrolez: []\n");
  const bad = spawnSync(bin, ["validate", "bad.yaml"], { cwd: repo, encoding: "utf8" });
  if (bad.status !== 1) fail(`validate bad.yaml exited ${bad.status}, expected 1`);
  if (!/rolez.*\(line 3, column 1\)/.test(bad.stderr)) fail(`validate bad.yaml does not name the field with its line: ${bad.stderr}`);

  run("npm", ["run", "--silent", "synth"], repo);
  for (const file of ["cdk.tf.json", "access-report.md", "required-permissions.json", "findings.json"]) {
    if (!fs.existsSync(path.join(repo, "cdktf.out", "stacks", "tenant", file))) fail(`synth wrote no cdktf.out/stacks/tenant/${file}`);
  }
  const report = run(bin, ["report", "tenant.yaml", "--quiet"], repo).out;
  if (!report.startsWith("# Privileged access report: tenant")) fail(`report printed: ${report.slice(0, 200)}`);

  // export, offline: from a saved snapshot of an empty tenant (the Graph double tests cover the reads).
  const snapshot = { readAt: new Date().toISOString(), roleDefinitions: [], directory: { eligible: [], active: [], requests: [], policies: {} }, groups: [], azure: [], conditionalAccess: { policies: [], namedLocations: [], authenticationStrengths: [], authenticationContexts: [] }, principals: {} };
  fs.writeFileSync(path.join(repo, "snapshot.json"), JSON.stringify(snapshot));
  run(bin, ["export", "--from-snapshot", "snapshot.json", "--out-dir", "adopted", "--quiet"], repo);
  for (const file of ["tenant.yaml", "tenant.imports.tf.json", "tenant.unmanaged.md", "tenant.unmanaged.json"]) {
    if (!fs.existsSync(path.join(repo, "adopted", file))) fail(`export wrote no adopted/${file}`);
  }
  run(bin, ["validate", "adopted/tenant.yaml", "--quiet"], repo);

  step("compile a consumer against the installed types; internal modules are not importable");
  fs.writeFileSync(
    path.join(repo, "app.ts"),
    [
      'import { App, TerraformStack } from "cdktf";',
      'import { BreakGlassAccount, EntraRoles, JitRole, Role, RoleSettings } from "entra-pim-as-code";',
      'import { PrivilegedAccessChecks } from "entra-pim-as-code/checks";',
      'import { buildTenantStack } from "entra-pim-as-code/config";',
      'import { buildAccessReport } from "entra-pim-as-code/report";',
      'import { MsgraphProvider } from "entra-pim-as-code/providers";',
      'import { ApiClient, exportTenant } from "entra-pim-as-code/adopt";',
      "const app = new App();",
      'const stack = new TerraformStack(app, "tenant");',
      'new BreakGlassAccount(stack, "Bg1", { userPrincipalName: "bg-01@contoso.onmicrosoft.com" });',
      'new JitRole(stack, "Ga", { role: Role.entra(EntraRoles.GLOBAL_ADMINISTRATOR.displayName), eligible: [{ user: "a@contoso.com" }], settings: RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } }) });',
      "PrivilegedAccessChecks.applyTo(stack);",
      "export const report: string = buildAccessReport(stack);",
      "export const kinds = [buildTenantStack, MsgraphProvider, ApiClient, exportTenant];",
      "",
    ].join("\n"),
  );
  const tsc = path.join(repo, "node_modules", "typescript", "bin", "tsc");
  for (const [moduleKind, resolution] of [["commonjs", "node"], ["node16", "node16"]]) {
    run(process.execPath, [tsc, "--noEmit", "--strict", "--noUnusedLocals", "--skipLibCheck", "--module", moduleKind, "--moduleResolution", resolution, "--target", "ES2022", "app.ts"], repo);
  }
  fs.writeFileSync(path.join(repo, "internal.ts"), 'import { levenshtein } from "entra-pim-as-code";\nexport const l = levenshtein;\n');
  const internal = spawnSync(process.execPath, [tsc, "--noEmit", "--skipLibCheck", "--module", "commonjs", "--moduleResolution", "node", "internal.ts"], { cwd: repo, encoding: "utf8" });
  if (internal.status === 0 || !/has no exported member/.test(internal.stdout)) fail(`an internal helper is importable from the root: ${internal.stdout}`);
  const deep = spawnSync(process.execPath, ["-e", 'require("entra-pim-as-code/dist/constructs/catalog/suggest")'], { cwd: repo, encoding: "utf8" });
  if (deep.status === 0 || !/ERR_PACKAGE_PATH_NOT_EXPORTED/.test(deep.stderr)) fail("a deep path into dist/ is importable");
  const root = spawnSync(process.execPath, ["-e", 'const m = require("entra-pim-as-code"); if (typeof m.JitRole !== "function" || "levenshtein" in m) process.exit(1)'], { cwd: repo, encoding: "utf8" });
  if (root.status !== 0) fail(`the root module at runtime: ${root.stderr}`);
  step("passed");
} finally {
  if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`package test: kept ${work}`);
}
