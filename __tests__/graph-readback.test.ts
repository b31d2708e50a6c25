import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { TerraformStack, Testing } from "cdktf";
import { AdminWorkstationPolicy, BreakGlassRegistry, JitRole, PimSecurityAlerts, PrivilegedAccessReviews, Role, RoleSettings } from "../constructs";
import { GRAPH_POLICY_RULE_ORDER, GRAPH_RULE_IDS } from "../constructs/settings/graph";

/**
 * The Graph read-back contract of every body written through Microsoft's msgraph provider.
 *
 * `msgraph_update_resource` (and `msgraph_resource`) keep in state only what `body` says, refreshed
 * from a GET on every plan: a value that Graph returns differently from how it was written shows as a
 * diff on every plan, forever. These tests synthesize real stacks, take each msgraph body from the
 * synthesized JSON, build the GET response Graph documents for that object after the write
 * (`fixtures/graph/*.json` + how Graph stores the written values), and run the provider's comparison.
 *
 * A direct Entra role's settings are one `msgraph_update_resource` per role (construct
 * `Settings/Policy`): a PATCH of `policies/roleManagementPolicies/{id}` with `{ rules: [17] }`, read
 * back with `read_query_parameters = { $expand = ["rules"] }`. Its GET is the policy with its rules in
 * Graph's own order, and the provider compares the two rule lists position by position.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// ---------------------------------------------------------------------------------------------
// The provider's comparison
// ---------------------------------------------------------------------------------------------

interface UpdateJsonOption {
  /** Always false in the provider's Read: strings are compared case-sensitively. */
  readonly ignoreCasing: boolean;
  /** `ignore_missing_property` (default true); the provider before 0.2.0 hard-coded false. */
  readonly ignoreMissingProperty: boolean;
  /** Always false in the provider's Read. */
  readonly ignoreNullProperty: boolean;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** Zero values keep their key when the GET leaves it out, even with ignore_missing_property false. */
function isZeroValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  if (typeof v === "string") return v.length === 0;
  if (typeof v === "number") return v === 0;
  if (typeof v === "boolean") return !v;
  return false;
}

/** With ignore_missing_property, Graph's placeholders for secrets (and "") keep the written value. */
function isRedactedString(s: string, option: UpdateJsonOption): boolean {
  return option.ignoreMissingProperty && (/^\*+$/.test(s) || s === "<redacted>" || s === "");
}

/** Array items are matched by a string `name` when the first written item has one. */
function identifierOf(item: unknown): string {
  return isObject(item) && typeof item.name === "string" ? item.name : "";
}

/**
 * The body the provider puts in state after a GET: a re-implementation (not a copy) of
 * microsoft/terraform-provider-msgraph `internal/utils/json.go` `UpdateObject(old, new, option)`,
 * called by `MSGraphUpdateResource.Read` (`internal/services/msgraph_update_resource.go`) and
 * `MSGraphResource.Read` (`internal/services/msgraph_resource.go`) with old = the body in state,
 * new = the GET response, IgnoreCasing false, IgnoreNullProperty false, IgnoreMissingProperty =
 * `ignore_missing_property`. Terraform then plans a change when the result differs from `body`.
 *
 * - objects: only the keys of the written body survive; each is compared with the response's
 *   value when that is not null, else kept when ignore_missing_property is on or it is a zero
 *   value ("", 0, false, [], {}, null), else dropped (a diff);
 * - arrays: a written [] takes whatever Graph returns; otherwise, without `name` identifiers,
 *   a length mismatch takes Graph's array and equal lengths compare position by position
 *   (order matters, extra keys in Graph's items are dropped);
 * - strings: compared case-sensitively ("All" and "all" differ); with ignore_missing_property a
 *   response of "", "<redacted>" or "****" keeps the written value;
 * - numbers, booleans and mismatched types: Graph's value wins (JSON numbers compare as numbers).
 */
function providerReadBack(old: unknown, response: unknown, option: UpdateJsonOption): unknown {
  if (isDeepStrictEqual(old, response)) return old;
  if (isObject(old) && isObject(response)) {
    const res: Json = {};
    for (const [key, value] of Object.entries(old)) {
      if (value === null && option.ignoreNullProperty) res[key] = null;
      else if (response[key] !== undefined && response[key] !== null) res[key] = providerReadBack(value, response[key], option);
      else if (option.ignoreMissingProperty || isZeroValue(value)) res[key] = value;
    }
    return res;
  }
  if (Array.isArray(old) && Array.isArray(response)) {
    if (old.length === 0) return response;
    if (identifierOf(old[0]) === "") {
      if (old.length !== response.length) return response;
      return old.map((item, i) => providerReadBack(item, response[i], option));
    }
    const res: unknown[] = [];
    const used = response.map(() => false);
    for (const item of old) {
      let index = response.findIndex((candidate, i) => !used[i] && isDeepStrictEqual(item, candidate));
      if (index < 0) index = response.findIndex((candidate, i) => !used[i] && identifierOf(item) !== "" && identifierOf(item) === identifierOf(candidate));
      if (index >= 0) {
        used[index] = true;
        res.push(providerReadBack(item, response[index], option));
      }
    }
    response.forEach((candidate, i) => !used[i] && res.push(candidate));
    return res;
  }
  if (typeof old === "string" && typeof response === "string") {
    if (option.ignoreCasing && old.toLowerCase() === response.toLowerCase()) return old;
    if (isRedactedString(response, option)) return old;
  }
  return response;
}

