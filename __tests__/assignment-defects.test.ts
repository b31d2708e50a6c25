import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { JitRole, JitRoleProps, Role, RoleSettings, ValidationError } from "../constructs";
import { parseExpiry, setAssignmentClock } from "../constructs/assignments";
import { buildTenantStack, loadTenantConfig } from "../constructs/config";
import { WITH_BREAK_GLASS, buildProblems } from "./tenant-file";

/**
 * Assignments the providers or Entra refuse, or grant again, found at synth instead of at plan or
 * apply:
 *
 * - a ticket number without its ticket system (or the reverse) on a PIM for Groups schedule: azuread
 *   declares `ticket_number` and `ticket_system` RequiredWith each other, so plan fails;
 * - an end date that has already passed, and the re-grant of ended relative-duration schedules;
 * - a group as an active member of the role-assignable group of `delivery: "group"`: Entra does not
 *   nest groups in role-assignable groups.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** "Now" for every test here: the refusal of past end dates must not depend on the day the tests run. */
const NOW = new Date("2026-12-01T12:00:00Z");
let restoreClock: () => Date;
beforeAll(() => {
  restoreClock = setAssignmentClock(() => NOW);
});
afterAll(() => {
  setAssignmentClock(restoreClock);
});

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000001";
const approvers = RoleSettings.highlyPrivileged({ activation: { approvers: [{ group: "PIM Approvers" }] } });
const USER_ADMIN = { role: Role.entra("User Administrator"), delivery: "group", settings: approvers } as const;
const OPERATORS = { role: Role.pimGroup("Tier1 Operators") } as const;

function stackWith(props: JitRoleProps): { stack: TerraformStack; role: JitRole } {
  const stack = new TerraformStack(Testing.app(), "test");
  return { stack, role: new JitRole(stack, "Role", props) };
}

function synth(props: JitRoleProps): Json {
  return JSON.parse(Testing.synth(stackWith(props).stack, true));
}

function only(json: Json, type: string): Json {
  const entries = Object.values(json.resource?.[type] ?? {});
  expect(entries).toHaveLength(1);
  return entries[0] as Json;
}

/** The ValidationError a JitRole's props raise (fails the test when none is raised). */
function refusal(props: JitRoleProps): ValidationError {
  try {
    stackWith(props);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return e as ValidationError;
  }
  throw new Error("expected the props to be refused");
}

/** The construct's warnings about relative durations (other advice, e.g. provider-policy-advice.test.ts, is left out). */
const warningsOf = (role: JitRole) =>
  role.node.metadata
    .filter((m) => m.type === "@cdktf/warn")
    .map((m) => String(m.data))
    .filter((w) => w.includes("relative expires"));

// ---- the tenant-file route ----

const BG = WITH_BREAK_GLASS;
/** Line of `roles:` in BG + "roles:\n...": BG ends on line 11. */
const ROLES_LINE = 12;

/** Problems of a tenant file as printed (`path: message (line L, column C)`): schema, constructs and checks together. */
const fileProblems = buildProblems;

/** A role delivered through a group, with one active assignment given as YAML lines under `- `. */
const groupRoleFile = (active: string) =>
  `${BG}roles:\n  - entraRole: Reports Reader\n    delivery: group\n    active:\n      - ${active.split("\n").join("\n        ")}\n`;

// ==== Defect 1: ticket number and ticket system go together on PIM for Groups schedules ====

