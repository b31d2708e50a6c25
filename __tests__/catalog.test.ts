import { ValidationError } from "../constructs/errors";
import {
  AUTHENTICATION_STRENGTHS,
  AZURE_ROLES,
  AuthenticationStrengths,
  AzureRoles,
  ENTRA_ROLES,
  EntraRoles,
  HIGHLY_PRIVILEGED_ROLE_IDS,
  TIER_0_ROLE_IDS,
  authenticationStrength,
  azureRole,
  closestMatches,
  entraRole,
  findAuthenticationStrength,
  findAzureRole,
  findEntraRole,
  isPrivilegedTemplateId,
} from "../constructs/catalog";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
}

describe("Entra built-in roles", () => {
  test("ids from DESIGN.md", () => {
    expect(EntraRoles.GLOBAL_ADMINISTRATOR.templateId).toBe("62e90394-69f5-4237-9190-012177145e10");
    expect(EntraRoles.PRIVILEGED_ROLE_ADMINISTRATOR.templateId).toBe("e8611ab8-c189-46e8-94e1-60213ab1f814");
    expect(EntraRoles.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR.templateId).toBe("7be44c8a-adaf-4e2a-84d6-ab2649e08a13");
    expect(EntraRoles.SECURITY_ADMINISTRATOR.templateId).toBe("194ae4cb-b126-40b2-bd5b-6091b380977d");
    expect(EntraRoles.CONDITIONAL_ACCESS_ADMINISTRATOR.templateId).toBe("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9");
  });

  test("more than 100 roles with unique lowercase-GUID ids and unique names, sorted by name", () => {
    expect(ENTRA_ROLES.length).toBeGreaterThan(100);
    for (const role of ENTRA_ROLES) expect(role.templateId).toMatch(GUID);
    expect(new Set(ENTRA_ROLES.map((r) => r.templateId)).size).toBe(ENTRA_ROLES.length);
    expect(new Set(ENTRA_ROLES.map((r) => r.displayName.toLowerCase())).size).toBe(ENTRA_ROLES.length);
    const names = ENTRA_ROLES.map((r) => r.displayName.toLowerCase());
    expect(names).toEqual([...names].sort());
  });

  test("Microsoft's privileged label is carried over, not inferred", () => {
    expect(EntraRoles.GLOBAL_ADMINISTRATOR.privileged).toBe(true);
    expect(EntraRoles.GLOBAL_READER.privileged).toBe(true);
    expect(EntraRoles.HELPDESK_ADMINISTRATOR.privileged).toBe(true);
    expect(EntraRoles.BILLING_ADMINISTRATOR.privileged).toBe(false);
    expect(EntraRoles.GROUPS_ADMINISTRATOR.privileged).toBe(false);
    // No label in Microsoft's table, though SCuBA calls them highly privileged.
    expect(EntraRoles.EXCHANGE_ADMINISTRATOR.privileged).toBe(false);
    expect(EntraRoles.SHAREPOINT_ADMINISTRATOR.privileged).toBe(false);
    const privileged = ENTRA_ROLES.filter((r) => r.privileged).length;
    expect(privileged).toBeGreaterThan(20);
    expect(privileged).toBeLessThan(ENTRA_ROLES.length / 2);
  });

  test("lookup by display name is case-insensitive and trims", () => {
    expect(findEntraRole("global administrator")).toBe(EntraRoles.GLOBAL_ADMINISTRATOR);
    expect(findEntraRole("  SHAREPOINT Administrator ")).toBe(EntraRoles.SHAREPOINT_ADMINISTRATOR);
    expect(entraRole("Privileged Role Administrator").templateId).toBe("e8611ab8-c189-46e8-94e1-60213ab1f814");
    expect(findEntraRole("Global Admin")).toBeUndefined();
  });

  test("lookup by template id in any case", () => {
    expect(findEntraRole("62E90394-69F5-4237-9190-012177145E10")).toBe(EntraRoles.GLOBAL_ADMINISTRATOR);
    expect(entraRole("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9").displayName).toBe("Conditional Access Administrator");
    expect(findEntraRole("00000000-0000-0000-0000-000000000000")).toBeUndefined();
  });

  test("unknown name: ValidationError on field role with the closest display names", () => {
    const error = thrown(() => entraRole("Global Admin"));
    expect(error.field).toBe("role");
    expect(error.message).toMatch(/^role: unknown Entra built-in role "Global Admin"; did you mean "Global Administrator", /);
    expect(error.message).toContain("Custom roles are given by id.");
    expect(thrown(() => entraRole("Privileged Auth Admin")).message).toContain('did you mean "Privileged Authentication Administrator"');
    expect(thrown(() => entraRole("Globl Administrator")).message).toContain('did you mean "Global Administrator"');
  });

  test("unknown GUID and empty input are rejected", () => {
    const error = thrown(() => entraRole("11111111-2222-3333-4444-555555555555"));
    expect(error.field).toBe("role");
    expect(error.message).toContain("not the template id of a Microsoft Entra built-in role");
    expect(thrown(() => entraRole("  ")).message).toMatch(/^role: must be/);
  });

  test("SCuBA highly privileged set (MS.AAD.7)", () => {
    const names = ENTRA_ROLES.filter((r) => r.highlyPrivileged).map((r) => r.displayName);
    expect(names.sort()).toEqual(
      [
        "Application Administrator",
        "Cloud Application Administrator",
        "Exchange Administrator",
        "Global Administrator",
        "Hybrid Identity Administrator",
        "Privileged Role Administrator",
        "SharePoint Administrator",
        "User Administrator",
      ].sort(),
    );
    expect(HIGHLY_PRIVILEGED_ROLE_IDS.size).toBe(8);
    expect(HIGHLY_PRIVILEGED_ROLE_IDS.has(EntraRoles.USER_ADMINISTRATOR.templateId)).toBe(true);
    expect(HIGHLY_PRIVILEGED_ROLE_IDS.has(EntraRoles.SECURITY_ADMINISTRATOR.templateId)).toBe(false);
  });

  test("tier 0 is the SCuBA set plus the credential / CA / trust controllers", () => {
    const tier0 = ENTRA_ROLES.filter((r) => r.tier === 0).map((r) => r.displayName);
    expect(tier0.sort()).toEqual(
      [
        "Application Administrator",
        "Authentication Policy Administrator",
        "Cloud Application Administrator",
        "Conditional Access Administrator",
        "Domain Name Administrator",
        "Exchange Administrator",
        "External Identity Provider Administrator",
        "Global Administrator",
        "Hybrid Identity Administrator",
        "Intune Administrator",
        "Partner Tier2 Support",
        "Privileged Authentication Administrator",
        "Privileged Role Administrator",
        "Security Administrator",
        "SharePoint Administrator",
        "User Administrator",
      ].sort(),
    );
    expect(TIER_0_ROLE_IDS.size).toBe(16);
    for (const id of HIGHLY_PRIVILEGED_ROLE_IDS) expect(TIER_0_ROLE_IDS.has(id)).toBe(true);
  });

  test("tier 1 is every other privileged role, tier 2 the rest", () => {
    for (const role of ENTRA_ROLES) {
      if (role.tier === 1) expect(role.privileged).toBe(true);
      if (role.tier === 2) expect(role.privileged).toBe(false);
    }
    expect(EntraRoles.AUTHENTICATION_ADMINISTRATOR.tier).toBe(1);
    expect(EntraRoles.GLOBAL_READER.tier).toBe(1);
    expect(EntraRoles.BILLING_ADMINISTRATOR.tier).toBe(2);
  });

  test("isPrivilegedTemplateId: built-in tiers, unknown ids fail closed", () => {
    expect(isPrivilegedTemplateId(EntraRoles.GLOBAL_ADMINISTRATOR.templateId)).toBe(true);
    expect(isPrivilegedTemplateId(EntraRoles.EXCHANGE_ADMINISTRATOR.templateId.toUpperCase())).toBe(true);
    expect(isPrivilegedTemplateId(EntraRoles.HELPDESK_ADMINISTRATOR.templateId)).toBe(true);
    expect(isPrivilegedTemplateId(EntraRoles.BILLING_ADMINISTRATOR.templateId)).toBe(false);
    expect(isPrivilegedTemplateId(EntraRoles.DIRECTORY_READERS.templateId)).toBe(false);
    expect(isPrivilegedTemplateId("11111111-2222-3333-4444-555555555555")).toBe(true);
  });

  test("definitions are frozen", () => {
    expect(Object.isFrozen(ENTRA_ROLES)).toBe(true);
    expect(Object.isFrozen(EntraRoles.GLOBAL_ADMINISTRATOR)).toBe(true);
  });
});

