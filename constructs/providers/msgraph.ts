// Microsoft's Terraform provider `microsoft/msgraph`, as the constructs use it. The classes are
// cdktf's own bindings generated from the real provider's schema at the pinned version
// (constructs/providers/msgraph-generated/, `npm run gen:msgraph`); this module adds what the
// library needs on top of them:
//   - the registry source `microsoft/msgraph` and the proven version (the generated provider
//     writes neither), raised with `versionConstraint`;
//   - misuse refused with the field, the value and what is allowed (url, api_version,
//     update_method, export names);
//   - bodies with object keys in code-unit order, so the JSON is byte-identical whatever order a
//     caller built them in (Graph never sees this order: the provider re-serializes the body);
//   - `outputValue(name)`: a string reference to `output.<name>`, refused unless
//     `responseExportValues` exports `name`.
// Provider facts the constructs rely on (msgraph 0.4.0, internal/services/msgraph_update_resource.go):
// `msgraph_update_resource` PATCHes the whole body on create and update, reads it back with GET
// and compares only the keys in `body`, case-sensitively (internal/utils/json.go UpdateObject);
// destroying it sends nothing.

import { Construct } from "constructs";
import { IResolvable, Token, Tokenization } from "cdktf";
import { ValidationError, expected } from "../errors";
import { PROVIDER_VERSIONS } from "./versions";
import { MsgraphProvider as GeneratedMsgraphProvider, MsgraphProviderConfig as GeneratedMsgraphProviderConfig } from "./msgraph-generated/provider";
import { UpdateResource, UpdateResourceConfig } from "./msgraph-generated/update-resource";
import { Resource, ResourceConfig } from "./msgraph-generated/resource";
import { DataMsgraphResource as GeneratedDataMsgraphResource, DataMsgraphResourceConfig as GeneratedDataMsgraphResourceConfig } from "./msgraph-generated/data-msgraph-resource";

/** Registry source of the provider. */
export const MSGRAPH_PROVIDER_SOURCE = "microsoft/msgraph";
/** Default version constraint written to `terraform.required_providers.msgraph.version`: the proven version. */
export const MSGRAPH_PROVIDER_VERSION_CONSTRAINT: string = PROVIDER_VERSIONS.msgraph;
/** Registry documentation root of the provider (for messages and reports). */
export const MSGRAPH_DOCS_URL = "https://registry.terraform.io/providers/microsoft/msgraph/latest/docs";

/** Graph API version: `v1.0` (provider default) or `beta`. */
export type MsgraphApiVersion = "v1.0" | "beta";
/** HTTP method used on update: `PATCH` (default) or `PUT`. */
export type MsgraphUpdateMethod = "PATCH" | "PUT";
/** A Terraform dynamic value given as a JSON object; keys are sent to Graph verbatim. */
export type MsgraphBody = Record<string, unknown>;
/** Query parameters: name -> values, e.g. `{ $filter: ["scopeId eq '/'"] }`. */
export type MsgraphQueryParameters = Record<string, readonly string[]>;
/** `response_export_values`: result name -> JMESPath query, e.g. `{ policy_id: "value[0].policyId" }`. */
export type MsgraphResponseExportValues = Record<string, string>;

type Common = "body" | "readQueryParameters" | "updateQueryParameters" | "createQueryParameters" | "deleteQueryParameters" | "queryParameters" | "apiVersion" | "updateMethod";
/** The generated config with the library's types for bodies, query parameters and enums. */
type Typed<T> = Omit<T, Common> & {
  readonly apiVersion?: MsgraphApiVersion;
  readonly responseExportValues?: MsgraphResponseExportValues;
};

/** Configuration of the provider block: the generated attributes, plus the version constraint. */
export interface MsgraphProviderConfig extends GeneratedMsgraphProviderConfig {
  /**
   * Not a provider attribute: the version constraint written to
   * `terraform.required_providers.msgraph.version`.
   * @default MSGRAPH_PROVIDER_VERSION_CONSTRAINT (the version the Terraform stage proves)
   */
  readonly versionConstraint?: string;
}