describe("ticket and ticketSystem", () => {
  test("GIVEN group delivery WHEN an active assignment has a ticket but no ticketSystem THEN it is refused, naming the field, the ticket and what to do", () => {
    const e = refusal({ ...USER_ADMIN, active: [{ user: "lynne.robbins@contoso.com", expires: "P15D", ticket: "CHG-1050" }] });
    expect(e.field).toBe("active[user:lynne.robbins@contoso.com].ticketSystem");
    expect(e.message).toBe(
      'JitRole User Administrator: active[user:lynne.robbins@contoso.com].ticketSystem: is missing: ticket is "CHG-1050", and a PIM for Groups schedule takes a ticket number only together with its ticket system (azuread: ticket_number and ticket_system are RequiredWith each other, so terraform plan fails); give ticketSystem (the change system\'s name, e.g. "ServiceNow") or drop ticket',
    );
  });

  test("GIVEN a PIM group WHEN an eligible member has a ticketSystem but no ticket THEN it is refused at .ticket", () => {
    const e = refusal({ ...OPERATORS, eligible: [{ user: "gina@contoso.com", expires: "2027-06-30", ticketSystem: "ServiceNow" }] });
    expect(e.message).toBe(
      'JitRole Tier1 Operators (member): eligible[user:gina@contoso.com].ticket: is missing: ticketSystem is "ServiceNow", and a PIM for Groups schedule takes a ticket system only together with its ticket number (azuread: ticket_number and ticket_system are RequiredWith each other, so terraform plan fails); give ticket (the ticket number, e.g. "CHG-1050") or drop ticketSystem',
    );
  });

  test("GIVEN group delivery WHEN every ticket has its system THEN both are written on the schedules", () => {
    const json = synth({
      ...USER_ADMIN,
      eligible: [{ user: "lee.gu@contoso.com", expires: "2027-06-30", ticket: "CHG-1042", ticketSystem: "ServiceNow" }],
      active: [{ user: "lynne.robbins@contoso.com", expires: "2026-12-15", ticket: "CHG-1050", ticketSystem: "ServiceNow" }],
    });
    expect(only(json, "azuread_privileged_access_group_eligibility_schedule").for_each["user:lee.gu@contoso.com"]).toMatchObject({ ticket_number: "CHG-1042", ticket_system: "ServiceNow" });
    expect(only(json, "azuread_privileged_access_group_assignment_schedule").for_each["user:lynne.robbins@contoso.com"]).toMatchObject({ ticket_number: "CHG-1050", ticket_system: "ServiceNow" });
  });

  test("GIVEN an Azure role WHEN a ticket has no system THEN it is accepted: azurerm's ticket block has no RequiredWith", () => {
    const json = synth({ role: Role.azure("Contributor", SUB), eligible: [{ user: "alex.wilber@contoso.com", expires: "P30D", ticket: "CHG-1077" }] });
    expect(only(json, "azurerm_pim_eligible_role_assignment").for_each["user:alex.wilber@contoso.com"]).toMatchObject({ ticket_number: "CHG-1077", ticket_system: null });
  });

  test("GIVEN a tenant file WHEN an active assignment of a group-delivered role has a ticket but no ticketSystem THEN the problem points at the entry's line", () => {
    const yaml = groupRoleFile("user: lynne.robbins@contoso.com\nexpires: P15D\nticket: CHG-1050");
    expect(fileProblems(yaml)).toEqual([
      `roles[0].active[0].ticketSystem: is missing: ticket is "CHG-1050", and a PIM for Groups schedule takes a ticket number only together with its ticket system (azuread: ticket_number and ticket_system are RequiredWith each other, so terraform plan fails); give ticketSystem (the change system's name, e.g. "ServiceNow") or drop ticket (line ${ROLES_LINE + 4}, column 9)`,
    ]);
    expect(fileProblems(`${yaml}        ticketSystem: ServiceNow\n`)).toEqual([]);
  });

  test("GIVEN examples/tenant.yaml WHEN it is built THEN Lynne Robbins' active assignment carries its ticket system", () => {
    const file = fs.readFileSync(path.join(__dirname, "..", "examples", "tenant.yaml"), "utf8");
    const json = JSON.parse(Testing.synth(buildTenantStack(Testing.app(), loadTenantConfig(file).config)));
    const active = Object.values(json.resource.azuread_privileged_access_group_assignment_schedule as Json)[0] as Json;
    expect(active.for_each["user:lynne.robbins@contoso.com"]).toMatchObject({ ticket_number: "CHG-1050", ticket_system: "ServiceNow" });
  });
});

// ==== Defect 6: end dates that have passed, and relative durations that are granted again ====

