import { Construct } from "constructs";
import { Annotations, Fn, ITerraformDependable, Lazy } from "cdktf";
import { rejectUnknownProps } from "./props";
import { ValidationError, describeValue, expected } from "./errors";
import { AUTHENTICATION_STRENGTH_POLICY_PREFIX, AuthenticationStrengthDefinition, AuthenticationStrengths, authenticationStrength } from "./catalog";
import { PrincipalInput, assertUnique, byKey, principal } from "./principals";
import { PrincipalDirectory } from "./principal-directory";
import { BreakGlassRegistry } from "./break-glass-registry";
import { claimValue } from "./settings/model";
import { AdminRoleInput, defaultRoleIds, explicitRoleIds, scanStackRoles } from "./admin-workstation/roles";
import { AllowedLocation, LocationSpec, parseLocations } from "./admin-workstation/locations";
import { allowedCombinations, deviceFilterRule } from "./admin-workstation/conditions";
import {
  AuthenticationStrengthPolicy,
  ConditionalAccessPolicy,
  ConditionalAccessPolicyConfig,
  MsgraphResource,
  MsgraphUpdateResource,
  NamedLocation,
  ensureAzuread,
  ensureMsgraph,
} from "./providers";

export type { AdminRoleInput } from "./admin-workstation/roles";
export { ADMIN_TEMPLATE_ROLE_IDS, ADMIN_TEMPLATE_ROLE_NAMES } from "./admin-workstation/roles";
export type { AllowedLocation } from "./admin-workstation/locations";
export { MAX_DEVICE_FILTER_LENGTH, AUTHENTICATION_METHOD_MODES } from "./admin-workstation/conditions";

/** The controls an AdminWorkstationPolicy writes, one Conditional Access policy each. */
export type AdminControl =
  | "authenticationStrength"
  | "compliantDevice"
  | "privilegedWorkstation"
  | "allowedLocations"
  | "signInFrequency"
  | "legacyAuthentication"
  | "authenticationContext";

/** Conditional Access policy state. `enabledForReportingButNotEnforced` is report-only. */
import { CONDITIONAL_ACCESS_STATES, ConditionalAccessState } from "./conditional-access-state";
export type { ConditionalAccessState };
const STATES = CONDITIONAL_ACCESS_STATES;

/** Which managed devices satisfy the compliant-device control. */
export type DeviceRequirement = "compliantOrHybridJoined" | "compliant";

/** A custom authentication strength, created as `azuread_authentication_strength_policy`. */
export interface CustomAuthenticationStrength {
  readonly displayName: string;
  /** Method combinations, e.g. `["fido2", "windowsHelloForBusiness", "x509CertificateMultiFactor"]`. */
  readonly allowedCombinations: readonly string[];
  /** @default "Managed as code" */
  readonly description?: string;
}

/** The authentication context that PIM activation can require. */
export interface AuthenticationContextProps {
  /** Claim value `c1`..`c99`. Graph creates or overwrites the context with this id. @default "c1" */
  readonly claimValue?: string;
  /** @default "Privileged role activation" */
  readonly displayName?: string;
  /** @default - says which authentication strength the context requires */
  readonly description?: string;
}

export interface AdminWorkstationPolicyProps {
  /**
   * The Entra built-in roles the policies protect (display name, template id or `EntraRoles.*`).
   * @default - resolved at synth: every privileged Entra role a JitRole of the stack manages,
   * Global Administrator when the stack has break-glass accounts, and Microsoft's admin template roles
   */
  readonly roles?: readonly AdminRoleInput[];
  /** Default role set only: add the 15 roles of Microsoft's admin templates. @default true */
  readonly includeMicrosoftAdminRoles?: boolean;
  /** Policy state. @default "enabledForReportingButNotEnforced" (report-only) */
  readonly state?: ConditionalAccessState;
  /** Allow `state: "enabled"` in a stack without a break-glass account. @default false */
  readonly allowEnforceWithoutBreakGlass?: boolean;
  /** Users or groups excluded from every policy, in addition to the stack's break-glass accounts. @default - none */
  readonly excluded?: readonly PrincipalInput[];
  /** Prefix of the policies' display names. @default "PAC" */
  readonly displayNamePrefix?: string;
  /**
   * Authentication strength required for the roles: a built-in strength (name, id or
   * `AuthenticationStrengths.*`), a custom one, or false.
   * @default AuthenticationStrengths.PHISHING_RESISTANT_MFA
   */
  readonly authenticationStrength?: string | AuthenticationStrengthDefinition | CustomAuthenticationStrength | false;
  /** Require a managed device, or false. @default "compliantOrHybridJoined" */
  readonly compliantDevice?: DeviceRequirement | false;
  /**
   * Device filter rule matching your privileged access workstations; the roles are blocked on
   * every device that does not match it. False disables the control.
   * @default 'device.extensionAttribute1 -eq "PAW"'
   */
  readonly privilegedWorkstation?: string | false;
  /** Locations the roles may sign in from; everything else is blocked. @default - no location restriction */
  readonly allowedLocations?: readonly AllowedLocation[] | false;
  /** Reauthentication interval in hours (1-23), with persistent browser sessions off; or false. @default 4 */
  readonly signInFrequencyHours?: number | false;
  /** Block legacy authentication (Exchange ActiveSync and other clients). @default true */
  readonly blockLegacyAuthentication?: boolean;
  /** The authentication context PIM activation can require, or false. @default - claim value c1 */
  readonly authenticationContext?: AuthenticationContextProps | false;
}

