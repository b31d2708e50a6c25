import { IConstruct } from "constructs";
import { TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";
import { EntraRoles } from "../catalog";
import { BreakGlassRegistry } from "../break-glass-registry";
import { BreakGlassAccount } from "../break-glass-account";
import { PrincipalDirectory } from "../principal-directory";
import { principal } from "../principals";
import { JitRole } from "../jit-role";
import { AdminWorkstationPolicy } from "../admin-workstation-policy";
import { Answer, ConditionalAccessView, PHISHING_RESISTANT_MODES, conditionalAccessView, isBuiltInPhishingResistant, isConditionalAccessPolicy } from "./conditional-access";
import { GrantSource, RoleGrantView, roleGrants } from "./role-grants";
import { privilegedGroups } from "./paths";
import { AccessGraph } from "./access";
import { isReference, isUnresolved, list, resolveIn, resourceAttributes } from "./values";

/** Template id of Global Administrator. */
export const GLOBAL_ADMINISTRATOR_ID = EntraRoles.GLOBAL_ADMINISTRATOR.templateId;

/** A break-glass account of the stack (from the BreakGlassRegistry: active accounts only). */
export interface BreakGlassView {
  readonly userPrincipalName: string;
  /** Object id as Terraform receives it: a GUID or a reference to the user resource. */
  readonly objectId: string;
  readonly construct: IConstruct;
  /** The construct reports a sign-in alert covering the account (`alerted`); false when it does not say. */
  readonly alerted: boolean;
}

/** A break-glass account the stack decommissioned, with the ids a policy could still exclude it by. */
export interface DecommissionedBreakGlassView {
  readonly userPrincipalName: string;
  /** Lower-case: the principal lookup of its UPN, and the `azuread_user` data sources that read it. */
  readonly references: readonly string[];
}

/** A highly privileged Entra role a JitRole of the stack manages. */
export interface ManagedRole {
  readonly templateId: string;
  readonly displayName: string;
}

/**
 * What the rules see of one stack: its JitRoles, break-glass accounts, Conditional Access
 * policies and directory role grants, read once (lazily, so a failure surfaces in the rule that
 * needed the value) and shared by every rule.
 */
export class StackModel {
  private readonly memo = new Map<string, unknown>();

  constructor(public readonly stack: TerraformStack) {}

  private once<T>(key: string, produce: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, produce());
    return this.memo.get(key) as T;
  }

  /** Every construct of the stack, depth-first. */
  public get nodes(): readonly IConstruct[] {
    return this.once("nodes", () => this.stack.node.findAll());
  }

  private get resources(): readonly TerraformResource[] {
    return this.once("resources", () => this.nodes.filter((n): n is TerraformResource => TerraformResource.isTerraformResource(n)));
  }

  public get jitRoles(): readonly JitRole[] {
    return this.once("jitRoles", () => this.nodes.filter(JitRole.isJitRole));
  }

  /** Groups that hold privileged access through a JitRole: the id Terraform receives -> what they hold (checks/paths.ts). */
  public get privilegedGroups(): ReadonlyMap<string, string> {
    return this.once("privilegedGroups", () => privilegedGroups(this.jitRoles));
  }

  /** Active break-glass accounts, sorted by user principal name. */
  public get breakGlassAccounts(): readonly BreakGlassView[] {
    return this.once("breakGlass", () =>
      BreakGlassRegistry.of(this.stack).accounts.map((e) => ({
        userPrincipalName: e.userPrincipalName,
        objectId: String(resolveIn(this.stack, e.objectId)),
        construct: e.construct,
        // Read when a rule asks, so a construct that cannot answer fails that rule on that account only.
        get alerted() {
          return (e.construct as { alerted?: unknown }).alerted === true;
        },
      })),
    );
  }

  /**
   * No break-glass account in the stack, and an AdminWorkstationPolicy says emergency access is
   * managed elsewhere (`allowEnforceWithoutBreakGlass`): the rules that need an account here
   * do not apply (the construct warns instead).
   */
  public get breakGlassManagedElsewhere(): boolean {
    return this.once("bgElsewhere", () => this.breakGlassAccounts.length === 0 && this.adminWorkstationPolicies.some((p) => p.allowEnforceWithoutBreakGlass));
  }

  public get adminWorkstationPolicies(): readonly AdminWorkstationPolicy[] {
    return this.once("awp", () => this.nodes.filter(AdminWorkstationPolicy.isAdminWorkstationPolicy));
  }

  /**
   * Groups the stack shows to hold a break-glass account, by the id Terraform receives (a GUID or
   * `${azuread_group.<name>.object_id}`): an `azuread_group` whose `members` list one, or an
   * `azuread_group_member` that adds one. Maester MT.1005 accepts a policy that excludes such a group.
   */
  public get breakGlassGroups(): ReadonlySet<string> {
    return this.once("bgGroups", () => {
      const accounts = new Set(this.breakGlassAccounts.map((b) => b.objectId.toLowerCase()));
      const out = new Set<string>();
      for (const r of this.resources) {
        if (r.terraformResourceType === "azuread_group") {
          const members = list(resourceAttributes(r).members);
          if (!isUnresolved(members) && members.some((m) => accounts.has(m.toLowerCase()))) out.add(`\${azuread_group.${r.friendlyUniqueId}.object_id}`.toLowerCase());
        } else if (r.terraformResourceType === "azuread_group_member") {
          const a = resourceAttributes(r);
          if (typeof a.group_object_id === "string" && typeof a.member_object_id === "string" && accounts.has(a.member_object_id.toLowerCase())) out.add(a.group_object_id.toLowerCase());
        }
      }
      return out;
    });
  }

  /** Decommissioned break-glass accounts, sorted by user principal name. */
  public get decommissionedBreakGlass(): readonly DecommissionedBreakGlassView[] {
    return this.once("bgRetired", () => {
      const retired = BreakGlassAccount.accountsOf(this.stack).filter((a) => a.decommissioned);
      if (retired.length === 0) return [];
      const byUpn = new Map<string, string[]>();
      for (const a of retired) {
        const upn = a.userPrincipalName.toLowerCase();
        byUpn.set(upn, [PrincipalDirectory.referenceOf(principal({ user: a.userPrincipalName }, "user", a.node.path))!.toLowerCase()]);
      }
      for (const d of this.nodes) {
        if (!(d instanceof TerraformDataSource) || d.terraformResourceType !== "azuread_user") continue;
        const upn = resourceAttributes(d).user_principal_name;
        if (typeof upn === "string") byUpn.get(upn.toLowerCase())?.push(`\${data.azuread_user.${d.friendlyUniqueId}.object_id}`.toLowerCase());
      }
      return retired.map((a) => ({ userPrincipalName: a.userPrincipalName, references: byUpn.get(a.userPrincipalName.toLowerCase())! }));
    });
  }

  public breakGlassOf(node: IConstruct): BreakGlassView | undefined {
    return this.breakGlassAccounts.find((b) => b.construct === node);
  }

  public get conditionalAccessPolicies(): readonly ConditionalAccessView[] {
    return this.once("ca", () => this.resources.filter(isConditionalAccessPolicy).map(conditionalAccessView));
  }

  public conditionalAccessPolicyOf(node: IConstruct): ConditionalAccessView | undefined {
    return this.once("caByNode", () => new Map<IConstruct, ConditionalAccessView>(this.conditionalAccessPolicies.map((p) => [p.node, p]))).get(node);
  }

  /** Directory role grants written by provider resources, with who manages them. */
  public get roleGrants(): readonly RoleGrantView[] {
    return this.once("grants", () => {
      const breakGlass = new Set(this.breakGlassAccounts.map((b) => b.construct));
      const ownerOf = (node: IConstruct): GrantSource =>
        node.node.scopes.some(JitRole.isJitRole) ? "jitRole" : node.node.scopes.some((s) => breakGlass.has(s)) ? "breakGlass" : "raw";
      return roleGrants(this.resources, ownerOf);
    });
  }

  /** Who can become what, through the constructs and the resources beside them (checks/access.ts). */
  public get access(): AccessGraph {
    return this.once("access", () => new AccessGraph({ jitRoles: this.jitRoles, breakGlass: this.breakGlassAccounts, roleGrants: this.roleGrants, resources: this.resources }));
  }

  public roleGrantOf(node: IConstruct): RoleGrantView | undefined {
    return this.once("grantsByNode", () => new Map<IConstruct, RoleGrantView>(this.roleGrants.map((g) => [g.node, g]))).get(node);
  }

  /** Highly privileged (CISA SCuBA) Entra roles managed by the stack's JitRoles, sorted by template id. */
  public get managedHighlyPrivilegedRoles(): readonly ManagedRole[] {
    return this.once("hpRoles", () => {
      const byId = new Map<string, ManagedRole>();
      for (const j of this.jitRoles) {
        if (j.role.kind === "entra" && j.role.highlyPrivileged && j.role.templateId) byId.set(j.role.templateId, { templateId: j.role.templateId, displayName: j.role.displayName });
      }
      return [...byId.values()].sort((a, b) => (a.templateId < b.templateId ? -1 : 1));
    });
  }

  /**
   * Whether an authentication strength is phishing-resistant: the built-in one, or a custom
   * `azuread_authentication_strength_policy` of this stack whose every combination is one.
   */
  public isPhishingResistantStrength(strengthId: string): Answer {
    if (isBuiltInPhishingResistant(strengthId)) return true;
    if (!isReference(strengthId)) return false;
    const policy = this.resources.find(
      (r) => r.terraformResourceType === "azuread_authentication_strength_policy" && strengthId === `\${${r.terraformResourceType}.${r.friendlyUniqueId}.id}`,
    );
    if (!policy) return { unresolved: strengthId };
    const combinations = list(resourceAttributes(policy).allowed_combinations);
    if (isUnresolved(combinations)) return combinations;
    return combinations.length > 0 && combinations.every((c) => PHISHING_RESISTANT_MODES.has(c.trim()));
  }
}
