import { ValidationError } from "../constructs/errors";
import { parseAssignments, parseExpiry, durationDays } from "../constructs/assignments";
import { PrincipalRef, assertUnique, byKey, principal } from "../constructs/principals";
import {
  ASSIGNMENT_DURATIONS,
  MAX_NOTIFICATION_RECIPIENTS,
  PRESET_NAMES,
  PresetName,
  RoleSettings,
  RoleSettingsProps,
  activationDuration,
  assignmentDays,
  assignmentDuration,
  durationMinutes,
  presetForTier,
} from "../constructs/settings";

/** Runs fn and returns the ValidationError it throws (fails the test on no error or another error). */
function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

const ALICE = "2b3c4d5e-0000-4000-8000-00000000a11c";
const BOB = "2b3c4d5e-0000-4000-8000-000000000b0b";
const APPROVERS_GROUP = "9f8e7d6c-0000-4000-8000-0000000a9900";
const SP = "3f2c1a4e-0000-4000-8000-000000000001";

/** A privileged preset with extra overrides: builds without approvers. */
const privileged = (overrides: RoleSettingsProps): RoleSettings => RoleSettings.privileged(overrides);
/** Casts deliberately wrong input past the type checker (what a YAML file or JS caller can send). */
const bad = <T>(value: unknown): T => value as T;

// Every value azuread 3.7.0 and azurerm 4.55.0 accept for activation_rules.maximum_duration
// (StringInSlice in group_role_management_policy_resource.go / role_management_policy_resource.go).
const PROVIDER_ACTIVATION_DURATIONS = [
  "PT30M", "PT1H", "PT1H30M", "PT2H", "PT2H30M", "PT3H", "PT3H30M", "PT4H", "PT4H30M", "PT5H", "PT5H30M", "PT6H",
  "PT6H30M", "PT7H", "PT7H30M", "PT8H", "PT8H30M", "PT9H", "PT9H30M", "PT10H", "PT10H30M", "PT11H", "PT11H30M", "PT12H",
  "PT12H30M", "PT13H", "PT13H30M", "PT14H", "PT14H30M", "PT15H", "PT15H30M", "PT16H", "PT16H30M", "PT17H", "PT17H30M", "PT18H",
  "PT18H30M", "PT19H", "PT19H30M", "PT20H", "PT20H30M", "PT21H", "PT21H30M", "PT22H", "PT22H30M", "PT23H", "PT23H30M", "P1D",
];

describe("activation durations", () => {
  test("accepts every value the policy providers accept, unchanged", () => {
    for (const value of PROVIDER_ACTIVATION_DURATIONS) expect(activationDuration(value, "d")).toBe(value);
  });

  test.each([
    ["PT90M", "PT1H30M"],
    ["PT60M", "PT1H"],
    ["PT1H60M", "PT2H"],
    ["PT24H", "P1D"],
    ["PT1440M", "P1D"],
    ["P0DT4H", "PT4H"],
    [" PT8H ", "PT8H"],
  ])("canonicalises %j to %j, so equal durations never show as drift", (input, canonical) => {
    expect(activationDuration(input, "d")).toBe(canonical);
    expect(PROVIDER_ACTIVATION_DURATIONS).toContain(canonical);
  });

  test.each([["PT15M"], ["PT45M"], ["PT24H30M"], ["P2D"], ["PT0M"], ["1h"], ["PT"], ["P"], ["P1DT"], [""], [5], [undefined]])(
    "refuses %j, naming the field, the value and the allowed range",
    (value) => {
      const e = thrown(() => activationDuration(value, "activation.maximumDuration", "Global Administrator"));
      expect(e.message).toBe(
        `Global Administrator: activation.maximumDuration: must be an ISO 8601 duration between PT30M and PT23H30M in 30-minute steps, or P1D, got ${value === undefined ? "undefined" : JSON.stringify(value)}`,
      );
      expect(e.field).toBe("activation.maximumDuration");
      expect(e.context).toBe("Global Administrator");
    },
  );

  test("durationMinutes reads days, hours and minutes and refuses anything else", () => {
    expect(durationMinutes("P1DT2H30M")).toBe(24 * 60 + 150);
    expect(durationMinutes("PT45M")).toBe(45);
    expect(durationMinutes("P1.5D")).toBeUndefined();
    expect(durationMinutes("P1W")).toBeUndefined();
    expect(durationMinutes("P")).toBeUndefined();
    expect(durationMinutes("PT")).toBeUndefined();
  });
});

