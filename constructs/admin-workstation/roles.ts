import { IConstruct } from "constructs";
import { ValidationError, describeValue, expected } from "../errors";
import { EntraRoleDefinition, EntraRoles, entraRole, findEntraRole } from "../catalog";
import { BreakGlassRegistry } from "../break-glass-registry";
import { JitRole } from "../jit-role";
import { findInStack } from "../stack-singletons";

/** A role the policies protect: an Entra built-in role by display name, template id, or catalog entry. */
export type AdminRoleInput = string | EntraRoleDefinition;

/**
 * The roles of Microsoft's Conditional Access template "Require phishing-resistant multifactor
 * authentication for administrators" (also used by "Require compliant or Microsoft Entra hybrid
 * joined device for administrators"). Source: MicrosoftDocs/entra-docs
 * `docs/includes/conditional-access-admin-roles.md` (ms.date 08/27/2024, 15 roles: Teams
 * Administrator was added to the 14 of the 05/02/2024 version), included by
 * `docs/identity/conditional-access/policy-admin-phish-resistant-mfa.md`.
 */
export const ADMIN_TEMPLATE_ROLE_NAMES: readonly string[] = Object.freeze([
  "Global Administrator",
  "Application Administrator",
  "Authentication Administrator",
  "Billing Administrator",
  "Cloud Application Administrator",
  "Conditional Access Administrator",
  "Exchange Administrator",
  "Helpdesk Administrator",
  "Password Administrator",
  "Privileged Authentication Administrator",
  "Privileged Role Administrator",
  "Security Administrator",
  "SharePoint Administrator",
  "Teams Administrator",
  "User Administrator",
]);

/** Template ids of {@link ADMIN_TEMPLATE_ROLE_NAMES}, sorted. */
export const ADMIN_TEMPLATE_ROLE_IDS: readonly string[] = Object.freeze(
  ADMIN_TEMPLATE_ROLE_NAMES.map((name) => entraRole(name).templateId).sort(),
);

/**
 * Validates an explicit role list: built-in Entra roles only, at least one. Returns sorted,
 * de-duplicated template ids. Conditional Access does not enforce custom or administrative-unit
 * scoped roles (entra-docs, policy-admin-phish-resistant-mfa.md: "Conditional Access policies
 * support built-in roles"), so a custom role id is refused rather than silently unprotected.
 */
export function explicitRoleIds(roles: readonly AdminRoleInput[], context: string): string[] {
  if (!Array.isArray(roles)) throw new ValidationError("roles", expected("a list of Entra built-in roles", roles), context);
  if (roles.length === 0) {
    throw new ValidationError(
      "roles",
      "must list at least one Entra built-in role (display name, template id or EntraRoles.*), got []; omit roles to protect the default set",
      context,
    );
  }
  const ids = roles.map((role, i) => {
    const field = `roles[${i}]`;
    if (typeof role === "object" && role !== null) {
      const found = typeof role.templateId === "string" ? findEntraRole(role.templateId) : undefined;
      if (!found) throw new ValidationError(field, expected("an Entra built-in role definition from the catalog", role), context);
      return found.templateId;
    }
    if (typeof role !== "string") throw new ValidationError(field, expected("an Entra built-in role display name or template id", role), context);
    const found = findEntraRole(role);
    if (found) return found.templateId;
    try {
      entraRole(role);
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(field, e.message.replace(/^role: /, ""), context);
      throw e;
    }
    throw new ValidationError(field, `unknown Entra built-in role ${describeValue(role)}`, context);
  });
  return [...new Set(ids)].sort();
}

/** Why a JitRole of the stack is or is not protected by the default set. */
export interface StackRoleScan {
  /** Template ids of privileged built-in Entra roles managed by JitRoles. */
  readonly protectedIds: readonly string[];
  /** Custom Entra roles found in JitRoles: Conditional Access cannot target them. */
  readonly customRoles: readonly string[];
}

/**
 * Scans the stack for the default role set: every privileged (Microsoft's label or tier 0/1)
 * built-in Entra role a JitRole manages, plus Global Administrator when the stack has
 * break-glass accounts (they hold it permanently).
 */
export function scanStackRoles(scope: IConstruct): StackRoleScan {
  const ids = new Set<string>();
  const custom = new Set<string>();
  for (const jit of findInStack(scope, JitRole.isJitRole)) {
    const role = jit.role;
    if (role.kind !== "entra" || role.templateId === undefined) continue;
    if (!(role.privileged || role.tier < 2)) continue;
    if (role.custom) custom.add(`${role.displayName} (${role.templateId})`);
    else ids.add(role.templateId);
  }
  if (BreakGlassRegistry.of(scope).accounts.length > 0) ids.add(EntraRoles.GLOBAL_ADMINISTRATOR.templateId);
  return { protectedIds: [...ids].sort(), customRoles: [...custom].sort() };
}

/** The default role set: {@link scanStackRoles} plus Microsoft's admin template roles, sorted. */
export function defaultRoleIds(scope: IConstruct, includeTemplateRoles: boolean): string[] {
  const ids = new Set(scanStackRoles(scope).protectedIds);
  if (includeTemplateRoles) for (const id of ADMIN_TEMPLATE_ROLE_IDS) ids.add(id);
  return [...ids].sort();
}
