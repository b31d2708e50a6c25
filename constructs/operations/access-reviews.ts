import { createHash } from "crypto";
import { Construct, IConstruct } from "constructs";
import { ValidationError, expected } from "../errors";
import { JitRole } from "../jit-role";
import { onEveryJitRole } from "../jit-role-registry";
import { PrincipalDirectory } from "../principal-directory";
import { PrincipalInput, PrincipalRef, principal } from "../principals";
import { rejectUnknownProps } from "../props";
import { roleKey } from "../role-key";
import { configureOnce, configured } from "../stack-singletons";
import { MsgraphResource, ensureMsgraph } from "../providers";

/**
 * Recurring access reviews of the principals who hold the stack's privileged roles, as code:
 * Microsoft Graph v1.0 `identityGovernance/accessReviews/definitions`, one definition per role
 * (microsoft-graph-docs-contrib api-reference/v1.0/api/accessreviewset-post-definitions.md;
 * concepts/tutorial-accessreviews-roleassignments.md for the scope of a directory role).
 * - An Entra role with direct delivery: the role's eligible and active assignments, users and
 *   groups (`principalResourceMembershipsScope` with `/users`, `/groups` and
 *   `/roleManagement/directory/roleDefinitions/{id}`; the tutorial: "Both active and eligible
 *   assignments ... are in review").
 * - Group delivery and PIM groups: the group's members (`/groups/{id}/transitiveMembers`,
 *   concepts/accessreviews-scope-concept.md). Entra's PIM for Groups review docs say a group review
 *   covers eligible and active members; the Graph docs do not say so of this query.
 * - Azure roles: not reviewable here. Azure role reviews are an Azure Resource Manager API
 *   (Microsoft.Authorization/accessReviewScheduleDefinitions) with no azurerm resource; review them in
 *   PIM and suppress the finding with the review's id as the reason.
 * Updates are a PUT of the whole definition (accessreviewscheduledefinition-update.md); the scope
 * cannot be updated, so a role's review is keyed by the role and a new scope is a new review.
 * Queries are written with their API version ("/v1.0/users"), the form Graph's GET returns them in
 * (accessreviewscheduledefinition-get.md) and concepts/accessreviews-scope-concept.md writes them
 * in (Example 15): written without it, every plan would read back a different query.
 */
const V1 = "/v1.0";

export type ReviewCadence = "monthly" | "quarterly" | "semiannual" | "annual" | "none";
export const REVIEW_CADENCES: readonly ReviewCadence[] = ["monthly", "quarterly", "semiannual", "annual", "none"];
const MONTHS: Record<Exclude<ReviewCadence, "none">, number> = { monthly: 1, quarterly: 3, semiannual: 6, annual: 12 };

/** Graph's default decisions (accessreviewschedulesettings.md). */
export type ReviewDefaultDecision = "Deny" | "Approve" | "Recommendation" | "None";
const DECISIONS: readonly ReviewDefaultDecision[] = ["Deny", "Approve", "Recommendation", "None"];

export interface PrivilegedAccessReviewsProps {
  /**
   * Who reviews: users (each reviews) or groups (their members review), or `"manager"`, the
   * manager of each reviewed principal (then `fallbackReviewers` is required).
   */
  readonly reviewers: readonly PrincipalInput[] | "manager";
  /** Who reviews when a reviewer does not exist (a principal without a manager). @default - none (required with "manager") */
  readonly fallbackReviewers?: readonly PrincipalInput[];
  /** The day the first review starts, `YYYY-MM-DD`. */
  readonly startDate: string;
  /** Cadence per role tier. @default { tier0: "quarterly", tier1: "semiannual", tier2: "none" } */
  readonly cadence?: { readonly tier0?: ReviewCadence; readonly tier1?: ReviewCadence; readonly tier2?: ReviewCadence };
  /** Days each review stays open. @default 14 */
  readonly durationInDays?: number;
  /** What happens to access nobody reviewed. @default "Deny" */
  readonly defaultDecision?: ReviewDefaultDecision;
  /** Apply the decisions when a review ends. @default true */
  readonly autoApplyDecisions?: boolean;
  /** Show reviewers Entra's recommendations (sign-in activity). @default true */
  readonly recommendations?: boolean;
}

const PROPS = ["reviewers", "fallbackReviewers", "startDate", "cadence", "durationInDays", "defaultDecision", "autoApplyDecisions", "recommendations"];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Normalized {
  readonly reviewers: readonly PrincipalRef[] | "manager";
  readonly fallbackReviewers: readonly PrincipalRef[];
  readonly startDate: string;
  readonly cadence: readonly [ReviewCadence, ReviewCadence, ReviewCadence];
  readonly durationInDays: number;
  readonly defaultDecision: ReviewDefaultDecision;
  readonly autoApplyDecisions: boolean;
  readonly recommendations: boolean;
}

