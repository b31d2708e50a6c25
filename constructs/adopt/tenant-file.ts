import { stringify } from "yaml";
import { findAuthenticationStrength, findAzureRole, findEntraRole } from "../catalog";
import { NameOf, nameResolver, settingsFromRules } from "./settings";
import { AzureGrant, DirectoryGrant, SnapshotPolicy, TenantSnapshot, principalLabel, roleGuid } from "./snapshot";

/**
 * A TenantSnapshot as a tenant file: every role with eligible or time-bound active access becomes
 * a `roles:` entry (principals by UPN or group name where unique, else object id; the policy as a
 * preset plus overrides), and what the file cannot hold goes to the unmanaged-access report.
 * Break-glass candidates and the Conditional Access that targets roles are written as comments for
 * the user to confirm: making them live would have the stack create new accounts and policies.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type UnmanagedKind =
  | "standing-directory-assignment"
  | "standing-azure-assignment"
  | "inherited-azure-access"
  | "service-principal-eligibility"
  | "scoped-directory-access"
  | "conditional-access-policy"
  | "break-glass-candidate"
  | "not-expressible"
  | "eligibility-not-in-file"
  | "pim-group-access-not-in-file";

/** Privileged access in the tenant that the exported file does not manage. */
export interface UnmanagedAccess {
  readonly kind: UnmanagedKind;
  /** Role display name (Entra) or role name (Azure), or the policy's name. */
  readonly role: string;
  readonly scope: string;
  /** `user:alice@contoso.com`, `group:Ops`, `servicePrincipal:<id>`; "" when not about a principal. */
  readonly principal: string;
  readonly detail: string;
}

export interface ExportedTenant {
  /** The tenant file as data (what `validate` reads). */
  readonly data: Json;
  /** Commented YAML blocks appended to the file: break-glass candidates, Conditional Access. */
  readonly comments: readonly string[];
  readonly unmanaged: UnmanagedAccess[];
  /** One sentence per setting the file could not express exactly. */
  readonly notes: string[];
}

export interface ToTenantFileOptions {
  /** The stack name (`name:`). @default "tenant" */
  readonly name?: string;
  /** Grants ending before this are left out (they will have ended when the file is synthesized). @default the snapshot's readAt */
  readonly now?: Date;
}

const GLOBAL_ADMINISTRATOR = "62e90394-69f5-4237-9190-012177145e10";


/** A tenant-file assignment entry, or undefined when the principal kind is not allowed there. */
function entry(principalId: string, principals: TenantSnapshot["principals"], nameOf: NameOf, end: string | null | undefined, kinds: readonly ("user" | "group" | "servicePrincipal")[]): Json | undefined {
  const p = principals[principalId];
  const type = p?.type ?? "user";
  if (!kinds.includes(type)) return undefined;
  const out: Json = type === "servicePrincipal" ? { servicePrincipal: principalId } : { [type]: nameOf(principalId, type) };
  if (end) out.expires = end.replace(/\.0+Z$/, "Z");
  return out;
}

const sortKey = (e: Json) => JSON.stringify([e.user ? "user" : e.group ? "group" : "servicePrincipal", String(e.user ?? e.group ?? e.servicePrincipal).toLowerCase()]);

