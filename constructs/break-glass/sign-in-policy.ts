import { Construct, IConstruct } from "constructs";
import { Lazy, TerraformStack } from "cdktf";
import { BreakGlassEntry, BreakGlassRegistry } from "../break-glass-registry";
import { AuthenticationStrengths } from "../catalog";
import { expected, ValidationError } from "../errors";
import { rejectUnknownProps } from "../props";
import { stackSingleton } from "../stack-singletons";
import { ConditionalAccessPolicy, ensureAzuread } from "../providers";

/** Conditional Access policy states (`azuread_conditional_access_policy.state`). */
import { CONDITIONAL_ACCESS_STATES, ConditionalAccessState } from "../conditional-access-state";
export type { ConditionalAccessState };

const STATES = CONDITIONAL_ACCESS_STATES;

export interface BreakGlassSignInPolicyProps {
  /**
   * The policy state. Enforce (`enabled`) only after every break-glass account has a phishing-resistant
   * credential (FIDO2 security key, passkey or certificate) registered and a drill has signed in
   * with it: an enforced policy without one locks the account out.
   * @default "enabledForReportingButNotEnforced" (report-only)
   */
  readonly state?: ConditionalAccessState;
  /**
   * The break-glass account (UPN) this policy leaves out and excludes, so that one account stays
   * excluded from every Conditional Access policy: Maester's MT.1005 counts every policy, this one
   * too, and Microsoft's emergency access guidance asks for an account outside all of them. It must
   * be an active BreakGlassAccount of the stack.
   * @default - the first active account by UPN
   */
  readonly exemptAccount?: string;
}

/** Display name: says what it does and that it is managed as code. */
export const BREAK_GLASS_SIGN_IN_POLICY_NAME = "Break-glass accounts: require phishing-resistant MFA (managed as code)";

interface Slot {
  policy?: BreakGlassSignInPolicy;
}

/**
 * The one Conditional Access policy that targets the break-glass accounts instead of excluding
 * them. Microsoft's emergency access guidance asks to "require phishing-resistant multifactor
 * authentication for all of your emergency accounts", while its Conditional Access templates
 * exclude the emergency access accounts (MicrosoftDocs/entra-docs,
 * security-emergency-access.md and policy-admin-phish-resistant-mfa.md). All applications, all
 * client app types, the built-in "Phishing-resistant MFA" authentication strength; the included
 * users are the stack's active break-glass accounts but one, resolved at synth. That one
 * (`exemptAccount`) is excluded, so an account stays outside every policy, this one included,
 * as Maester's MT.1005 reads the guidance.
 *
 * Create it with `BreakGlassAccount.requirePhishingResistantSignIn(scope, props)`.
 */
export class BreakGlassSignInPolicy extends Construct {
  /** The stack's policy, if configured. */
  public static of(scope: IConstruct): BreakGlassSignInPolicy | undefined {
    return stackSingleton<Slot>(scope, "break-glass-sign-in-policy", () => ({})).policy;
  }

  /** True for the Conditional Access resource this construct writes (checks that want "every policy excludes break-glass" skip it). */
  public static isBreakGlassSignInPolicy(x: unknown): boolean {
    return x instanceof ConditionalAccessPolicy && x.node.scope instanceof BreakGlassSignInPolicy;
  }

