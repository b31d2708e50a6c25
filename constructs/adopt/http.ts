/**
 * A small client of Microsoft Graph and Azure Resource Manager for `export`: bearer tokens per
 * API, paging, throttling with Retry-After, a bound on requests in flight, and errors that name the
 * request, Graph's error code and (on 403) the permission the identity lacks.
 *
 * Paging: Graph returns `@odata.nextLink` ("Paging Microsoft Graph data in your app"), ARM returns
 * `nextLink`; both are absolute URLs followed as given. A next link to another origin is refused,
 * so the bearer token never leaves the API it was issued for.
 * Throttling: Graph and ARM answer 429 (and Graph sometimes 503) with a `Retry-After` header in
 * seconds ("Microsoft Graph throttling guidance"); the client waits that long, or backs off
 * exponentially when the header is missing, at most `maxRetries` times per request.
 */

export type Api = "graph" | "arm";

/** Returns a bearer token for an API (cached by the caller or the credential). */
export type TokenProvider = (api: Api) => Promise<string>;

export interface ApiClientOptions {
  /** Microsoft Graph root, e.g. https://graph.microsoft.com (sovereign clouds: their own). */
  readonly graphUrl: string;
  /** Azure Resource Manager root, e.g. https://management.azure.com. */
  readonly armUrl: string;
  readonly token: TokenProvider;
  /** Retries per request after a 429, 503 or 504. @default 5 */
  readonly maxRetries?: number;
  /** Requests in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Longest wait for one retry, in seconds; a longer Retry-After fails the request. @default 120 */
  readonly maxRetryAfterSeconds?: number;
  /** How to wait (tests record the waits instead). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called once per request made (for progress). */
  readonly onRequest?: (method: string, url: string) => void;
}