describe("assignment durations", () => {
  test("only P15D, P30D, P90D, P180D and P365D, as the providers' expire_after", () => {
    expect([...ASSIGNMENT_DURATIONS]).toEqual(["P15D", "P30D", "P90D", "P180D", "P365D"]);
    for (const value of ASSIGNMENT_DURATIONS) expect(assignmentDuration(value, "d")).toBe(value);
    expect(ASSIGNMENT_DURATIONS.map(assignmentDays)).toEqual([15, 30, 90, 180, 365]);
  });

  test.each([["P1D"], ["P60D"], ["P1Y"], ["P3M"], ["p30d"], [" P30D"], [30], [undefined]])("refuses %j", (value) => {
    expect(thrown(() => assignmentDuration(value, "eligibleAssignment.maximumDuration")).message).toBe(
      `eligibleAssignment.maximumDuration: must be one of P15D, P30D, P90D, P180D, P365D, got ${value === undefined ? "undefined" : JSON.stringify(value)}`,
    );
  });

  test("refused through RoleSettings overrides too, for eligible and active assignments", () => {
    expect(thrown(() => privileged({ eligibleAssignment: { maximumDuration: bad("P60D") } })).message).toBe(
      'eligibleAssignment.maximumDuration: must be one of P15D, P30D, P90D, P180D, P365D, got "P60D"',
    );
    expect(thrown(() => privileged({ activeAssignment: { maximumDuration: bad("P1Y") } })).message).toBe(
      'activeAssignment.maximumDuration: must be one of P15D, P30D, P90D, P180D, P365D, got "P1Y"',
    );
    expect(thrown(() => privileged({ activation: { maximumDuration: "PT48H" } })).message).toBe(
      'activation.maximumDuration: must be an ISO 8601 duration between PT30M and PT23H30M in 30-minute steps, or P1D, got "PT48H"',
    );
  });
});

