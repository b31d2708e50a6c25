import { Construct, IConstruct } from "constructs";
import { ValidationError, expected } from "../errors";
import { rejectUnknownProps } from "../props";
import { configureOnce, configured } from "../stack-singletons";
import { DataAzureadClientConfig, MsgraphUpdateResource, ensureAzuread, ensureMsgraph } from "../providers";

/**
 * PIM's security alerts for Entra roles, configured as code: Microsoft Graph beta
 * `identityGovernance/roleManagementAlerts/alertConfigurations/{id}`, one PATCH per alert
 * (microsoft-graph-docs-contrib concepts/how-to-pim-alerts.md, "Update an alert configuration";
 * api-reference/beta/api/unifiedrolemanagementalertconfiguration-update.md). The id is
 * `DirectoryRole_{tenant id}_{alert name}`, the body carries the configuration's `@odata.type`
 * (required), `isEnabled` and the alert's thresholds. Beta: Microsoft may change it; the README says
 * what happens then.
 */

/** Duration of ISO 8601 days or hours, as the alerts take them. */
const DURATION = /^P(?:\d{1,4}D|T\d{1,4}H)$/;

export interface TooManyGlobalAdminsAlert {
  /** Alert when more Global Administrators than this hold the role: 2 to 8, the bound of the Global Administrator count rule (PAC-GA-COUNT). @default 8 */
  readonly threshold?: number;
  /** Alert when Global Administrators are more than this share (percent) of all role holders. @default - the tenant's value */
  readonly percentage?: number;
}

export interface DurationAlert {
  /** ISO 8601 days (`P30D`) or hours (`PT12H`). @default - the tenant's value */
  readonly duration?: string;
}

export interface SequentialActivationAlert {
  /** Activations of the same role in the interval that raise the alert. @default - the tenant's value */
  readonly threshold?: number;
  /** The interval (`PT1H`). @default - the tenant's value */
  readonly interval?: string;
}

/** Each alert: `true` or its settings to enable it, `false` to disable it. Every alert is enabled by default. */
export interface PimSecurityAlertsProps {
  /** Roles assigned outside PIM (a direct `roleAssignments` grant). */
  readonly rolesAssignedOutsidePim?: boolean;
  /** Activations that did not require MFA. */
  readonly noMfaOnRoleActivation?: boolean;
  readonly tooManyGlobalAdmins?: boolean | TooManyGlobalAdminsAlert;
  /** Eligible or active principals that have not signed in for `duration`. */
  readonly staleSignIn?: boolean | DurationAlert;
  /** Assignments not used (activated) for `duration`. */
  readonly redundantAssignment?: boolean | DurationAlert;
  /** The same role activated again and again in a short interval. */
  readonly sequentialActivationRenewals?: boolean | SequentialActivationAlert;
  /** Licences that do not cover PIM. */
  readonly invalidLicense?: boolean;
}

/** Alert keys of the props, their Graph names and configuration types (how-to-pim-alerts.md, list response). */
export const PIM_ALERTS = Object.freeze({
  rolesAssignedOutsidePim: { name: "RolesAssignedOutsidePimAlert", type: "#microsoft.graph.rolesAssignedOutsidePrivilegedIdentityManagementAlertConfiguration" },
  noMfaOnRoleActivation: { name: "NoMfaOnRoleActivationAlert", type: "#microsoft.graph.noMfaOnRoleActivationAlertConfiguration" },
  tooManyGlobalAdmins: { name: "TooManyGlobalAdminsAssignedToTenantAlert", type: "#microsoft.graph.tooManyGlobalAdminsAssignedToTenantAlertConfiguration" },
  staleSignIn: { name: "StaleSignInAlert", type: "#microsoft.graph.staleSignInAlertConfiguration" },
  redundantAssignment: { name: "RedundantAssignmentAlert", type: "#microsoft.graph.redundantAssignmentAlertConfiguration" },
  sequentialActivationRenewals: { name: "SequentialActivationRenewalsAlert", type: "#microsoft.graph.sequentialActivationRenewalsAlertConfiguration" },
  invalidLicense: { name: "InvalidLicenseAlert", type: "#microsoft.graph.invalidLicenseAlertConfiguration" },
} as const);

export type PimAlertKey = keyof typeof PIM_ALERTS;
const KEYS = Object.keys(PIM_ALERTS) as PimAlertKey[];

/** One alert as configured: enabled or not, and the body sent. */
export interface PimAlertSetting {
  readonly key: PimAlertKey;
  readonly enabled: boolean;
  readonly body: Readonly<Record<string, unknown>>;
}

function positiveInt(value: unknown, field: string, ctx: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) throw new ValidationError(field, expected(`a whole number from ${min} to ${max}`, value), ctx);
  return value;
}