/** One policy the construct writes. The authentication context policy goes through msgraph (see below). */
export type AdminPolicy =
  | { readonly control: Exclude<AdminControl, "authenticationContext">; readonly displayName: string; readonly policy: ConditionalAccessPolicy }
  | { readonly control: "authenticationContext"; readonly displayName: string; readonly policy: MsgraphResource };

/** Device filter rule used when `privilegedWorkstation` is not given. */
export const DEFAULT_PAW_DEVICE_FILTER = 'device.extensionAttribute1 -eq "PAW"';
/** Default reauthentication interval: CIS Microsoft 365 5.2.2.4 asks for at most 4 hours for admins. */
export const DEFAULT_SIGN_IN_FREQUENCY_HOURS = 4;
const AWP = Symbol.for("entra-pim-as-code.AdminWorkstationPolicy");

const STRENGTH_LABELS: Record<string, string> = {
  [AuthenticationStrengths.MFA.id]: "multifactor authentication",
  [AuthenticationStrengths.PASSWORDLESS_MFA.id]: "passwordless MFA",
  [AuthenticationStrengths.PHISHING_RESISTANT_MFA.id]: "phishing-resistant MFA",
};

const ADMIN_WORKSTATION_POLICY_PROPS: readonly string[] = [
  "roles",
  "includeMicrosoftAdminRoles",
  "state",
  "allowEnforceWithoutBreakGlass",
  "excluded",
  "displayNamePrefix",
  "authenticationStrength",
  "compliantDevice",
  "privilegedWorkstation",
  "allowedLocations",
  "signInFrequencyHours",
  "blockLegacyAuthentication",
  "authenticationContext",
];

/**
 * The Conditional Access around privileged roles: one policy per control, after Microsoft's
 * templates for administrators, report-only until `state: "enabled"`. Every policy excludes all
 * break-glass accounts of the stack, whatever order the constructs are created in.
 */
export class AdminWorkstationPolicy extends Construct {
  /** True for AdminWorkstationPolicy instances (works across package copies). */
  public static isAdminWorkstationPolicy(x: unknown): x is AdminWorkstationPolicy {
    return typeof x === "object" && x !== null && (x as { [AWP]?: boolean })[AWP] === true;
  }

  /** The policies written, in control order. */
  public readonly policies: ReadonlyArray<AdminPolicy>;
  public readonly state: ConditionalAccessState;
  /** The authentication context (for `RoleSettings` `activation.authenticationContext`). */
  public readonly authenticationContext?: { readonly claimValue: string; readonly displayName: string; readonly dependency: ITerraformDependable; readonly enforced: boolean };
  /** The custom authentication strength, when one was given. */
  public readonly authenticationStrengthPolicy?: AuthenticationStrengthPolicy;
  /** Named locations created for `allowedLocations` (not the existing ones it references), sorted by name. */
  public readonly namedLocations: readonly NamedLocation[];

