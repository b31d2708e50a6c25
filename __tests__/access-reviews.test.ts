import { TerraformStack, Testing } from "cdktf";
import { JitRole, PrivilegedAccessReviews, PrivilegedAccessReviewsProps, Role, RoleSettings } from "../constructs";
import { message } from "./error-message";

/** Recurring access reviews of privileged access (issue 15, item 1). */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const REVIEWS: PrivilegedAccessReviewsProps = { reviewers: [{ user: "lead@contoso.com" }, { group: "Reviewers" }], startDate: "2027-01-04" };
const settings = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } });
const ga = (stack: TerraformStack) => new JitRole(stack, "GA", { role: Role.entra("Global Administrator"), eligible: [{ user: "a@contoso.com" }], settings });
const reviews = (json: Json) => Object.values((json.resource?.msgraph_resource ?? {}) as Record<string, Json>).filter((r) => r.url === "identityGovernance/accessReviews/definitions");
const synth = (build: (s: TerraformStack) => void) => {
  const stack = new TerraformStack(Testing.app(), "t");
  build(stack);
  return JSON.parse(Testing.synth(stack)) as Json;
};

test("a direct Entra role: its eligible and active holders, users and groups, quarterly for tier 0, decisions applied, Deny by default", () => {
  const [r] = reviews(synth((s) => (ga(s), PrivilegedAccessReviews.configure(s, REVIEWS))));
  expect(r.update_method).toBe("PUT");
  expect(r.body.scope).toEqual({
    "@odata.type": "#microsoft.graph.principalResourceMembershipsScope",
    principalScopes: ["/v1.0/users", "/v1.0/groups"].map((query) => ({ "@odata.type": "#microsoft.graph.accessReviewQueryScope", query, queryType: "MicrosoftGraph" })),
    resourceScopes: [{ "@odata.type": "#microsoft.graph.accessReviewQueryScope", query: "/v1.0/roleManagement/directory/roleDefinitions/62e90394-69f5-4237-9190-012177145e10", queryType: "MicrosoftGraph" }],
  });
  expect(r.body.reviewers).toEqual([
    { query: '/v1.0/users/${data.azuread_user.principal_users["lead@contoso.com"].object_id}', queryType: "MicrosoftGraph" },
    { query: '/v1.0/groups/${data.azuread_group.principal_groups["Reviewers"].object_id}/transitiveMembers', queryType: "MicrosoftGraph" },
  ]);
  expect(r.body.settings).toEqual({
    mailNotificationsEnabled: true,
    reminderNotificationsEnabled: true,
    justificationRequiredOnApproval: true,
    defaultDecisionEnabled: true,
    defaultDecision: "Deny",
    instanceDurationInDays: 14,
    autoApplyDecisionsEnabled: true,
    recommendationsEnabled: true,
    recurrence: { pattern: { type: "absoluteMonthly", interval: 3 }, range: { type: "noEnd", startDate: "2027-01-04" } },
  });
});