const DEFAULT_OPTION: UpdateJsonOption = { ignoreCasing: false, ignoreMissingProperty: true, ignoreNullProperty: false };
const STRICT_OPTION: UpdateJsonOption = { ...DEFAULT_OPTION, ignoreMissingProperty: false };

/** Paths where the state after refresh differs from the written body (empty: no perpetual diff). */
function differences(body: unknown, state: unknown, path = "body"): string[] {
  if (isDeepStrictEqual(body, state)) return [];
  if (isObject(body) && isObject(state)) {
    const keys = [...new Set([...Object.keys(body), ...Object.keys(state)])];
    return keys.flatMap((k) => differences(body[k], state[k], `${path}.${k}`));
  }
  if (Array.isArray(body) && Array.isArray(state) && body.length === state.length) {
    return body.flatMap((item, i) => differences(item, state[i], `${path}[${i}]`));
  }
  return [`${path}: wrote ${JSON.stringify(body)}, reads back ${JSON.stringify(state)}`];
}

/** Differences under the provider's default (ignore_missing_property true) and strict comparisons. */
function drift(body: Json, response: Json): string[] {
  return [
    ...differences(body, providerReadBack(body, response, DEFAULT_OPTION)),
    ...differences(body, providerReadBack(body, response, STRICT_OPTION)).map((d) => `(ignore_missing_property false) ${d}`),
  ];
}

describe("the provider's comparison rule (internal/utils/json.go UpdateObject)", () => {
  test("compares strings case-sensitively", () => {
    expect(providerReadBack({ operations: ["All"] }, { operations: ["all"] }, DEFAULT_OPTION)).toEqual({ operations: ["all"] });
  });

  test("keeps only the written keys; a key the GET leaves out survives only with ignore_missing_property or as a zero value", () => {
    expect(providerReadBack({ a: "x", b: "y" }, { a: "x", c: "z" }, DEFAULT_OPTION)).toEqual({ a: "x", b: "y" });
    expect(providerReadBack({ a: "x", b: "y" }, { a: "x", c: "z" }, STRICT_OPTION)).toEqual({ a: "x" });
    expect(providerReadBack({ a: "x", b: "" }, { a: "x", b: null }, STRICT_OPTION)).toEqual({ a: "x", b: "" });
  });

  test("compares arrays by position, takes Graph's array on a length mismatch and after a written []", () => {
    expect(providerReadBack({ l: ["a", "b"] }, { l: ["b", "a"] }, DEFAULT_OPTION)).toEqual({ l: ["b", "a"] });
    expect(providerReadBack({ l: ["a"] }, { l: ["a", "b"] }, DEFAULT_OPTION)).toEqual({ l: ["a", "b"] });
    expect(providerReadBack({ l: [] }, { l: ["a"] }, DEFAULT_OPTION)).toEqual({ l: ["a"] });
    expect(providerReadBack({ l: [{ id: "1" }] }, { l: [{ id: "1", description: "extra" }] }, DEFAULT_OPTION)).toEqual({ l: [{ id: "1" }] });
  });

  test("numbers compare as numbers, a string and a number differ", () => {
    expect(providerReadBack({ n: 1 }, { n: 1.0 }, DEFAULT_OPTION)).toEqual({ n: 1 });
    expect(providerReadBack({ n: 1 }, { n: "1" }, DEFAULT_OPTION)).toEqual({ n: "1" });
  });
});

// ---------------------------------------------------------------------------------------------
// Graph's documented read-back
// ---------------------------------------------------------------------------------------------

function fixture(name: string): Json {
  const json = JSON.parse(readFileSync(join(__dirname, "fixtures", "graph", `${name}.json`), "utf8")) as Json;
  if (typeof json._source !== "string") throw new Error(`fixtures/graph/${name}.json names no _source documentation page`);
  return json;
}

const LISTED_RULES = fixture("directory-role-policy-rules");
const POLICY = fixture("role-management-policy");
const SUBJECTS = fixture("subject-sets");
const CONTEXT = fixture("authentication-context-class-reference");
const CA_POLICY = fixture("conditional-access-policy");
const ALERT = fixture("pim-alert-configuration");
const REVIEW = fixture("access-review-definition");
/** The rules of a directory role policy as its GET with $expand=rules returns them, in Graph's order. */
const DOCUMENTED_RULES = POLICY.expandRules.rules as Json[];
const DOCUMENTED_ORDER = DOCUMENTED_RULES.map((r) => r.id as string);

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A written value of a documented value set, as GET returns it. Throws for a value outside the set
 * (Graph would refuse the PATCH), so a misspelt enum fails here rather than at apply.
 */
function documented(values: readonly string[], value: unknown, what: string): string {
  const found = typeof value === "string" ? values.find((v) => v.toLowerCase() === value.toLowerCase()) : undefined;
  if (found === undefined) throw new Error(`${what}: ${JSON.stringify(value)} is not one of ${values.join(", ")}`);
  return found;
}