describe("Azure RBAC roles", () => {
  test("ids from DESIGN.md", () => {
    expect(AzureRoles.OWNER.id).toBe("8e3af657-a8ff-443c-a75c-2fe8c4bcb635");
    expect(AzureRoles.CONTRIBUTOR.id).toBe("b24988ac-6180-42a0-ab88-20f7382dd24c");
    expect(AzureRoles.USER_ACCESS_ADMINISTRATOR.id).toBe("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9");
    expect(AzureRoles.ROLE_BASED_ACCESS_CONTROL_ADMINISTRATOR.id).toBe("f58310d9-a9f6-439a-9e8d-f62e7b41a168");
    expect(AzureRoles.READER.id).toBe("acdd72a7-3385-48ef-bd42-f606fba81ae7");
  });

  test("privileged = Microsoft's privileged administrator roles", () => {
    expect(AZURE_ROLES.filter((r) => r.privileged).map((r) => r.name).sort()).toEqual([
      "Contributor",
      "Owner",
      "Reservations Administrator",
      "Role Based Access Control Administrator",
      "User Access Administrator",
    ]);
    expect(AzureRoles.READER.privileged).toBe(false);
  });

  test("unique lowercase ids and names", () => {
    for (const role of AZURE_ROLES) expect(role.id).toMatch(GUID);
    expect(new Set(AZURE_ROLES.map((r) => r.id)).size).toBe(AZURE_ROLES.length);
    expect(new Set(AZURE_ROLES.map((r) => r.name.toLowerCase())).size).toBe(AZURE_ROLES.length);
  });

  test("lookup by name (case-insensitive) and id (any case)", () => {
    expect(findAzureRole("key vault administrator")).toBe(AzureRoles.KEY_VAULT_ADMINISTRATOR);
    expect(azureRole(" owner ")).toBe(AzureRoles.OWNER);
    expect(azureRole("18D7D88D-D35E-4FB5-A5C3-7773C20A72D9")).toBe(AzureRoles.USER_ACCESS_ADMINISTRATOR);
    expect(findAzureRole("Owners")).toBeUndefined();
  });

  test("an unknown GUID is a custom role, treated as privileged", () => {
    const custom = azureRole("AAAAAAAA-2222-3333-4444-555555555555");
    expect(custom).toEqual({
      name: "aaaaaaaa-2222-3333-4444-555555555555",
      id: "aaaaaaaa-2222-3333-4444-555555555555",
      privileged: true,
    });
    expect(findAzureRole("aaaaaaaa-2222-3333-4444-555555555555")).toBeUndefined();
  });

  test("an unknown name throws with suggestions", () => {
    const error = thrown(() => azureRole("Owners"));
    expect(error.field).toBe("role");
    expect(error.message).toMatch(/^role: unknown Azure built-in role "Owners"; did you mean "Owner"/);
    expect(thrown(() => azureRole("Key vault admin")).message).toContain('"Key Vault Administrator"');
  });
});