function flag(value: unknown, field: string, ctx: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") throw new ValidationError(field, expected("true or false", value), ctx);
  return value;
}

function normalize(props: PrivilegedAccessReviewsProps, ctx: string): Normalized {
  if (typeof props !== "object" || props === null) throw new ValidationError("accessReviews", expected("an object of PrivilegedAccessReviewsProps", props), ctx);
  rejectUnknownProps(props, PROPS, "PrivilegedAccessReviews", ctx);
  const principals = (value: unknown, field: string): PrincipalRef[] => {
    if (!Array.isArray(value) || value.length === 0) throw new ValidationError(field, expected('a non-empty list of { user } or { group }, or "manager"', value), ctx);
    return value.map((p, i) => principal(p, `${field}[${i}]`, ctx, ["user", "group"]));
  };
  const reviewers = props.reviewers === "manager" ? "manager" : principals(props.reviewers, "reviewers");
  const fallbackReviewers = props.fallbackReviewers === undefined ? [] : principals(props.fallbackReviewers, "fallbackReviewers");
  if (reviewers === "manager" && fallbackReviewers.length === 0) {
    throw new ValidationError("fallbackReviewers", 'is required with reviewers: "manager": a principal without a manager (a service account, a group) would have no reviewer', ctx);
  }
  const m = typeof props.startDate === "string" ? DATE.exec(props.startDate) : null;
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !day || day.getUTCMonth() !== Number(m[2]) - 1) throw new ValidationError("startDate", expected("a date YYYY-MM-DD", props.startDate), ctx);
  const c = props.cadence ?? {};
  if (typeof c !== "object" || c === null) throw new ValidationError("cadence", expected("{ tier0, tier1, tier2 }", c), ctx);
  rejectUnknownProps(c, ["tier0", "tier1", "tier2"], "cadence", ctx, "cadence.");
  const tier = (key: "tier0" | "tier1" | "tier2", fallback: ReviewCadence): ReviewCadence => {
    const v = c[key] ?? fallback;
    if (!REVIEW_CADENCES.includes(v)) throw new ValidationError(`cadence.${key}`, expected(REVIEW_CADENCES.map((x) => `"${x}"`).join(", "), v), ctx);
    return v;
  };
  const cadence = [tier("tier0", "quarterly"), tier("tier1", "semiannual"), tier("tier2", "none")] as const;
  const durationInDays = props.durationInDays ?? 14;
  // A review must end before the next one starts: at most 27 days for a monthly cadence.
  const shortest = Math.min(...cadence.filter((x): x is Exclude<ReviewCadence, "none"> => x !== "none").map((x) => MONTHS[x] * 28 - 1), 365);
  if (typeof durationInDays !== "number" || !Number.isInteger(durationInDays) || durationInDays < 1 || durationInDays > shortest) {
    throw new ValidationError("durationInDays", expected(`a whole number of days from 1 to ${shortest} (a review ends before the next starts)`, durationInDays), ctx);
  }
  const defaultDecision = props.defaultDecision ?? "Deny";
  if (!DECISIONS.includes(defaultDecision)) throw new ValidationError("defaultDecision", expected(DECISIONS.map((d) => `"${d}"`).join(", "), defaultDecision), ctx);
  return {
    reviewers,
    fallbackReviewers,
    startDate: props.startDate,
    cadence,
    durationInDays,
    defaultDecision,
    autoApplyDecisions: flag(props.autoApplyDecisions, "autoApplyDecisions", ctx, true),
    recommendations: flag(props.recommendations, "recommendations", ctx, true),
  };
}

/** A review the stack writes, for the report and the checks. */
export interface ReviewView {
  readonly role: JitRole;
  readonly cadence: Exclude<ReviewCadence, "none">;
  readonly resource: MsgraphResource;
}

const KEY = "access-reviews";

/**
 * The stack's access reviews of privileged access (one configuration per stack): a recurring
 * review of every JitRole whose tier has a cadence, created before or after the JitRoles. Create it
 * with `PrivilegedAccessReviews.configure(scope, props)`.
 */
export class PrivilegedAccessReviews extends Construct {
  public static of(scope: IConstruct): PrivilegedAccessReviews | undefined {
    return configured<PrivilegedAccessReviews>(scope, KEY);
  }

  public static configure(scope: IConstruct, props: PrivilegedAccessReviewsProps): PrivilegedAccessReviews {
    const normalized = normalize(props, scope.node.path);
    return configureOnce(scope, KEY, "accessReviews", "access review configuration", normalized, (stack) => new PrivilegedAccessReviews(stack, "AccessReviews", normalized, scope.node.path));
  }

