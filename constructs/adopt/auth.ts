import { Api, ApiError, TokenProvider } from "./http";

/**
 * Tokens for `export`: a bearer token given directly, or one of @azure/identity's credentials.
 * @azure/identity is loaded only when a credential is used, so `--access-token` runs (and the
 * tests run) without it ever being imported.
 */

export const AUTH_METHODS = ["azure-cli", "workload-identity", "managed-identity", "client-secret", "client-certificate", "default"] as const;
export type AuthMethod = (typeof AUTH_METHODS)[number];

export interface AuthOptions {
  /** A Graph bearer token (`--access-token`, or ENTRA_PIM_GRAPH_TOKEN). */
  readonly graphToken?: string;
  /** An ARM bearer token (`--arm-access-token`, or ENTRA_PIM_ARM_TOKEN). */
  readonly armToken?: string;
  /** The credential for whatever token is not given. @default "default" */
  readonly method?: AuthMethod;
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly graphUrl: string;
  readonly armUrl: string;
  /** The environment (AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_FEDERATED_TOKEN_FILE ...). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The OAuth scope of an API: its root's origin plus `/.default` (sovereign clouds included). */
export function scopeOf(rootUrl: string): string {
  return `${new URL(rootUrl).origin}/.default`;
}

/**
 * A token provider: given tokens first, else the credential (created once, on first use).
 * Tokens are cached until five minutes before they expire.
 */
export function tokenProvider(options: AuthOptions): TokenProvider {
  const env = options.env ?? process.env;
  const method = options.method ?? "default";
  if (!AUTH_METHODS.includes(method)) throw new ApiError(`--auth: must be one of ${AUTH_METHODS.join(", ")}, got ${JSON.stringify(method)}`, 0, "");
  const given: Partial<Record<Api, string>> = {
    graph: options.graphToken ?? env.ENTRA_PIM_GRAPH_TOKEN,
    arm: options.armToken ?? env.ENTRA_PIM_ARM_TOKEN,
  };
  let credential: Promise<{ getToken(scope: string): Promise<{ token: string; expiresOnTimestamp: number } | null> }> | undefined;
  const cache = new Map<Api, { token: string; expires: number }>();
  return async (api) => {
    const direct = given[api];
    if (direct !== undefined && direct.trim() !== "") {
      const token = direct.trim().replace(/^Bearer\s+/i, "");
      // Never echoed: a token with whitespace or a control character inside is refused as it is.
      if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new ApiError(`the ${api === "graph" ? "Graph" : "ARM"} access token has whitespace or a control character inside it; give the token alone`, 0, "");
      return token;
    }
    const cached = cache.get(api);
    if (cached && cached.expires - 5 * 60_000 > Date.now()) return cached.token;
    credential ??= createCredential(method, options, env);
    const scope = scopeOf(api === "graph" ? options.graphUrl : options.armUrl);
    let token: { token: string; expiresOnTimestamp: number } | null;
    try {
      token = await (await credential).getToken(scope);
    } catch (e) {
      throw new ApiError(`--auth ${method}: no token for ${scope}: ${firstLine((e as Error).message)}`, 0, scope);
    }
    if (!token) throw new ApiError(`--auth ${method}: no token for ${scope}`, 0, scope);
    cache.set(api, { token: token.token, expires: token.expiresOnTimestamp });
    return token.token;
  };
}

function firstLine(message: string): string {
  return message.split("\n")[0];
}

async function createCredential(method: AuthMethod, options: AuthOptions, env: NodeJS.ProcessEnv) {
  const identity = await import("@azure/identity");
  const tenantId = options.tenantId ?? env.AZURE_TENANT_ID;
  const clientId = options.clientId ?? env.AZURE_CLIENT_ID;
  const need = (value: string | undefined, what: string): string => {
    if (value === undefined || value === "") throw new ApiError(`--auth ${method}: needs ${what}`, 0, "");
    return value;
  };
  switch (method) {
    case "azure-cli":
      return new identity.AzureCliCredential(tenantId ? { tenantId } : {});
    case "workload-identity":
      // GitHub Actions and Azure Pipelines OIDC, or Kubernetes workload identity: AZURE_FEDERATED_TOKEN_FILE.
      return new identity.WorkloadIdentityCredential({
        tenantId: need(tenantId, "--tenant-id or AZURE_TENANT_ID"),
        clientId: need(clientId, "--client-id or AZURE_CLIENT_ID"),
        tokenFilePath: need(env.AZURE_FEDERATED_TOKEN_FILE, "AZURE_FEDERATED_TOKEN_FILE (the federated token's file)"),
      });
    case "managed-identity":
      return clientId ? new identity.ManagedIdentityCredential({ clientId }) : new identity.ManagedIdentityCredential();
    case "client-secret":
      return new identity.ClientSecretCredential(
        need(tenantId, "--tenant-id or AZURE_TENANT_ID"),
        need(clientId, "--client-id or AZURE_CLIENT_ID"),
        need(env.AZURE_CLIENT_SECRET, "AZURE_CLIENT_SECRET (never on the command line)"),
      );
    case "client-certificate":
      return new identity.ClientCertificateCredential(need(tenantId, "--tenant-id or AZURE_TENANT_ID"), need(clientId, "--client-id or AZURE_CLIENT_ID"), {
        certificatePath: need(env.AZURE_CLIENT_CERTIFICATE_PATH, "AZURE_CLIENT_CERTIFICATE_PATH (a PEM file with the key)"),
      });
    case "default":
      return new identity.DefaultAzureCredential(tenantId ? { tenantId } : {});
  }
}