describe("authentication strengths", () => {
  test("built-in ids and the policy id format azuread expects", () => {
    expect(AuthenticationStrengths.MFA.id).toBe("00000000-0000-0000-0000-000000000002");
    expect(AuthenticationStrengths.PASSWORDLESS_MFA.id).toBe("00000000-0000-0000-0000-000000000003");
    expect(AuthenticationStrengths.PHISHING_RESISTANT_MFA.id).toBe("00000000-0000-0000-0000-000000000004");
    expect(AuthenticationStrengths.PHISHING_RESISTANT_MFA.policyId).toBe(
      "/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004",
    );
    expect(AuthenticationStrengths.MFA.name).toBe("Multifactor authentication");
    expect(AUTHENTICATION_STRENGTHS).toHaveLength(3);
  });

  test("lookup by name, id or policy id", () => {
    expect(findAuthenticationStrength("phishing-resistant mfa")).toBe(AuthenticationStrengths.PHISHING_RESISTANT_MFA);
    expect(findAuthenticationStrength("00000000-0000-0000-0000-000000000003")).toBe(AuthenticationStrengths.PASSWORDLESS_MFA);
    expect(authenticationStrength("/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000002")).toBe(
      AuthenticationStrengths.MFA,
    );
    const error = thrown(() => authenticationStrength("phishing resistant"));
    expect(error.field).toBe("authenticationStrength");
    expect(error.message).toContain('did you mean "Phishing-resistant MFA"');
  });
});

describe("closestMatches", () => {
  const candidates = ["Global Administrator", "Global Reader", "Groups Administrator", "User Administrator"];

  test("prefix, then substring, then edit distance", () => {
    expect(closestMatches("global", candidates, 2)).toEqual(["Global Reader", "Global Administrator"]);
    expect(closestMatches("administrator", candidates, 1)).toEqual(["User Administrator"]);
    expect(closestMatches("Usr Administrator", candidates, 1)).toEqual(["User Administrator"]);
  });

  test("respects n and tolerates empty input", () => {
    expect(closestMatches("x", candidates)).toHaveLength(3);
    expect(closestMatches("x", candidates, 0)).toEqual([]);
    expect(closestMatches("", [])).toEqual([]);
  });
});
