import { ARM_READS, READS, permissionFor, scopeOf, tokenProvider } from "../../constructs/adopt";

/** Tokens for export, and the permission named for each read's 403. */

const GRAPH = "https://graph.microsoft.com";
const ARM = "https://management.azure.com";

describe("tokenProvider", () => {
  test("a given token is used as is, for its API only, with a 'Bearer ' prefix removed", async () => {
    const token = tokenProvider({ graphToken: "Bearer g-token ", armToken: "a-token", graphUrl: GRAPH, armUrl: ARM, env: {} });
    expect(await token("graph")).toBe("g-token");
    expect(await token("arm")).toBe("a-token");
  });

  test("tokens from ENTRA_PIM_GRAPH_TOKEN and ENTRA_PIM_ARM_TOKEN; an option wins over the environment", async () => {
    const env = { ENTRA_PIM_GRAPH_TOKEN: "env-g", ENTRA_PIM_ARM_TOKEN: "env-a" };
    expect(await tokenProvider({ graphUrl: GRAPH, armUrl: ARM, env })("graph")).toBe("env-g");
    expect(await tokenProvider({ graphUrl: GRAPH, armUrl: ARM, env })("arm")).toBe("env-a");
    expect(await tokenProvider({ graphToken: "opt", graphUrl: GRAPH, armUrl: ARM, env })("graph")).toBe("opt");
  });

  test("a credential that lacks its settings says which, before any request", async () => {
    const secret = tokenProvider({ method: "client-secret", tenantId: "t", clientId: "c", graphUrl: GRAPH, armUrl: ARM, env: {} });
    await expect(secret("graph")).rejects.toThrow("--auth client-secret: needs AZURE_CLIENT_SECRET (never on the command line)");
    const oidc = tokenProvider({ method: "workload-identity", graphUrl: GRAPH, armUrl: ARM, env: {} });
    await expect(oidc("arm")).rejects.toThrow("--auth workload-identity: needs --tenant-id or AZURE_TENANT_ID");
    const certificate = tokenProvider({ method: "client-certificate", tenantId: "t", clientId: "c", graphUrl: GRAPH, armUrl: ARM, env: {} });
    await expect(certificate("graph")).rejects.toThrow("needs AZURE_CLIENT_CERTIFICATE_PATH");
  });

  test("an unknown --auth is refused with the choices", () => {
    expect(() => tokenProvider({ method: "password" as never, graphUrl: GRAPH, armUrl: ARM, env: {} })).toThrow(
      '--auth: must be one of azure-cli, workload-identity, managed-identity, client-secret, client-certificate, default, got "password"',
    );
  });

  test("the OAuth scope follows the API root (sovereign clouds)", () => {
    expect(scopeOf("https://graph.microsoft.us/")).toBe("https://graph.microsoft.us/.default");
    expect(scopeOf("https://microsoftgraph.chinacloudapi.cn")).toBe("https://microsoftgraph.chinacloudapi.cn/.default");
    expect(scopeOf("https://management.usgovcloudapi.net")).toBe("https://management.usgovcloudapi.net/.default");
  });
});

describe("permissionFor", () => {
  const GROUP = "66666666-6666-4666-8666-666666666666";
  const SCOPE = "/subscriptions/5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7";

  test("every read export makes names the permission a 403 needs", () => {
    const graph = Object.entries(READS).map(([name, r]) => [name, typeof r === "function" ? r(GROUP) : r] as const);
    const missing = graph.filter(([, url]) => permissionFor("graph", `${GRAPH}${url}`) === undefined).map(([name]) => name);
    expect(missing).toEqual([]);
    const arm = Object.entries(ARM_READS).filter(([, f]) => permissionFor("arm", `${ARM}${f(SCOPE)}`) === undefined).map(([name]) => name);
    expect(arm).toEqual([]);
  });

  test("the least-privileged permission of each list API", () => {
    expect(permissionFor("graph", `${GRAPH}${READS.eligibilityInstances}`)).toBe("RoleEligibilitySchedule.Read.Directory");
    expect(permissionFor("graph", `${GRAPH}${READS.groupPolicies(GROUP)}`)).toBe("RoleManagementPolicy.Read.AzureADGroup");
    expect(permissionFor("graph", `${GRAPH}${READS.directoryPolicies}`)).toBe("RoleManagementPolicy.Read.Directory");
    expect(permissionFor("graph", `${GRAPH}${encodeURI(READS.groupEligibilityInstances(GROUP))}`)).toBe("PrivilegedEligibilitySchedule.Read.AzureADGroup");
    expect(permissionFor("arm", `${ARM}${ARM_READS.policies(SCOPE)}`)).toBe("Microsoft.Authorization/roleManagementPolicies/read");
  });
});