describe("presets", () => {
  const withApprovers = (name: PresetName): RoleSettings =>
    RoleSettings.preset(name, name === "highlyPrivileged" ? { activation: { approvers: [{ group: APPROVERS_GROUP }] } } : {});

  test("names and tiers", () => {
    expect(PRESET_NAMES).toEqual(["highlyPrivileged", "privileged", "standard"]);
    expect([presetForTier(0), presetForTier(1), presetForTier(2)]).toEqual(["highlyPrivileged", "privileged", "standard"]);
  });

  // Microsoft's PIM deployment plan (Global Administrator: MFA, approval, ticket, 1 h) and SCuBA MS.AAD.7.6-7.9.
  test.each([
    // preset, activation max, MFA, justification, ticket, approval, eligible (required, max), active (required, max), activation mail level
    ["highlyPrivileged", "PT1H", true, true, true, true, false, "P365D", true, "P15D", "All"],
    ["privileged", "PT4H", true, true, false, false, false, "P365D", true, "P30D", "All"],
    ["standard", "PT8H", true, true, false, false, false, "P365D", true, "P90D", "Critical"],
  ] as const)("%s: %s activation, MFA %s, justification %s, ticket %s, approval %s", (name, max, mfa, just, ticket, approval, eligReq, eligMax, actReq, actMax, level) => {
    const s = withApprovers(name);
    expect(s.presetName).toBe(name);
    expect(s.spec.activation).toMatchObject({ maximumDuration: max, requireMfa: mfa, requireJustification: just, requireTicket: ticket, requireApproval: approval });
    expect(s.spec.activation.authenticationContext).toBeUndefined();
    expect(s.spec.eligibleAssignment).toEqual({ expirationRequired: eligReq, maximumDuration: eligMax });
    expect(s.spec.activeAssignment).toEqual({ expirationRequired: actReq, maximumDuration: actMax, requireMfa: true, requireJustification: true, requireTicket: false });
    expect(s.spec.notifications.activation.admin.level).toBe(level);
    for (const event of ["eligibleAssignment", "activeAssignment"] as const) {
      for (const audience of ["admin", "assignee", "approver"] as const) {
        expect(s.spec.notifications[event][audience]).toEqual({ level: "All", defaultRecipients: true, additionalRecipients: [] });
      }
    }
  });

  test("the static shortcuts equal preset(name)", () => {
    expect(RoleSettings.privileged().spec).toEqual(RoleSettings.preset("privileged").spec);
    expect(RoleSettings.standard().spec).toEqual(RoleSettings.preset("standard").spec);
    const approvers = { activation: { approvers: [{ user: ALICE }] } };
    expect(RoleSettings.highlyPrivileged(approvers).spec).toEqual(RoleSettings.preset("highlyPrivileged", approvers).spec);
  });

  test("refuses an unknown preset name", () => {
    const e = thrown(() => RoleSettings.preset(bad("admin"), {}, "Global Administrator"));
    expect(e.message).toBe('Global Administrator: settings.preset: must be one of highlyPrivileged, privileged, standard, got "admin"');
  });

  test("with() layers overrides field by field and leaves the original unchanged", () => {
    const base = RoleSettings.privileged({ activation: { maximumDuration: "PT2H" } });
    const layered = base.with({ activation: { requireTicket: true } }).with({ activeAssignment: { maximumDuration: "P15D" } });
    expect(layered.presetName).toBe("privileged");
    expect(layered.spec.activation).toMatchObject({ maximumDuration: "PT2H", requireTicket: true, requireMfa: true });
    expect(layered.spec.activeAssignment.maximumDuration).toBe("P15D");
    expect(base.spec.activation.requireTicket).toBe(false);
    expect(base.spec.activeAssignment.maximumDuration).toBe("P30D");
  });

  test("with() validates with the given context", () => {
    expect(thrown(() => RoleSettings.privileged().with({ activation: { requireApproval: true } }, "Exchange Administrator")).message).toMatch(
      /^Exchange Administrator: activation\.approvers: approval is required but no approvers are given/,
    );
  });

  test("validateFor keeps valid settings as they are", () => {
    const s = RoleSettings.standard({ activation: { maximumDuration: "PT90M" } });
    expect(RoleSettings.validateFor(s, "Reports Reader").spec).toEqual(s.spec);
  });
});

