import { Construct, IConstruct } from "constructs";
import { Lazy, TerraformStack } from "cdktf";
import { BreakGlassAlerting, SIGN_IN_ALERT_FREQUENCY, SIGN_IN_ALERT_WINDOW } from "../break-glass/alerting";
import { ValidationError, expected } from "../errors";
import { JitRole } from "../jit-role";
import { rejectUnknownProps } from "../props";
import { configureOnce, configured } from "../stack-singletons";
import { MonitorScheduledQueryRulesAlertV2, ensureAzurerm } from "../providers";

/**
 * Log Analytics alerts on PIM activity, on the workspace and action group of the break-glass
 * sign-in alert (Microsoft's "security operations for privileged accounts" asks to monitor PIM
 * activations "from unexpected locations or at unusual times" and role assignments made outside PIM):
 * - activations of the stack's tier-0 Entra roles outside working hours or from an IP address
 *   outside the allowed ranges (`AuditLogs`, operation "Add member to role completed (PIM activation)");
 * - role assignments made outside PIM (`AuditLogs`, "Add member to role outside of PIM", or a
 *   Core Directory "Add member to role" not initiated by PIM, as Microsoft Sentinel's rule
 *   "Privileged Role Assigned Outside PIM" reads them).
 * Both run every 5 minutes over the last hour and count rows ingested since the last run, so late
 * logs are seen and each event alerts once. The stack's own permanent assignments (break-glass
 * accounts, group delivery) are made outside PIM by design and alert when Terraform creates them.
 */

export interface WorkingHours {
  /** First working hour, 0-23. @default 7 */
  readonly start?: number;
  /** Hour the working day ends, 1-24 (exclusive). @default 19 */
  readonly end?: number;
  /** Offset of the organisation's time from UTC, in whole hours (-12 to 14). @default 0 */
  readonly utcOffsetHours?: number;
  /** Whether Saturday and Sunday are working days. @default false */
  readonly weekends?: boolean;
}

export interface ActivationMonitoringProps {
  /** Working hours; activations outside them alert. @default { start: 7, end: 19, utcOffsetHours: 0, weekends: false } */
  readonly workingHours?: WorkingHours;
  /** IPv4 and IPv6 ranges (CIDR) activations are expected from; others alert. @default - any address */
  readonly allowedIpRanges?: readonly string[];
  /** Also alert on role assignments made outside PIM. @default true */
  readonly assignmentsOutsidePim?: boolean;
}

const CIDR = /^(?:(?:\d{1,3}\.){3}\d{1,3}\/\d{1,2}|[0-9a-f:]+:[0-9a-f:]*\/\d{1,3})$/i;

interface Normalized {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
  readonly weekends: boolean;
  readonly ranges: readonly string[];
  readonly outsidePim: boolean;
}

function wholeNumber(value: unknown, field: string, ctx: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) throw new ValidationError(field, expected(`a whole number from ${min} to ${max}`, value), ctx);
  return value;
}

