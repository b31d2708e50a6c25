import { IConstruct } from "constructs";
import { TerraformResource } from "cdktf";
import { Maybe, block, identifier, isUnresolved, resourceAttributes } from "./values";

/** Who manages a directory role grant: the library's constructs, or raw resources in the stack. */
export type GrantSource = "jitRole" | "breakGlass" | "raw";

/**
 * A directory role held through a raw provider resource: an active assignment
 * (`azuread_directory_role_assignment`, the legacy `azuread_directory_role_member`, or a Graph
 * `msgraph_resource` POST to `roleManagement/directory/roleAssignments`) or a PIM eligibility
 * request (`azuread_directory_role_eligibility_schedule_request`).
 */
export interface RoleGrantView {
  readonly node: TerraformResource;
  readonly kind: "active" | "eligible";
  /** Role template id (lowercase), or Unresolved. */
  readonly roleId: Maybe<string>;
  /** Principal object id or reference, or Unresolved (also when the resource repeats with for_each/count). */
  readonly principalId: Maybe<string>;
  readonly source: GrantSource;
}

/** Graph's role assignment collection (not the PIM schedule requests), with or without version prefix. */
const ROLE_ASSIGNMENTS_URL = /^\/?(?:(?:v1\.0|beta)\/)?roleManagement\/directory\/roleAssignments\/?$/i;

function repeated(attrs: Record<string, unknown>): string | undefined {
  if (attrs.for_each !== undefined) return `for_each ${JSON.stringify(attrs.for_each)}`;
  if (attrs.count !== undefined) return `count ${JSON.stringify(attrs.count)}`;
  return undefined;
}

interface Raw {
  readonly kind: RoleGrantView["kind"];
  readonly role: unknown;
  readonly principal: unknown;
}

const READERS: Record<string, (a: Record<string, unknown>) => Raw | undefined> = {
  azuread_directory_role_assignment: (a) => ({ kind: "active", role: a.role_id, principal: a.principal_object_id }),
  azuread_directory_role_eligibility_schedule_request: (a) => ({ kind: "eligible", role: a.role_definition_id, principal: a.principal_id }),
  // role_object_id is the tenant's activated directory role object, not a template id: the role
  // cannot be known at synth (azuread docs, resources/directory_role_member.md).
  azuread_directory_role_member: (a) => ({ kind: "active", role: { unresolved: `role_object_id ${JSON.stringify(a.role_object_id)}` }, principal: a.member_object_id }),
  msgraph_resource: (a) => {
    if (typeof a.url !== "string" || !ROLE_ASSIGNMENTS_URL.test(a.url)) return undefined;
    const body = block(a.body);
    if (body === undefined || isUnresolved(body)) return { kind: "active", role: body ?? a.body, principal: body ?? a.body };
    return { kind: "active", role: body.roleDefinitionId, principal: body.principalId };
  },
};

function read(resource: TerraformResource): Omit<RoleGrantView, "node" | "source"> | undefined {
  const reader = READERS[resource.terraformResourceType];
  if (!reader) return undefined;
  const attrs = resourceAttributes(resource);
  const raw = reader(attrs);
  if (!raw) return undefined;
  const many = repeated(attrs);
  const roleId = isUnresolved(raw.role) ? raw.role : identifier(raw.role);
  return {
    kind: raw.kind,
    roleId: roleId ?? { unresolved: "missing" },
    principalId: many ? { unresolved: many } : (identifier(raw.principal) ?? { unresolved: "missing" }),
  };
}

/**
 * Every directory role grant among `resources`. `owners` maps a construct to the library
 * construct kind that manages it (a JitRole or a break-glass account); a grant below one of them
 * has that source.
 */
export function roleGrants(resources: readonly TerraformResource[], ownerOf: (node: IConstruct) => GrantSource): RoleGrantView[] {
  const out: RoleGrantView[] = [];
  for (const node of resources) {
    const view = read(node);
    if (view) out.push({ ...view, node, source: ownerOf(node) });
  }
  return out;
}