test("configured before or after the JitRoles, the output is byte-identical; group delivery and PIM groups review the group's members; tier 2 and Azure roles get none", () => {
  const roles = (s: TerraformStack) => {
    ga(s);
    new JitRole(s, "UA", { role: Role.entra("User Administrator"), delivery: "group", eligible: [{ user: "b@contoso.com", expires: "P90D" }], settings });
    new JitRole(s, "Ops", { role: Role.pimGroup("Tier1 Operators"), eligible: [{ user: "c@contoso.com", expires: "P30D" }], settings });
    new JitRole(s, "Reader", { role: Role.entra("Reports Reader"), eligible: [{ user: "d@contoso.com" }], settings: RoleSettings.standard() });
    new JitRole(s, "Owner", { role: Role.azure("Owner", "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7"), eligible: [{ user: "e@contoso.com", expires: "P30D" }], settings });
  };
  const before = synth((s) => (PrivilegedAccessReviews.configure(s, REVIEWS), roles(s)));
  const after = synth((s) => (roles(s), PrivilegedAccessReviews.configure(s, REVIEWS)));
  expect(JSON.stringify(after)).toBe(JSON.stringify(before));
  const scopes = reviews(before).map((r) => r.body.scope.query ?? r.body.scope.resourceScopes[0].query).sort();
  expect(scopes).toEqual([
    expect.stringMatching(/^\/v1\.0\/groups\/\$\{azuread_group\.UA_Group_[0-9A-F]{8}\.object_id\}\/transitiveMembers$/),
    '/v1.0/groups/${data.azuread_group.principal_groups["Tier1 Operators"].object_id}/transitiveMembers',
    "/v1.0/roleManagement/directory/roleDefinitions/62e90394-69f5-4237-9190-012177145e10",
  ]);
  const intervals = Object.fromEntries(reviews(before).map((r) => [r.body.displayName, r.body.settings.recurrence.pattern.interval]));
  expect(intervals).toEqual({ "PIM review: Global Administrator (managed as code)": 3, "PIM review: User Administrator (managed as code)": 3, "PIM review: Tier1 Operators (member) (managed as code)": 6 });
});

test("reviewers: manager needs fallback reviewers, and sends ./manager with queryRoot decisions", () => {
  expect(message(() => PrivilegedAccessReviews.configure(new TerraformStack(Testing.app(), "t"), { reviewers: "manager", startDate: "2027-01-04" }))).toContain(
    'fallbackReviewers: is required with reviewers: "manager"',
  );
  const [r] = reviews(synth((s) => (ga(s), PrivilegedAccessReviews.configure(s, { reviewers: "manager", fallbackReviewers: [{ user: "gov@contoso.com" }], startDate: "2027-01-04" }))));
  expect(r.body.reviewers).toEqual([{ query: "./manager", queryType: "MicrosoftGraph", queryRoot: "decisions" }]);
  expect(r.body.fallbackReviewers).toEqual([{ query: '/v1.0/users/${data.azuread_user.principal_users["gov@contoso.com"].object_id}', queryType: "MicrosoftGraph" }]);
});

test.each([
  [{ ...REVIEWS, startDate: "2027-02-30" }, "startDate: must be a date YYYY-MM-DD"],
  [{ ...REVIEWS, cadence: { tier0: "weekly" } }, 'cadence.tier0: must be "monthly", "quarterly", "semiannual", "annual", "none", got "weekly"'],
  [{ ...REVIEWS, cadence: { tier0: "monthly" }, durationInDays: 28 }, "durationInDays: must be a whole number of days from 1 to 27"],
  [{ ...REVIEWS, defaultDecision: "Remove" }, 'defaultDecision: must be "Deny", "Approve", "Recommendation", "None"'],
  [{ ...REVIEWS, reviewers: [] }, "reviewers: must be a non-empty list"],
  [{ ...REVIEWS, reviewers: [{ user: "<reviewer>" }] }, 'contains the placeholder "<reviewer>"'],
  [{ ...REVIEWS, cadense: {} }, "cadense"],
])("refuses %j", (props, expected) => {
  expect(message(() => PrivilegedAccessReviews.configure(new TerraformStack(Testing.app(), "t"), props as never))).toContain(expected);
});

test("PIM groups whose names differ only in punctuation get distinct reviews and addresses", () => {
  const json = synth((s) => {
    PrivilegedAccessReviews.configure(s, REVIEWS);
    for (const g of ["Ops Team", "Ops-Team", "Ops.Team"]) new JitRole(s, g, { role: Role.pimGroup(g, "member", 0), eligible: [{ user: "a@contoso.com", expires: "P30D" }], settings });
  });
  expect(Object.keys(json.resource.msgraph_resource).filter((k) => k.startsWith("access_review_pimgroup_group_ops_team_member_"))).toHaveLength(3);
});
