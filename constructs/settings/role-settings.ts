import type { ITerraformDependable } from "cdktf";
import { ValidationError, describeValue } from "../errors";
import { NotificationAudiences, NotificationSetting, RoleSettingsProps, RoleSettingsSpec, resolveSettings } from "./model";

/** The built-in presets, after Microsoft's PIM deployment plan. */
export type PresetName = "highlyPrivileged" | "privileged" | "standard";
export const PRESET_NAMES: readonly PresetName[] = ["highlyPrivileged", "privileged", "standard"];

const notify = (level: NotificationSetting["level"]): NotificationAudiences => {
  const s: NotificationSetting = { level, defaultRecipients: true, additionalRecipients: [] };
  return { admin: s, assignee: s, approver: s };
};

/**
 * Preset values. Sources: Microsoft Entra "Plan a Privileged Identity Management deployment"
 * (Global Administrator: MFA, approval, ticket, 1 hour; other admin roles: MFA, justification,
 * shorter activations for more powerful roles) and CISA SCuBA MS.AAD.7.6-7.9 (approval for Global
 * Administrator; alerts on assignment and activation of highly privileged roles).
 *
 * Eligibility may be permanent in every preset: azuread 3.x can only create permanent direct
 * Entra eligibilities (DESIGN.md), and the checks warn on permanent eligibility of highly
 * privileged roles instead. Active assignments always expire.
 */
const PRESETS: Record<PresetName, RoleSettingsSpec> = {
  highlyPrivileged: {
    activation: {
      maximumDuration: "PT1H",
      requireMfa: true,
      requireJustification: true,
      requireTicket: true,
      requireApproval: true,
      approvers: [],
    },
    eligibleAssignment: { expirationRequired: false, maximumDuration: "P365D" },
    activeAssignment: { expirationRequired: true, maximumDuration: "P15D", requireMfa: true, requireJustification: true, requireTicket: false },
    notifications: { eligibleAssignment: notify("All"), activeAssignment: notify("All"), activation: notify("All") },
  },
  privileged: {
    activation: {
      maximumDuration: "PT4H",
      requireMfa: true,
      requireJustification: true,
      requireTicket: false,
      requireApproval: false,
      approvers: [],
    },
    eligibleAssignment: { expirationRequired: false, maximumDuration: "P365D" },
    activeAssignment: { expirationRequired: true, maximumDuration: "P30D", requireMfa: true, requireJustification: true, requireTicket: false },
    notifications: { eligibleAssignment: notify("All"), activeAssignment: notify("All"), activation: notify("All") },
  },
  standard: {
    activation: {
      maximumDuration: "PT8H",
      requireMfa: true,
      requireJustification: true,
      requireTicket: false,
      requireApproval: false,
      approvers: [],
    },
    eligibleAssignment: { expirationRequired: false, maximumDuration: "P365D" },
    activeAssignment: { expirationRequired: true, maximumDuration: "P90D", requireMfa: true, requireJustification: true, requireTicket: false },
    notifications: { eligibleAssignment: notify("All"), activeAssignment: notify("All"), activation: notify("Critical") },
  },
};

/** A preset's values as they are, before overrides and validation (approvers are empty). */
export function presetSpec(name: PresetName): RoleSettingsSpec {
  return PRESETS[name];
}

/** The preset that fits a role tier (0 = control plane). */
export function presetForTier(tier: 0 | 1 | 2): PresetName {
  return tier === 0 ? "highlyPrivileged" : tier === 1 ? "privileged" : "standard";
}

/**
 * The PIM settings of one role: activation, assignment and notification rules, validated.
 *
 * @example
 * RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } })
 * RoleSettings.preset("privileged", { activation: { maximumDuration: "PT2H" } })
 */
export class RoleSettings {
  /** A preset with field-by-field overrides. */
  public static preset(name: PresetName, overrides: RoleSettingsProps = {}, context?: string): RoleSettings {
    if (!PRESET_NAMES.includes(name)) {
      throw new ValidationError("settings.preset", `must be one of ${PRESET_NAMES.join(", ")}, got ${describeValue(name)}`, context);
    }
    return new RoleSettings(name, resolveSettings(PRESETS[name], overrides, context), dependencyOf(overrides));
  }

  /** Tier-0 roles: 1 h activation with MFA, justification, ticket and approval (approvers required). */
  public static highlyPrivileged(overrides: RoleSettingsProps = {}): RoleSettings {
    return RoleSettings.preset("highlyPrivileged", overrides);
  }

  /** Other privileged roles: 4 h activation with MFA and justification. */
  public static privileged(overrides: RoleSettingsProps = {}): RoleSettings {
    return RoleSettings.preset("privileged", overrides);
  }

  /** Non-privileged roles: 8 h activation with MFA and justification. */
  public static standard(overrides: RoleSettingsProps = {}): RoleSettings {
    return RoleSettings.preset("standard", overrides);
  }

  /** The preset this was built from. */
  public readonly presetName: PresetName;
  /** Every rule's value. */
  public readonly spec: RoleSettingsSpec;

  /**
   * Resources the settings need to exist first (the authentication context an
   * AdminWorkstationPolicy creates). JitRole makes its policy resources depend on them.
   */
  public readonly dependencies: readonly ITerraformDependable[];

  private constructor(presetName: PresetName, spec: RoleSettingsSpec, dependencies: readonly ITerraformDependable[] = []) {
    this.dependencies = dependencies;
    this.presetName = presetName;
    this.spec = spec;
  }

  /** A copy with more overrides applied. */
  public with(overrides: RoleSettingsProps, context?: string): RoleSettings {
    const spec = resolveSettings(this.spec, overrides, context);
    // A new authentication context replaces the old one's dependency.
    const own = dependencyOf(overrides);
    const dependencies = overrides?.activation?.authenticationContext !== undefined ? own : this.dependencies;
    return new RoleSettings(this.presetName, spec, dependencies);
  }

  /** Re-validates in the context of a role (prefixes errors with the role name). */
  public static validateFor(settings: RoleSettings, context: string): RoleSettings {
    return new RoleSettings(settings.presetName, resolveSettings(settings.spec, {}, context), settings.dependencies);
  }
}

function dependencyOf(overrides: RoleSettingsProps | undefined): ITerraformDependable[] {
  const ctx = overrides?.activation?.authenticationContext;
  return typeof ctx === "object" && ctx !== null && ctx.dependency ? [ctx.dependency] : [];
}
