import { IConstruct } from "constructs";
import { TerraformResource } from "cdktf";
import { JitRole } from "../jit-role";
import { PrincipalDirectory } from "../principal-directory";
import { PrincipalRef } from "../principals";
import { GLOBAL_ADMINISTRATOR_KEY, roleKey } from "../role-key";
import { RoleGrantView } from "./role-grants";
import { identifier, isUnresolved, list, resourceAttributes } from "./values";

/**
 * Who can become what: one graph of the ways a principal reaches a role in a stack, shared by the
 * rules (PAC-GA-COUNT counts from it) and the access report (which lists, per role, the holders
 * the role's own JitRole does not show). A principal holds a role:
 * - `eligible` / `active`: through a JitRole's assignment;
 * - `breakGlass`: a break-glass account holds Global Administrator, permanently;
 * - `directGrant`: through a raw directory role grant (azuread_directory_role_assignment, an
 *   eligibility request, a Graph roleAssignments POST) beside the constructs;
 * - through a group that holds the role (group delivery, a group made eligible or active, a
 *   raw grant to a group the stack knows): as a standing `member` (`azuread_group_member`, the
 *   group's `members`), as an `owner` (the group's `owners`: an owner can add herself, so owning
 *   is holding), or as an eligible or active member or owner of the PIM group (a JitRole for the
 *   group, or a raw `azuread_privileged_access_group_*_schedule`).
 * Group entry is followed to a fixed depth (role-assignable groups cannot nest, PIM groups rarely
 * do), so building the graph is linear in the stack's resources.
 */
export type AccessVia = "eligible" | "active" | "breakGlass" | "directGrant" | "member" | "owner";

export interface AccessEdge {
  /** Who: a principal key (`user:alice@contoso.com`, `group:Tier0 Admins`) or `objectId:<id as Terraform receives it>`. */
  readonly principal: string;
  /** The role key (see `roleKey`). */
  readonly role: string;
  readonly via: AccessVia;
  /** True when the access needs no activation (active, break-glass, standing membership, ownership). */
  readonly standing: boolean;
  /** The groups the access passes through by name, from the principal's own to the one that holds the role (empty for direct access). */
  readonly through: readonly string[];
  /** The construct that writes the edge's last step (its evidence). */
  readonly node: IConstruct;
}

/** What the graph needs of the stack (the StackModel gives it). */
export interface AccessSources {
  readonly jitRoles: readonly JitRole[];
  readonly breakGlass: readonly { readonly userPrincipalName: string; readonly objectId: string; readonly construct: IConstruct }[];
  readonly roleGrants: readonly RoleGrantView[];
  readonly resources: readonly TerraformResource[];
}

const LOOKUP = /^\$\{data\.azuread_(user|group)\.principal_(?:users|groups)\["(.+)"\]\.object_id\}$/;
const GROUP_RESOURCE = /^\$\{azuread_group\.([^.}]+)\.object_id\}$/;
/** Depth of group-in-group entry followed (member of a PIM group that is eligible for a group that holds a role). */
const MAX_DEPTH = 3;

interface GroupEntry {
  readonly principal: string;
  readonly via: "member" | "owner" | "eligible" | "active";
  readonly standing: boolean;
  readonly node: IConstruct;
}

export class AccessGraph {
  /** Every edge, sorted by role, principal, path and construct path. */
  public readonly edges: readonly AccessEdge[];
  private readonly byRole = new Map<string, AccessEdge[]>();

