import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { AccessModel, HolderFact, RoleFact, accessModel, holderName, principalName } from "../constructs/report/model";
import { expiry, requirementRows } from "../constructs/report/markdown";
import { code, md, table } from "../constructs/report/text";
import { Progress } from "./progress";
import { buildTenantFile, scratchDir } from "./tenant";

/**
 * The review a pull request needs: who gains or loses which role, how activation changes, which
 * Conditional Access and break-glass settings change, and which findings appear or go, between
 * two tenant files. Built from the same access model as the report, so it says what the report would.
 */
export function diffTenantFiles(oldFile: string, newFile: string, options: { oldLabel?: string; newLabel?: string; progress?: Progress } = {}): string {
  const progress = options.progress ?? Progress.silent();
  const before = modelOf(oldFile, progress);
  const after = modelOf(newFile, progress);
  return renderDiff(before, after, options.oldLabel ?? oldFile, options.newLabel ?? newFile);
}

/** The tenant file as it is at a git revision, written to a temporary file; returns its path. */
export function fileAtRevision(file: string, revision: string): string {
  const dir = path.dirname(path.resolve(file));
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  let text: string;
  try {
    const top = git("rev-parse", "--show-toplevel").trim();
    const rel = path.relative(top, path.resolve(file)).split(path.sep).join("/");
    text = git("show", `${revision}:${rel}`);
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? (e as Error).message).trim().split("\n")[0];
    throw new Error(`${file} at ${revision}: cannot be read from git (${stderr})`);
  }
  const out = path.join(scratchDir("entra-pim-diff-"), path.basename(file));
  fs.writeFileSync(out, text);
  return out;
}

function modelOf(file: string, progress: Progress): AccessModel {
  const built = buildTenantFile(file, { progress });
  return accessModel(built.stack, built.findings);
}

interface Grant {
  readonly role: string;
  readonly principal: string;
  readonly how: string;
  readonly until: string;
}

function grants(m: AccessModel): Map<string, Grant> {
  const out = new Map<string, Grant>();
  for (const r of m.roles) {
    const role = r.role.toString();
    for (const [list, how] of [[r.eligible, "eligible"], [r.active, "active"]] as const) {
      for (const a of list) out.set(`${r.key}|${how}|${a.principal.key}`, { role, principal: principalName(a.principal), how, until: expiry(a) });
    }
    for (const h of r.otherHolders) out.set(`${r.key}|other|${h.principal}|${h.how}`, holderGrant(role, h));
  }
  for (const u of m.unmanagedRoles) for (const h of u.holders) out.set(`${u.key}|other|${h.principal}|${h.how}`, holderGrant(u.displayName, h));
  return out;
}

function holderGrant(role: string, h: HolderFact): Grant {
  return { role, principal: holderName(h.principal), how: h.how, until: h.standing ? "standing" : "on activation" };
}

function sorted<T>(items: Iterable<[string, T]>): T[] {
  return [...items].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
}

function grantTable(list: readonly Grant[]): string[] {
  return table(["Role", "Principal", "How", "Expires"], list.map((g) => [md(g.role), code(g.principal), md(g.how), md(g.until)]));
}

