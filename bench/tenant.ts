import { AZURE_ROLES, ENTRA_ROLES, PrincipalInput } from "../constructs";

/**
 * A synthetic tenant, as plain data, that both bench variants (library constructs and raw
 * provider constructs) turn into the same Terraform. Deterministic: the same size always gives
 * the same tenant (seeded PRNG), so runs are comparable.
 */

/** One eligible principal of one role. */
export interface BenchAssignment {
  readonly principal: PrincipalInput;
  /** Time-bound eligibility (`P180D`); never on direct Entra roles (azuread 3.7.0 cannot). */
  readonly expires?: string;
}

/** The settings a role gets: a preset plus the overrides the bench varies. */
export interface BenchSettings {
  readonly preset: "highlyPrivileged" | "privileged" | "standard";
  readonly maximumDuration?: string;
  readonly extraRecipient?: string;
}

export type BenchRoleKind = "entraDirect" | "entraGroup" | "pimGroup" | "azure";

export interface BenchRole {
  /** Stable construct id. */
  readonly id: string;
  readonly kind: BenchRoleKind;
  /** Entra role display name or Azure role name; for pimGroup the group's display name. */
  readonly name: string;
  /** Azure RBAC scope (azure only). */
  readonly scope?: string;
  readonly tier: 0 | 1 | 2;
  readonly settings: BenchSettings;
  readonly eligible: readonly BenchAssignment[];
}

export interface BenchTenant {
  readonly size: number;
  readonly roles: readonly BenchRole[];
  /** Approvers of every role (highly privileged presets require approval). */
  readonly approvers: readonly PrincipalInput[];
  /** Distinct Azure subscriptions the role-scopes are spread over. */
  readonly subscriptions: number;
}

/** Share of the eligible assignments per role kind. */
export const MIX: Readonly<Record<BenchRoleKind, number>> = { entraDirect: 0.15, entraGroup: 0.1, pimGroup: 0.15, azure: 0.6 };
/** Assignments per Azure role-scope (one role at one scope), each in its own subscription. */
export const PER_AZURE_SCOPE = 50;

/** mulberry32: small seeded PRNG, enough for reproducible spreads. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A GUID derived from a number (stable, valid shape). */
export function fakeGuid(kind: number, n: number): string {
  const hex = (v: number, len: number) => (v >>> 0).toString(16).padStart(len, "0").slice(-len);
  return `${hex(kind, 8)}-${hex(n >>> 16, 4)}-4${hex(n, 3)}-8${hex(kind * 31 + n, 3)}-${hex(n * 2654435761, 8)}${hex(kind, 4)}`;
}

/** Splits `total` into `parts` near-equal integers. */
function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}

const pad = (n: number, len = 5) => String(n).padStart(len, "0");

export function generateTenant(size: number): BenchTenant {
  const rand = prng(size * 7919 + 17);
  const userPool = Math.max(20, Math.round(size * 0.4));
  const groupPool = Math.max(2, Math.round(size / 100));
  const pick = (allowGroups: boolean): PrincipalInput => {
    const r = rand();
    if (allowGroups && r < 0.05) return { group: `Team ${pad(Math.floor(rand() * groupPool), 4)}` };
    const u = Math.floor(rand() * userPool);
    // About one user in ten is given by object id (no lookup), the rest by UPN.
    return r < 0.15 ? { user: fakeGuid(0x5e2, u) } : { user: `user${pad(u)}@contoso.com` };
  };
  const members = (count: number, timeBound: boolean): BenchAssignment[] => {
    const seen = new Set<string>();
    const out: BenchAssignment[] = [];
    while (out.length < count) {
      const p = pick(true);
      const key = JSON.stringify(p).toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(timeBound && rand() < 0.2 ? { principal: p, expires: "P180D" } : { principal: p });
    }
    return out;
  };
  const settings = (tier: 0 | 1 | 2, i: number): BenchSettings => ({
    preset: tier === 0 ? "highlyPrivileged" : tier === 1 ? "privileged" : "standard",
    ...(i % 5 === 0 ? { maximumDuration: "PT2H" } : {}),
    ...(i % 7 === 0 ? { extraRecipient: "secops@contoso.com" } : {}),
  });

  const counts = {
    entraDirect: Math.round(size * MIX.entraDirect),
    entraGroup: Math.round(size * MIX.entraGroup),
    pimGroup: Math.round(size * MIX.pimGroup),
  };
  const azure = size - counts.entraDirect - counts.entraGroup - counts.pimGroup;
  const roles: BenchRole[] = [];
  // Entra roles: direct delivery on the first roles of the catalog, group delivery on the next ones.
  const directRoles = Math.min(50, Math.max(1, Math.ceil(counts.entraDirect / 40)));
  const groupRoles = Math.min(40, Math.max(1, Math.ceil(counts.entraGroup / 40)));
  split(counts.entraDirect, directRoles).forEach((n, i) => {
    const def = ENTRA_ROLES[i];
    roles.push({ id: `direct-${def.templateId}`, kind: "entraDirect", name: def.displayName, tier: def.tier, settings: settings(def.tier, i), eligible: members(n, false) });
  });
  split(counts.entraGroup, groupRoles).forEach((n, i) => {
    const def = ENTRA_ROLES[directRoles + i];
    roles.push({ id: `group-${def.templateId}`, kind: "entraGroup", name: def.displayName, tier: def.tier, settings: settings(def.tier, i), eligible: members(n, true) });
  });
  split(counts.pimGroup, Math.max(1, Math.ceil(counts.pimGroup / PER_AZURE_SCOPE))).forEach((n, i) => {
    roles.push({ id: `pimgroup-${pad(i, 4)}`, kind: "pimGroup", name: `PIM Group ${pad(i, 4)}`, tier: 1, settings: settings(1, i), eligible: members(n, true) });
  });
  const scopes = Math.max(1, Math.ceil(azure / PER_AZURE_SCOPE));
  split(azure, scopes).forEach((n, i) => {
    const def = AZURE_ROLES[i % AZURE_ROLES.length];
    const sub = `/subscriptions/${fakeGuid(0x5b, i)}`;
    // Most role-scopes are subscriptions; every fourth a resource group in it, one in twenty a management group.
    const scope = i % 20 === 19 ? `/providers/Microsoft.Management/managementGroups/mg-${pad(i, 4)}` : i % 4 === 3 ? `${sub}/resourceGroups/rg-${pad(i, 4)}` : sub;
    const grants = ["Owner", "User Access Administrator", "Role Based Access Control Administrator"].includes(def.name);
    const tier = grants ? 0 : def.privileged ? 1 : 2;
    roles.push({ id: `azure-${pad(i, 4)}`, kind: "azure", name: def.name, scope, tier, settings: settings(tier, i), eligible: members(n, true) });
  });
  const subscriptions = new Set(roles.filter((r) => r.scope?.startsWith("/subscriptions/")).map((r) => r.scope?.split("/")[2])).size;
  return { size, roles, approvers: [{ group: "PIM Approvers" }, { user: "approver01@contoso.com" }], subscriptions };
}