describe("RoleSettings validation", () => {
  test("refuses settings that are not an object", () => {
    expect(thrown(() => RoleSettings.preset("privileged", bad("strict"))).message).toBe('settings: must be an object, got "strict"');
    expect(thrown(() => RoleSettings.preset("privileged", bad([]))).message).toBe("settings: must be an object, got []");
  });

  test.each([
    ["activation.requireMfa", { activation: { requireMfa: bad("yes") } }],
    ["activation.requireJustification", { activation: { requireJustification: bad("yes") } }],
    ["activation.requireTicket", { activation: { requireTicket: bad("yes") } }],
    ["activation.requireApproval", { activation: { requireApproval: bad("yes") } }],
    ["eligibleAssignment.expirationRequired", { eligibleAssignment: { expirationRequired: bad("yes") } }],
    ["activeAssignment.expirationRequired", { activeAssignment: { expirationRequired: bad("yes") } }],
    ["activeAssignment.requireMfa", { activeAssignment: { requireMfa: bad("yes") } }],
    ["activeAssignment.requireJustification", { activeAssignment: { requireJustification: bad("yes") } }],
    ["activeAssignment.requireTicket", { activeAssignment: { requireTicket: bad("yes") } }],
    ["notifications.activation.admin.defaultRecipients", { notifications: { activation: { admin: { defaultRecipients: bad("yes") } } } }],
    ["notifications.all.defaultRecipients", { notifications: { all: { defaultRecipients: bad("yes") } } }],
  ] as [string, RoleSettingsProps][])("refuses a non-boolean %s", (field, overrides) => {
    const e = thrown(() => privileged(overrides));
    expect(e.field).toBe(field);
    expect(e.message).toBe(`${field}: must be true or false, got "yes"`);
  });

  describe("approval", () => {
    test("highlyPrivileged requires approvers and says how to fix it", () => {
      expect(thrown(() => RoleSettings.highlyPrivileged()).message).toBe(
        "activation.approvers: approval is required but no approvers are given; add at least one user or group ({ user: ... } or { group: ... }), or set activation.requireApproval: false",
      );
    });

    test("an explicit empty approver list fails the same way", () => {
      expect(thrown(() => privileged({ activation: { requireApproval: true, approvers: [] } })).field).toBe("activation.approvers");
    });

    test("approval can be turned off instead", () => {
      expect(RoleSettings.highlyPrivileged({ activation: { requireApproval: false } }).spec.activation.requireApproval).toBe(false);
    });

    test("the error carries the role name as context", () => {
      const e = thrown(() => RoleSettings.preset("highlyPrivileged", {}, "Global Administrator"));
      expect(e.message).toMatch(/^Global Administrator: activation\.approvers: approval is required but no approvers are given; /);
      expect(e.context).toBe("Global Administrator");
      expect(e.field).toBe("activation.approvers");
    });

    test("approvers are sorted by key, so their order never changes the output", () => {
      const a = RoleSettings.highlyPrivileged({ activation: { approvers: [{ user: "zoe@contoso.com" }, { group: "PIM Approvers" }, { user: ALICE }] } });
      const b = RoleSettings.highlyPrivileged({ activation: { approvers: [{ user: ALICE }, { user: "zoe@contoso.com" }, { group: "PIM Approvers" }] } });
      expect(a.spec.activation.approvers.map((r) => r.key)).toEqual([`group:PIM Approvers`, `user:${ALICE}`, "user:zoe@contoso.com"]);
      expect(a.spec).toEqual(b.spec);
    });

    test("refuses a service principal as approver", () => {
      const e = thrown(() => privileged({ activation: { approvers: [{ user: ALICE }, { servicePrincipal: SP }] } }));
      expect(e.message).toBe(`activation.approvers[1].servicePrincipal: a servicePrincipal is not allowed here, got "${SP}"; allowed: user, group`);
    });

    test.each([
      ["the same user object id in two cases", [{ user: ALICE }, { user: ALICE.toUpperCase() }], `lists user "${ALICE}" more than once`],
      ["the same UPN in two cases", [{ user: "alice@contoso.com" }, { user: "Alice@Contoso.com" }], 'lists user "Alice@Contoso.com" more than once'],
      ["the same group name in two cases", [{ group: "PIM Approvers" }, { group: "pim approvers" }], 'lists group "pim approvers" more than once'],
    ])("refuses duplicate approvers: %s", (_, approvers, text) => {
      expect(thrown(() => privileged({ activation: { approvers } })).message).toBe(`activation.approvers: ${text}; each principal may appear once`);
    });

    test("refuses approvers that are not a list, and approver objects with other fields", () => {
      expect(thrown(() => privileged({ activation: { approvers: bad({ user: ALICE }) } })).message).toBe(
        `activation.approvers: must be a list of { user } or { group }, got {"user":"${ALICE}"}`,
      );
      expect(thrown(() => privileged({ activation: { approvers: [bad({ user: ALICE, expires: "P1D" })] } })).message).toBe(
        "activation.approvers[0].expires: is not a known field; allowed: user, group, servicePrincipal",
      );
      expect(thrown(() => privileged({ activation: { approvers: [{ user: "alice" }] } })).message).toBe(
        'activation.approvers[0].user: must be an object id (GUID) or a user principal name (name@domain), got "alice"',
      );
    });
  });

  describe("authentication context", () => {
    test("alone, it turns MFA on activation off (Entra refuses both)", () => {
      const s = privileged({ activation: { authenticationContext: "c1" } });
      expect(s.spec.activation).toMatchObject({ authenticationContext: "c1", requireMfa: false });
    });

    test("accepts an AdminWorkstationPolicy-like { claimValue } reference", () => {
      expect(privileged({ activation: { authenticationContext: { claimValue: "c42" } } }).spec.activation.authenticationContext).toBe("c42");
    });

    test("refuses requireMfa: true given with it, explaining why", () => {
      const e = thrown(() => privileged({ activation: { requireMfa: true, authenticationContext: "c1" } }));
      expect(e.message).toBe(
        `activation.requireMfa: cannot be true together with activation.authenticationContext "c1": Entra refuses both; the authentication context's Conditional Access policy should require the authentication strength instead`,
      );
    });

    test("refuses requireMfa: true layered onto settings that have a context", () => {
      const s = privileged({ activation: { authenticationContext: "c2" } });
      expect(thrown(() => s.with({ activation: { requireMfa: true } })).field).toBe("activation.requireMfa");
      expect(s.with({ activation: { maximumDuration: "PT2H" } }).spec.activation).toMatchObject({ authenticationContext: "c2", requireMfa: false });
    });

    test("accepts requireMfa: false given with it", () => {
      expect(privileged({ activation: { requireMfa: false, authenticationContext: "c99" } }).spec.activation.authenticationContext).toBe("c99");
    });

    test.each([["c0"], ["c100"], ["C1"], ["x"], ["c01"], [""], [1]])("refuses the claim value %j", (value) => {
      expect(thrown(() => privileged({ activation: { authenticationContext: bad(value) } })).message).toBe(
        `activation.authenticationContext: must be an authentication context claim value "c1".."c99", got ${JSON.stringify(value)}`,
      );
    });

    test("refuses a bad claim value inside { claimValue } and an object without one", () => {
      expect(thrown(() => privileged({ activation: { authenticationContext: { claimValue: "c0" } } })).message).toBe(
        'activation.authenticationContext: must be an authentication context claim value "c1".."c99", got "c0"',
      );
      expect(thrown(() => privileged({ activation: { authenticationContext: bad({ id: "c1" }) } })).message).toBe(
        'activation.authenticationContext: must be an authentication context claim value "c1".."c99", got {"id":"c1"}',
      );
    });
  });

  describe("notifications", () => {
    test("'all' applies to the nine rules, then specific overrides win", () => {
      const s = privileged({
        notifications: {
          all: { level: "Critical", additionalRecipients: ["secops@contoso.com"] },
          activation: { approver: { level: "All", defaultRecipients: false } },
        },
      });
      expect(s.spec.notifications.eligibleAssignment.admin).toEqual({ level: "Critical", defaultRecipients: true, additionalRecipients: ["secops@contoso.com"] });
      expect(s.spec.notifications.activation.approver).toEqual({ level: "All", defaultRecipients: false, additionalRecipients: ["secops@contoso.com"] });
    });

    test("recipients are trimmed, lower-cased and sorted", () => {
      const s = privileged({ notifications: { activeAssignment: { admin: { additionalRecipients: ["  Zed@Contoso.com", "amy@contoso.com "] } } } });
      expect(s.spec.notifications.activeAssignment.admin.additionalRecipients).toEqual(["amy@contoso.com", "zed@contoso.com"]);
    });

    test.each([["None"], ["all"], [""], [3]])("refuses the level %j (the providers take All or Critical)", (level) => {
      expect(thrown(() => privileged({ notifications: { eligibleAssignment: { approver: { level: bad(level) } } } })).message).toBe(
        `notifications.eligibleAssignment.approver.level: must be one of All, Critical, got ${JSON.stringify(level)}`,
      );
    });

    test(`accepts ${MAX_NOTIFICATION_RECIPIENTS} recipients and refuses one more`, () => {
      const mails = (n: number): string[] => Array.from({ length: n }, (_, i) => `user${String(i).padStart(4, "0")}@contoso.com`);
      expect(privileged({ notifications: { all: { additionalRecipients: mails(1000) } } }).spec.notifications.activation.admin.additionalRecipients).toHaveLength(1000);
      expect(thrown(() => privileged({ notifications: { activation: { admin: { additionalRecipients: mails(1001) } } } })).message).toBe(
        "notifications.activation.admin.additionalRecipients: must have at most 1000 recipients, got 1001",
      );
    });

    test.each([["not-an-email"], ["alice@contoso"], ["a b@contoso.com"], [42]])("refuses the e-mail address %j", (mail) => {
      expect(thrown(() => privileged({ notifications: { activation: { assignee: { additionalRecipients: ["ok@contoso.com", bad(mail)] } } } })).message).toBe(
        `notifications.activation.assignee.additionalRecipients[1]: must be an e-mail address, got ${JSON.stringify(mail)}`,
      );
    });

    test("refuses a recipient listed twice, ignoring case", () => {
      expect(thrown(() => privileged({ notifications: { all: { additionalRecipients: ["secops@contoso.com", "SecOps@contoso.com"] } } })).message).toBe(
        'notifications.all.additionalRecipients: lists "secops@contoso.com" more than once; each address may appear once (compared without case)',
      );
    });

    test("refuses recipients that are not a list", () => {
      expect(thrown(() => privileged({ notifications: { all: { additionalRecipients: bad("secops@contoso.com") } } })).message).toBe(
        'notifications.all.additionalRecipients: must be a list of e-mail addresses, got "secops@contoso.com"',
      );
    });
  });

  describe("unknown and malformed fields are refused, never ignored", () => {
    test.each([
      ["requireAproval", { activation: bad({ requireAproval: true }) }, "activation.requireAproval", "maximumDuration, requireMfa, requireJustification, requireTicket, authenticationContext, requireApproval, approvers"],
      ["activations", bad({ activations: {} }), "activations", "activation, eligibleAssignment, activeAssignment, notifications"],
      ["eligibleAssignment.expireAfter", { eligibleAssignment: bad({ expireAfter: "P30D" }) }, "eligibleAssignment.expireAfter", "expirationRequired, maximumDuration"],
      ["activeAssignment.requireMFA", { activeAssignment: bad({ requireMFA: true }) }, "activeAssignment.requireMFA", "expirationRequired, maximumDuration, requireMfa, requireJustification, requireTicket"],
      ["notifications.activations", { notifications: bad({ activations: {} }) }, "notifications.activations", "all, eligibleAssignment, activeAssignment, activation"],
      ["notifications.activation.requestor", { notifications: { activation: bad({ requestor: {} }) } }, "notifications.activation.requestor", "admin, assignee, approver"],
      ["notifications.all.Level", { notifications: { all: bad({ Level: "All" }) } }, "notifications.all.Level", "level, defaultRecipients, additionalRecipients"],
    ] as [string, RoleSettingsProps, string, string][])("%s", (_, overrides, field, allowed) => {
      expect(thrown(() => privileged(overrides)).message).toBe(`${field}: is not a known field; allowed: ${allowed}`);
    });

    test("a section that is not an object", () => {
      expect(thrown(() => privileged({ activation: bad("PT1H") })).message).toBe(
        'activation: must be an object with maximumDuration, requireMfa, requireJustification, requireTicket, authenticationContext, requireApproval, approvers, got "PT1H"',
      );
      expect(thrown(() => privileged({ notifications: { activation: { admin: bad(["All"]) } } })).message).toBe(
        'notifications.activation.admin: must be an object with level, defaultRecipients, additionalRecipients, got ["All"]',
      );
    });
  });
});

