import { rejectUnknownProps } from "./props";
import { Construct, IConstruct } from "constructs";
import { Lazy, Token } from "cdktf";
import { BreakGlassRegistry } from "./break-glass-registry";
import { EntraRoles } from "./catalog";
import { expected, ValidationError } from "./errors";
import { findInStack, stackSingleton } from "./stack-singletons";
import { DirectoryRoleAssignment, Password, User, ensureAzuread, ensureRandom } from "./providers";
import { BreakGlassAlerting, BreakGlassAlertingProps } from "./break-glass/alerting";
import { BreakGlassSignInPolicy, BreakGlassSignInPolicyProps } from "./break-glass/sign-in-policy";
import { RemovedBlocks } from "./break-glass/removed-blocks";
import { breakGlassAddressName, byCodePoint, usernameOf, validateUserPrincipalName, warnOnce } from "./break-glass/naming";

export * from "./break-glass/alerting";
export * from "./break-glass/sign-in-policy";
export { RemovedBlocks } from "./break-glass/removed-blocks";

export interface BreakGlassAccountProps {
  /**
   * The account's user principal name, on the tenant's initial `*.onmicrosoft.com` domain
   * (cloud-only: no federation, no custom domain that can lapse). It names the Terraform addresses
   * (`azuread_user.break_glass_<upn>`): to rename, set `previousUserPrincipalName`, otherwise Terraform
   * destroys the old account (a removed address loses its `prevent_destroy`) and creates a new one.
   */
  readonly userPrincipalName: string;
  /** Display name in the directory. @default - the UPN's username part (`bg-01` for `bg-01@contoso.onmicrosoft.com`) */
  readonly displayName?: string;
  /** Two-letter usage location (ISO 3166), needed only if a licence is ever assigned. @default - not set */
  readonly usageLocation?: string;
  /**
   * The stack's shared sign-in alerting, configured from this account: the same as
   * `BreakGlassAccount.configureAlerting(scope, alerting)`. Every account may repeat the identical
   * configuration; a different one throws.
   * @default - the stack's alerting if configured elsewhere, otherwise none
   */
  readonly alerting?: BreakGlassAlertingProps;
  /**
   * The UPN before a rename. The Terraform addresses derive from the UPN, and an address that
   * disappears from the configuration is destroyed (its `prevent_destroy` goes with it), so a rename
   * writes `moved` blocks from the old addresses: Terraform then updates the user in place.
   * Keep it until every environment has applied the rename.
   * @default - not renamed
   */
  readonly previousUserPrincipalName?: string;
  /**
   * Accept a UPN outside `*.onmicrosoft.com`. Microsoft's guidance is the initial domain; opt out
   * only deliberately (e.g. a sovereign cloud's initial domain).
   * @default false
   */
  readonly allowNonOnmicrosoftDomain?: boolean;
  /**
   * Stop managing the account without deleting it: the user, its Global Administrator assignment
   * and its initial password become Terraform `removed` blocks (`destroy = false`, Terraform >= 1.7),
   * and the account leaves the Conditional Access exclusions, the sign-in alert and the
   * break-glass sign-in policy. Drop the entry after the next apply. See the README, "Break-glass (emergency access) accounts".
   * @default false
   */
  readonly decommissioned?: boolean;
}

const MARK = Symbol.for("entra-pim-as-code.BreakGlassAccount");
const ADDRESS_TYPES = ["azuread_user", "azuread_directory_role_assignment", "random_password"] as const;

const BREAK_GLASS_ACCOUNT_PROPS: readonly string[] = [
  "userPrincipalName",
  "displayName",
  "usageLocation",
  "alerting",
  "previousUserPrincipalName",
  "allowNonOnmicrosoftDomain",
  "decommissioned",
];

/**
 * An emergency access ("break-glass") account, per Microsoft's guidance: a cloud-only user on the
 * `*.onmicrosoft.com` domain with a permanent active Global Administrator assignment, protected
 * by `prevent_destroy`, excluded from every Conditional Access policy the library writes (through
 * {@link BreakGlassRegistry}), signed in with a phishing-resistant credential registered out of
 * band, its sign-ins alerted on, and drilled every 90 days.
 *
 * No password ever appears in code, config or the synthesized JSON: the initial password is a
 * `random_password` (kept in Terraform state only) and later rotations are ignored.
 */
export class BreakGlassAccount extends Construct {
  /** True for BreakGlassAccount instances (works across package copies). */
  public static isBreakGlassAccount(x: unknown): x is BreakGlassAccount {
    return typeof x === "object" && x !== null && (x as { [MARK]?: boolean })[MARK] === true;
  }

  /** Every break-glass account of the scope's stack, active and decommissioned, sorted by UPN. */
  public static accountsOf(scope: IConstruct): BreakGlassAccount[] {
    return findInStack(scope, BreakGlassAccount.isBreakGlassAccount).sort((a, b) =>
      byCodePoint(a.userPrincipalName.toLowerCase(), b.userPrincipalName.toLowerCase()),
    );
  }