  private readonly explicitRoles?: readonly string[];
  private readonly includeTemplateRoles: boolean;
  private readonly prefix: string;
  private readonly excludedUsers: string[];
  private readonly excludedGroups: string[];
  private readonly allowEnforce: boolean;
  /**
   * `allowEnforceWithoutBreakGlass`: emergency access is managed outside this stack. With no
   * break-glass account in the stack, the checks that need one (PAC-BREAK-GLASS-COUNT,
   * PAC-CA-BREAK-GLASS-EXCLUDED, PAC-CA-LOCKOUT) are not applied and this construct warns instead.
   */
  public get allowEnforceWithoutBreakGlass(): boolean {
    return this.allowEnforce;
  }
  private readonly warned = new Set<string>();

  constructor(scope: Construct, id: string, props: AdminWorkstationPolicyProps = {}) {
    super(scope, id);
    Object.defineProperty(this, AWP, { value: true });
    const ctx = `AdminWorkstationPolicy ${this.node.path}`;
    if (typeof props !== "object" || props === null) throw new ValidationError("props", expected("AdminWorkstationPolicyProps", props), ctx);
    rejectUnknownProps(props, ADMIN_WORKSTATION_POLICY_PROPS, "AdminWorkstationPolicy", ctx);

    this.state = props.state ?? "enabledForReportingButNotEnforced";
    if (!STATES.includes(this.state)) throw new ValidationError("state", expected(`one of ${STATES.join(", ")}`, props.state), ctx);
    if (props.roles !== undefined) {
      if (props.includeMicrosoftAdminRoles !== undefined) {
        throw new ValidationError("includeMicrosoftAdminRoles", "applies to the default role set only; list the roles you want in roles instead", ctx);
      }
      this.explicitRoles = explicitRoleIds(props.roles, ctx);
    }
    this.includeTemplateRoles = bool(props.includeMicrosoftAdminRoles, true, "includeMicrosoftAdminRoles", ctx);
    this.allowEnforce = bool(props.allowEnforceWithoutBreakGlass, false, "allowEnforceWithoutBreakGlass", ctx);
    this.prefix = props.displayNamePrefix ?? "PAC";
    if (typeof this.prefix !== "string" || this.prefix.trim() === "" || this.prefix.length > 64) {
      throw new ValidationError("displayNamePrefix", expected("a non-empty text of at most 64 characters", props.displayNamePrefix), ctx);
    }
    if (props.excluded !== undefined && !Array.isArray(props.excluded)) throw new ValidationError("excluded", expected("a list of { user } or { group }", props.excluded), ctx);
    const excluded = Array.from(props.excluded ?? [], (p, i) => principal(p, `excluded[${i}]`, ctx, ["user", "group"])).sort(byKey);
    assertUnique(excluded, "excluded", ctx);

    // Validate every control before creating anything.
    const strength = this.parseStrength(props.authenticationStrength, ctx);
    const device = props.compliantDevice ?? "compliantOrHybridJoined";
    if (device !== false && device !== "compliant" && device !== "compliantOrHybridJoined") {
      throw new ValidationError("compliantDevice", expected('"compliantOrHybridJoined", "compliant" or false', device), ctx);
    }
    const paw = props.privilegedWorkstation === false ? undefined : deviceFilterRule(props.privilegedWorkstation ?? DEFAULT_PAW_DEVICE_FILTER, "privilegedWorkstation", ctx);
    const locations = props.allowedLocations === undefined || props.allowedLocations === false ? undefined : parseLocations(props.allowedLocations, ctx);
    const hours = props.signInFrequencyHours ?? DEFAULT_SIGN_IN_FREQUENCY_HOURS;
    if (hours !== false && !(Number.isInteger(hours) && hours >= 1 && hours <= 23)) {
      throw new ValidationError("signInFrequencyHours", expected("a whole number of hours from 1 to 23 (Entra's range for hours), or false", hours), ctx);
    }
    const blockLegacy = bool(props.blockLegacyAuthentication, true, "blockLegacyAuthentication", ctx);
    const context = props.authenticationContext === false ? undefined : this.parseContext(props.authenticationContext ?? {}, strength, ctx);

    ensureAzuread(this);
    const directory = PrincipalDirectory.of(this);
    const registry = BreakGlassRegistry.of(this);
    const userIds = excluded.filter((p) => p.type === "user").map((p) => directory.objectId(p));
    this.excludedGroups = excluded.filter((p) => p.type === "group").map((p) => directory.objectId(p));
    // Break-glass accounts are read when the stack synthesizes, so accounts created after this
    // construct are excluded too; then the user's exclusions (sorted by key), without duplicates.
    this.excludedUsers = Lazy.listValue({ produce: () => [...new Set([...registry.accounts.map((a) => a.objectId), ...userIds])] });

    const policies: AdminPolicy[] = [];
    const add = (control: Exclude<AdminControl, "authenticationContext">, cid: string, text: string, rest: Omit<ConditionalAccessPolicyConfig, "displayName" | "state" | "conditions">, conditions: Partial<ConditionalAccessPolicyConfig["conditions"]> = {}) => {
      const displayName = this.displayName(text);
      const policy = new ConditionalAccessPolicy(this, cid, { displayName, state: this.state, conditions: this.conditions(conditions), ...rest });
      policies.push({ control, displayName, policy });
    };

    if (strength) {
      let policyId: string;
      if ("allowedCombinations" in strength) {
        this.authenticationStrengthPolicy = new AuthenticationStrengthPolicy(this, "AuthenticationStrengthPolicy", {
          displayName: strength.displayName,
          description: strength.description,
          allowedCombinations: [...strength.allowedCombinations],
        });
        // azuread 3.x sets the resource id to /policies/authenticationStrengthPolicies/<id>, the form
        // grant_controls.authentication_strength_policy_id expects.
        policyId = this.authenticationStrengthPolicy.id;
      } else {
        policyId = strength.policyId;
      }
      add("authenticationStrength", "AuthenticationStrength", `Require ${strengthLabel(strength)} for privileged roles`, {
        grantControls: { operator: "OR", authenticationStrengthPolicyId: policyId },
      });
    }
    if (device) {
      add("compliantDevice", "CompliantDevice", `Require ${device === "compliant" ? "compliant" : "compliant or hybrid-joined"} device for privileged roles`, {
        grantControls: { operator: "OR", builtInControls: device === "compliant" ? ["compliantDevice"] : ["compliantDevice", "domainJoinedDevice"] },
      });
    }
    if (paw) {
      // Block, excluding devices that match the PAW rule: every other device is blocked. Devices
      // unknown to Entra have null properties, so a positive rule never matches them and they are
      // blocked too (entra-docs concept-condition-filters-for-devices.md).
      add("privilegedWorkstation", "PrivilegedWorkstation", "Block privileged roles outside privileged access workstations", {
        grantControls: { operator: "OR", builtInControls: ["block"] },
      }, { devices: { filter: { mode: "exclude", rule: paw } } });
    }
    const { created, ids } = locations ? this.renderLocations(locations) : { created: [], ids: [] };
    this.namedLocations = Object.freeze(created);
    if (locations) {
      add("allowedLocations", "AllowedLocations", "Block privileged roles outside allowed locations", {
        grantControls: { operator: "OR", builtInControls: ["block"] },
      }, { locations: { includedLocations: ["All"], excludedLocations: ids } });
    }
    if (hours !== false) {
      add("signInFrequency", "SignInFrequency", `Sign in every ${hours} hour${hours === 1 ? "" : "s"}, no persistent browser for privileged roles`, {
        // persistent_browser_mode needs all applications (azuread docs), which every policy here targets.
        sessionControls: {
          signInFrequency: hours,
          signInFrequencyPeriod: "hours",
          signInFrequencyInterval: "timeBased",
          signInFrequencyAuthenticationType: "primaryAndSecondaryAuthentication",
          persistentBrowserMode: "never",
        },
      });
    }
    if (blockLegacy) {
      add("legacyAuthentication", "LegacyAuthentication", "Block legacy authentication for privileged roles", {
        grantControls: { operator: "OR", builtInControls: ["block"] },
      }, { clientAppTypes: ["exchangeActiveSync", "other"] });
    }
    if (context) {
      const rendered = this.renderContext(context, strength || AuthenticationStrengths.PHISHING_RESISTANT_MFA);
      // Activation that names this context keeps MFA until the policy is enforced (AuthenticationContextRef.enforced).
      this.authenticationContext = { claimValue: context.claimValue, displayName: context.displayName, dependency: rendered.reference, enforced: this.state === "enabled" };
      policies.push(rendered.policy);
    }
    this.policies = Object.freeze(policies);

    this.node.addValidation({ validate: () => this.validateTree() });
  }