function duration(value: unknown, field: string, ctx: string): string {
  if (typeof value !== "string" || !DURATION.test(value)) throw new ValidationError(field, expected('an ISO 8601 duration in days or hours ("P30D", "PT1H")', value), ctx);
  return value;
}

/** The body of each alert's PATCH, validated; sorted by key. */
export function pimAlertSettings(props: PimSecurityAlertsProps, ctx: string): PimAlertSetting[] {
  if (typeof props !== "object" || props === null) throw new ValidationError("pimAlerts", expected("an object of PimSecurityAlertsProps", props), ctx);
  rejectUnknownProps(props, KEYS, "PimSecurityAlerts", ctx);
  return [...KEYS].sort().map((key) => {
    const given = props[key] as unknown;
    if (given !== undefined && typeof given !== "boolean" && (typeof given !== "object" || given === null || Array.isArray(given))) {
      throw new ValidationError(key, expected("true, false or the alert's settings", given), ctx);
    }
    const enabled = given !== false;
    const body: Record<string, unknown> = { "@odata.type": PIM_ALERTS[key].type, isEnabled: enabled };
    const o = (typeof given === "object" ? given : {}) as Record<string, unknown>;
    if (key === "tooManyGlobalAdmins") {
      rejectUnknownProps(o, ["threshold", "percentage"], "tooManyGlobalAdmins", ctx, `${key}.`);
      if (enabled) {
        body.globalAdminCountThreshold = positiveInt(o.threshold ?? 8, `${key}.threshold`, ctx, 2, 8);
        if (o.percentage !== undefined) body.percentageOfGlobalAdminsOutOfRolesThreshold = positiveInt(o.percentage, `${key}.percentage`, ctx, 1, 100);
      }
    } else if (key === "staleSignIn" || key === "redundantAssignment") {
      rejectUnknownProps(o, ["duration"], key, ctx, `${key}.`);
      if (enabled && o.duration !== undefined) body.duration = duration(o.duration, `${key}.duration`, ctx);
    } else if (key === "sequentialActivationRenewals") {
      rejectUnknownProps(o, ["threshold", "interval"], key, ctx, `${key}.`);
      if (enabled && o.threshold !== undefined) body.sequentialActivationCounterThreshold = positiveInt(o.threshold, `${key}.threshold`, ctx, 2, 100);
      if (enabled && o.interval !== undefined) body.timeIntervalBetweenActivations = duration(o.interval, `${key}.interval`, ctx);
    } else if (typeof given === "object") {
      rejectUnknownProps(o, [], key, ctx, `${key}.`);
    }
    return { key, enabled, body };
  });
}

const KEY = "pim-security-alerts";

/**
 * The stack's PIM security alert configuration for Entra roles (one per stack). Create it with
 * `PimSecurityAlerts.configure(scope, props)`.
 */
export class PimSecurityAlerts extends Construct {
  public static of(scope: IConstruct): PimSecurityAlerts | undefined {
    return configured<PimSecurityAlerts>(scope, KEY);
  }

  public static configure(scope: IConstruct, props: PimSecurityAlertsProps = {}): PimSecurityAlerts {
    const settings = pimAlertSettings(props, scope.node.path);
    return configureOnce(scope, KEY, "pimAlerts", "PIM alert configuration", settings, (stack) => new PimSecurityAlerts(stack, "PimSecurityAlerts", settings, scope.node.path));
  }

  /** Each alert, sorted by key. */
  public readonly settings: readonly PimAlertSetting[];
  public readonly configuredBy: string;
  /** The PATCH of each alert configuration, by key. */
  public readonly resources: Readonly<Partial<Record<PimAlertKey, MsgraphUpdateResource>>>;

  private constructor(scope: Construct, id: string, settings: PimAlertSetting[], configuredBy: string) {
    super(scope, id);
    ensureAzuread(this);
    ensureMsgraph(this);
    this.settings = settings;
    this.configuredBy = configuredBy;
    // The tenant id is part of each alert configuration's id.
    const client = new DataAzureadClientConfig(this, "Tenant");
    client.overrideLogicalId("pim_alerts_tenant");
    const resources: Partial<Record<PimAlertKey, MsgraphUpdateResource>> = {};
    for (const s of settings) {
      const r = new MsgraphUpdateResource(this, s.key, {
        apiVersion: "beta",
        url: `identityGovernance/roleManagementAlerts/alertConfigurations/DirectoryRole_${client.tenantId}_${PIM_ALERTS[s.key].name}`,
        body: s.body,
      });
      // Stable addresses from the alert's name, never from construct paths.
      r.overrideLogicalId(`pim_alert_${s.key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`);
      resources[s.key] = r;
    }
    this.resources = resources;
  }

  /** Whether the alert is configured and enabled. */
  public enabled(key: PimAlertKey): boolean {
    return this.settings.some((s) => s.key === key && s.enabled);
  }
}