function dedupe(entries: Json[]): Json[] {
  const seen = new Map<string, Json>();
  for (const e of entries) {
    const k = sortKey(e);
    const prior = seen.get(k);
    // Two instances of one grant (renewals): keep the later end; permanent wins.
    if (!prior || (prior.expires && (!e.expires || Date.parse(e.expires) > Date.parse(prior.expires)))) seen.set(k, e);
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

export function toTenantFile(snapshot: TenantSnapshot, options: ToTenantFileOptions = {}): ExportedTenant {
  const now = (options.now ?? new Date(snapshot.readAt)).getTime();
  const live = (end: string | null | undefined) => !end || Date.parse(end) > now;
  const nameOf = nameResolver(snapshot.principals);
  const principals = snapshot.principals;
  const unmanaged: UnmanagedAccess[] = [];
  const notes: string[] = [];
  const roles: Json[] = [];
  const definitions = new Map(snapshot.roleDefinitions.map((d) => [d.id, d]));
  const roleName = (id: string) => definitions.get(id)?.displayName ?? findEntraRole(id)?.displayName ?? id;
  /** How the file names a directory role: a built-in by name, a custom role by id. */
  const roleRef = (roleId: string): Json => {
    const definition = definitions.get(roleId);
    const builtIn = findEntraRole(definition?.templateId ?? roleId);
    if (builtIn) return { entraRole: builtIn.displayName };
    if (definition && !definition.isBuiltIn) return { customEntraRole: { id: roleId, displayName: definition.displayName, tier: 1 } };
    return { entraRole: definition?.templateId ?? roleId };
  };
  const exportedDirect = new Set<string>();
  /** Puts the entries and the policy's settings on a role entry, and keeps the entry when it grants anything. */
  const finish = (role: Json, eligible: readonly Json[], active: readonly Json[], policy: SnapshotPolicy | undefined, label: string): void => {
    if (eligible.length) role.eligible = dedupe([...eligible]);
    if (active.length) role.active = dedupe([...active]);
    if (!role.eligible && !role.active) return;
    applyPolicy(role, policy, label);
    roles.push(role);
  };
  /** The role's settings from its policy; without a complete one, the tier's preset without approval (Entra's default). */
  const applyPolicy = (role: Json, policy: SnapshotPolicy | undefined, label: string): void => {
    const s = policy ? settingsFromRules(policy.rules as Json[], nameOf) : undefined;
    if (s) {
      role.settings = s.settings;
      notes.push(...s.notes.map((n) => `${label}: ${n}`));
      return;
    }
    // The tier-0 preset would ask for approval with no approver to name.
    role.settings = { activation: { requireApproval: false } };
    notes.push(
      `${label}: ${policy ? `the policy was read with ${policy.rules.length} of its 17 rules` : "no policy was read for the role"}; the file takes its tier's preset without approval (Entra's default): check the role's settings`,
    );
  };

  // --- Entra directory roles ---------------------------------------------------------------
  const eligibleByRole = new Map<string, DirectoryGrant[]>();
  for (const g of snapshot.directory.eligible) {
    if (!live(g.endDateTime)) continue;
    if (g.memberType && g.memberType !== "Direct") continue;
    const list = eligibleByRole.get(g.roleDefinitionId);
    if (list) list.push(g);
    else eligibleByRole.set(g.roleDefinitionId, [g]);
  }
  for (const roleId of [...eligibleByRole.keys()].sort()) {
    const grants = eligibleByRole.get(roleId) ?? [];
    const name = roleName(roleId);
    const tenantWide = grants.filter((g) => g.directoryScopeId === "/");
    const scoped = grants.filter((g) => g.directoryScopeId !== "/");
    const units = [...new Set(scoped.map((g) => g.directoryScopeId))];
    // One entry per role: tenant-wide when there is any, else the one administrative unit.
    const unit = tenantWide.length === 0 && units.length === 1 && /^\/administrativeUnits\/[0-9a-f-]{36}$/i.test(units[0]) ? units[0] : undefined;
    const kept = unit ? scoped : tenantWide;
    const keptSet = new Set(kept);
    for (const g of grants) {
      if (keptSet.has(g)) continue;
      unmanaged.push({ kind: "scoped-directory-access", role: name, scope: g.directoryScopeId, principal: principalLabel(principals, g.principalId), detail: "Eligible at a scope other than the role's exported one; the tenant file holds one scope per role." });
    }
    const eligible: Json[] = [];
    for (const g of kept) {
      const e = entry(g.principalId, principals, nameOf, null, ["user", "group"]);
      if (!e) {
        unmanaged.push({ kind: "service-principal-eligibility", role: name, scope: g.directoryScopeId, principal: principalLabel(principals, g.principalId), detail: "Eligible service principal; the tenant file makes users and groups eligible." });
        continue;
      }
      if (g.endDateTime) notes.push(`${name}: ${sortKey(e)} is eligible until ${g.endDateTime} in the tenant; azuread 3.x writes directory eligibility without an end date, so the file grants it permanently: remove the entry by then`);
      eligible.push(e);
    }
    if (eligible.length === 0) continue;
    const role: Json = roleRef(roleId);
    if (unit) role.administrativeUnit = unit.split("/").pop();
    role.eligible = dedupe(eligible);
    exportedDirect.add(roleId);
    applyPolicy(role, snapshot.directory.policies[roleId], name);
    roles.push(role);
  }

  // Group delivery: a PIM group that holds exactly one directory role, permanently and directly,
  // is that role's delivery group (what `delivery: group` builds), unless the role is also
  // delivered directly. Its members' schedules become the role's eligible and active entries.
  const delivery = new Map<string, DirectoryGrant>();
  const claimed = new Set<string>();
  const standingOf = new Map<string, DirectoryGrant[]>();
  for (const g of snapshot.directory.active) {
    if (g.assignmentType !== "Assigned" || g.endDateTime || (g.memberType && g.memberType !== "Direct")) continue;
    const list = standingOf.get(g.principalId);
    if (list) list.push(g);
    else standingOf.set(g.principalId, [g]);
  }
  for (const group of [...snapshot.groups].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const held = standingOf.get(group.id) ?? [];
    if (held.length !== 1) continue;
    const g = held[0];
    const scopeOk = g.directoryScopeId === "/" || /^\/administrativeUnits\/[0-9a-f-]{36}$/i.test(g.directoryScopeId);
    if (!scopeOk || exportedDirect.has(g.roleDefinitionId) || claimed.has(g.roleDefinitionId) || group.displayName.includes("'")) continue;
    if (!group.eligible.some((x) => x.accessId === "member") && !group.active.some((x) => x.accessId === "member")) continue;
    delivery.set(group.id, g);
    claimed.add(g.roleDefinitionId);
  }
  const deliveryGrants = new Set(delivery.values());

  // Standing directory assignments: the file holds none for directly delivered roles.
  const breakGlass: string[] = [];
  const caPolicies = snapshot.conditionalAccess.policies as Json[];
  const enforced = caPolicies.filter((p) => p.state !== "disabled");
  const excludedBy = enforced.map((c) => new Set(((c.conditions?.users?.excludeUsers ?? []) as string[]).map((x) => x.toLowerCase())));
  const pimGroupIds = new Set(snapshot.groups.map((x) => x.id));
  // Tier of a PIM group: the lowest tier of the directory roles it holds (1 when none).
  const heldTier = new Map<string, 0 | 1 | 2>();
  for (const g of snapshot.directory.active) {
    if (g.assignmentType === "Activated") continue;
    const tier = findEntraRole(definitions.get(g.roleDefinitionId)?.templateId ?? g.roleDefinitionId)?.tier ?? 1;
    heldTier.set(g.principalId, Math.min(tier, heldTier.get(g.principalId) ?? 2) as 0 | 1 | 2);
  }
  for (const g of snapshot.directory.active) {
    if (g.assignmentType === "Activated" || (g.memberType && g.memberType !== "Direct")) continue;
    if (!live(g.endDateTime) || deliveryGrants.has(g)) continue;
    const p = principals[g.principalId];
    const label = principalLabel(principals, g.principalId);
    const excludedEverywhere = excludedBy.every((excluded) => excluded.has(g.principalId));
    if (g.roleDefinitionId === GLOBAL_ADMINISTRATOR && !g.endDateTime && p?.type === "user" && excludedEverywhere) {
      breakGlass.push(p.name);
      unmanaged.push({ kind: "break-glass-candidate", role: roleName(g.roleDefinitionId), scope: g.directoryScopeId, principal: label, detail: `Permanent Global Administrator excluded from ${enforced.length === 0 ? "Conditional Access (the tenant has no enabled policy)" : "every Conditional Access policy"}: looks like a break-glass account; confirm it in the file's breakGlass comment.` });
      continue;
    }
    const heldByPimGroup = p?.type === "group" && pimGroupIds.has(g.principalId);
    unmanaged.push({
      kind: "standing-directory-assignment",
      role: roleName(g.roleDefinitionId),
      scope: g.directoryScopeId,
      principal: label,
      detail: `${g.endDateTime ? `Active until ${g.endDateTime}` : "Permanent"} assignment outside PIM eligibility${heldByPimGroup ? " (a PIM group that holds the role: its members are exported under pimGroup)" : ""}; make it eligible in the file, or remove it in the tenant.`,
    });
  }

  // --- PIM for Groups -----------------------------------------------------------------------
  const groupTier = (groupId: string): 0 | 1 | 2 => heldTier.get(groupId) ?? 1;
  for (const group of [...snapshot.groups].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const access of ["member", "owner"] as const) {
      const eligible = group.eligible.filter((g) => g.accessId === access && live(g.endDateTime) && (!g.memberType || g.memberType === "Direct"));
      const active = group.active.filter((g) => g.accessId === access && g.assignmentType !== "Activated" && live(g.endDateTime) && (!g.memberType || g.memberType === "Direct"));
      if (eligible.length === 0 && active.length === 0) continue;
      const delivered = access === "member" ? delivery.get(group.id) : undefined;
      const role: Json = delivered
        ? {
            ...roleRef(delivered.roleDefinitionId),
            delivery: "group",
            groupName: group.displayName,
            ...(delivered.directoryScopeId !== "/" ? { administrativeUnit: delivered.directoryScopeId.split("/").pop() } : {}),
          }
        : { pimGroup: nameOf(group.id, "group"), ...(access === "owner" ? { access } : {}), tier: groupTier(group.id) };
      const e = eligible.map((g) => entry(g.principalId, principals, nameOf, g.endDateTime, ["user", "group"])).filter((x): x is Json => x !== undefined);
      const a = active.map((g) => entry(g.principalId, principals, nameOf, g.endDateTime, ["user", "servicePrincipal"])).filter((x): x is Json => x !== undefined);
      for (const g of eligible) {
        if (principals[g.principalId]?.type === "servicePrincipal") unmanaged.push({ kind: "service-principal-eligibility", role: group.displayName, scope: `${access} of ${group.displayName}`, principal: principalLabel(principals, g.principalId), detail: "Eligible service principal; the tenant file makes users and groups eligible." });
      }
      for (const g of active) {
        if (principals[g.principalId]?.type === "group") unmanaged.push({ kind: "not-expressible", role: group.displayName, scope: `${access} of ${group.displayName}`, principal: principalLabel(principals, g.principalId), detail: "Active group member of a PIM group; the file makes groups eligible only." });
      }
      finish(role, e, a, group.policies[access], `${group.displayName} (${access})`);
    }
  }

  // --- Azure RBAC ---------------------------------------------------------------------------
  for (const scope of snapshot.azure) {
    const byRole = new Map<string, { eligible: AzureGrant[]; active: AzureGrant[] }>();
    const slot = (g: AzureGrant) => {
      const guid = roleGuid(g.roleDefinitionId);
      const s = byRole.get(guid) ?? { eligible: [], active: [] };
      byRole.set(guid, s);
      return s;
    };
    for (const g of scope.eligible) if (live(g.endDateTime)) slot(g).eligible.push(g);
    for (const g of scope.active) {
      if (g.assignmentType === "Activated" || !live(g.endDateTime)) continue;
      const guid = roleGuid(g.roleDefinitionId);
      if (!g.endDateTime) {
        unmanaged.push({ kind: "standing-azure-assignment", role: scope.roleNames[guid] ?? guid, scope: scope.scope, principal: principalLabel(principals, g.principalId), detail: "Permanent active role assignment; make it eligible in the file, or remove it." });
        continue;
      }
      slot(g).active.push(g);
    }
    for (const g of scope.above) {
      const guid = roleGuid(g.roleDefinitionId);
      if (g.assignmentType === "Activated") continue;
      unmanaged.push({ kind: "inherited-azure-access", role: scope.roleNames[guid] ?? guid, scope: g.scope, principal: principalLabel(principals, g.principalId), detail: `Reaches ${scope.scope} from ${g.scope}, a scope the export did not read; add --azure-scope ${g.scope} to manage it.` });
    }
    for (const guid of [...byRole.keys()].sort()) {
      const slotOf = byRole.get(guid) as { eligible: AzureGrant[]; active: AzureGrant[] };
      const name = scope.roleNames[guid];
      const known = name ? findAzureRole(name) : findAzureRole(guid);
      const role: Json = { azureRole: known ? known.name : guid, scope: scope.scope };
      const e = slotOf.eligible.map((g) => entry(g.principalId, principals, nameOf, g.endDateTime, ["user", "group"])).filter((x): x is Json => x !== undefined);
      const a = slotOf.active.map((g) => entry(g.principalId, principals, nameOf, g.endDateTime, ["user", "group", "servicePrincipal"])).filter((x): x is Json => x !== undefined);
      for (const g of slotOf.eligible) {
        if (principals[g.principalId]?.type === "servicePrincipal") unmanaged.push({ kind: "service-principal-eligibility", role: name ?? guid, scope: scope.scope, principal: principalLabel(principals, g.principalId), detail: "Eligible service principal; the tenant file makes users and groups eligible." });
      }
      finish(role, e, a, scope.policies[guid], `${name ?? guid} at ${scope.scope}`);
    }
  }

  // --- Conditional Access (comments) --------------------------------------------------------
  const comments: string[] = [];
  if (breakGlass.length) {
    comments.push(
      [
        "Break-glass candidates: permanent Global Administrators excluded from Conditional Access.",
        "Confirm each, then uncomment and add alerting (see docs/tenant-file.md, breakGlass). The",
        "stack then manages these accounts: `entra-pim export --imports-for <this file>` writes their import blocks.",
        "breakGlass:",
        "  accounts:",
        ...breakGlass.sort().map((upn) => `    - userPrincipalName: ${upn}`),
      ].join("\n"),
    );
  }
  const locations = new Map((snapshot.conditionalAccess.namedLocations as Json[]).map((l) => [String(l.id).toLowerCase(), l]));
  const roleTargeting = caPolicies.filter((p) => ((p.conditions?.users?.includeRoles ?? []) as unknown[]).length > 0).sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)));
  if (roleTargeting.length) {
    const lines = ["Conditional Access policies that target directory roles (not managed by this file; see", "adminWorkstation in docs/tenant-file.md to replace them with managed ones):"];
    for (const p of roleTargeting) {
      const includeRoles = (p.conditions.users.includeRoles as string[]).map((id) => roleName(id.toLowerCase())).sort();
      const grant = p.grantControls ?? {};
      const strength = grant.authenticationStrength?.displayName ?? grant.authenticationStrength?.id;
      const where = ((p.conditions?.locations?.includeLocations ?? []) as string[]).map((id) => String(locations.get(id.toLowerCase())?.displayName ?? id));
      lines.push(`- ${p.displayName} (${p.state}): roles ${includeRoles.join(", ")}; grant ${[...(grant.builtInControls ?? []), ...(strength ? [`authentication strength ${strength}`] : [])].join(", ") || "none"}${where.length ? `; locations ${where.join(", ")}` : ""}`);
      unmanaged.push({ kind: "conditional-access-policy", role: String(p.displayName), scope: "/", principal: "", detail: `State ${p.state}; targets ${includeRoles.join(", ")}. Not managed by the file.` });
    }
    comments.push(lines.join("\n"));
    const suggestion = adminWorkstationSuggestion(roleTargeting, snapshot);
    if (suggestion) {
      comments.push(
        [
          "A starting point for adminWorkstation from those policies (report-only until you set state:",
          "enabled; it creates new policies beside the ones above, so retire those once it is enforced).",
          "Its policies exclude the break-glass accounts, so confirm those first (PAC-CA-BREAK-GLASS-EXCLUDED):",
          stringify({ adminWorkstation: suggestion }, { lineWidth: 0 }).trimEnd(),
        ].join("\n"),
      );
    }
  }

  const data: Json = { name: options.name ?? "tenant", roles: roles.sort((a, b) => (roleSortKey(a) < roleSortKey(b) ? -1 : 1)) };
  return { data, comments, unmanaged: sortedUnmanaged(unmanaged), notes: [...new Set(notes)].sort() };
}