describe("expires in the past", () => {
  test("GIVEN an end date before now WHEN it is parsed THEN it is refused, naming the date and saying to remove the entry or give a future date", () => {
    expect(() => parseExpiry("2026-11-30", "expires")).toThrow(
      new ValidationError("expires", "is 2026-11-30 (2026-11-30T00:00:00Z), which is not in the future (now 2026-12-01T12:00:00Z): the assignment has ended; remove the entry, or give an end date in the future"),
    );
  });

  test("GIVEN an end date equal to now THEN it is refused; one second later THEN it is accepted", () => {
    expect(() => parseExpiry("2026-12-01T12:00:00Z", "expires")).toThrow(/is 2026-12-01T12:00:00Z \(2026-12-01T12:00:00Z\), which is not in the future/);
    expect(parseExpiry("2026-12-01T12:00:01Z", "expires")).toEqual({ endDateTime: "2026-12-01T12:00:01Z" });
    // An offset is compared as the instant it names: 13:30+02:00 is 11:30Z, before now.
    expect(() => parseExpiry("2026-12-01T13:30:00+02:00", "expires")).toThrow(/\(2026-12-01T11:30:00Z\), which is not in the future/);
  });

  test("GIVEN a clock passed explicitly THEN it decides instead of the module clock", () => {
    expect(parseExpiry("2026-11-30", "expires", undefined, new Date("2026-11-01T00:00:00Z"))).toEqual({ endDateTime: "2026-11-30T00:00:00Z" });
  });

  test("GIVEN a JitRole WHEN an eligible member's end date has passed THEN the construct is refused with the role and the field", () => {
    const e = refusal({ ...USER_ADMIN, eligible: [{ user: "bob@contoso.com", expires: "2026-06-30" }] });
    expect(e.message).toBe(
      "JitRole User Administrator: eligible[0].expires: is 2026-06-30 (2026-06-30T00:00:00Z), which is not in the future (now 2026-12-01T12:00:00Z): the assignment has ended; remove the entry, or give an end date in the future",
    );
  });

  test("GIVEN an Azure role WHEN an active assignment's end date has passed THEN it is refused too", () => {
    const e = refusal({ role: Role.azure("Contributor", SUB), active: [{ user: "frank@contoso.com", expires: "2026-01-31T18:00:00Z" }] });
    expect(e.field).toBe("active[0].expires");
  });

  test("GIVEN future end dates WHEN synthesized under two different clocks THEN the output is byte-identical (the clock never reaches the JSON)", () => {
    const props = (): JitRoleProps => ({ ...USER_ADMIN, eligible: [{ user: "bob@contoso.com", expires: "2027-06-30" }], active: [{ user: "carol@contoso.com", expires: "2026-12-10T18:00:00Z" }] });
    const first = Testing.synth(stackWith(props()).stack);
    const previous = setAssignmentClock(() => new Date("2026-12-09T00:00:00Z"));
    try {
      expect(Testing.synth(stackWith(props()).stack)).toBe(first);
    } finally {
      setAssignmentClock(previous);
    }
    expect(only(JSON.parse(first), "azuread_privileged_access_group_eligibility_schedule").for_each["user:bob@contoso.com"]).toMatchObject({
      expiration_date: "2027-06-30T00:00:00Z",
      duration: null,
      permanent: false,
    });
  });

  test("GIVEN a tenant file WHEN an end date has passed THEN the schema reports it at the expires line", () => {
    const yaml = `${BG}roles:\n  - entraRole: Reports Reader\n    delivery: group\n    eligible:\n      - user: a@contoso.com\n        expires: 2026-03-31\n`;
    expect(fileProblems(yaml)).toEqual([
      `roles[0].eligible[0].expires: is 2026-03-31 (2026-03-31T00:00:00Z), which is not in the future (now 2026-12-01T12:00:00Z): the assignment has ended; remove the entry, or give an end date in the future (line ${ROLES_LINE + 5}, column 9)`,
    ]);
  });
});