  /** Configures the stack's shared sign-in alert once (it covers accounts created before and after). */
  public static configureAlerting(scope: IConstruct, props: BreakGlassAlertingProps): BreakGlassAlerting {
    return BreakGlassAlerting.configure(scope, props);
  }

  /**
   * Adds the one Conditional Access policy that targets the break-glass accounts: phishing-resistant
   * MFA for all applications. Report-only unless `state` says otherwise.
   */
  public static requirePhishingResistantSignIn(scope: IConstruct, props: BreakGlassSignInPolicyProps = {}): BreakGlassSignInPolicy {
    return BreakGlassSignInPolicy.configure(scope, props);
  }

  public readonly userPrincipalName: string;
  public readonly displayName: string;
  /**
   * The account's object id (a Terraform reference until apply). A decommissioned account has
   * none: its `objectId` is a token that fails synthesis if used in configuration.
   */
  public readonly objectId: string;
  public readonly decommissioned: boolean;
  /** The Terraform resource name of the user, its role assignment and its password (`break_glass_<upn>`). */
  public readonly resourceName: string;
  /** The `azuread_user` (absent when decommissioned). */
  public readonly user?: User;
  /** The permanent active Global Administrator assignment (absent when decommissioned). */
  public readonly globalAdministratorAssignment?: DirectoryRoleAssignment;

  constructor(scope: Construct, id: string, props: BreakGlassAccountProps) {
    super(scope, id);
    const ctx = this.node.path;
    if (typeof props !== "object" || props === null) throw new ValidationError("props", expected("BreakGlassAccountProps", props), ctx);
    rejectUnknownProps(props, BREAK_GLASS_ACCOUNT_PROPS, "BreakGlassAccount", ctx);
    for (const flag of ["allowNonOnmicrosoftDomain", "decommissioned"] as const) {
      if (props[flag] !== undefined && typeof props[flag] !== "boolean") throw new ValidationError(flag, expected("true or false", props[flag]), ctx);
    }
    this.userPrincipalName = validateUserPrincipalName(props.userPrincipalName, props.allowNonOnmicrosoftDomain ?? false, ctx);
    this.decommissioned = props.decommissioned ?? false;
    // Initial (cloud-only) domains: onmicrosoft.com, and the sovereign clouds' onmicrosoft.us and partner.onmschina.cn.
    if (!/\.(?:onmicrosoft\.com|onmicrosoft\.us|partner\.onmschina\.cn)$/i.test(this.userPrincipalName)) {
      // Accepted deliberately (allowNonOnmicrosoftDomain), but a federated domain makes the account depend on its identity provider.
      warnOnce(
        this,
        `${this.userPrincipalName} is not on the tenant's initial *.onmicrosoft.com domain: if "${this.userPrincipalName.slice(this.userPrincipalName.indexOf("@") + 1)}" is federated, the emergency account cannot sign in when the federation provider is down (Microsoft: emergency access accounts are cloud-only); keep it only if the domain is managed (cloud) and not federated`,
      );
    }
    this.resourceName = breakGlassAddressName(this.userPrincipalName);
    if (props.displayName !== undefined && (typeof props.displayName !== "string" || props.displayName.trim() === "" || props.displayName.length > 256)) {
      throw new ValidationError("displayName", expected("a non-empty string", props.displayName), ctx);
    }
    this.displayName = props.displayName ?? usernameOf(this.userPrincipalName);
    const usageLocation = props.usageLocation;
    if (usageLocation !== undefined && (typeof usageLocation !== "string" || (!Token.isUnresolved(usageLocation) && !/^[A-Z]{2}$/.test(usageLocation)))) {
      throw new ValidationError("usageLocation", expected("a two-letter ISO 3166 country code in capitals, e.g. \"NL\"", usageLocation), ctx);
    }
    const previous = this.previousAddressName(props, ctx);
    this.refuseDuplicates(previous, ctx);
    Object.defineProperty(this, MARK, { value: true });

    // Decommissioned too: Terraform needs the providers (same source and version) to forget the resources.
    ensureAzuread(this);
    ensureRandom(this);
    if (this.decommissioned) {
      const removed = RemovedBlocks.of(this);
      for (const type of ADDRESS_TYPES) removed.forget(`${type}.${this.resourceName}`);
      const path = this.node.path;
      this.objectId = Lazy.stringValue({
        produce: () => {
          throw new ValidationError("objectId", "is not available: the account is decommissioned and no longer managed", path);
        },
      });
      warnOnce(
        this,
        `Break-glass account ${this.userPrincipalName} is decommissioned: Terraform forgets ${ADDRESS_TYPES.map((t) => `${t}.${this.resourceName}`).join(", ")} without deleting them (removed blocks, Terraform >= 1.7); the account and its Global Administrator assignment stay in the tenant, no longer excluded from Conditional Access nor alerted on. Delete or disable it in the tenant, and drop the entry after the next apply.`,
      );
    } else {
      const { user, assignment } = this.renderAccount(props.usageLocation, previous);
      this.user = user;
      this.globalAdministratorAssignment = assignment;
      this.objectId = user.objectId;
      const registry = BreakGlassRegistry.of(this);
      if (!registry.register({ userPrincipalName: this.userPrincipalName, objectId: this.objectId, construct: this })) {
        const other = registry.accounts.find((e) => e.userPrincipalName.toLowerCase() === this.userPrincipalName.toLowerCase());
        throw new ValidationError("userPrincipalName", `"${this.userPrincipalName}" is already a break-glass account in this stack (${other?.construct.node.path}); each UPN may appear once`, ctx);
      }
    }

    if (props.alerting !== undefined) BreakGlassAlerting.configure(this, props.alerting);
    addAccountCountCheck(this);
  }