describe("principals", () => {
  const anyKind = 'must be { user: "<object id or user principal name>" } or { group: "<object id or display name>" } or { servicePrincipal: "<object id or display name>" }';

  test.each([["alice@contoso.com"], [null], [[{ user: ALICE }]], [42]])("refuses %j: not an object", (input) => {
    expect(thrown(() => principal(input, "eligible[0]", "Global Administrator")).message).toBe(`Global Administrator: eligible[0]: ${anyKind}, got ${JSON.stringify(input)}`);
  });

  test("lists only the allowed kinds when refusing", () => {
    expect(thrown(() => principal("x", "approvers[0]", undefined, ["user", "group"])).message).toBe(
      'approvers[0]: must be { user: "<object id or user principal name>" } or { group: "<object id or display name>" }, got "x"',
    );
  });

  test("refuses two kinds, or none", () => {
    expect(thrown(() => principal({ user: ALICE, group: "Admins" }, "eligible[0]")).message).toBe(
      `eligible[0]: must name exactly one of user, group, servicePrincipal, got {"user":"${ALICE}","group":"Admins"}`,
    );
    expect(thrown(() => principal({ users: ALICE }, "eligible[0]", undefined, ["user", "group"])).message).toBe(
      `eligible[0]: must name exactly one of user, group, got {"users":"${ALICE}"}`,
    );
  });

  test.each([[""], ["   "], [7]])("refuses the empty or non-string value %j", (value) => {
    expect(thrown(() => principal({ group: value }, "eligible[0]")).message).toBe(`eligible[0].group: must be a non-empty string, got ${JSON.stringify(value)}`);
  });

  test.each([["alice"], ["alice@contoso"], ["al ice@contoso.com"]])("refuses the user %j: neither GUID nor UPN", (value) => {
    expect(thrown(() => principal({ user: value }, "eligible[0]")).message).toBe(
      `eligible[0].user: must be an object id (GUID) or a user principal name (name@domain), got ${JSON.stringify(value)}`,
    );
  });

  test("refuses a service principal given by name", () => {
    expect(thrown(() => principal({ servicePrincipal: "deploy-pipeline" }, "active[0]")).message).toBe(
      'active[0].servicePrincipal: must be an object id (GUID), got "deploy-pipeline"',
    );
  });

  test("refuses a kind that is not allowed, naming the value", () => {
    expect(thrown(() => principal({ servicePrincipal: SP }, "eligible[0]", undefined, ["user", "group"])).message).toBe(
      `eligible[0].servicePrincipal: a servicePrincipal is not allowed here, got "${SP}"; allowed: user, group`,
    );
  });

  test("object ids and UPNs are case-insensitive keys; group names keep their case", () => {
    expect(principal({ user: ` ${ALICE.toUpperCase()} ` }, "p")).toEqual({ type: "user", value: ALICE, isObjectId: true, key: `user:${ALICE}` });
    expect(principal({ user: "Alice@Contoso.com" }, "p")).toEqual({ type: "user", value: "Alice@Contoso.com", isObjectId: false, key: "user:alice@contoso.com" });
    expect(principal({ group: "PIM Approvers" }, "p")).toEqual({ type: "group", value: "PIM Approvers", isObjectId: false, key: "group:PIM Approvers" });
    expect(principal({ servicePrincipal: SP.toUpperCase() }, "p")).toEqual({ type: "servicePrincipal", value: SP, isObjectId: true, key: `servicePrincipal:${SP}` });
  });

  test("assertUnique and byKey", () => {
    const refs: PrincipalRef[] = [principal({ user: BOB }, "p"), principal({ group: "Ops" }, "p"), principal({ user: ALICE }, "p")];
    expect(() => assertUnique(refs, "eligible")).not.toThrow();
    expect([...refs].sort(byKey).map((r) => r.key)).toEqual(["group:Ops", `user:${BOB}`, `user:${ALICE}`]);
    expect(thrown(() => assertUnique([...refs, principal({ group: "OPS" }, "p")], "eligible", "Security Reader")).message).toBe(
      'Security Reader: eligible: lists group "OPS" more than once; each principal may appear once',
    );
  });
});