  /** The protected roles' template ids, sorted. Resolves the default set: call at synth time. */
  public roleTemplateIds(): string[] {
    return this.explicitRoles ? [...this.explicitRoles] : defaultRoleIds(this, this.includeTemplateRoles);
  }

  private displayName(text: string): string {
    return `${this.prefix}: ${text} (managed as code)`;
  }

  /** Conditions every azuread policy shares: all applications, the roles, the exclusions. */
  private conditions(extra: Partial<ConditionalAccessPolicyConfig["conditions"]>): ConditionalAccessPolicyConfig["conditions"] {
    return {
      clientAppTypes: ["all"],
      applications: { includedApplications: ["All"] },
      users: {
        // CA included_roles take role template ids (DESIGN.md); resolved at synth so JitRoles created later count.
        includedRoles: Lazy.listValue({ produce: () => this.roleTemplateIds() }),
        excludedUsers: this.excludedUsers,
        excludedGroups: this.excludedGroups.length > 0 ? this.excludedGroups : undefined,
      },
      ...extra,
    };
  }

  private parseStrength(input: AdminWorkstationPolicyProps["authenticationStrength"], ctx: string): AuthenticationStrengthDefinition | CustomAuthenticationStrength | undefined {
    if (input === false) return undefined;
    if (input === undefined) return AuthenticationStrengths.PHISHING_RESISTANT_MFA;
    if (typeof input === "string") return authenticationStrength(input);
    if (typeof input === "object" && input !== null && "allowedCombinations" in input) {
      if (typeof input.displayName !== "string" || input.displayName.trim() === "" || input.displayName.length > 30) {
        // Graph limits authenticationStrengthPolicy.displayName to 30 characters.
        throw new ValidationError("authenticationStrength.displayName", expected("a non-empty name of at most 30 characters", input.displayName), ctx);
      }
      return {
        displayName: input.displayName.trim(),
        description: input.description ?? "Managed as code",
        allowedCombinations: allowedCombinations(input.allowedCombinations, "authenticationStrength.allowedCombinations", ctx),
      };
    }
    if (typeof input === "object" && input !== null && typeof input.policyId === "string") return authenticationStrength(input.policyId);
    throw new ValidationError("authenticationStrength", expected("a built-in strength name or id, a custom strength { displayName, allowedCombinations }, or false", input), ctx);
  }