// Value sets and their read-back spelling. operations is the OData enum
// unifiedRoleManagementPolicyRuleTargetOperations, read back in its member names (the rule GET
// examples: "all"); the others are strings whose read-back is the documented GET spelling.
const OPERATIONS = ["all", "activate", "deactivate", "assign", "update", "remove", "extend", "renew"]; // unifiedrolemanagementpolicyrule-get.md, -list-rules.md
const CALLERS = ["None", "Admin", "EndUser"]; // resources/unifiedrolemanagementpolicyruletarget.md
const LEVELS = ["Eligibility", "Assignment"]; // resources/unifiedrolemanagementpolicyruletarget.md
const ENABLED_RULES = ["MultiFactorAuthentication", "Justification", "Ticketing"]; // unifiedrolemanagementpolicyrule-update.md
const NOTIFICATION_LEVELS = ["None", "Critical", "All"]; // unifiedrolemanagementpolicyrule-update.md
const RECIPIENT_TYPES = ["Requestor", "Approver", "Admin"]; // unifiedrolemanagementpolicyrule-update.md
const NOTIFICATION_TYPES = ["Email"]; // unifiedrolemanagementpolicyrule-update.md ("Only Email is supported")
const APPROVAL_MODES = ["SingleStage", "Serial", "Parallel", "NoApproval"]; // resources/approvalsettings.md
const SUBJECT_TYPES = ["#microsoft.graph.singleUser", "#microsoft.graph.groupMembers"]; // resources/singleuser.md, groupmembers.md
const CA_STATES = ["enabled", "disabled", "enabledForReportingButNotEnforced"]; // resources/conditionalaccesspolicy.md
const CLIENT_APP_TYPES = ["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"]; // resources/conditionalaccessconditionset.md
const OPERATORS = ["AND", "OR"]; // resources/conditionalaccessgrantcontrols.md
const USER_KEYWORDS = ["All", "None", "GuestsOrExternalUsers"]; // resources/conditionalaccessusers.md

/** An object id as Graph returns it (lower case); a Terraform reference stands for the id it resolves to. */
const objectId = (value: unknown): unknown => (typeof value === "string" && GUID.test(value) ? value.toLowerCase() : value);

/**
 * An ISO 8601 duration as Graph serializes an Edm.Duration: days, hours, minutes, seconds with the
 * zero parts left out ("PT8H", "P365D" in the rule GET examples; "PT90M" -> "PT1H30M", "PT24H" ->
 * "P1D"). The examples only show whole hours and days: the minute form is inferred.
 */