/** A request Graph or ARM refused, or that could not be made. */
export class ApiError extends Error {
  constructor(
    message: string,
    public readonly status: number,
    public readonly url: string,
    /** Graph's or ARM's `error.code`. */
    public readonly code?: string,
    /** On 403: the permission (Graph) or role action (ARM) the request needs. */
    public readonly permission?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * The least-privileged permission of each read, from the "Permissions" table of each API's page in
 * the Microsoft Graph v1.0 reference (application permissions), and the Azure RBAC action each ARM
 * list needs (Microsoft.Authorization resource provider operations). First match wins.
 */
export const READ_PERMISSIONS: readonly { readonly api: Api; readonly path: RegExp; readonly permission: string }[] = [
  { api: "graph", path: /roleManagement\/directory\/roleEligibilitySchedule/i, permission: "RoleEligibilitySchedule.Read.Directory" },
  { api: "graph", path: /roleManagement\/directory\/roleAssignmentSchedule/i, permission: "RoleAssignmentSchedule.Read.Directory" },
  { api: "graph", path: /roleManagement\/directory\/roleAssignments/i, permission: "RoleManagement.Read.Directory" },
  { api: "graph", path: /roleManagement\/directory\/roleDefinitions/i, permission: "RoleManagement.Read.Directory" },
  { api: "graph", path: /roleManagementPolicyAssignments.*scopeType eq 'Group'/i, permission: "RoleManagementPolicy.Read.AzureADGroup" },
  { api: "graph", path: /roleManagementPolicyAssignments/i, permission: "RoleManagementPolicy.Read.Directory" },
  { api: "graph", path: /privilegedAccess\/group\/eligibilitySchedule/i, permission: "PrivilegedEligibilitySchedule.Read.AzureADGroup" },
  { api: "graph", path: /privilegedAccess\/group\/assignmentSchedule/i, permission: "PrivilegedAssignmentSchedule.Read.AzureADGroup" },
  { api: "graph", path: /directoryObjects\/getByIds/i, permission: "Directory.Read.All" },
  { api: "graph", path: /\/groups/i, permission: "Group.Read.All" },
  { api: "graph", path: /\/organization/i, permission: "Organization.Read.All" },
  { api: "graph", path: /conditionalAccess|authenticationStrengthPolicies/i, permission: "Policy.Read.All" },
  { api: "arm", path: /roleEligibilityScheduleInstances/i, permission: "Microsoft.Authorization/roleEligibilityScheduleInstances/read" },
  { api: "arm", path: /roleAssignmentScheduleInstances/i, permission: "Microsoft.Authorization/roleAssignmentScheduleInstances/read" },
  { api: "arm", path: /roleEligibilityScheduleRequests/i, permission: "Microsoft.Authorization/roleEligibilityScheduleRequests/read" },
  { api: "arm", path: /roleManagementPolicyAssignments/i, permission: "Microsoft.Authorization/roleManagementPolicyAssignments/read" },
  { api: "arm", path: /roleManagementPolicies/i, permission: "Microsoft.Authorization/roleManagementPolicies/read" },
  { api: "arm", path: /roleDefinitions/i, permission: "Microsoft.Authorization/roleDefinitions/read" },
  { api: "arm", path: /roleAssignments/i, permission: "Microsoft.Authorization/roleAssignments/read" },
];

export function permissionFor(api: Api, url: string): string | undefined {
  const decoded = safeDecode(url);
  return READ_PERMISSIONS.find((p) => p.api === api && p.path.test(decoded))?.permission;
}

function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

type Json = Record<string, unknown>;

/** Throttled or transient: Graph's throttling guidance (429, 503, 504) and ARM's transient gateway errors (502). */
const RETRIED = new Set([429, 502, 503, 504]);

/** A counting semaphore: at most `limit` tasks run at once, the rest wait in order. */
class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

export class ApiClient {
  private readonly limiter: Limiter;
  private readonly maxRetries: number;
  private readonly maxRetryAfter: number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Requests made, retries included. */
  public requests = 0;
  /** Waits after 429/503/504, in milliseconds, in order. */
  public readonly waits: number[] = [];

  constructor(private readonly options: ApiClientOptions) {
    for (const [name, value] of [
      ["graphUrl", options.graphUrl],
      ["armUrl", options.armUrl],
    ] as const) {
      let parsed: URL | undefined;
      try {
        parsed = new URL(value);
      } catch {
        parsed = undefined;
      }
      if (!parsed || !/^https?:$/.test(parsed.protocol)) throw new ApiError(`${name}: must be an http(s) URL, got ${JSON.stringify(value)}`, 0, value);
    }
    const concurrency = options.concurrency ?? 4;
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new ApiError(`concurrency: must be a whole number from 1 to 64, got ${concurrency}`, 0, "");
    this.limiter = new Limiter(concurrency);
    this.maxRetries = options.maxRetries ?? 5;
    this.maxRetryAfter = options.maxRetryAfterSeconds ?? 120;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The absolute URL of a path under an API's root (`/v1.0/...` for Graph, `/subscriptions/...` for ARM). */
  url(api: Api, pathOrUrl: string): string {
    if (/^https?:\/\//i.test(pathOrUrl)) return pathOrUrl;
    const root = (api === "graph" ? this.options.graphUrl : this.options.armUrl).replace(/\/+$/, "");
    return `${root}${pathOrUrl.startsWith("/") ? "" : "/"}${pathOrUrl}`;
  }

  async get(api: Api, pathOrUrl: string, headers: Record<string, string> = {}): Promise<Json> {
    return this.send(api, "GET", this.url(api, pathOrUrl), undefined, headers);
  }

  async post(api: Api, pathOrUrl: string, body: unknown): Promise<Json> {
    return this.send(api, "POST", this.url(api, pathOrUrl), body, {});
  }

  /** Every item of a collection, following next links page by page. */
  async list(api: Api, pathOrUrl: string, headers: Record<string, string> = {}): Promise<Json[]> {
    const first = this.url(api, pathOrUrl);
    const origin = new URL(first).origin;
    const items: Json[] = [];
    let next: string | undefined = first;
    const seen = new Set<string>();
    while (next !== undefined) {
      if (seen.has(next)) throw new ApiError(`GET ${first}: the next link repeats a page already read (${next})`, 0, next);
      seen.add(next);
      const page: Json = await this.send(api, "GET", next, undefined, headers);
      const value = page.value;
      if (!Array.isArray(value)) throw new ApiError(`GET ${next}: expected a collection ("value": [...]), got ${JSON.stringify(Object.keys(page))}`, 200, next);
      for (const item of value) items.push(item as Json);
      const link = (api === "graph" ? page["@odata.nextLink"] : page.nextLink) as unknown;
      if (link === undefined || link === null || link === "") {
        next = undefined;
      } else if (typeof link !== "string" || !URL.canParse(link, first) || new URL(link, first).origin !== origin) {
        throw new ApiError(`GET ${next}: the next link ${JSON.stringify(link)} leaves ${origin}; refusing to send the token elsewhere`, 200, next);
      } else {
        next = new URL(link, first).toString();
      }
    }
    return items;
  }

  /** The first request that failed for good: every later or waiting request stops with it (an export is all or nothing). */
  private failure?: ApiError;

  private async send(api: Api, method: string, url: string, body: unknown, headers: Record<string, string>): Promise<Json> {
    try {
      return await this.attempt(api, method, url, body, headers);
    } catch (e) {
      if (e instanceof ApiError) this.failure ??= e;
      throw e;
    }
  }

  private async attempt(api: Api, method: string, url: string, body: unknown, headers: Record<string, string>): Promise<Json> {
    return this.limiter.run(async () => {
      for (let attempt = 0; ; attempt++) {
        if (this.failure) throw this.failure;
        const token = await this.options.token(api);
        this.requests++;
        this.options.onRequest?.(method, url);
        let response: Response;
        try {
          response = await fetch(url, {
            method,
            headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
            body: body === undefined ? undefined : JSON.stringify(body),
          });
        } catch (e) {
          // A connection reset or timeout is retried like a 503; the message never carries the token.
          const cause = (e as { cause?: Error }).cause;
          const message = `${(e as Error).message}${cause ? ` (${cause.message})` : ""}`.split(token).join("<token>");
          if (attempt < this.maxRetries && cause !== undefined) {
            const wait = retryAfterMs(null, attempt);
            this.waits.push(wait);
            await this.sleep(wait);
            continue;
          }
          throw new ApiError(`${method} ${url}: ${message}`, 0, url);
        }
        const text = await response.text();
        if (response.ok) {
          if (text === "") return {};
          try {
            return JSON.parse(text) as Json;
          } catch {
            throw new ApiError(`${method} ${url}: the response is not JSON (${text.slice(0, 80)})`, response.status, url);
          }
        }
        if (RETRIED.has(response.status) && attempt < this.maxRetries) {
          const wait = retryAfterMs(response.headers.get("retry-after"), attempt);
          if (wait > this.maxRetryAfter * 1000) {
            throw new ApiError(`${method} ${url}: ${response.status}: Retry-After ${Math.round(wait / 1000)} s is longer than ${this.maxRetryAfter} s; try again later`, response.status, url);
          }
          this.waits.push(wait);
          await this.sleep(wait);
          continue;
        }
        throw errorOf(api, method, url, response.status, text, attempt);
      }
    });
  }
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 10.2.3); without it, 1, 2, 4 ... 30 s. */
export function retryAfterMs(header: string | null, attempt: number, now: number = Date.now()): number {
  if (header !== null && header.trim() !== "") {
    const value = header.trim();
    if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return Math.min(30_000, 1000 * 2 ** attempt);
}

function errorOf(api: Api, method: string, url: string, status: number, text: string, attempt: number): ApiError {
  let code: string | undefined;
  let detail = text.slice(0, 200);
  try {
    const parsed = JSON.parse(text) as { error?: { code?: string; message?: string } };
    if (parsed.error) {
      code = parsed.error.code;
      detail = `${parsed.error.code ?? "error"}: ${parsed.error.message ?? ""}`.trim();
    }
  } catch {
    // not JSON: keep the text
  }
  const where = `${method} ${url}`;
  if (status === 401) return new ApiError(`${where}: 401 Unauthorized (${detail}): the token was refused; check that it is for ${api === "graph" ? "Microsoft Graph" : "Azure Resource Manager"} and not expired`, status, url, code);
  if (status === 403) {
    const permission = permissionFor(api, url);
    const needs = permission
      ? api === "graph"
        ? `the identity needs the Microsoft Graph permission ${permission} (application) or a role that grants it`
        : `the identity needs ${permission} at this scope (Reader includes it)`
      : "the identity lacks a permission this read needs";
    return new ApiError(`${where}: 403 Forbidden (${detail}): ${needs}`, status, url, code, permission);
  }
  if (RETRIED.has(status)) return new ApiError(`${where}: ${status} after ${attempt} retries (${detail}); try again later or lower --concurrency`, status, url, code);
  return new ApiError(`${where}: ${status} (${detail})`, status, url, code);
}