describe("assignments", () => {
  const defaults = { justification: "Managed by entra-pim-as-code", allowed: ["user", "group"] as const };
  const parse = (inputs: unknown) => parseAssignments(inputs, "eligible", defaults, "Global Administrator");

  test("no list means no assignments", () => {
    expect(parse(undefined)).toEqual([]);
  });

  test("sorted by principal key, with the default justification unless given", () => {
    const out = parse([
      { user: "zoe@contoso.com", expires: "P90D", ticket: " CHG-1 ", ticketSystem: "ServiceNow" },
      { group: "Tier0 Admins", justification: "Break-fix rota" },
      { user: ALICE, expires: "2027-03-31" },
    ]);
    expect(out.map((a) => a.key)).toEqual(["group:Tier0 Admins", `user:${ALICE}`, "user:zoe@contoso.com"]);
    expect(out[0]).toEqual({ principal: out[0].principal, key: "group:Tier0 Admins", justification: "Break-fix rota" });
    expect(out[1]).toMatchObject({ endDateTime: "2027-03-31T00:00:00Z", justification: "Managed by entra-pim-as-code" });
    expect(out[2]).toMatchObject({ duration: "P90D", ticket: "CHG-1", ticketSystem: "ServiceNow" });
  });

  test("refuses a value that is not a list", () => {
    expect(thrown(() => parse({ user: ALICE })).message).toBe(`Global Administrator: eligible: must be a list of principals, got {"user":"${ALICE}"}`);
  });

  test("refuses an unknown field", () => {
    expect(thrown(() => parse([{ user: ALICE, expire: "P30D" }])).message).toBe(
      "Global Administrator: eligible[0].expire: is not a known field; allowed: user, group, servicePrincipal, expires, justification, ticket, ticketSystem",
    );
  });

  test("refuses the same principal twice", () => {
    expect(thrown(() => parse([{ user: "alice@contoso.com" }, { user: BOB }, { user: "ALICE@contoso.com", expires: "P30D" }])).message).toBe(
      'Global Administrator: eligible: lists user "ALICE@contoso.com" more than once; each principal may appear once',
    );
  });

  test("refuses a kind that is not allowed and bad principals, with the index", () => {
    expect(thrown(() => parse([{ user: ALICE }, { servicePrincipal: SP }])).field).toBe("eligible[1].servicePrincipal");
    expect(thrown(() => parse([{ user: "" }])).field).toBe("eligible[0].user");
  });

  test.each([
    ["justification", ""],
    ["ticket", "   "],
    ["ticketSystem", 42],
    ["justification", "x".repeat(501)],
  ])("refuses %s %j", (field, value) => {
    const e = thrown(() => parse([{ user: ALICE, [field]: value }]));
    expect(e.field).toBe(`eligible[0].${field}`);
    expect(e.message).toContain(`must be a non-empty string of at most 500 characters, got `);
  });

  describe("expires", () => {
    test.each([
      ["P90D", { duration: "P90D" }],
      ["PT12H", { duration: "PT12H" }],
      ["PT48H", { duration: "P2D" }],
      ["P1DT12H", { duration: "PT36H" }],
      ["2027-03-31", { endDateTime: "2027-03-31T00:00:00Z" }],
      ["2027-03-31T18:00:00Z", { endDateTime: "2027-03-31T18:00:00Z" }],
      ["2027-03-31T18:00", { endDateTime: "2027-03-31T18:00:00Z" }],
      ["2027-03-31T18:00:00+02:00", { endDateTime: "2027-03-31T16:00:00Z" }],
      ["2028-02-29", { endDateTime: "2028-02-29T00:00:00Z" }],
    ])("accepts %j", (value, parsed) => {
      expect(parseExpiry(value, "expires")).toEqual(parsed);
    });

    test.each([["P1.5D"], ["PT30M"], ["PT90M"], ["P0D"], ["P"], ["P1W"], ["2027-13-01"], ["2027-02-30"], ["2027-04-31"], ["2027-02-29"], ["2027-03-31T24:00:00Z"], ["2027-03-31T18:60"], ["2027-03-31T18:00:00+15:00"], ["2027-3-31"], ["tomorrow"], [""], [90]])(
      "refuses %j",
      (value) => {
        expect(thrown(() => parse([{ user: ALICE, expires: value }])).message).toBe(
          `Global Administrator: eligible[0].expires: must be an ISO 8601 duration of whole days or hours ("P90D", "PT12H") or an end date ("2027-03-31" or "2027-03-31T18:00:00Z"), got ${JSON.stringify(value)}`,
        );
      },
    );

    test("durationDays of canonical durations", () => {
      expect(durationDays("P90D")).toBe(90);
      expect(durationDays("PT12H")).toBe(0.5);
    });
  });
});