  public readonly configuredBy: string;
  private readonly settings: Normalized;
  // By JitRole: the rules ask once per role, so lookups stay constant time on large tenants.
  private readonly views = new Map<JitRole, ReviewView>();
  private readonly skipped = new Map<JitRole, string>();

  private constructor(scope: Construct, id: string, settings: Normalized, configuredBy: string) {
    super(scope, id);
    ensureMsgraph(this);
    this.settings = settings;
    this.configuredBy = configuredBy;
    onEveryJitRole(this, (role) => this.review(role as JitRole));
  }

  /** The reviews written, by role key. */
  public get reviews(): readonly ReviewView[] {
    return [...this.views.values()].sort((a, b) => (roleKey(a.role.role) < roleKey(b.role.role) ? -1 : 1));
  }

  /** The review of a JitRole, if its tier has a cadence and its kind can be reviewed as code. */
  public reviewOf(role: JitRole): ReviewView | undefined {
    return this.views.get(role);
  }

  /** Why a JitRole has no review ("Azure roles ..."), if it has none. */
  public whyNotReviewed(role: JitRole): string | undefined {
    if (this.reviewOf(role)) return undefined;
    return this.skipped.get(role) ?? `the cadence of tier ${role.role.tier} is "none"`;
  }

  private review(role: JitRole): void {
    const cadence = this.settings.cadence[role.role.tier];
    if (cadence === "none") return;
    const scope = this.scopeOf(role);
    if (scope === undefined) {
      this.skipped.set(role, "Azure role reviews are an Azure Resource Manager API with no azurerm resource: review the role in PIM");
      return;
    }
    const directory = PrincipalDirectory.of(this);
    const reviewer = (p: PrincipalRef) => ({ query: p.type === "group" ? `${V1}/groups/${directory.objectId(p)}/transitiveMembers` : `${V1}/users/${directory.objectId(p)}`, queryType: "MicrosoftGraph" });
    const s = this.settings;
    const name = role.role.toString();
    const key = roleKey(role.role);
    // Construct ids may hold anything but "/"; names that differ only in punctuation stay apart.
    const resource = new MsgraphResource(this, key.replace(/\//g, "--"), {
      url: "identityGovernance/accessReviews/definitions",
      // accessreviewscheduledefinition-update.md: updates are a PUT of the whole definition.
      updateMethod: "PUT",
      body: {
        displayName: `PIM review: ${name} (managed as code)`.slice(0, 256),
        descriptionForAdmins: `Recurring review of who holds ${name}, eligible or active. Managed as code.`,
        descriptionForReviewers: `Confirm that each person still needs ${name}. Access nobody reviews is ${s.defaultDecision === "Deny" ? "removed" : "decided by default"} when the review ends.`,
        scope,
        reviewers: s.reviewers === "manager" ? [{ query: "./manager", queryType: "MicrosoftGraph", queryRoot: "decisions" }] : s.reviewers.map(reviewer),
        ...(s.fallbackReviewers.length ? { fallbackReviewers: s.fallbackReviewers.map(reviewer) } : {}),
        settings: {
          mailNotificationsEnabled: true,
          reminderNotificationsEnabled: true,
          justificationRequiredOnApproval: true,
          defaultDecisionEnabled: s.defaultDecision !== "None",
          defaultDecision: s.defaultDecision,
          instanceDurationInDays: s.durationInDays,
          autoApplyDecisionsEnabled: s.autoApplyDecisions,
          recommendationsEnabled: s.recommendations,
          recurrence: { pattern: { type: "absoluteMonthly", interval: MONTHS[cadence] }, range: { type: "noEnd", startDate: s.startDate } },
        },
      },
    });
    // Stable address from the role, never from construct paths: a role's review survives reordering.
    // The readable part drops punctuation, so a hash of the whole key keeps "Ops Team" and "Ops-Team" apart.
    const slug = key.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 80);
    resource.overrideLogicalId(`access_review_${slug}_${createHash("sha256").update(key).digest("hex").slice(0, 8)}`);
    this.views.set(role, { role, cadence, resource });
  }

  private scopeOf(role: JitRole): Record<string, unknown> | undefined {
    const query = (q: string) => ({ "@odata.type": "#microsoft.graph.accessReviewQueryScope", query: q, queryType: "MicrosoftGraph" });
    if (role.shape === "entraDirect") {
      return {
        "@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
        principalScopes: [query(`${V1}/users`), query(`${V1}/groups`)],
        resourceScopes: [query(`${V1}/roleManagement/directory/roleDefinitions/${role.role.templateId}`)],
      };
    }
    if (role.shape === "entraGroup" && role.group) return query(`${V1}/groups/${role.group.objectId}/transitiveMembers`);
    if (role.shape === "pimGroup" && role.role.group) return query(`${V1}/groups/${PrincipalDirectory.of(this).objectId(role.role.group)}/transitiveMembers`);
    return undefined;
  }
}
