import { TerraformStack, Testing } from "cdktf";
import { BreakGlassAccount } from "../constructs/break-glass-account";
// AdminWorkstationPolicy is not yet re-exported from constructs/index.ts (owned by the lead).
import { ADMIN_TEMPLATE_ROLE_IDS, AdminWorkstationPolicy, AdminWorkstationPolicyProps } from "../constructs/admin-workstation-policy";
import {
  AuthenticationStrengths,
  BreakGlassRegistry,
  EntraRoles,
  JitRole,
  Role,
  RoleSettings,
} from "../constructs";
import { recordForTerraform } from "./terraform-record";
import { User } from "../constructs/providers";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const GA = EntraRoles.GLOBAL_ADMINISTRATOR.templateId;
const PHISHING = "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004";
const REPORT_ONLY = "enabledForReportingButNotEnforced";

/** Registers a break-glass account directly (BreakGlassAccount registers the same way). */
function breakGlass(stack: TerraformStack, name: string): void {
  // A real user at the address the registry names, so the stack plans (the Terraform stage runs it).
  new User(stack, name, { userPrincipalName: `${name}@contoso.onmicrosoft.com`, displayName: name });
  BreakGlassRegistry.of(stack).register({
    userPrincipalName: `${name}@contoso.onmicrosoft.com`,
    objectId: `\${azuread_user.${name}.object_id}`,
    construct: stack,
  });
}

function synthRaw(build: (stack: TerraformStack) => void): string {
  const stack = new TerraformStack(Testing.app(), "test");
  build(stack);
  return Testing.synth(stack, true);
}

function synth(build: (stack: TerraformStack) => void): Json {
  return JSON.parse(synthRaw(build));
}

/** The policy with this construct id (AuthenticationStrength, CompliantDevice, ...). */
function ca(json: Json, id: string): Json {
  const found = Object.entries(json.resource.azuread_conditional_access_policy ?? {}).find(([key]) => key.startsWith(`Policy_${id}_`));
  if (!found) throw new Error(`no policy ${id} in ${Object.keys(json.resource.azuread_conditional_access_policy ?? {}).join(", ")}`);
  return found[1] as Json;
}

function policy(props: AdminWorkstationPolicyProps = {}, withBreakGlass = true): (stack: TerraformStack) => void {
  return (stack) => {
    new AdminWorkstationPolicy(stack, "Policy", props);
    if (withBreakGlass) breakGlass(stack, "bg1");
  };
}