function roleSortKey(r: Json): string {
  if (r.entraRole) return `0|${r.entraRole}`;
  if (r.customEntraRole) return `1|${r.customEntraRole.displayName}`;
  if (r.pimGroup) return `2|${String(r.pimGroup).toLowerCase()}|${r.access ?? "member"}`;
  return `3|${String(r.scope).toLowerCase()}|${r.azureRole}`;
}

/** Unmanaged rows once each, in one total order (kind, role, scope, principal, detail). */
export function sortedUnmanaged(rows: readonly UnmanagedAccess[]): UnmanagedAccess[] {
  const key = (u: UnmanagedAccess) => JSON.stringify([u.kind, u.role, u.scope, u.principal, u.detail]);
  return [...new Map(rows.map((u) => [key(u), u])).values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** The tenant file as text: a header, the data, then the commented blocks. */
export function tenantFileText(exported: ExportedTenant, header: readonly string[]): string {
  const comment = (text: string) =>
    text
      .split("\n")
      .map((l) => (l ? `# ${l}` : "#"))
      .join("\n");
  const body = stringify(exported.data, { lineWidth: 0, sortMapEntries: false });
  return [header.map((l) => (l ? `# ${l}` : "#")).join("\n"), "", body.trimEnd(), ...exported.comments.map((c) => `\n${comment(c)}`), ""].join("\n");
}

/**
 * `adminWorkstation` settings that keep what the role-targeting policies require: their named
 * locations (by object id), the authentication strength they grant with (a built-in by name, a
 * custom one by its combinations) and the authentication contexts they protect. Undefined when
 * the policies use none of these.
 */
function adminWorkstationSuggestion(policies: readonly Json[], snapshot: TenantSnapshot): Json | undefined {
  const out: Json = {};
  const locationIds = [...new Set(policies.flatMap((p) => ((p.conditions?.locations?.includeLocations ?? []) as string[]).map((id) => id.toLowerCase())))]
    .filter((id) => (snapshot.conditionalAccess.namedLocations as Json[]).some((l) => String(l.id).toLowerCase() === id))
    .sort();
  if (locationIds.length) out.allowedLocations = locationIds.map((namedLocationId) => ({ namedLocationId }));
  const strengthIds = [...new Set(policies.map((p) => p.grantControls?.authenticationStrength?.id).filter((id): id is string => typeof id === "string").map((id) => id.toLowerCase()))].sort();
  if (strengthIds.length === 1) {
    const builtIn = findAuthenticationStrength(strengthIds[0]);
    const custom = (snapshot.conditionalAccess.authenticationStrengths as Json[]).find((x) => String(x.id).toLowerCase() === strengthIds[0]);
    if (builtIn) out.authenticationStrength = builtIn.name;
    else if (custom && Array.isArray(custom.allowedCombinations) && custom.allowedCombinations.length) {
      out.authenticationStrength = { displayName: String(custom.displayName), allowedCombinations: [...(custom.allowedCombinations as string[])].sort() };
    }
  }
  const contexts = [...new Set(policies.flatMap((p) => (p.conditions?.applications?.includeAuthenticationContextClassReferences ?? []) as string[]))].sort();
  const context = (snapshot.conditionalAccess.authenticationContexts as Json[]).find((c) => c.id === contexts[0]);
  if (contexts.length === 1 && context) out.authenticationContext = { claimValue: String(context.id), displayName: String(context.displayName ?? context.id) };
  return Object.keys(out).length ? out : undefined;
}