function normalize(props: ActivationMonitoringProps, ctx: string): Normalized {
  if (typeof props !== "object" || props === null) throw new ValidationError("activationMonitoring", expected("an object of ActivationMonitoringProps", props), ctx);
  rejectUnknownProps(props, ["workingHours", "allowedIpRanges", "assignmentsOutsidePim"], "ActivationMonitoring", ctx);
  const h = props.workingHours ?? {};
  if (typeof h !== "object" || h === null) throw new ValidationError("workingHours", expected("{ start, end, utcOffsetHours, weekends }", h), ctx);
  rejectUnknownProps(h, ["start", "end", "utcOffsetHours", "weekends"], "workingHours", ctx, "workingHours.");
  const start = wholeNumber(h.start, "workingHours.start", ctx, 0, 23, 7);
  const end = wholeNumber(h.end, "workingHours.end", ctx, 1, 24, 19);
  if (end <= start) throw new ValidationError("workingHours.end", `must be after workingHours.start (${start}), got ${end}`, ctx);
  const offset = wholeNumber(h.utcOffsetHours, "workingHours.utcOffsetHours", ctx, -12, 14, 0);
  if (h.weekends !== undefined && typeof h.weekends !== "boolean") throw new ValidationError("workingHours.weekends", expected("true or false", h.weekends), ctx);
  const ranges = props.allowedIpRanges ?? [];
  if (!Array.isArray(ranges)) throw new ValidationError("allowedIpRanges", expected("a list of CIDR ranges", ranges), ctx);
  ranges.forEach((r, i) => {
    if (typeof r !== "string" || !CIDR.test(r)) throw new ValidationError(`allowedIpRanges[${i}]`, expected('a CIDR range ("203.0.113.0/24", "2001:db8::/48")', r), ctx);
  });
  if (props.assignmentsOutsidePim !== undefined && typeof props.assignmentsOutsidePim !== "boolean") {
    throw new ValidationError("assignmentsOutsidePim", expected("true or false", props.assignmentsOutsidePim), ctx);
  }
  return { start, end, offset, weekends: h.weekends ?? false, ranges: [...ranges].sort(), outsidePim: props.assignmentsOutsidePim ?? true };
}

const quoted = (values: readonly string[]) => values.map((v) => JSON.stringify(v)).join(", ");

/** The activation query (documented KQL: README, "Activation monitoring"). */
export function activationQuery(roles: readonly string[], m: Pick<Normalized, "start" | "end" | "offset" | "weekends" | "ranges">): string {
  const v4 = m.ranges.filter((r) => !r.includes(":"));
  const v6 = m.ranges.filter((r) => r.includes(":"));
  // "== true": each function returns null for an address of the other family, which must not hide it.
  const inRange = [...(v4.length ? ["ipv4_is_in_any_range(IPAddress, allowedV4) == true"] : []), ...(v6.length ? ["ipv6_is_in_any_range(IPAddress, allowedV6) == true"] : [])];
  const unusual = [`Hour < ${m.start} or Hour >= ${m.end}`, ...(m.weekends ? [] : ["Day in (0, 6)"]), ...(inRange.length ? [`not(${inRange.join(" or ")})`] : [])];
  return [
    `let tierZeroRoles = dynamic([${quoted(roles)}]);`,
    ...(v4.length ? [`let allowedV4 = dynamic([${quoted(v4)}]);`] : []),
    ...(v6.length ? [`let allowedV6 = dynamic([${quoted(v6)}]);`] : []),
    "AuditLogs",
    `| where ingestion_time() > ago(5m)`,
    '| where OperationName == "Add member to role completed (PIM activation)"',
    "| where TargetResources has_any (tierZeroRoles)",
    `| extend Local = TimeGenerated ${m.offset < 0 ? "-" : "+"} ${Math.abs(m.offset)}h`,
    "| extend Hour = hourofday(Local), Day = toint(dayofweek(Local) / 1d)",
    "| extend IPAddress = tostring(InitiatedBy.user.ipAddress), Actor = tostring(InitiatedBy.user.userPrincipalName)",
    `| where ${unusual.join(" or ")}`,
    "| project TimeGenerated, Actor, IPAddress, Hour, Day, OperationName, TargetResources",
  ].join("\n");
}

/** The outside-PIM query, as Sentinel's "Privileged Role Assigned Outside PIM" reads the audit log. */
export const OUTSIDE_PIM_QUERY = [
  "AuditLogs",
  "| where ingestion_time() > ago(5m)",
  '| where Category =~ "RoleManagement"',
  '| where OperationName has "Add member to role outside of PIM" or (LoggedByService == "Core Directory" and OperationName == "Add member to role" and tostring(InitiatedBy) !has "MS-PIM")',
  "| extend Actor = tostring(InitiatedBy.user.userPrincipalName), Target = tostring(TargetResources[0].userPrincipalName)",
  "| project TimeGenerated, Actor, Target, OperationName, TargetResources",
].join("\n");