  /** Configures the policy once; the same state again returns it, a different state throws. */
  public static configure(scope: IConstruct, props: BreakGlassSignInPolicyProps = {}): BreakGlassSignInPolicy {
    if (typeof props !== "object" || props === null) throw new ValidationError("props", expected("BreakGlassSignInPolicyProps", props), scope.node.path);
    rejectUnknownProps(props, ["state", "exemptAccount"], "BreakGlassSignInPolicy", scope.node.path);
    const state = props.state ?? "enabledForReportingButNotEnforced";
    if (!STATES.includes(state)) {
      throw new ValidationError("state", expected(STATES.map((s) => `"${s}"`).join(", "), state), scope.node.path);
    }
    const exempt = props.exemptAccount;
    if (exempt !== undefined && (typeof exempt !== "string" || !exempt.includes("@"))) {
      throw new ValidationError("exemptAccount", expected("the user principal name of a break-glass account of the stack", exempt), scope.node.path);
    }
    const slot = stackSingleton<Slot>(scope, "break-glass-sign-in-policy", () => ({}));
    if (slot.policy) {
      if (slot.policy.state !== state) {
        throw new ValidationError(
          "state",
          `is "${state}", but the break-glass sign-in policy configured by ${slot.policy.configuredBy} is "${slot.policy.state}": a stack has one such policy`,
          scope.node.path,
        );
      }
      if (exempt !== undefined && exempt.toLowerCase() !== slot.policy.requestedExemption?.toLowerCase()) {
        throw new ValidationError(
          "exemptAccount",
          `is "${exempt}", but the break-glass sign-in policy configured by ${slot.policy.configuredBy} exempts ${slot.policy.requestedExemption ? `"${slot.policy.requestedExemption}"` : "the first account by UPN"}: a stack has one such policy`,
          scope.node.path,
        );
      }
      return slot.policy;
    }
    slot.policy = new BreakGlassSignInPolicy(TerraformStack.of(scope), "BreakGlassSignInPolicy", state, scope.node.path, exempt);
    return slot.policy;
  }

  public readonly state: ConditionalAccessState;
  /** The `azuread_conditional_access_policy`. */
  public readonly resource: ConditionalAccessPolicy;
  /** Construct path of the configuration. */
  public readonly configuredBy: string;
  /** The UPN given as `exemptAccount`, if any. */
  public readonly requestedExemption?: string;
  private readonly registry: BreakGlassRegistry;

  private constructor(scope: Construct, id: string, state: ConditionalAccessState, configuredBy: string, exempt: string | undefined) {
    super(scope, id);
    ensureAzuread(this);
    this.state = state;
    this.configuredBy = configuredBy;
    this.requestedExemption = exempt;
    const registry = BreakGlassRegistry.of(this);
    this.registry = registry;
    this.resource = new ConditionalAccessPolicy(this, "Resource", {
      displayName: BREAK_GLASS_SIGN_IN_POLICY_NAME,
      state,
      conditions: {
        clientAppTypes: ["all"],
        applications: { includedApplications: ["All"] },
        users: {
          // At least one included_* is required (azuread docs); "None" keeps the policy valid with no active account.
          includedUsers: Lazy.listValue({
            produce: () => {
              const exempt = this.exemptEntry;
              const ids = registry.accounts.filter((e) => e !== exempt).map((e) => e.objectId);
              return ids.length > 0 ? ids : ["None"];
            },
          }),
          excludedUsers: Lazy.listValue({ produce: () => (this.exemptEntry ? [this.exemptEntry.objectId] : []) }),
        },
      },
      grantControls: {
        operator: "OR",
        authenticationStrengthPolicyId: AuthenticationStrengths.PHISHING_RESISTANT_MFA.policyId,
      },
    });
    this.node.addValidation({ validate: () => this.validateExemption() });
  }

  /** The UPN of the account left out of (and excluded from) the policy; undefined with no active account. */
  public get exemptAccount(): string | undefined {
    return this.exemptEntry?.userPrincipalName;
  }

  private get exemptEntry(): BreakGlassEntry | undefined {
    const accounts = this.registry.accounts;
    if (this.requestedExemption === undefined) return accounts[0];
    return accounts.find((e) => e.userPrincipalName.toLowerCase() === this.requestedExemption!.toLowerCase());
  }

  private validateExemption(): string[] {
    if (this.requestedExemption === undefined || this.exemptEntry) return [];
    const upns = this.registry.accounts.map((e) => e.userPrincipalName);
    return [
      `${this.configuredBy}: exemptAccount "${this.requestedExemption}" is not an active break-glass account of this stack (${upns.length ? upns.join(", ") : "it has none"})`,
    ];
  }
}