function graphDuration(value: unknown): string {
  const m = typeof value === "string" ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(value) : null;
  if (!m) throw new Error(`maximumDuration: ${JSON.stringify(value)} is not an ISO 8601 duration`);
  let seconds = ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0);
  const days = Math.floor(seconds / 86400);
  seconds -= days * 86400;
  const [h, min, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  const time = `${h ? `${h}H` : ""}${min ? `${min}M` : ""}${s ? `${s}S` : ""}`;
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : ""}` || "PT0S";
}

/** An approver as GET returns it: subject-sets.json, the written id, Graph's description. */
function storedApprover(written: Json): Json {
  const type = documented(SUBJECT_TYPES, written["@odata.type"], "approver @odata.type");
  const shape = clone(type === "#microsoft.graph.singleUser" ? SUBJECTS.singleUser : SUBJECTS.groupMembers) as Json;
  const idKey = type === "#microsoft.graph.singleUser" ? "userId" : "groupId";
  if (typeof written[idKey] !== "string") throw new Error(`approver ${type} needs ${idKey}, got ${JSON.stringify(written)}`);
  return { ...shape, [idKey]: objectId(written[idKey]) };
}

function storedTarget(written: Json): Json {
  return {
    caller: documented(CALLERS, written.caller, "target.caller"),
    operations: (written.operations as unknown[]).map((o) => documented(OPERATIONS, o, "target.operations")),
    level: documented(LEVELS, written.level, "target.level"),
    inheritableSettings: [...(written.inheritableSettings as string[])],
    enforcedSettings: [...(written.enforcedSettings as string[])],
  };
}

/**
 * One rule as the policy's GET with $expand=rules returns it after the PATCH: the documented rule
 * with each property the body writes replaced by the written value as Graph stores it.
 */
function graphRule(body: Json): Json {
  const doc = DOCUMENTED_RULES.find((r) => r.id === body.id);
  if (!doc) throw new Error(`no rule ${body.id} in a directory role policy`);
  if (body["@odata.type"] !== doc["@odata.type"]) throw new Error(`${body.id} is a ${doc["@odata.type"]}, the body says ${body["@odata.type"]}`);
  const stored = clone(doc);
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case "@odata.type":
      case "id":
        break;
      case "target":
        stored.target = storedTarget(value as Json);
        break;
      case "isExpirationRequired":
      case "isEnabled":
      case "isDefaultRecipientsEnabled":
        stored[key] = value;
        break;
      case "maximumDuration":
        stored.maximumDuration = graphDuration(value);
        break;
      case "enabledRules":
        // Order on read-back is not documented; the default reads back MultiFactorAuthentication
        // before Justification, the order the renderer writes.
        stored.enabledRules = (value as unknown[]).map((r) => documented(ENABLED_RULES, r, "enabledRules"));
        break;
      case "claimValue":
        stored.claimValue = value;
        break;
      case "notificationType":
        stored.notificationType = documented(NOTIFICATION_TYPES, value, key);
        break;
      case "recipientType":
        stored.recipientType = documented(RECIPIENT_TYPES, value, key);
        break;
      case "notificationLevel":
        stored.notificationLevel = documented(NOTIFICATION_LEVELS, value, key);
        break;
      case "notificationRecipients":
        stored.notificationRecipients = [...(value as string[])];
        break;
      case "setting": {
        const s = value as Json;
        stored.setting = {
          isApprovalRequired: s.isApprovalRequired,
          isApprovalRequiredForExtension: s.isApprovalRequiredForExtension,
          isRequestorJustificationRequired: s.isRequestorJustificationRequired,
          approvalMode: documented(APPROVAL_MODES, s.approvalMode, "setting.approvalMode"),
          approvalStages: (s.approvalStages as Json[]).map((stage) => ({
            approvalStageTimeOutInDays: stage.approvalStageTimeOutInDays,
            isApproverJustificationRequired: stage.isApproverJustificationRequired,
            escalationTimeInMinutes: stage.escalationTimeInMinutes,
            isEscalationEnabled: stage.isEscalationEnabled,
            primaryApprovers: (stage.primaryApprovers as Json[]).map(storedApprover),
            // how-to-pim-update-rules.md: escalation approvers written did not persist.
            escalationApprovers: [],
          })),
        };
        break;
      }
      default:
        throw new Error(`${body.id}: ${key} is not a property a ${doc["@odata.type"]} takes`);
    }
  }
  // A directory role policy reads a disabled context's claim value back as null (list-rules Example 1).
  if (stored["@odata.type"].endsWith("AuthenticationContextRule") && stored.isEnabled === false && stored.claimValue === "") stored.claimValue = null;
  return stored;
}

/** Whether read_query_parameters asks Graph to expand the policy's rules ($expand=rules). */
function expandsRules(readQueryParameters: Json | undefined): boolean {
  const expand: unknown = readQueryParameters?.$expand;
  return Array.isArray(expand) && expand.flatMap((e) => String(e).split(",")).some((e) => e.trim() === "rules");
}

/**
 * The role management policy GET returns after the PATCH of `{ rules: [...] }` ("Update
 * unifiedRoleManagementPolicy" takes only rules). Without $expand=rules: the policy alone, no rules.
 * With it: the policy's rules in Graph's order whatever the order written, each written rule as
 * graphRule stores it, a rule left out keeping its documented value.
 */
function graphRolePolicy(body: Json, readQueryParameters: Json | undefined): Json {
  const extra = Object.keys(body).filter((k) => k !== "rules");
  if (extra.length > 0 || !Array.isArray(body.rules)) throw new Error(`a policy PATCH takes only rules, the body has ${JSON.stringify(Object.keys(body))}`);
  const byId = new Map<string, Json>();
  for (const rule of body.rules as Json[]) {
    if (byId.has(rule.id)) throw new Error(`rule ${rule.id} is written twice`);
    if (!DOCUMENTED_ORDER.includes(rule.id)) throw new Error(`no rule ${rule.id} in a directory role policy`);
    byId.set(rule.id, rule);
  }
  if (!expandsRules(readQueryParameters)) return clone(POLICY.withoutExpand);
  return { ...clone(POLICY.expandRules), rules: DOCUMENTED_RULES.map((doc) => (byId.has(doc.id) ? graphRule(byId.get(doc.id) as Json) : clone(doc))) };
}

/** The authentication context class reference GET returns after the PATCH (created or updated). */
function graphContext(url: string, body: Json): Json {
  const id = url.split("/").pop() as string;
  return { ...clone(CONTEXT.value), id, displayName: body.displayName, description: body.description, isAvailable: body.isAvailable };
}

/** How Graph returns a stored query: with its API version, and queryRoot null when none was written. */
function storedQuery(q: Json): Json {
  const query = String(q.query);
  const versioned = query.startsWith("/") && !/^\/(v1\.0|beta)\//.test(query) ? `/v1.0${query}` : query;
  return { ...q, query: versioned, queryRoot: q.queryRoot ?? null };
}

/** The access review definition GET returns after the POST (documented shape, queries as Graph stores them). */
function graphAccessReview(body: Json): Json {
  const stored = clone(REVIEW.value) as Json;
  const scope = (sc: Json): Json =>
    sc["@odata.type"] === "#microsoft.graph.principalResourceMembershipsScope"
      ? { ...sc, principalScopes: (sc.principalScopes as Json[]).map(storedQuery), resourceScopes: (sc.resourceScopes as Json[]).map(storedQuery) }
      : storedQuery(sc);
  const s = body.settings as Json;
  return {
    ...stored,
    displayName: body.displayName,
    descriptionForAdmins: body.descriptionForAdmins,
    descriptionForReviewers: body.descriptionForReviewers,
    scope: scope(body.scope as Json),
    reviewers: (body.reviewers as Json[]).map(storedQuery),
    fallbackReviewers: ((body.fallbackReviewers ?? []) as Json[]).map(storedQuery),
    settings: {
      ...stored.settings,
      ...s,
      recurrence: {
        pattern: { ...stored.settings.recurrence.pattern, ...s.recurrence.pattern },
        range: { ...stored.settings.recurrence.range, ...s.recurrence.range },
      },
    },
  };
}

/** The alert configuration GET returns after the PATCH: the documented shape, the type's own properties as written. */
function graphAlertConfiguration(url: string, body: Json): Json {
  const id = url.split("/").pop() as string;
  const type = body["@odata.type"] as string;
  const props = (ALERT.typeProperties as Record<string, string[]>)[type];
  if (!props) throw new Error(`${url}: @odata.type ${JSON.stringify(type)} is not a documented alert configuration type`);
  const unknown = Object.keys(body).filter((k) => !["@odata.type", "isEnabled", ...props].includes(k));
  if (unknown.length) throw new Error(`${url}: ${unknown.join(", ")} are not properties of ${type}`);
  if (typeof body.isEnabled !== "boolean") throw new Error(`${url}: isEnabled must be a boolean, got ${JSON.stringify(body.isEnabled)}`);
  const stored: Json = clone(ALERT.value) as Json;
  for (const p of Object.values(ALERT.typeProperties as Record<string, string[]>).flat()) delete stored[p];
  Object.assign(stored, { "@odata.type": type, id, alertDefinitionId: id, isEnabled: body.isEnabled });
  for (const p of props) if (body[p] !== undefined) stored[p] = body[p];
  return stored;
}

/** The Conditional Access policy GET returns after the POST. */
function graphPolicy(body: Json): Json {
  const stored = clone(CA_POLICY.value);
  stored.displayName = body.displayName;
  stored.state = documented(CA_STATES, body.state, "state");
  const c = body.conditions as Json;
  stored.conditions.clientAppTypes = (c.clientAppTypes as unknown[]).map((t) => documented(CLIENT_APP_TYPES, t, "conditions.clientAppTypes"));
  stored.conditions.applications.includeAuthenticationContextClassReferences = [...(c.applications.includeAuthenticationContextClassReferences as string[])];
  for (const key of ["includeApplications", "excludeApplications"]) {
    if (c.applications[key]) stored.conditions.applications[key] = [...c.applications[key]];
  }
  const userValue = (v: unknown) => (typeof v === "string" && USER_KEYWORDS.some((k) => k.toLowerCase() === v.toLowerCase()) ? documented(USER_KEYWORDS, v, "users") : objectId(v));
  for (const key of ["includeUsers", "excludeUsers", "includeGroups", "excludeGroups", "includeRoles", "excludeRoles"]) {
    if (c.users[key]) stored.conditions.users[key] = (c.users[key] as unknown[]).map(userValue);
  }
  const g = body.grantControls as Json;
  stored.grantControls.operator = documented(OPERATORS, g.operator, "grantControls.operator");
  if (g.builtInControls) stored.grantControls.builtInControls = [...g.builtInControls];
  if (g.authenticationStrength) stored.grantControls.authenticationStrength = { ...clone(CA_POLICY.authenticationStrengthPolicy), id: g.authenticationStrength.id };
  return stored;
}

// ---------------------------------------------------------------------------------------------
// Synthesized stacks
// ---------------------------------------------------------------------------------------------

const APPROVER_GROUP = "9F8E7D6C-0000-4000-8000-0000000A9900";
const APPROVER_USER = "1b2c3d4e-1111-4222-8333-444455556666";

interface Scenario {
  readonly name: string;
  readonly build: (stack: TerraformStack) => void;
}

const scenarios: Scenario[] = [
  {
    name: "Global Administrator, highlyPrivileged with user and group approvers, extra recipients",
    build: (stack) => {
      new JitRole(stack, "GlobalAdmin", {
        role: Role.entra("Global Administrator"),
        eligible: [{ user: "alice@contoso.com" }],
        settings: RoleSettings.highlyPrivileged({
          activation: { approvers: [{ user: "security.lead@contoso.com" }, { user: APPROVER_USER }, { group: APPROVER_GROUP }, { group: "PIM Approvers" }] },
          notifications: {
            activation: { admin: { additionalRecipients: ["SOC@contoso.com", "ciso@contoso.com"] } },
            eligibleAssignment: { approver: { level: "Critical", defaultRecipients: false, additionalRecipients: ["pim-owners@contoso.com"] } },
          },
        }),
      });
    },
  },
  {
    name: "Privileged Role Administrator, privileged with overrides (PT90M, ticket, expiring active assignments, Critical notifications)",
    build: (stack) => {
      new JitRole(stack, "PrivRoleAdmin", {
        role: Role.entra("Privileged Role Administrator"),
        eligible: [{ group: "Tier0 Admins" }],
        settings: RoleSettings.privileged({
          activation: { maximumDuration: "PT90M", requireTicket: true, requireApproval: true, approvers: [{ group: APPROVER_GROUP }] },
          activeAssignment: { expirationRequired: true, maximumDuration: "P30D", requireMfa: true, requireJustification: true },
          notifications: { all: { level: "Critical", defaultRecipients: false } },
        }),
      });
    },
  },
  {
    name: "Security Administrator, standard preset (no approval), one-day activation",
    build: (stack) => {
      new JitRole(stack, "SecurityAdmin", {
        role: Role.entra("Security Administrator"),
        eligible: [{ user: APPROVER_USER }],
        settings: RoleSettings.standard({ activation: { maximumDuration: "P1D", requireMfa: false } }),
      });
    },
  },
  {
    name: "AdminWorkstationPolicy with authentication context c7 required by a JitRole's activation",
    build: (stack) => {
      BreakGlassRegistry.of(stack).register({ userPrincipalName: "bg1@contoso.onmicrosoft.com", objectId: "${azuread_user.bg1.object_id}", construct: stack });
      // Enforced: a report-only context policy leaves activation on MFA (AuthenticationContextRef.enforced).
      const awp = new AdminWorkstationPolicy(stack, "Admins", {
        state: "enabled",
        authenticationContext: { claimValue: "c7", displayName: "PIM step-up", description: "Phishing-resistant MFA for role activation" },
        excluded: [{ user: "ops@contoso.com" }, { group: "CA Exclusions" }],
      });
      new JitRole(stack, "CondAccessAdmin", {
        role: Role.entra("Conditional Access Administrator"),
        eligible: [{ user: "bob@contoso.com" }],
        settings: RoleSettings.highlyPrivileged({
          activation: { authenticationContext: awp.authenticationContext, approvers: [{ user: "security.lead@contoso.com" }] },
        }),
      });
    },
  },
  {
    name: "PIM security alerts, every alert with thresholds, one disabled",
    build: (stack) => {
      PimSecurityAlerts.configure(stack, {
        tooManyGlobalAdmins: { threshold: 4, percentage: 10 },
        staleSignIn: { duration: "P30D" },
        redundantAssignment: { duration: "P90D" },
        sequentialActivationRenewals: { threshold: 10, interval: "PT1H" },
        invalidLicense: false,
      });
    },
  },
  {
    name: "Access reviews of a direct Entra role, a group-delivered role and a PIM group, by the manager with a fallback",
    build: (stack) => {
      PrivilegedAccessReviews.configure(stack, { reviewers: "manager", fallbackReviewers: [{ user: "governance@contoso.com" }, { group: "Reviewers" }], startDate: "2027-01-04", cadence: { tier1: "quarterly" } });
      const settings = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } });
      new JitRole(stack, "GlobalAdmin", { role: Role.entra("Global Administrator"), eligible: [{ user: "alice@contoso.com" }], settings });
      new JitRole(stack, "UserAdmin", { role: Role.entra("User Administrator"), delivery: "group", eligible: [{ user: "bob@contoso.com", expires: "P90D" }], settings });
      new JitRole(stack, "Operators", { role: Role.pimGroup("Tier0 Operators", "member", 0), eligible: [{ user: "carol@contoso.com", expires: "P30D" }], settings });
    },
  },
];

interface Written {
  readonly scenario: string;
  readonly resource: string;
  readonly type: "msgraph_update_resource" | "msgraph_resource";
  readonly url: string;
  readonly body: Json;
  readonly readQueryParameters?: Json;
}

function synth(build: (stack: TerraformStack) => void): Json {
  const stack = new TerraformStack(Testing.app(), "readback");
  build(stack);
  return JSON.parse(Testing.synth(stack, true)) as Json;
}

/** Every msgraph body the synthesized JSON writes. */
function written(scenario: Scenario): Written[] {
  const json = synth(scenario.build);
  return (["msgraph_update_resource", "msgraph_resource"] as const).flatMap((type) =>
    Object.entries((json.resource?.[type] ?? {}) as Record<string, Json>).map(([resource, r]) => ({
      scenario: scenario.name,
      resource,
      type,
      url: r.url as string,
      body: r.body as Json,
      readQueryParameters: r.read_query_parameters as Json | undefined,
    })),
  );
}

const ALL = scenarios.flatMap(written);

/** The role management policy of each JitRole (construct `Settings/Policy`). */
const POLICY_URL = /^policies\/roleManagementPolicies\/[^/]+$/;
const isRolePolicy = (w: Written): boolean => w.type === "msgraph_update_resource" && POLICY_URL.test(w.url);
const POLICIES = ALL.filter(isRolePolicy);

/** The GET response Graph documents for the object a body writes. */
function graphResponse(w: Written): Json {
  if (isRolePolicy(w)) return graphRolePolicy(w.body, w.readQueryParameters);
  if (w.type === "msgraph_update_resource" && w.url.startsWith("identity/conditionalAccess/authenticationContextClassReferences/")) return graphContext(w.url, w.body);
  if (w.type === "msgraph_resource" && w.url === "identity/conditionalAccess/policies") return graphPolicy(w.body);
  if (w.type === "msgraph_update_resource" && w.url.startsWith("identityGovernance/roleManagementAlerts/alertConfigurations/")) return graphAlertConfiguration(w.url, w.body);
  if (w.type === "msgraph_resource" && w.url === "identityGovernance/accessReviews/definitions") return graphAccessReview(w.body);
  throw new Error(`no documented read-back for ${w.type} ${w.url}: add a fixture under __tests__/fixtures/graph`);
}

describe("fixtures", () => {
  test("the documented directory role policy, with $expand=rules, has the 17 rules, of the five rule types", () => {
    expect([...DOCUMENTED_ORDER].sort()).toEqual([...GRAPH_RULE_IDS].sort());
    expect([...new Set(DOCUMENTED_RULES.map((r) => r["@odata.type"]))].sort()).toEqual(
      ["Approval", "AuthenticationContext", "Enablement", "Expiration", "Notification"].map((k) => `#microsoft.graph.unifiedRoleManagementPolicy${k}Rule`),
    );
  });

  test("the expanded policy is the policy without $expand plus the rules List rules documents, in the same order", () => {
    const { rules, ...policy } = POLICY.expandRules as Json;
    expect(policy).toEqual(POLICY.withoutExpand);
    expect(rules).toEqual(LISTED_RULES.value);
    expect(POLICY.withoutExpand.id).toBe(LISTED_RULES.policyId);
    expect(POLICY.withoutExpand).not.toHaveProperty("rules");
  });

  test("every role scenario writes one policy resource (Settings/Policy) with all 17 rules and no per-rule resource, and the context and its policy", () => {
    const operations = (name: string) => name.startsWith("PIM security alerts") || name.startsWith("Access reviews");
    const roleScenarios = scenarios.filter((s) => !operations(s.name));
    const roleWrites = ALL.filter((w) => !operations(w.scenario));
    expect(POLICIES.filter((w) => !operations(w.scenario))).toHaveLength(roleScenarios.length);
    for (const s of roleScenarios) {
      const policies = POLICIES.filter((w) => w.scenario === s.name);
      expect(policies).toHaveLength(1);
      expect(policies[0].resource).toMatch(/_Settings_Policy_[0-9A-F]{8}$/);
      expect(Object.keys(policies[0].body)).toEqual(["rules"]);
      expect((policies[0].body.rules as Json[]).map((r) => r.id).sort()).toEqual([...GRAPH_RULE_IDS].sort());
    }
    expect(ALL.filter((w) => w.url.includes("/rules"))).toEqual([]);
    expect(roleWrites.filter((w) => w.url.includes("authenticationContextClassReferences/"))).toHaveLength(1);
    expect(roleWrites.filter((w) => w.type === "msgraph_resource")).toHaveLength(1);
    expect(roleWrites).toHaveLength(roleScenarios.length + 2);
    expect(ALL.filter((w) => w.url.startsWith("identityGovernance/roleManagementAlerts/"))).toHaveLength(7);
    expect(ALL.filter((w) => w.url === "identityGovernance/accessReviews/definitions")).toHaveLength(3);
  });
});