/** The diff as Markdown, ending with one newline. Deterministic: every list sorted by a stable key. */
export function renderDiff(before: AccessModel, after: AccessModel, oldLabel: string, newLabel: string): string {
  const out: string[] = [`# Access changes: ${md(oldLabel)} → ${md(newLabel)}`, ""];
  let changes = 0;
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    changes++;
    out.push(`## ${title}`, "", ...lines, "");
  };

  const rolesBefore = new Map(before.roles.map((r) => [r.key, r]));
  const rolesAfter = new Map(after.roles.map((r) => [r.key, r]));
  const added = sorted([...rolesAfter].filter(([k]) => !rolesBefore.has(k)));
  const removed = sorted([...rolesBefore].filter(([k]) => !rolesAfter.has(k)));
  section("Roles", [...added.map((r) => `- Added: ${md(r.role.toString())}`), ...removed.map((r) => `- Removed: ${md(r.role.toString())}`)]);

  const g0 = grants(before);
  const g1 = grants(after);
  const gained = sorted([...g1].filter(([k, g]) => !g0.has(k) || g0.get(k)!.until !== g.until));
  const lost = sorted([...g0].filter(([k]) => !g1.has(k)));
  section("Who gains access", gained.length ? grantTable(gained) : []);
  section("Who loses access", lost.length ? grantTable(lost) : []);

  const activation: string[][] = [];
  for (const key of [...rolesAfter.keys()].sort()) {
    const r1 = rolesAfter.get(key)!;
    const r0 = rolesBefore.get(key);
    if (!r0) continue;
    const was = new Map(requirementRows(r0).map(([label, value]) => [label, value]));
    for (const [label, value] of requirementRows(r1)) {
      if (was.get(label) !== value) activation.push([md(r1.role.toString()), label, was.get(label) ?? "", value]);
    }
    const controls = (r: RoleFact) => r.controls.map((c) => `${c.displayName} (${c.state})`).join(", ") || "none";
    if (controls(r0) !== controls(r1)) activation.push([md(r1.role.toString()), "Conditional Access", md(controls(r0)), md(controls(r1))]);
  }
  section("How activation changes", activation.length ? table(["Role", "Requirement", "Before", "After"], activation) : []);

  const c0 = new Map(before.controls.map((c) => [c.key, c]));
  const c1 = new Map(after.controls.map((c) => [c.key, c]));
  const ca: string[] = [];
  for (const key of [...c1.keys()].sort()) {
    const c = c1.get(key)!;
    const was = c0.get(key);
    if (!was) ca.push(`- Added: ${md(c.displayName)} (${c.state})`);
    else {
      if (was.state !== c.state) ca.push(`- ${md(c.displayName)}: ${was.state} → ${c.state}`);
      if (was.displayName !== c.displayName) ca.push(`- Renamed: ${md(was.displayName)} → ${md(c.displayName)}`);
      if (was.roleTemplateIds.join() !== c.roleTemplateIds.join()) ca.push(`- ${md(c.displayName)}: targets ${was.roleTemplateIds.length} → ${c.roleTemplateIds.length} roles`);
    }
  }
  for (const c of sorted([...c0].filter(([k]) => !c1.has(k)))) ca.push(`- Removed: ${md(c.displayName)} (was ${c.state})`);
  section("Conditional Access", ca);

  const b0 = new Map(before.breakGlass.map((b) => [b.userPrincipalName.toLowerCase(), b]));
  const b1 = new Map(after.breakGlass.map((b) => [b.userPrincipalName.toLowerCase(), b]));
  const status = (b: { decommissioned: boolean; alerted: boolean }) => `${b.decommissioned ? "decommissioned" : "active"}, ${b.alerted ? "alerted" : "not alerted"}`;
  const bg: string[] = [];
  for (const key of [...b1.keys()].sort()) {
    const b = b1.get(key)!;
    const was = b0.get(key);
    if (!was) bg.push(`- Added: ${code(b.userPrincipalName)} (${status(b)})`);
    else if (status(was) !== status(b)) bg.push(`- ${code(b.userPrincipalName)}: ${status(was)} → ${status(b)}`);
  }
  for (const b of sorted([...b0].filter(([k]) => !b1.has(k)))) bg.push(`- Removed from the file: ${code(b.userPrincipalName)}`);
  if ((before.breakGlassSignInPolicy ?? "none") !== (after.breakGlassSignInPolicy ?? "none")) {
    bg.push(`- Sign-in policy: ${before.breakGlassSignInPolicy ?? "none"} → ${after.breakGlassSignInPolicy ?? "none"}`);
  }
  section("Break-glass accounts", bg);

  const key = (f: AccessModel["findings"][number]) => `${f.level}|${f.rule}|${f.path}|${f.detail ?? f.message}|${f.suppressed ? "s" : ""}`;
  const f0 = new Map(before.findings.map((f) => [key(f), f]));
  const f1 = new Map(after.findings.map((f) => [key(f), f]));
  const findingRow = (f: AccessModel["findings"][number]) => [f.level, code(f.rule), code(f.path), md(f.detail ?? f.message), f.suppressed ? "yes" : "no"];
  const newFindings = sorted([...f1].filter(([k]) => !f0.has(k)));
  const goneFindings = sorted([...f0].filter(([k]) => !f1.has(k)));
  section("New findings", newFindings.length ? table(["Level", "Rule", "Where", "Finding", "Suppressed"], newFindings.map(findingRow)) : []);
  section("Resolved findings", goneFindings.length ? table(["Level", "Rule", "Where", "Finding", "Suppressed"], goneFindings.map(findingRow)) : []);

  if (changes === 0) out.push("No change in who can become what, how, or from where.", "");
  return `${out.join("\n").trimEnd()}\n`;
}