/** Configuration of `msgraph_update_resource` (an existing object's item URL, PATCHed). */
export type MsgraphUpdateResourceConfig = Typed<UpdateResourceConfig> & {
  readonly body?: MsgraphBody | IResolvable;
  readonly readQueryParameters?: MsgraphQueryParameters;
  readonly updateQueryParameters?: MsgraphQueryParameters;
  readonly updateMethod?: MsgraphUpdateMethod;
};

/** Configuration of `msgraph_resource` (an object created by POST to a collection URL). */
export type MsgraphResourceConfig = Typed<ResourceConfig> & {
  readonly body?: MsgraphBody | IResolvable;
  readonly createQueryParameters?: MsgraphQueryParameters;
  readonly readQueryParameters?: MsgraphQueryParameters;
  readonly updateQueryParameters?: MsgraphQueryParameters;
  readonly deleteQueryParameters?: MsgraphQueryParameters;
  readonly updateMethod?: MsgraphUpdateMethod;
};

/** Configuration of the `msgraph_resource` data source (a GET). */
export type DataMsgraphResourceConfig = Typed<GeneratedDataMsgraphResourceConfig> & {
  readonly queryParameters?: MsgraphQueryParameters;
};

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const API_VERSIONS: readonly string[] = ["v1.0", "beta"];
const UPDATE_METHODS: readonly string[] = ["PATCH", "PUT"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  if (Tokenization.isResolvable(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A dynamic value with object keys in code-unit order (arrays keep theirs); keys are never renamed. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) if (value[key] !== undefined) out[key] = canonical(value[key]);
  return out;
}

/** Validates the attributes the library's callers set, then returns the config with sorted bodies and maps. */
function prepare<T extends { url?: string; apiVersion?: string; updateMethod?: string; responseExportValues?: MsgraphResponseExportValues }>(kind: string, id: string, config: T): T {
  const context = `${kind} ${id}`;
  if (config === null || typeof config !== "object") throw new ValidationError("config", expected(`the ${kind} configuration`, config), context);
  if (typeof config.url !== "string" || (!Token.isUnresolved(config.url) && config.url.trim() === "")) {
    throw new ValidationError("url", expected("a non-empty Graph URL", config.url), context);
  }
  if (config.apiVersion !== undefined && !Token.isUnresolved(config.apiVersion) && !API_VERSIONS.includes(config.apiVersion)) {
    throw new ValidationError("apiVersion", expected(`one of ${API_VERSIONS.join(", ")}`, config.apiVersion), context);
  }
  if (config.updateMethod !== undefined && !Token.isUnresolved(config.updateMethod) && !UPDATE_METHODS.includes(config.updateMethod)) {
    throw new ValidationError("updateMethod", expected(`one of ${UPDATE_METHODS.join(", ")}`, config.updateMethod), context);
  }
  for (const name of Object.keys(config.responseExportValues ?? {})) {
    if (!IDENTIFIER.test(name)) {
      throw new ValidationError(`responseExportValues.${name}`, expected("a name of letters, digits, _ or - (it becomes an attribute of output)", name), context);
    }
  }
  const out: Record<string, unknown> = { ...config };
  for (const key of Object.keys(out)) if (key === "body" || /QueryParameters$|^responseExportValues$|^headers$/.test(key)) out[key] = canonical(out[key]);
  return out as T;
}

interface OutputParent {
  readonly terraformResourceType: string;
  readonly node: { readonly path: string };
  interpolationForAttribute(attribute: string): IResolvable;
}

/** `output.<name>`, refused unless `responseExportValues` exports it. */
function outputAttribute(parent: OutputParent, exports: MsgraphResponseExportValues | undefined, name: string): IResolvable {
  const context = `${parent.terraformResourceType} ${parent.node.path}`;
  if (!IDENTIFIER.test(name)) throw new ValidationError("outputValue", expected("an export name of letters, digits, _ or -", name), context);
  if (exports !== undefined && !Tokenization.isResolvable(exports) && !Object.prototype.hasOwnProperty.call(exports, name)) {
    const known = Object.keys(exports).sort();
    throw new ValidationError("outputValue", expected(`a key of responseExportValues (${known.length ? known.join(", ") : "none configured"})`, name), context);
  }
  return parent.interpolationForAttribute(`output.${name}`);
}

/**
 * The `msgraph` provider, source `microsoft/msgraph`, version {@link MSGRAPH_PROVIDER_VERSION_CONSTRAINT}
 * unless `versionConstraint` says otherwise. Credentials come from `ARM_*` variables when not set.
 */
export class MsgraphProvider extends GeneratedMsgraphProvider {
  constructor(scope: Construct, id: string, config: MsgraphProviderConfig = {}) {
    const { versionConstraint, ...attributes } = config;
    super(scope, id, attributes);
    // The generated class names the registry host and no version; both are fixed here.
    Object.assign(this, {
      terraformProviderSource: MSGRAPH_PROVIDER_SOURCE,
      terraformGeneratorMetadata: { providerName: "msgraph", providerVersionConstraint: versionConstraint ?? MSGRAPH_PROVIDER_VERSION_CONSTRAINT },
    });
  }
}

/**
 * `msgraph_update_resource`: manages properties of an EXISTING Graph object by PATCHing its item
 * URL on create and update and reading it back with GET; destroying it sends nothing (the
 * properties keep their last value). State tracks only the keys present in `body`, so a change
 * made outside Terraform shows as drift on those keys.
 */
export class MsgraphUpdateResource extends UpdateResource {
  private readonly exports?: MsgraphResponseExportValues;

  constructor(scope: Construct, id: string, config: MsgraphUpdateResourceConfig) {
    const prepared = prepare("msgraph_update_resource", id, config);
    super(scope, id, prepared as unknown as UpdateResourceConfig);
    this.exports = prepared.responseExportValues;
  }

  /** A reference to `output.<name>` as a string token; `name` must be a key of `responseExportValues`. */
  public outputValue(name: string): string {
    return Token.asString(this.outputReference(name));
  }

  /** A reference to `output.<name>` for non-string values (lists, objects). */
  public outputReference(name: string): IResolvable {
    return outputAttribute(this, this.exports, name);
  }
}

/**
 * `msgraph_resource`: creates a Graph object by POSTing `body` to a collection URL, reads it back
 * at `<url>/<id>`, PATCHes it on change and DELETEs it on destroy.
 */
export class MsgraphResource extends Resource {
  private readonly exports?: MsgraphResponseExportValues;

  constructor(scope: Construct, id: string, config: MsgraphResourceConfig) {
    const prepared = prepare("msgraph_resource", id, config);
    super(scope, id, prepared as unknown as ResourceConfig);
    this.exports = prepared.responseExportValues;
  }

  public outputValue(name: string): string {
    return Token.asString(this.outputReference(name));
  }

  public outputReference(name: string): IResolvable {
    return outputAttribute(this, this.exports, name);
  }
}

/** The `msgraph_resource` data source: GET of a Graph URL, with values exported by JMESPath. */
export class DataMsgraphResource extends GeneratedDataMsgraphResource {
  private readonly exports?: MsgraphResponseExportValues;

  constructor(scope: Construct, id: string, config: DataMsgraphResourceConfig) {
    const prepared = prepare("data msgraph_resource", id, config);
    super(scope, id, prepared as unknown as GeneratedDataMsgraphResourceConfig);
    this.exports = prepared.responseExportValues;
  }

  /** A reference to `output.<name>` as a string token, e.g. `outputValue("policy_id")`. */
  public outputValue(name: string): string {
    return Token.asString(this.outputReference(name));
  }

  public outputReference(name: string): IResolvable {
    return outputAttribute(this, this.exports, name);
  }
}