const KEY = "activation-monitoring";

/**
 * The stack's PIM activity alerts (one per stack). Needs the break-glass alerting
 * (`BreakGlassAccount.configureAlerting`): same workspace, resource group, location and action
 * group. Create it with `ActivationMonitoring.configure(scope, props)`.
 */
export class ActivationMonitoring extends Construct {
  public static of(scope: IConstruct): ActivationMonitoring | undefined {
    return configured<ActivationMonitoring>(scope, KEY);
  }

  public static configure(scope: IConstruct, props: ActivationMonitoringProps = {}): ActivationMonitoring {
    const normalized = normalize(props, scope.node.path);
    return configureOnce(scope, KEY, "activationMonitoring", "activation monitoring", normalized, (stack) => {
      const alerting = BreakGlassAlerting.of(scope);
      if (!alerting) throw new ValidationError("activationMonitoring", "needs the break-glass alerting (BreakGlassAccount.configureAlerting; tenant file breakGlass.alerting): it alerts on the same workspace and action group; configure that first", scope.node.path);
      return new ActivationMonitoring(stack, "ActivationMonitoring", normalized, alerting, scope.node.path);
    });
  }

  public readonly configuredBy: string;
  public readonly settings: Normalized;
  public readonly activationAlert: MonitorScheduledQueryRulesAlertV2;
  public readonly outsidePimAlert?: MonitorScheduledQueryRulesAlertV2;

  private constructor(scope: Construct, id: string, settings: Normalized, alerting: BreakGlassAlerting, configuredBy: string) {
    super(scope, id);
    ensureAzurerm(this);
    this.settings = settings;
    this.configuredBy = configuredBy;
    const stack = TerraformStack.of(this);
    // The tier-0 Entra roles of the stack, read when it synthesizes (JitRoles created later count).
    const roles = () =>
      [...new Set(stack.node.findAll().filter(JitRole.isJitRole).filter((j) => j.role.kind === "entra" && j.role.tier === 0).map((j) => j.role.displayName))].sort();
    const rule = (name: string, displayName: string, description: string, query: string, logicalId: string) => {
      const r = new MonitorScheduledQueryRulesAlertV2(this, logicalId, {
        name,
        displayName,
        description,
        resourceGroupName: alerting.resourceGroupName,
        location: alerting.location,
        scopes: [alerting.logAnalyticsWorkspaceId],
        severity: 1,
        enabled: true,
        evaluationFrequency: SIGN_IN_ALERT_FREQUENCY,
        windowDuration: SIGN_IN_ALERT_WINDOW,
        autoMitigationEnabled: false,
        criteria: [{ query, timeAggregationMethod: "Count", operator: "GreaterThan", threshold: 0, failingPeriods: { minimumFailingPeriodsToTriggerAlert: 1, numberOfEvaluationPeriods: 1 } }],
        action: { actionGroups: [alerting.actionGroupId] },
      });
      r.overrideLogicalId(logicalId);
      return r;
    };
    this.activationAlert = rule(
      "pim-activation-unusual",
      "Tier-0 PIM activation at an unusual time or place",
      "A tier-0 Entra role was activated outside working hours or from an IP address outside the allowed ranges. Confirm with the person who activated it. Managed as code.",
      Lazy.stringValue({ produce: () => activationQuery(roles(), settings) }),
      "pim_activation_unusual",
    );
    if (settings.outsidePim) {
      this.outsidePimAlert = rule(
        "role-assigned-outside-pim",
        "Directory role assigned outside PIM",
        "A directory role was assigned directly, outside PIM's eligibility, approval and MFA. The stack's own permanent assignments (break-glass accounts, group delivery) alert when Terraform creates them. Managed as code.",
        OUTSIDE_PIM_QUERY,
        "role_assigned_outside_pim",
      );
    }
  }
}