describe("every msgraph body reads back as written (no perpetual diff)", () => {
  test.each(ALL.map((w) => [w.scenario, w.resource, w] as const))("%s: %s", (_scenario, _resource, w) => {
    expect(drift(w.body, graphResponse(w))).toEqual([]);
  });

  test.each(POLICIES.map((w) => [w.scenario, w] as const))("%s: the policy is read with $expand=rules", (_scenario, w) => {
    expect(w.readQueryParameters).toEqual({ $expand: ["rules"] });
    expect(graphRolePolicy(w.body, w.readQueryParameters).rules).toHaveLength(17);
  });

  test.each(POLICIES.map((w) => [w.scenario, w] as const))("%s: the body lists the rules in Graph's order", (_scenario, w) => {
    expect((w.body.rules as Json[]).map((r) => r.id)).toEqual(DOCUMENTED_ORDER);
  });

  test("GRAPH_POLICY_RULE_ORDER is the documented order of a policy's rules", () => {
    expect([...GRAPH_POLICY_RULE_ORDER]).toEqual(DOCUMENTED_ORDER);
  });

  test("the scenarios cover approvers of both kinds, notification recipients and an enabled authentication context", () => {
    const rules = POLICIES.flatMap((w) => w.body.rules as Json[]);
    const approvers = rules.filter((b) => b.id === "Approval_EndUser_Assignment").flatMap((b) => b.setting.approvalStages[0].primaryApprovers as Json[]);
    expect(new Set(approvers.map((a) => a["@odata.type"]))).toEqual(new Set(SUBJECT_TYPES));
    expect(approvers.some((a) => a.userId === APPROVER_USER)).toBe(true);
    expect(approvers.some((a) => a.groupId === APPROVER_GROUP.toLowerCase())).toBe(true);
    expect(rules.some((b) => b.id.startsWith("Notification_") && b.notificationRecipients.length > 1)).toBe(true);
    expect(rules.find((b) => b.id === "AuthenticationContext_EndUser_Assignment" && b.isEnabled)).toMatchObject({ claimValue: "c7" });
    expect(rules.find((b) => b.id === "AuthenticationContext_EndUser_Assignment" && !b.isEnabled)).toMatchObject({ claimValue: "" });
    expect(rules.map((b) => b.maximumDuration).filter(Boolean)).toEqual(expect.arrayContaining(["PT1H", "PT1H30M", "P1D", "P365D", "P30D"]));
  });

  // The same check catches the bodies that would differ on every plan: a policy body of the first
  // scenario (user and group approvers) with one change, read back the way Graph stores it.
  const EXPAND = { $expand: ["rules"] };
  const policyBody = () => clone(POLICIES.find((w) => w.scenario === scenarios[0].name)?.body as Json);
  const at = (id: string) => DOCUMENTED_ORDER.indexOf(id);
  const changeRule = (id: string, change: (rule: Json) => void) => () => {
    const body = policyBody();
    change((body.rules as Json[])[at(id)]);
    return body;
  };
  const EXPIRATION = at("Expiration_EndUser_Assignment");
  const APPROVAL = at("Approval_EndUser_Assignment");
  test.each([
    ["operations written \"All\"", changeRule("Expiration_EndUser_Assignment", (r) => (r.target.operations = ["All"])), `body.rules[${EXPIRATION}].target.operations[0]: wrote "All", reads back "all"`],
    ["a non-canonical duration", changeRule("Expiration_EndUser_Assignment", (r) => (r.maximumDuration = "PT90M")), `body.rules[${EXPIRATION}].maximumDuration: wrote "PT90M", reads back "PT1H30M"`],
    [
      "an upper-case approver id",
      changeRule("Approval_EndUser_Assignment", (r) => (r.setting.approvalStages[0].primaryApprovers = [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: APPROVER_GROUP }])),
      `body.rules[${APPROVAL}].setting.approvalStages[0].primaryApprovers[0].groupId: wrote "${APPROVER_GROUP}", reads back "${APPROVER_GROUP.toLowerCase()}"`,
    ],
    [
      "escalation approvers",
      changeRule("Approval_EndUser_Assignment", (r) => (r.setting.approvalStages[0].escalationApprovers = [{ "@odata.type": "#microsoft.graph.singleUser", userId: APPROVER_USER }])),
      `body.rules[${APPROVAL}].setting.approvalStages[0].escalationApprovers: wrote [{`,
    ],
    [
      "rules in another order than Graph's (GRAPH_RULE_IDS)",
      () => {
        const body = policyBody();
        body.rules = GRAPH_RULE_IDS.map((id) => (body.rules as Json[])[at(id)]);
        return body;
      },
      `body.rules[0].id: wrote "${GRAPH_RULE_IDS[0]}", reads back "${DOCUMENTED_ORDER[0]}"`,
    ],
  ])("%s would differ on every plan", (_what, make, first) => {
    const body = make();
    const found = drift(body, graphRolePolicy(body, EXPAND));
    expect(found[0]).toContain(first);
    expect(found.filter((d) => d.startsWith("(ignore_missing_property false) "))[0]).toContain(first);
  });

  test("rules in another order: each rule out of Graph's position reads back as the rule Graph has there", () => {
    const body = policyBody();
    body.rules = [...(body.rules as Json[])].reverse();
    const state = providerReadBack(body, graphRolePolicy(body, EXPAND), DEFAULT_OPTION) as Json;
    const moved = (body.rules as Json[]).filter((r, i) => r.id !== DOCUMENTED_ORDER[i]).length;
    expect(moved).toBe(16);
    expect((state.rules as Json[]).filter((r, i) => r.id !== (body.rules as Json[])[i].id)).toHaveLength(moved);
  });
});

