import { TerraformStack, Testing } from "cdktf";
import { BreakGlassAccount, JitRole, Role, RoleSettings } from "../constructs";
import { AZURE_REGIONS, regionProblem } from "../constructs/catalog";
import { schemaProblems, buildProblems, WITH_BREAK_GLASS } from "./tenant-file";
import { message } from "./error-message";

/** Values users trip on (issue 14, item 4): template placeholders left in, and locations that are no Azure region. */

const WORKSPACE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law";
const alerting = { logAnalyticsWorkspaceId: WORKSPACE, resourceGroupName: "rg", location: "westeurope", emails: ["soc@contoso.com"] };
const stack = () => new TerraformStack(Testing.app(), "t");

describe("template placeholders are refused, naming the field and the placeholder", () => {
  test.each([
    [{ group: "<group object id>" }, 'eligible[0].group: contains the placeholder "<group object id>"'],
    [{ user: "<upn>" }, 'eligible[0].user: contains the placeholder "<upn>"'],
    [{ group: "{{ approvers }}" }, 'eligible[0].group: contains the placeholder "{{ approvers }}"'],
  ])("principal %j", (principal, expected) => {
    const m = message(() => new JitRole(stack(), "R", { role: Role.entra("Reports Reader"), eligible: [principal as never], settings: RoleSettings.standard() }));
    expect(m).toContain(expected);
    expect(m).toContain("replace it with the real value");
  });
  test("an Azure scope and the alerting ids", () => {
    expect(message(() => Role.azure("Owner", "/subscriptions/<subscription-id>"))).toBe(
      'Owner: scope: contains the placeholder "<subscription-id>": replace it with the real value, got "/subscriptions/<subscription-id>"',
    );
    expect(message(() => BreakGlassAccount.configureAlerting(stack(), { ...alerting, resourceGroupName: "<rg>" }))).toContain('alerting.resourceGroupName: contains the placeholder "<rg>"');
    expect(message(() => BreakGlassAccount.configureAlerting(stack(), { ...alerting, emails: undefined, actionGroupId: "/subscriptions/<id>/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/ag" }))).toContain(
      'alerting.actionGroupId: contains the placeholder "<id>"',
    );
  });
  test("names with angle brackets that are no placeholder still work (a one-letter tag, a comparison)", () => {
    expect(() => new JitRole(stack(), "R", { role: Role.entra("Reports Reader"), eligible: [{ group: "Ops <b>1</b>" }, { group: "a < b > c" }], settings: RoleSettings.standard() })).not.toThrow();
  });
  test("in the tenant file, with the line", () => {
    const yaml = `${WITH_BREAK_GLASS}roles:\n  - entraRole: Reports Reader\n    eligible:\n      - group: <group name>\n`;
    const line = /^roles\[0\]\.eligible\[0\]\.group: contains the placeholder "<group name>": .*\(line 15, column 9\)$/;
    expect(schemaProblems(yaml)).toEqual([expect.stringMatching(line)]);
    expect(buildProblems(yaml)).toEqual([expect.stringMatching(line)]);
  });
});

describe("alerting.location is an Azure region", () => {
  test("programmatic and display names of known regions are accepted, in any case", () => {
    for (const location of ["westeurope", "West Europe", "SWEDENCENTRAL", "usgovvirginia", "chinanorth3"]) expect(regionProblem(location)).toBeUndefined();
    expect(AZURE_REGIONS.length).toBeGreaterThan(60);
  });
  test.each([
    ["west-europe", 'alerting.location: must be an Azure region\'s name (e.g. "westeurope" or "West Europe"), got "west-europe"'],
    ["westeurop", 'alerting.location: is not an Azure region, got "westeurop"; did you mean "westeurope"?'],
    ["/subscriptions/x", "alerting.location: must be an Azure region's name"],
  ])("%s is refused", (location, expected) => {
    expect(message(() => BreakGlassAccount.configureAlerting(stack(), { ...alerting, location }))).toContain(expected);
  });
  test("a well-formed name the list does not know warns instead (a region opened after this release)", () => {
    const s = stack();
    const configured = BreakGlassAccount.configureAlerting(s, { ...alerting, location: "atlantiscentral" });
    const metadata = configured.node.metadata.map((m) => String(m.data));
    expect(metadata).toEqual([expect.stringMatching(/^alerting\.location: "atlantiscentral" is not an Azure region this release knows/)]);
  });
});