describe("relative durations on PIM for Groups", () => {
  const REGRANT =
    "azuread reads a PIM for Groups schedule that has ended and whose request Graph has purged (about 45 days) as deleted, and the next apply creates it again: the access is granted again for the same duration. Remove each entry when it ends, or give an end date (expires: YYYY-MM-DD), which synthesis refuses once it has passed.";

  test("GIVEN group delivery with many relative durations THEN one warning per role names the count and a few principals", () => {
    const { role } = stackWith({
      ...USER_ADMIN,
      eligible: [
        { user: "bob@contoso.com", expires: "P90D" },
        { user: "carol@contoso.com", expires: "P30D" },
        { group: "Service Desk", expires: "P180D" },
        { user: "erin@contoso.com", expires: "2027-03-31" },
        { user: "frank@contoso.com" },
      ],
      active: [{ user: "dave@contoso.com", expires: "P15D" }, { user: "gina@contoso.com", expires: "PT12H" }],
    });
    expect(warningsOf(role)).toEqual([
      `JitRole User Administrator: 5 schedules have a relative expires (eligible[group:Service Desk] P180D, eligible[user:bob@contoso.com] P90D, eligible[user:carol@contoso.com] P30D and 2 more): ${REGRANT}`,
    ]);
  });

  test("GIVEN a PIM group with one relative duration THEN the warning reads in the singular", () => {
    const { role } = stackWith({ ...OPERATORS, active: [{ user: "hank@contoso.com", expires: "P15D" }] });
    expect(warningsOf(role)).toEqual([`JitRole Tier1 Operators (member): 1 schedule has a relative expires (active[user:hank@contoso.com] P15D): ${REGRANT}`]);
  });

  test("GIVEN only end dates or permanent entries, or an Azure role THEN there is no warning", () => {
    expect(warningsOf(stackWith({ ...USER_ADMIN, eligible: [{ user: "bob@contoso.com", expires: "2027-03-31" }, { user: "carol@contoso.com" }] }).role)).toEqual([]);
    expect(warningsOf(stackWith({ role: Role.azure("Contributor", SUB), eligible: [{ user: "erin@contoso.com", expires: "P30D" }] }).role)).toEqual([]);
  });
});

// ==== Defect 9: no group as an active member of a role-assignable group ====

describe("groups as members of the role-assignable group of group delivery", () => {
  test("GIVEN group delivery WHEN a group is an active member THEN it is refused with the reason and what to do instead", () => {
    const e = refusal({ ...USER_ADMIN, active: [{ group: "Cloud Ops", expires: "P15D" }] });
    expect(e.message).toBe(
      'JitRole User Administrator: active[group:Cloud Ops].group: cannot be an active member of the role-assignable group that delivery: "group" creates: Entra does not nest groups in role-assignable groups (a group can only be an eligible member); make the group eligible instead, or give its people active assignments as users',
    );
  });

  test("GIVEN group delivery WHEN a group is an eligible member THEN it is accepted (PIM for Groups allows eligible group membership)", () => {
    const json = synth({ ...USER_ADMIN, eligible: [{ group: "Cloud Ops", expires: "2027-03-31" }] });
    expect(Object.keys(only(json, "azuread_privileged_access_group_eligibility_schedule").for_each)).toEqual(["group:Cloud Ops"]);
  });

  test("GIVEN group delivery WHEN a user is an active member THEN it is written", () => {
    const json = synth({ ...USER_ADMIN, active: [{ user: "dave@contoso.com", expires: "2026-12-15" }] });
    expect(only(json, "azuread_privileged_access_group_assignment_schedule").for_each["user:dave@contoso.com"]).toMatchObject({
      expiration_date: "2026-12-15T00:00:00Z",
      permanent: false,
    });
  });

  test("GIVEN a tenant file WHEN a group is an active member of a group-delivered role THEN the problem points at the group's line", () => {
    expect(fileProblems(groupRoleFile("group: Cloud Ops\nexpires: P15D"))).toEqual([
      `roles[0].active[0].group: cannot be an active member of the role-assignable group that delivery: "group" creates: Entra does not nest groups in role-assignable groups (a group can only be an eligible member); make the group eligible instead, or give its people active assignments as users (line ${ROLES_LINE + 4}, column 9)`,
    ]);
  });
});