  private parseContext(input: AuthenticationContextProps, strength: ReturnType<AdminWorkstationPolicy["parseStrength"]>, ctx: string) {
    if (typeof input !== "object" || input === null) throw new ValidationError("authenticationContext", expected("{ claimValue?, displayName?, description? } or false", input), ctx);
    const claim = claimValue(input.claimValue ?? "c1", "authenticationContext.claimValue", ctx);
    const displayName = input.displayName ?? "Privileged role activation";
    if (typeof displayName !== "string" || displayName.trim() === "" || displayName.length > 256) {
      throw new ValidationError("authenticationContext.displayName", expected("a non-empty name", input.displayName), ctx);
    }
    const required = strengthLabel(strength || AuthenticationStrengths.PHISHING_RESISTANT_MFA);
    const description = input.description ?? `Requires ${required}. Managed as code.`;
    if (typeof description !== "string" || description.length > 1024) throw new ValidationError("authenticationContext.description", expected("a text", description), ctx);
    return { claimValue: claim, displayName: displayName.trim(), description };
  }

  private renderLocations(locations: readonly LocationSpec[]): { created: NamedLocation[]; ids: string[] } {
    const created: NamedLocation[] = [];
    const ids = locations.map((loc) => {
      if (loc.kind === "existing") return loc.objectId;
      const named = new NamedLocation(this, `Location-${loc.name}`, {
        displayName: loc.name,
        ...(loc.kind === "ip"
          ? { ip: { ipRanges: [...loc.ipRanges], trusted: loc.trusted } }
          : { country: { countriesAndRegions: [...loc.countries], includeUnknownCountriesAndRegions: loc.includeUnknown } }),
      });
      created.push(named);
      // CA locations take a named location's object_id, not its id (DESIGN.md).
      return named.objectId;
    });
    return { created, ids };
  }