  constructor(sources: AccessSources) {
    const edges: AccessEdge[] = [];
    const names = new Map<string, string>(); // group id (lower case) -> name in words
    const keyOf = principalKeys(sources);
    const direct = (principal: string, role: string, via: AccessVia, standing: boolean, node: IConstruct) => edges.push({ principal, role, via, standing, through: [], node });

    // Roles held by groups, and the ways into groups.
    const holds = new Map<string, Set<string>>(); // group id -> role keys
    const entries = new Map<string, GroupEntry[]>(); // group id -> who enters it
    const hold = (group: string, role: string) => {
      const set = holds.get(group) ?? new Set<string>();
      set.add(role);
      holds.set(group, set);
    };
    const enter = (group: string, entry: GroupEntry) => {
      const list = entries.get(group) ?? [];
      list.push(entry);
      entries.set(group, list);
    };

    for (const j of sources.jitRoles) {
      const role = roleKey(j.role);
      for (const [assignments, via] of [[j.eligible, "eligible"], [j.active, "active"]] as const) {
        for (const a of assignments) {
          direct(keyOfRef(a.principal), role, via, via === "active", j);
          if (a.principal.type === "group") {
            const id = groupIdOf(a.principal);
            if (id) hold(id, role);
          }
        }
      }
      if (j.group) {
        const id = `\${azuread_group.${j.group.friendlyUniqueId}.object_id}`.toLowerCase();
        names.set(id, j.groupDisplayName ?? id);
        hold(id, role);
      }
      if (j.role.kind === "pimGroup" && j.role.group) {
        const id = groupIdOf(j.role.group);
        const via = j.role.access === "owner" ? "owner" : "member";
        if (id) for (const a of j.eligible) enter(id, { principal: keyOfRef(a.principal), via, standing: false, node: j });
        if (id) for (const a of j.active) enter(id, { principal: keyOfRef(a.principal), via, standing: true, node: j });
      }
    }
    for (const b of sources.breakGlass) direct(`user:${b.userPrincipalName.toLowerCase()}`, GLOBAL_ADMINISTRATOR_KEY, "breakGlass", true, b.construct);
    for (const g of sources.roleGrants) {
      if (g.source !== "raw") continue;
      // A role or principal unknown at synth is no edge; the rules report such grants (PAC-PIM-ONLY, PAC-GA-COUNT).
      if (isUnresolved(g.roleId) || isUnresolved(g.principalId)) continue;
      const role = `entra:${g.roleId.toLowerCase()}`;
      direct(keyOf(g.principalId), role, g.kind === "active" ? "directGrant" : "eligible", g.kind === "active", g.node);
      hold(g.principalId.toLowerCase(), role);
    }

    // Raw ways into groups: standing membership, ownership, PIM for Groups schedules.
    for (const r of sources.resources) {
      const type = r.terraformResourceType;
      if (r.node.scopes.some(JitRole.isJitRole)) continue; // the JitRole's own schedules are its eligible/active
      if (type === "azuread_group_member") {
        const a = resourceAttributes(r);
        const group = identifier(a.group_object_id);
        const member = identifier(a.member_object_id);
        if (typeof group === "string" && typeof member === "string") enter(group.toLowerCase(), { principal: keyOf(member), via: "member", standing: true, node: r });
      } else if (type === "azuread_group") {
        const a = resourceAttributes(r);
        const id = `\${azuread_group.${r.friendlyUniqueId}.object_id}`.toLowerCase();
        if (typeof a.display_name === "string" && !names.has(id)) names.set(id, a.display_name);
        for (const [field, via] of [["members", "member"], ["owners", "owner"]] as const) {
          const ids = list(a[field]);
          if (!isUnresolved(ids)) for (const m of ids) enter(id, { principal: keyOf(m), via, standing: true, node: r });
        }
      } else if (type === "azuread_privileged_access_group_eligibility_schedule" || type === "azuread_privileged_access_group_assignment_schedule") {
        const a = resourceAttributes(r);
        const group = identifier(a.group_id);
        const who = identifier(a.principal_id);
        if (typeof group !== "string" || typeof who !== "string") continue;
        const via = a.assignment_type === "owner" ? "owner" : "member";
        enter(group.toLowerCase(), { principal: keyOf(who), via, standing: type.endsWith("assignment_schedule"), node: r });
      }
    }

    // Follow group entry: whoever enters a group holds what it holds, and a group that enters
    // another holds what that one holds, to MAX_DEPTH.
    const groupName = (id: string) => names.get(id) ?? nameFromId(id);
    for (const [group, roles] of holds) {
      const seen = new Set<string>([group]);
      let frontier: { id: string; through: string[]; standing: boolean }[] = [{ id: group, through: [], standing: true }];
      for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
        const next: typeof frontier = [];
        for (const f of frontier) {
          for (const e of entries.get(f.id) ?? []) {
            const through = [groupName(f.id), ...f.through];
            const standing = f.standing && e.standing;
            for (const role of roles) edges.push({ principal: e.principal, role, via: e.via === "owner" ? "owner" : "member", standing, through, node: e.node });
            const inner = groupIdOfKey(e.principal);
            if (inner && !seen.has(inner)) {
              seen.add(inner);
              next.push({ id: inner, through, standing });
            }
          }
        }
        frontier = next;
      }
    }

    this.edges = edges.sort(
      (a, b) => cmp(a.role, b.role) || cmp(a.principal, b.principal) || cmp(a.through.join("\u0000"), b.through.join("\u0000")) || cmp(a.node.node.path, b.node.node.path) || cmp(a.via, b.via),
    );
    for (const e of this.edges) {
      const list = this.byRole.get(e.role) ?? [];
      list.push(e);
      this.byRole.set(e.role, list);
    }
  }

  /** The edges into `role` (a role key), sorted. */
  public holdersOf(role: string): readonly AccessEdge[] {
    return this.byRole.get(role) ?? [];
  }

  /** The distinct principals that hold `role`, sorted. */
  public principalsOf(role: string): readonly string[] {
    return [...new Set(this.holdersOf(role).map((e) => e.principal))].sort(cmp);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function groupIdOf(ref: PrincipalRef): string | undefined {
  return PrincipalDirectory.referenceOf(ref)?.toLowerCase();
}

/** A JitRole principal's key in the graph: by name as the library keys it, by object id as `objectId:<id>` (raw grants know no kind). */
function keyOfRef(ref: PrincipalRef): string {
  return ref.isObjectId ? `objectId:${ref.value.toLowerCase()}` : ref.key;
}

/** The group id a principal key may name: a group looked up by name, or any object id (a group if something enters it). */
function groupIdOfKey(key: string): string | undefined {
  if (key.startsWith("group:")) return `\${data.azuread_group.principal_groups[${JSON.stringify(key.slice("group:".length))}].object_id}`.toLowerCase();
  if (key.startsWith("objectId:")) return key.slice("objectId:".length).toLowerCase();
  return undefined;
}

function nameFromId(id: string): string {
  const m = LOOKUP.exec(id) ?? GROUP_RESOURCE.exec(id);
  return m ? m[m.length - 1] : id;
}

/**
 * The principal key of an id as Terraform receives it: a lookup by name becomes the name's key
 * (`user:bob@contoso.com`), a break-glass account's user reference its UPN, anything else `objectId:<id>`.
 */
function principalKeys(sources: AccessSources): (id: string) => string {
  const breakGlass = new Map(sources.breakGlass.map((b) => [b.objectId.toLowerCase(), `user:${b.userPrincipalName.toLowerCase()}`]));
  return (id: string) => {
    const m = LOOKUP.exec(id);
    if (m) return `${m[1]}:${m[1] === "user" ? m[2].toLowerCase() : m[2]}`;
    return breakGlass.get(id.toLowerCase()) ?? `objectId:${id.toLowerCase()}`;
  };
}