// ---------------------------------------------------------------------------------------------
// read_query_parameters $expand=rules: without it nothing is compared and drift is never seen
// ---------------------------------------------------------------------------------------------

describe("the policy's read_query_parameters", () => {
  const w = POLICIES.find((p) => p.scenario === scenarios[0].name) as Written;
  const EXPIRATION = DOCUMENTED_ORDER.indexOf("Expiration_EndUser_Assignment");
  const written = (w.body.rules as Json[])[EXPIRATION].maximumDuration as string;
  const changed = written === "PT8H" ? "PT4H" : "PT8H";
  /** The GET after someone changes the activation duration in the portal. */
  const changedInTenant = (readQueryParameters: Json | undefined): Json => {
    const response = graphRolePolicy(w.body, readQueryParameters);
    if (Array.isArray(response.rules)) response.rules[EXPIRATION].maximumDuration = changed;
    return response;
  };

  test("with $expand=rules a change made in the tenant shows as a diff", () => {
    expect(drift(w.body, changedInTenant(w.readQueryParameters))).toEqual([
      `body.rules[${EXPIRATION}].maximumDuration: wrote "${written}", reads back "${changed}"`,
      `(ignore_missing_property false) body.rules[${EXPIRATION}].maximumDuration: wrote "${written}", reads back "${changed}"`,
    ]);
  });

  test("without it the GET has no rules: the change is never seen (ignore_missing_property true), or rules never read back (false)", () => {
    const response = changedInTenant(undefined);
    expect(response).not.toHaveProperty("rules");
    expect(differences(w.body, providerReadBack(w.body, response, DEFAULT_OPTION))).toEqual([]);
    const strict = differences(w.body, providerReadBack(w.body, response, STRICT_OPTION));
    expect(strict).toHaveLength(1);
    expect(strict[0]).toMatch(/^body\.rules: wrote \[.*\], reads back undefined$/);
  });
});
