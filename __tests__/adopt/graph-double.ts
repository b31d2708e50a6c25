import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as path from "path";

/**
 * A stand-in for Microsoft Graph and Azure Resource Manager on 127.0.0.1, answering with the
 * documented response samples in `__tests__/fixtures/adopt/` (each cites its page). Requests match
 * a fixture by path and `$filter` (other query options are ignored, as `$select` only trims
 * fields). A list with more items than `pageSize` is served in pages linked by `@odata.nextLink`
 * (Graph) or `nextLink` (ARM), as "Paging Microsoft Graph data" and ARM's list APIs do.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const FIXTURES = path.join(__dirname, "..", "fixtures", "adopt");

export function fixture(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8")) as Json;
}

export interface DoubleOptions {
  /** Items per page. @default no paging */
  readonly pageSize?: number;
  /** Answer the first `times` requests of paths matching `path` with the documented 429. */
  readonly throttle?: { readonly path: RegExp; readonly times: number; readonly retryAfter?: string };
  /** Answer requests of paths matching this with the documented 403. */
  readonly forbid?: RegExp;
  /** Every list not in the fixtures is empty (else 404). @default true */
  readonly emptyByDefault?: boolean;
}

export interface Logged {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
}

function routeKey(method: string, rawUrl: string): string {
  const url = new URL(rawUrl, "http://double");
  const filter = url.searchParams.get("$filter");
  return `${method} ${decodeURIComponent(url.pathname).toLowerCase()}${filter ? ` $filter=${filter}` : ""}`;
}

export class GraphDouble {
  private server?: http.Server;
  private readonly routes = new Map<string, Json>();
  public readonly log: Logged[] = [];
  private throttled = 0;

  constructor(private readonly options: DoubleOptions = {}) {}

  /** The documented tenant: every fixture with a request and a 2xx response. */
  static documented(options: DoubleOptions = {}): GraphDouble {
    const d = new GraphDouble(options);
    for (const name of fs.readdirSync(FIXTURES).filter((n) => n.endsWith(".json")).sort()) {
      const f = fixture(name);
      if (f.status && f.status >= 400) continue;
      // "GET /v1.0/..." or "POST https://...": the method, then the URL (which may hold spaces).
      const request = String(f.request);
      const space = request.indexOf(" ");
      d.routes.set(routeKey(request.slice(0, space), request.slice(space + 1)), f.response);
    }
    return d;
  }

  /** Serves `body` for `method url` (the same matching as the fixtures). */
  set(method: string, url: string, body: Json): this {
    this.routes.set(routeKey(method, url), body);
    return this;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error("the double is not started");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const method = req.method ?? "GET";
      const rawUrl = req.url ?? "/";
      this.log.push({ method, url: decodeURIComponent(rawUrl), authorization: req.headers.authorization });
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "Content-Type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      const decoded = decodeURIComponent(rawUrl);
      const t = this.options.throttle;
      if (t && t.path.test(decoded) && this.throttled < t.times) {
        this.throttled++;
        const f = fixture("graph-error-429.json");
        send(429, f.response, { ...(f.headers as Record<string, string>), "Retry-After": t.retryAfter ?? String((f.headers as Json)["Retry-After"]) });
        return;
      }
      if (this.options.forbid?.test(decoded)) {
        const f = fixture("graph-error-403.json");
        send(403, f.response);
        return;
      }
      const url = new URL(rawUrl, "http://double");
      const skip = Number(url.searchParams.get("$skiptoken") ?? 0);
      let body = this.routes.get(routeKey(method, rawUrl));
      if (body === undefined && method === "POST" && /getByIds$/i.test(url.pathname)) {
        // getByIds answers only the ids asked for.
        const asked = new Set(((JSON.parse(Buffer.concat(chunks).toString() || "{}") as Json).ids ?? []).map((x: string) => x.toLowerCase()));
        const all = [...this.routes.entries()].find(([k]) => /getbyids$/.test(k))?.[1];
        body = { value: ((all?.value ?? []) as Json[]).filter((o) => asked.has(String(o.id).toLowerCase())) };
      } else if (body !== undefined && method === "POST" && /getByIds$/i.test(url.pathname)) {
        const asked = new Set(((JSON.parse(Buffer.concat(chunks).toString() || "{}") as Json).ids ?? []).map((x: string) => x.toLowerCase()));
        body = { ...body, value: ((body.value ?? []) as Json[]).filter((o) => asked.has(String(o.id).toLowerCase())) };
      }
      if (body === undefined) {
        if (this.options.emptyByDefault === false || method !== "GET") {
          send(404, { error: { code: "Request_ResourceNotFound", message: `no fixture for ${method} ${decoded}` } });
          return;
        }
        body = { value: [] };
      }
      const size = this.options.pageSize;
      if (size && method === "GET" && Array.isArray(body.value) && body.value.length > size) {
        const page = (body.value as unknown[]).slice(skip, skip + size);
        const rest = skip + size < body.value.length;
        url.searchParams.set("$skiptoken", String(skip + size));
        const next = `${this.url}${url.pathname}?${url.searchParams.toString()}`;
        const arm = !url.pathname.startsWith("/v1.0");
        const { value: _all, ...meta } = body; // eslint-disable-line @typescript-eslint/no-unused-vars
        send(200, { ...meta, value: page, ...(rest ? (arm ? { nextLink: next } : { "@odata.nextLink": next }) : {}) });
        return;
      }
      send(200, body);
    });
  }
}