  /** True when the stack's shared sign-in alert covers this account (alerting configured and the account active). */
  public get alerted(): boolean {
    return !this.decommissioned && BreakGlassAlerting.of(this) !== undefined;
  }

  /** The Terraform name of `previousUserPrincipalName`, validated. */
  private previousAddressName(props: BreakGlassAccountProps, ctx: string): string | undefined {
    if (props.previousUserPrincipalName === undefined) return undefined;
    const field = "previousUserPrincipalName";
    const previous = validateUserPrincipalName(props.previousUserPrincipalName, true, ctx, field);
    const name = breakGlassAddressName(previous);
    if (name === this.resourceName) {
      throw new ValidationError(field, `"${previous}" has the same Terraform name as "${this.userPrincipalName}" ("${name}"): nothing moves, drop ${field}`, ctx);
    }
    if (this.decommissioned) {
      throw new ValidationError(field, "cannot be combined with decommissioned: apply the rename first, then decommission", ctx);
    }
    return name;
  }

  private refuseDuplicates(previous: string | undefined, ctx: string): void {
    const upn = this.userPrincipalName.toLowerCase();
    for (const other of findInStack(this, BreakGlassAccount.isBreakGlassAccount)) {
      if (other.userPrincipalName.toLowerCase() === upn) {
        throw new ValidationError(
          "userPrincipalName",
          `"${this.userPrincipalName}" is already a break-glass account in this stack (${other.node.path}, "${other.userPrincipalName}"); each UPN may appear once (case-insensitive)`,
          ctx,
        );
      }
      if (previous !== undefined && other.resourceName === previous) {
        throw new ValidationError(
          "previousUserPrincipalName",
          `maps to "${previous}", the Terraform name of "${other.userPrincipalName}" (${other.node.path}), which is still declared`,
          ctx,
        );
      }
      if (other.resourceName === this.resourceName) {
        throw new ValidationError(
          "userPrincipalName",
          `"${this.userPrincipalName}" maps to the same Terraform name "${this.resourceName}" as "${other.userPrincipalName}" (${other.node.path}); choose UPNs that differ in letters or digits`,
          ctx,
        );
      }
    }
  }

  private renderAccount(usageLocation: string | undefined, previous: string | undefined): { user: User; assignment: DirectoryRoleAssignment } {
    // Entra requires a password on creation (azuread docs: "required when creating a new user").
    // It lives in Terraform state only; the operator resets it out of band, hence ignore_changes.
    const password = new Password(this, "InitialPassword", {
      length: 64,
      special: true,
      minLower: 1,
      minUpper: 1,
      minNumeric: 1,
      minSpecial: 1,
    });
    password.overrideLogicalId(this.resourceName);

    const user = new User(this, "User", {
      userPrincipalName: this.userPrincipalName,
      displayName: this.displayName,
      accountEnabled: true,
      password: password.result,
      forcePasswordChange: false,
      disablePasswordExpiration: true,
      ...(usageLocation !== undefined ? { usageLocation } : {}),
      lifecycle: { preventDestroy: true, ignoreChanges: ["password"] },
    });
    user.overrideLogicalId(this.resourceName);

    const assignment = new DirectoryRoleAssignment(this, "GlobalAdministrator", {
      // azuread_directory_role_assignment needs the role template id (DESIGN.md).
      roleId: EntraRoles.GLOBAL_ADMINISTRATOR.templateId,
      principalObjectId: user.objectId,
      directoryScopeId: "/",
      lifecycle: { preventDestroy: true },
    });
    assignment.overrideLogicalId(this.resourceName);
    if (previous !== undefined) {
      for (const resource of [password, user, assignment]) resource.moveFromId(`${resource.terraformResourceType}.${previous}`);
    }
    return { user, assignment };
  }
}

/** Once per stack: warn when fewer than two active break-glass accounts remain (Microsoft: two or more). */
function addAccountCountCheck(scope: IConstruct): void {
  stackSingleton(scope, "break-glass-account-count", (stack) => {
    stack.node.addValidation({
      validate: () => {
        const active = BreakGlassRegistry.of(stack).accounts;
        if (active.length < 2) {
          const names = active.length > 0 ? ` (${active.map((e) => e.userPrincipalName).join(", ")})` : "";
          warnOnce(
            stack,
            `Break-glass accounts: the stack has ${active.length} active break-glass account${active.length === 1 ? "" : "s"}${names}; Microsoft recommends two or more cloud-only emergency access accounts, so that one lost credential or one locked account does not lock the tenant out.`,
          );
        }
        return [];
      },
    });
    return true;
  });
}