  /**
   * The authentication context and its policy, both through Microsoft Graph:
   * - The context: Graph creates AND updates one with `PATCH
   *   identity/conditionalAccess/authenticationContextClassReferences/{id}` ("Update
   *   authenticationContextClassReference": creates it if the id has not been used). There is no
   *   POST, so msgraph_resource (POST to the collection) cannot create it; msgraph_update_resource
   *   PATCHes the item URL on create and update. Destroy sends nothing: the context stays in the
   *   tenant (set isAvailable false by hand if you retire it).
   * - Its policy: azuread 3.7.0's conditional_access_policy has no
   *   include_authentication_context_class_references (hashicorp/terraform-provider-azuread#882
   *   open, PR #1534 closed), so the policy is a msgraph_resource POSTed to
   *   identity/conditionalAccess/policies (GET/PATCH/DELETE on <url>/<id>).
   * It targets all users: people activate a role through PIM before they hold it, so a policy on
   * the roles would not apply to the activation itself.
   */
  private renderContext(context: { claimValue: string; displayName: string; description: string }, strength: AuthenticationStrengthDefinition | CustomAuthenticationStrength): { policy: AdminPolicy; reference: MsgraphUpdateResource } {
    ensureMsgraph(this);
    const reference = new MsgraphUpdateResource(this, "AuthenticationContextClassReference", {
      url: `identity/conditionalAccess/authenticationContextClassReferences/${context.claimValue}`,
      body: { displayName: context.displayName, description: context.description, isAvailable: true },
    });
    // Graph's grantControls.authenticationStrength takes the bare policy GUID.
    const strengthId = "allowedCombinations" in strength
      ? Fn.trimprefix((this.authenticationStrengthPolicy as AuthenticationStrengthPolicy).id, AUTHENTICATION_STRENGTH_POLICY_PREFIX)
      : strength.id;
    const displayName = this.displayName(`Require ${strengthLabel(strength)} for authentication context ${context.claimValue}`);
    const policy = new MsgraphResource(this, "AuthenticationContext", {
      url: "identity/conditionalAccess/policies",
      dependsOn: [reference],
      body: {
        displayName,
        state: this.state,
        conditions: {
          clientAppTypes: ["all"],
          applications: { includeAuthenticationContextClassReferences: [context.claimValue] },
          users: {
            includeUsers: ["All"],
            excludeUsers: this.excludedUsers,
            ...(this.excludedGroups.length > 0 ? { excludeGroups: this.excludedGroups } : {}),
          },
        },
        grantControls: { operator: "OR", authenticationStrength: { id: strengthId } },
      },
    });
    return { policy: { control: "authenticationContext", displayName, policy }, reference };
  }

  /** Validation runs on every synth: add each warning once. */
  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    Annotations.of(this).addWarning(message);
  }

  private validateTree(): string[] {
    const errors: string[] = [];
    const ctx = `AdminWorkstationPolicy ${this.node.path}`;
    if (!this.explicitRoles) {
      const scan = scanStackRoles(this);
      for (const custom of scan.customRoles) {
        this.warnOnce(`Custom role ${custom} is not protected: Conditional Access enforces built-in roles only.`);
      }
      if (this.roleTemplateIds().length === 0) {
        errors.push(new ValidationError(
          "roles",
          "the default role set is empty: no JitRole in this stack manages a privileged built-in Entra role, the stack has no break-glass account and includeMicrosoftAdminRoles is false; list roles or add JitRoles",
          ctx,
        ).message);
      }
    }
    const accounts = BreakGlassRegistry.of(this).accounts.length;
    if (this.state === "enabled" && accounts === 0) {
      if (this.allowEnforce) {
        this.warnOnce(
          "Enforcing admin Conditional Access without a break-glass account (allowEnforceWithoutBreakGlass): a misconfiguration can lock every administrator out. The checks that need a break-glass account in this stack are not applied; exclude the tenant's emergency access accounts from these policies yourself.",
        );
      } else {
        errors.push(new ValidationError(
          "state",
          `is ${describeValue(this.state)} but the stack has no break-glass account: an enforced policy could lock every administrator out of the tenant. Add a BreakGlassAccount, keep report-only, or set allowEnforceWithoutBreakGlass: true`,
          ctx,
        ).message);
      }
    }
    return errors;
  }

}

function bool(value: unknown, fallback: boolean, field: string, ctx: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ValidationError(field, expected("true or false", value), ctx);
  return value;
}

function strengthLabel(strength: AuthenticationStrengthDefinition | CustomAuthenticationStrength): string {
  if ("allowedCombinations" in strength) return `authentication strength "${strength.displayName}"`;
  return STRENGTH_LABELS[strength.id] ?? `authentication strength "${strength.name}"`;
}