function refusal(build: (stack: TerraformStack) => void): string {
  try {
    synthRaw(build);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the synth to be refused");
}

describe("default rendering", () => {
  const json = synth(policy());
  const policies = Object.values(json.resource.azuread_conditional_access_policy) as Json[];

  test("writes one report-only azuread policy per control, plus the authentication context policy through msgraph", () => {
    expect(policies.map((p) => p.display_name).sort()).toEqual([
      "PAC: Block legacy authentication for privileged roles (managed as code)",
      "PAC: Block privileged roles outside privileged access workstations (managed as code)",
      "PAC: Require compliant or hybrid-joined device for privileged roles (managed as code)",
      "PAC: Require phishing-resistant MFA for privileged roles (managed as code)",
      "PAC: Sign in every 4 hours, no persistent browser for privileged roles (managed as code)",
    ]);
    for (const p of policies) expect(p.state).toBe(REPORT_ONLY);
    expect(Object.keys(json.resource.msgraph_resource)).toHaveLength(1);
    // No location restriction unless locations are given: there is no safe default network.
    expect(json.resource.azuread_named_location).toBeUndefined();
  });

  test("targets the roles by template id, all applications and all client apps", () => {
    for (const p of policies) {
      expect(p.conditions.users.included_roles).toEqual([...ADMIN_TEMPLATE_ROLE_IDS]);
      expect(p.conditions.applications.included_applications).toEqual(["All"]);
    }
    expect(ADMIN_TEMPLATE_ROLE_IDS).toHaveLength(15);
    expect(ADMIN_TEMPLATE_ROLE_IDS).toContain(GA);
    expect(ADMIN_TEMPLATE_ROLE_IDS).toEqual([...ADMIN_TEMPLATE_ROLE_IDS].sort());
  });

  test("requires the phishing-resistant authentication strength", () => {
    const p = ca(json, "AuthenticationStrength");
    expect(p.grant_controls).toEqual({ operator: "OR", authentication_strength_policy_id: PHISHING });
    expect(p.conditions.client_app_types).toEqual(["all"]);
  });

  test("requires a compliant or hybrid-joined device", () => {
    expect(ca(json, "CompliantDevice").grant_controls).toEqual({ operator: "OR", built_in_controls: ["compliantDevice", "domainJoinedDevice"] });
  });

  test("blocks the roles on every device that does not match the PAW filter (exclude mode)", () => {
    const p = ca(json, "PrivilegedWorkstation");
    expect(p.conditions.devices).toEqual({ filter: { mode: "exclude", rule: 'device.extensionAttribute1 -eq "PAW"' } });
    expect(p.grant_controls).toEqual({ operator: "OR", built_in_controls: ["block"] });
  });

  test("asks for sign-in every 4 hours and never persists the browser session", () => {
    const p = ca(json, "SignInFrequency");
    expect(p.session_controls).toEqual({
      persistent_browser_mode: "never",
      sign_in_frequency: 4,
      sign_in_frequency_authentication_type: "primaryAndSecondaryAuthentication",
      sign_in_frequency_interval: "timeBased",
      sign_in_frequency_period: "hours",
    });
    expect(p.grant_controls).toBeUndefined();
  });

  test("blocks legacy authentication clients", () => {
    const p = ca(json, "LegacyAuthentication");
    expect(p.conditions.client_app_types).toEqual(["exchangeActiveSync", "other"]);
    expect(p.grant_controls).toEqual({ operator: "OR", built_in_controls: ["block"] });
  });

  test("creates authentication context c1 with a PATCH upsert and its policy with msgraph_resource", () => {
    const ref = Object.values(json.resource.msgraph_update_resource)[0] as Json;
    expect(ref.url).toBe("identity/conditionalAccess/authenticationContextClassReferences/c1");
    expect(ref.body).toEqual({ description: "Requires phishing-resistant MFA. Managed as code.", displayName: "Privileged role activation", isAvailable: true });
    const [[refKey]] = Object.entries(json.resource.msgraph_update_resource);
    const p = Object.values(json.resource.msgraph_resource)[0] as Json;
    expect(p.url).toBe("identity/conditionalAccess/policies");
    expect(p.depends_on).toEqual([`msgraph_update_resource.${refKey}`]);
    expect(p.body).toEqual({
      conditions: {
        applications: { includeAuthenticationContextClassReferences: ["c1"] },
        clientAppTypes: ["all"],
        users: { excludeUsers: ["${azuread_user.bg1.object_id}"], includeUsers: ["All"] },
      },
      displayName: "PAC: Require phishing-resistant MFA for authentication context c1 (managed as code)",
      grantControls: { authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" }, operator: "OR" },
      state: REPORT_ONLY,
    });
  });

  test("matches the snapshot", () => {
    expect(recordForTerraform("admin-workstation-policy", json)).toMatchSnapshot();
  });
});

describe("public fields", () => {
  const stack = new TerraformStack(Testing.app(), "fields");
  const awp = new AdminWorkstationPolicy(stack, "Policy", { authenticationContext: { claimValue: "c7", displayName: "PIM step-up" } });

  test("exposes the policies in control order, the state and the authentication context", () => {
    expect(awp.policies.map((p) => p.control)).toEqual([
      "authenticationStrength", "compliantDevice", "privilegedWorkstation", "signInFrequency", "legacyAuthentication", "authenticationContext",
    ]);
    expect(awp.policies.every((p) => p.displayName.endsWith("(managed as code)"))).toBe(true);
    expect(awp.state).toBe(REPORT_ONLY);
    expect(awp.authenticationContext).toMatchObject({ claimValue: "c7", displayName: "PIM step-up" });
    expect(awp.authenticationContext?.dependency).toBe(awp.node.findChild("AuthenticationContextClassReference"));
    expect(AdminWorkstationPolicy.isAdminWorkstationPolicy(awp)).toBe(true);
    expect(AdminWorkstationPolicy.isAdminWorkstationPolicy(stack)).toBe(false);
  });
});

describe("break-glass exclusions", () => {
  const json = synth((stack) => {
    breakGlass(stack, "bg_before");
    new AdminWorkstationPolicy(stack, "Policy", {
      excluded: [{ user: "ops@contoso.com" }, { group: "CA Exclusions" }, { user: "9b1c7d3e-1111-4222-8333-444455556666" }],
    });
    breakGlass(stack, "bg_after");
  });

  test("every policy excludes all break-glass accounts, created before or after, then the given users", () => {
    const expected = [
      "${azuread_user.bg_after.object_id}",
      "${azuread_user.bg_before.object_id}",
      "9b1c7d3e-1111-4222-8333-444455556666",
      '${data.azuread_user.principal_users["ops@contoso.com"].object_id}',
    ];
    const policies = Object.values(json.resource.azuread_conditional_access_policy) as Json[];
    for (const p of policies) {
      expect(p.conditions.users.excluded_users).toEqual(expected);
      expect(p.conditions.users.excluded_groups).toEqual(['${data.azuread_group.principal_groups["CA Exclusions"].object_id}']);
    }
    const context = Object.values(json.resource.msgraph_resource)[0] as Json;
    expect(context.body.conditions.users.excludeUsers).toEqual(expected);
    expect(context.body.conditions.users.excludeGroups).toEqual(['${data.azuread_group.principal_groups["CA Exclusions"].object_id}']);
  });

  test("reordered exclusions give identical JSON", () => {
    const reordered = synth((stack) => {
      breakGlass(stack, "bg_after");
      new AdminWorkstationPolicy(stack, "Policy", {
        excluded: [{ user: "9b1c7d3e-1111-4222-8333-444455556666" }, { group: "CA Exclusions" }, { user: "ops@contoso.com" }],
      });
      breakGlass(stack, "bg_before");
    });
    expect(reordered).toEqual(json);
  });
});

test("excludes BreakGlassAccount constructs, created before or after, and allows enforcement with them", () => {
  const json = synth((stack) => {
    new BreakGlassAccount(stack, "Bg2", { userPrincipalName: "bg-02@contoso.onmicrosoft.com" });
    new AdminWorkstationPolicy(stack, "Policy", { state: "enabled", roles: ["Global Administrator"] });
    new BreakGlassAccount(stack, "Bg1", { userPrincipalName: "bg-01@contoso.onmicrosoft.com" });
  });
  const excluded = ca(json, "AuthenticationStrength").conditions.users.excluded_users as string[];
  expect(excluded).toHaveLength(2);
  expect(excluded.every((id) => /^\$\{azuread_user\.[A-Za-z0-9_-]+\.object_id\}$/.test(id))).toBe(true);
  expect(excluded[0]).toContain("bg-01");
  expect(ca(json, "AuthenticationStrength").state).toBe("enabled");
});

describe("default role set", () => {
  let awp!: AdminWorkstationPolicy;
  const CLOUD_DEVICE = EntraRoles.CLOUD_DEVICE_ADMINISTRATOR.templateId;
  const INTUNE = EntraRoles.INTUNE_ADMINISTRATOR.templateId;
  const json = synth((stack) => {
    new JitRole(stack, "Before", { role: Role.entra("Cloud Device Administrator"), eligible: [{ user: "a@contoso.com" }] });
    awp = new AdminWorkstationPolicy(stack, "Policy", { includeMicrosoftAdminRoles: false });
    new JitRole(stack, "After", { role: Role.entra("Intune Administrator"), eligible: [{ user: "b@contoso.com" }], settings: RoleSettings.privileged() });
    new JitRole(stack, "NotPrivileged", { role: Role.entra("Reports Reader"), eligible: [{ user: "c@contoso.com" }] });
    new JitRole(stack, "Custom", { role: Role.customEntra({ id: "11111111-2222-4333-8444-555555555555", displayName: "Tier1 Helpdesk" }), eligible: [{ user: "d@contoso.com" }] });
    breakGlass(stack, "bg1");
  });

  test("follows privileged JitRoles created before and after, and Global Administrator for break-glass accounts", () => {
    const expected = [CLOUD_DEVICE, GA, INTUNE].sort();
    expect(ca(json, "AuthenticationStrength").conditions.users.included_roles).toEqual(expected);
    expect(awp.roleTemplateIds()).toEqual(expected);
  });

  test("warns that custom Entra roles of JitRoles cannot be protected", () => {
    const warnings = awp.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data);
    expect(warnings).toEqual([
      "Custom role Tier1 Helpdesk (11111111-2222-4333-8444-555555555555) is not protected: Conditional Access enforces built-in roles only.",
    ]);
  });

  test("adds Microsoft's admin template roles unless told not to", () => {
    const withTemplates = synth((stack) => {
      new AdminWorkstationPolicy(stack, "Policy");
      new JitRole(stack, "After", { role: Role.entra("Intune Administrator"), eligible: [{ user: "b@contoso.com" }], settings: RoleSettings.privileged() });
      breakGlass(stack, "bg1");
    });
    expect(ca(withTemplates, "CompliantDevice").conditions.users.included_roles).toEqual([...ADMIN_TEMPLATE_ROLE_IDS, INTUNE].sort());
  });

  test("takes an explicit list by name, template id or catalog entry, sorted and de-duplicated", () => {
    const roles = ["Security Administrator", GA, EntraRoles.PRIVILEGED_ROLE_ADMINISTRATOR, "global administrator"];
    const a = synthRaw(policy({ roles }));
    const b = synthRaw(policy({ roles: [...roles].reverse() }));
    expect(a).toBe(b);
    expect(ca(JSON.parse(a), "LegacyAuthentication").conditions.users.included_roles).toEqual(
      [GA, EntraRoles.PRIVILEGED_ROLE_ADMINISTRATOR.templateId, EntraRoles.SECURITY_ADMINISTRATOR.templateId].sort(),
    );
  });
});

describe("a JitRole that requires the policy's authentication context on activation", () => {
  const build = (state?: "enabled") =>
    synth((stack) => {
      const awp = new AdminWorkstationPolicy(stack, "Policy", { authenticationContext: { claimValue: "c12" }, ...(state ? { state } : {}) });
      breakGlass(stack, "bg1");
      new JitRole(stack, "GlobalAdmin", {
        role: Role.entra("Global Administrator"),
        eligible: [{ user: "alice@contoso.com" }],
        settings: RoleSettings.highlyPrivileged({ activation: { authenticationContext: awp.authenticationContext, approvers: [{ group: "PIM Approvers" }] } }),
      });
    });
  const rulesOf = (json: Json) => {
    const updates = Object.values(json.resource.msgraph_update_resource) as Json[];
    const policy = updates.find((r) => Array.isArray(r.body.rules)) as Json;
    const rules = policy.body.rules as Json[];
    return {
      updates,
      policy,
      context: rules.find((r) => r.id === "AuthenticationContext_EndUser_Assignment") as Json,
      enablement: rules.find((r) => r.id === "Enablement_EndUser_Assignment") as Json,
    };
  };

  test("GIVEN the policy is enforced THEN activation requires the context instead of MFA, after the context exists", () => {
    const json = build("enabled");
    const { updates, policy, context, enablement } = rulesOf(json);
    expect(context).toMatchObject({ claimValue: "c12", isEnabled: true });
    expect(enablement.enabledRules).not.toContain("MultiFactorAuthentication");
    const reference = updates.find((r) => r.url.endsWith("/c12")) as Json;
    expect(reference.body.displayName).toBe("Privileged role activation");
    // The first apply creates the context before Graph is asked to require it.
    const [contextAddress] = Object.entries(json.resource.msgraph_update_resource as Json).find(([, r]) => r === reference) as [string, Json];
    expect(policy.depends_on).toEqual([`msgraph_update_resource.${contextAddress}`]);
  });

  test("GIVEN the policy is report-only THEN activation keeps MFA and the context waits (issue 13: report-only must not remove MFA)", () => {
    const { policy, context, enablement } = rulesOf(build());
    expect(context).toMatchObject({ isEnabled: false });
    expect(enablement.enabledRules).toContain("MultiFactorAuthentication");
    // Still created after the context, so enforcing the policy later switches activation in one apply.
    expect(policy.depends_on).toHaveLength(1);
  });

  test("GIVEN the policy is report-only THEN the JitRole says activation uses MFA until the policy is enforced", () => {
    const stack = new TerraformStack(Testing.app(), "advice");
    const awp = new AdminWorkstationPolicy(stack, "Policy", { authenticationContext: { claimValue: "c12" } });
    const role = new JitRole(stack, "GlobalAdmin", {
      role: Role.entra("Global Administrator"),
      settings: RoleSettings.highlyPrivileged({ activation: { authenticationContext: awp.authenticationContext, approvers: [{ group: "PIM Approvers" }] } }),
    });
    expect(role.settings.spec.activation).toMatchObject({ requireMfa: true, pendingAuthenticationContext: "c12" });
    expect(role.settings.spec.activation.authenticationContext).toBeUndefined();
    expect(role.node.metadata.map((m) => String(m.data))).toEqual([expect.stringMatching(/activation requires MFA, not authentication context c12, until the context's Conditional Access policy is enforced/)]);
  });
});

describe("allowed locations", () => {
  const locations = [
    { name: "HQ", ipRanges: ["203.0.113.0/24", "2001:DB8::/48", "198.51.100.7/32"] },
    { namedLocationId: "0E3B2C4D-5A6B-4C7D-8E9F-0A1B2C3D4E5F" },
    { name: "Home countries", countries: ["us", "GB", "DE"] },
  ];
  const json = synth(policy({ allowedLocations: locations }));

  test("creates named locations and excludes them by object_id from a block on all locations", () => {
    const named = json.resource.azuread_named_location as Json;
    const keyOf = (name: string) => Object.keys(named).find((k) => named[k].display_name === name) as string;
    const [countryKey, hqKey] = [keyOf("Home countries"), keyOf("HQ")];
    expect(named[hqKey]).toEqual({ display_name: "HQ", ip: { ip_ranges: ["198.51.100.7/32", "2001:db8::/48", "203.0.113.0/24"], trusted: false } });
    expect(named[countryKey]).toEqual({ display_name: "Home countries", country: { countries_and_regions: ["DE", "GB", "US"], include_unknown_countries_and_regions: false } });
    const p = ca(json, "AllowedLocations");
    expect(p.conditions.locations).toEqual({
      included_locations: ["All"],
      excluded_locations: ["0e3b2c4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f", `\${azuread_named_location.${countryKey}.object_id}`, `\${azuread_named_location.${hqKey}.object_id}`],
    });
    expect(p.grant_controls).toEqual({ operator: "OR", built_in_controls: ["block"] });
    expect(p.display_name).toBe("PAC: Block privileged roles outside allowed locations (managed as code)");
  });

  test("reordered locations, ranges and countries give identical JSON", () => {
    const reordered = [
      { name: "Home countries", countries: ["DE", "us", "GB"] },
      { namedLocationId: "0e3b2c4d-5a6b-4c7d-8e9f-0a1b2c3d4e5f" },
      { name: "HQ", ipRanges: ["198.51.100.7/32", "203.0.113.0/24", "2001:db8::/48"] },
    ];
    expect(synth(policy({ allowedLocations: reordered }))).toEqual(json);
  });
});

describe("overriding and disabling controls", () => {
  test("writes only the controls left on, with the overridden values", () => {
    const json = synth(policy({
      authenticationStrength: false,
      compliantDevice: "compliant",
      privilegedWorkstation: 'device.extensionAttribute3 -eq "SAW" -and device.trustType -eq "AzureAD"',
      signInFrequencyHours: false,
      blockLegacyAuthentication: false,
      authenticationContext: false,
      displayNamePrefix: "Tier0",
      state: "disabled",
    }));
    const policies = Object.values(json.resource.azuread_conditional_access_policy) as Json[];
    expect(policies.map((p) => p.display_name).sort()).toEqual([
      "Tier0: Block privileged roles outside privileged access workstations (managed as code)",
      "Tier0: Require compliant device for privileged roles (managed as code)",
    ]);
    expect(ca(json, "CompliantDevice").grant_controls.built_in_controls).toEqual(["compliantDevice"]);
    expect(ca(json, "PrivilegedWorkstation").conditions.devices.filter.rule).toBe('device.extensionAttribute3 -eq "SAW" -and device.trustType -eq "AzureAD"');
    expect(policies.every((p) => p.state === "disabled")).toBe(true);
    expect(json.resource.msgraph_resource).toBeUndefined();
    expect(json.resource.msgraph_update_resource).toBeUndefined();
  });

  test("a built-in strength by name, and sign-in frequency in hours", () => {
    const json = synth(policy({ authenticationStrength: "Passwordless MFA", signInFrequencyHours: 1 }));
    expect(ca(json, "AuthenticationStrength").grant_controls.authentication_strength_policy_id).toBe(AuthenticationStrengths.PASSWORDLESS_MFA.policyId);
    expect(ca(json, "AuthenticationStrength").display_name).toBe("PAC: Require passwordless MFA for privileged roles (managed as code)");
    expect(ca(json, "SignInFrequency").session_controls.sign_in_frequency).toBe(1);
    expect(ca(json, "SignInFrequency").display_name).toBe("PAC: Sign in every 1 hour, no persistent browser for privileged roles (managed as code)");
    const context = Object.values(json.resource.msgraph_resource)[0] as Json;
    expect(context.body.grantControls.authenticationStrength.id).toBe(AuthenticationStrengths.PASSWORDLESS_MFA.id);
  });

  test("a custom authentication strength is created and required by both policies", () => {
    const combinations = ["x509CertificateMultiFactor", "fido2", "windowsHelloForBusiness"];
    const json = synth(policy({ authenticationStrength: { displayName: "Tier0 strength", allowedCombinations: combinations } }));
    const [[key, strength]] = Object.entries(json.resource.azuread_authentication_strength_policy as Json);
    expect(strength).toEqual({ display_name: "Tier0 strength", description: "Managed as code", allowed_combinations: ["fido2", "windowsHelloForBusiness", "x509CertificateMultiFactor"] });
    expect(ca(json, "AuthenticationStrength").grant_controls.authentication_strength_policy_id).toBe(`\${azuread_authentication_strength_policy.${key}.id}`);
    const context = Object.values(json.resource.msgraph_resource)[0] as Json;
    expect(context.body.grantControls.authenticationStrength.id).toBe(`\${trimprefix(azuread_authentication_strength_policy.${key}.id, "/policies/authenticationStrengthPolicies/")}`);
    const reordered = synth(policy({ authenticationStrength: { displayName: "Tier0 strength", allowedCombinations: [...combinations].reverse() } }));
    expect(reordered).toEqual(json);
  });
});

describe("refusals", () => {
  const ctx = "AdminWorkstationPolicy test/Policy";
  const fails = (props: AdminWorkstationPolicyProps) => () => synth(policy(props));

  test("an explicit empty role list", () => {
    expect(fails({ roles: [] })).toThrow(`${ctx}: roles: must list at least one Entra built-in role (display name, template id or EntraRoles.*), got []`);
  });

  test("a custom role id, which Conditional Access does not enforce", () => {
    expect(fails({ roles: ["11111111-2222-4333-8444-555555555555"] })).toThrow(/roles\[0\]: "11111111-2222-4333-8444-555555555555" is not the template id of a Microsoft Entra built-in role/);
  });

  test("includeMicrosoftAdminRoles with an explicit list", () => {
    expect(fails({ roles: ["Global Administrator"], includeMicrosoftAdminRoles: true })).toThrow(`${ctx}: includeMicrosoftAdminRoles: applies to the default role set only`);
  });

  test("an empty default role set, at synth", () => {
    const message = refusal((stack) => void new AdminWorkstationPolicy(stack, "Policy", { includeMicrosoftAdminRoles: false }));
    expect(message).toContain(`${ctx}: roles: the default role set is empty: no JitRole in this stack manages a privileged built-in Entra role`);
  });

  test("a device filter longer than 3,072 characters", () => {
    const rule = `device.displayName -in [${Array.from({ length: 400 }, (_, i) => `"PAW-${i}"`).join(",")}]`;
    expect(fails({ privilegedWorkstation: rule })).toThrow(`${ctx}: privilegedWorkstation: must be at most 3072 characters (Entra's device filter limit), got ${rule.length}`);
  });

  test("a filter that is not a device rule", () => {
    expect(fails({ privilegedWorkstation: 'user.department -eq "IT"' })).toThrow(`${ctx}: privilegedWorkstation: must be a device filter rule such as device.extensionAttribute1 -eq "PAW", got "user.department -eq \\"IT\\"": user.department is not a device property`);
    expect(fails({ privilegedWorkstation: 'device.colour -eq "red"' })).toThrow(`${ctx}: privilegedWorkstation: uses unsupported device property "colour"`);
    expect(fails({ privilegedWorkstation: 'device.model -like "Surface*"' })).toThrow(`${ctx}: privilegedWorkstation: must follow device.model with an operator (-eq, -ne, -startsWith`);
    expect(fails({ privilegedWorkstation: '(device.model -eq "Surface"' })).toThrow(`${ctx}: privilegedWorkstation: has an unmatched "("`);
  });

  test("an empty location list", () => {
    expect(fails({ allowedLocations: [] })).toThrow(`${ctx}: allowedLocations: must be a non-empty list of locations ({ name, ipRanges } | { name, countries } | { namedLocationId }), got []; an empty list would block the roles everywhere`);
  });

  test("invalid IP ranges and country codes", () => {
    expect(fails({ allowedLocations: [{ name: "HQ", ipRanges: ["10.0.0.0/4"] }] })).toThrow(`${ctx}: allowedLocations[0].ipRanges[0]: must be an IPv4 or IPv6 range in CIDR notation with a prefix of /8 or longer (e.g. 203.0.113.0/24), got "10.0.0.0/4"`);
    expect(fails({ allowedLocations: [{ name: "HQ", ipRanges: ["300.1.1.1/24"] }] })).toThrow(/ipRanges\[0\]: must be an IPv4 or IPv6 range .* got "300\.1\.1\.1\/24"/);
    expect(fails({ allowedLocations: [{ name: "HQ", ipRanges: ["203.0.113.7"] }] })).toThrow(/got "203\.0\.113\.7"/);
    expect(fails({ allowedLocations: [{ name: "EU", countries: ["DE", "XX"] }] })).toThrow(`${ctx}: allowedLocations[0].countries[1]: must be an ISO 3166-1 alpha-2 country or region code (e.g. US, GB, DE), got "XX"`);
    expect(fails({ allowedLocations: [{ name: "EU", countries: ["USA"] }] })).toThrow(/countries\[0\]: must be an ISO 3166-1 alpha-2 .* got "USA"/);
    expect(fails({ allowedLocations: [{ name: "Both", countries: ["US"], ipRanges: ["203.0.113.0/24"] }] })).toThrow(`${ctx}: allowedLocations[0]: must give exactly one of ipRanges, countries or namedLocationId`);
    expect(fails({ allowedLocations: [{ namedLocationId: "not-a-guid" }] })).toThrow(`${ctx}: allowedLocations[0].namedLocationId: must be the object id (GUID) of an existing named location, got "not-a-guid"`);
  });

  test("a claim value outside c1..c99", () => {
    expect(fails({ authenticationContext: { claimValue: "c100" } })).toThrow(`${ctx}: authenticationContext.claimValue: must be an authentication context claim value "c1".."c99", got "c100"`);
    expect(fails({ authenticationContext: { claimValue: "c0" } })).toThrow(/got "c0"/);
  });

  test("a sign-in frequency outside 1..23 hours", () => {
    expect(fails({ signInFrequencyHours: 24 })).toThrow(`${ctx}: signInFrequencyHours: must be a whole number of hours from 1 to 23 (Entra's range for hours), or false, got 24`);
  });

  test("unknown authentication method combinations", () => {
    expect(fails({ authenticationStrength: { displayName: "Weak", allowedCombinations: ["password,carrierPigeon"] } })).toThrow(
      `${ctx}: authenticationStrength.allowedCombinations[0]: must be a comma-separated combination of`,
    );
  });

  test("enforcing without a break-glass account", () => {
    const message = refusal(policy({ state: "enabled" }, false));
    expect(message).toContain(
      `${ctx}: state: is "enabled" but the stack has no break-glass account: an enforced policy could lock every administrator out of the tenant. Add a BreakGlassAccount, keep report-only, or set allowEnforceWithoutBreakGlass: true`,
    );
  });

  test("enforces with a break-glass account, or with the explicit opt-out", () => {
    const enforced = synth(policy({ state: "enabled" }));
    expect(ca(enforced, "LegacyAuthentication").state).toBe("enabled");
    let awp!: AdminWorkstationPolicy;
    const optOut = synth((stack) => void (awp = new AdminWorkstationPolicy(stack, "Policy", { state: "enabled", allowEnforceWithoutBreakGlass: true })));
    expect(ca(optOut, "LegacyAuthentication").state).toBe("enabled");
    expect(ca(optOut, "LegacyAuthentication").conditions.users.excluded_users).toEqual([]);
    expect(awp.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => m.data)).toEqual([
      "Enforcing admin Conditional Access without a break-glass account (allowEnforceWithoutBreakGlass): a misconfiguration can lock every administrator out. The checks that need a break-glass account in this stack are not applied; exclude the tenant's emergency access accounts from these policies yourself.",
    ]);
  });
});

test("refuses a misspelt prop with a suggestion instead of ignoring it", () => {
  expect(refusal(policy({ allowedLocation: [{ name: "HQ", ipRanges: ["203.0.113.0/24"] }] } as unknown as AdminWorkstationPolicyProps))).toMatch(
    /allowedLocation: is not a prop of AdminWorkstationPolicy \(did you mean "allowedLocations".*allowed: roles, /,
  );
});
