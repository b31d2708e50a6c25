// Hand-written cdktf binding for Microsoft's Terraform provider `microsoft/msgraph` (`~> 0.2`),
// shaped like cdktf's generated bindings (TerraformProvider / TerraformResource /
// TerraformDataSource subclasses, snake_case keys from synthesizeAttributes()). There is no
// prebuilt @cdktf package for this provider.
//
// Schema read from microsoft/terraform-provider-msgraph:
//   docs/index.md, internal/provider/provider.go (provider)
//   docs/resources/update_resource.md, internal/services/msgraph_update_resource.go
//   docs/resources/resource.md, internal/services/msgraph_resource.go
//   docs/data-sources/resource.md
//   CHANGELOG.md (0.2.0: retry, timeouts, ignore_missing_property; 0.3.0: update_method, use_powershell)
// and checked against the schema-generated binding for 0.3.0 in shunueda/cdktf-providers
// (gen/microsoft/msgraph/typescript/providers/msgraph/{provider,resource,update-resource,data-msgraph-resource}).
//
// Real attribute names:
//   provider msgraph: client_id, client_id_file_path, tenant_id, client_certificate,
//     client_certificate_path, client_certificate_password, client_secret, client_secret_file_path,
//     oidc_request_token, oidc_request_url, oidc_token, oidc_token_file_path,
//     oidc_azure_service_connection_id, use_oidc, use_cli, use_msi, use_aks_workload_identity,
//     use_powershell (0.3+), environment (0.5+, PR #147), partner_id, custom_correlation_request_id,
//     disable_correlation_request_id, disable_terraform_partner_id; meta: alias
//   msgraph_update_resource: url (required), api_version ("v1.0" | "beta", default v1.0),
//     body (dynamic), ignore_missing_property (bool, default true), read_query_parameters and
//     update_query_parameters (map of list of string), response_export_values (map of string:
//     name -> JMESPath), retry { error_message_regex }, update_method ("PATCH" | "PUT", 0.3+),
//     timeouts { create, read, update, delete }; computed: id (last URL segment), output (dynamic)
//   msgraph_resource: url (collection URL, POST), api_version, body, ignore_missing_property,
//     create_/read_/update_/delete_query_parameters, response_export_values, retry, update_method
//     (0.3+), timeouts { create, read, update, delete }; computed: id, output, resource_url (0.3+)
//   data msgraph_resource: url (required), api_version, headers (map of string), query_parameters
//     (map of list of string), response_export_values, retry, timeouts { read }; computed: id, output
//
// `response_export_values` is a MAP since 0.2 (0.1 used a list of paths); `output` is an object
// whose keys are the map's keys, referenced as `<resource>.output.<key>` (see outputValue()).

import { Construct } from "constructs";
import {
  IResolvable,
  TerraformDataSource,
  TerraformMetaArguments,
  TerraformProvider,
  TerraformProviderGeneratorMetadata,
  TerraformResource,
  Token,
  Tokenization,
  booleanToTerraform,
  hashMapper,
  listMapper,
  stringToTerraform,
} from "cdktf";
import { ValidationError, expected } from "../errors";
import { PROVIDER_VERSIONS } from "./versions";

/** Registry source of the provider. */
export const MSGRAPH_PROVIDER_SOURCE = "microsoft/msgraph";
/** Default version constraint written to `terraform.required_providers.msgraph.version`. */
export const MSGRAPH_PROVIDER_VERSION_CONSTRAINT: string = PROVIDER_VERSIONS.msgraph;

const GENERATOR_METADATA: TerraformProviderGeneratorMetadata = {
  providerName: "msgraph",
  providerVersionConstraint: MSGRAPH_PROVIDER_VERSION_CONSTRAINT,
};

/** Registry documentation root of the provider (for messages and reports). */
export const MSGRAPH_DOCS_URL = "https://registry.terraform.io/providers/microsoft/msgraph/latest/docs";

// ---------------------------------------------------------------------------------------------
// Shared types
// ---------------------------------------------------------------------------------------------

/** Graph API version: `v1.0` (provider default) or `beta`. */
export type MsgraphApiVersion = "v1.0" | "beta";

/** HTTP method used on update (provider 0.3+): `PATCH` (default) or `PUT`. */
export type MsgraphUpdateMethod = "PATCH" | "PUT";

/** A Terraform dynamic value given as a JSON object; keys are sent to Graph verbatim. */
export type MsgraphBody = Record<string, unknown>;

/** Query parameters: name -> values, e.g. `{ $filter: ["scopeId eq '/'"] }`. */
export type MsgraphQueryParameters = Record<string, readonly string[]>;

/** `response_export_values`: result name -> JMESPath query, e.g. `{ policy_id: "value[0].policyId" }`. */
export type MsgraphResponseExportValues = Record<string, string>;

/** The `retry` attribute: retry a request when its error message matches one of these regexes. */
export interface MsgraphRetry {
  /** `error_message_regex`: regular expressions matched against error messages. */
  readonly errorMessageRegex: readonly string[];
}

/** The `timeouts` block of the resources; Go durations such as `"30s"` or `"2h45m"`. */
export interface MsgraphResourceTimeouts {
  readonly create?: string;
  readonly read?: string;
  readonly update?: string;
  readonly delete?: string;
}

/** The `timeouts` block of the data source. */
export interface MsgraphDataSourceTimeouts {
  readonly read?: string;
}

/** Attributes every msgraph resource and the data source share. */
export interface MsgraphCommonConfig extends TerraformMetaArguments {
  /** `url`: the Graph URL relative to the API version, e.g. `policies/roleManagementPolicies/<id>`. */
  readonly url: string;
  /** `api_version`: `v1.0` (default) or `beta`. */
  readonly apiVersion?: MsgraphApiVersion;
  /** `response_export_values`: name -> JMESPath; each name becomes a key of `output`. */
  readonly responseExportValues?: MsgraphResponseExportValues;
  /** `retry`: retry requests whose error message matches. */
  readonly retry?: MsgraphRetry;
}

// ---------------------------------------------------------------------------------------------
// Synthesis helpers
// ---------------------------------------------------------------------------------------------

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const API_VERSIONS: readonly string[] = ["v1.0", "beta"];
const UPDATE_METHODS: readonly string[] = ["PATCH", "PUT"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  if (Tokenization.isResolvable(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Copies a dynamic value with object keys in code-unit order (arrays keep their order), so the
 * JSON is byte-identical whatever order the caller built it in. Keys are never renamed: Graph
 * wants camelCase and `@odata.type` exactly. Graph itself does not see this order: the provider
 * re-serializes the body from Terraform's unordered object type.
 */
function canonicalDynamic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalDynamic);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = value[key];
    if (v !== undefined) out[key] = canonicalDynamic(v);
  }
  return out;
}

function sortedRecord<T>(record: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  if (record === undefined || Tokenization.isResolvable(record)) return record;
  const out: Record<string, T> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

const queryParametersToTerraform = (value: MsgraphQueryParameters | undefined): unknown =>
  hashMapper(listMapper(stringToTerraform, false))(sortedRecord(value));

const stringMapToTerraform = (value: Readonly<Record<string, string>> | undefined): unknown =>
  hashMapper(stringToTerraform)(sortedRecord(value));

function retryToTerraform(value: MsgraphRetry | undefined): unknown {
  if (value === undefined) return undefined;
  return { error_message_regex: listMapper(stringToTerraform, false)(value.errorMessageRegex) };
}

function timeoutsToTerraform(value: MsgraphResourceTimeouts | undefined): unknown {
  if (value === undefined) return undefined;
  return {
    create: stringToTerraform(value.create),
    read: stringToTerraform(value.read),
    update: stringToTerraform(value.update),
    delete: stringToTerraform(value.delete),
  };
}

function bodyToTerraform(value: MsgraphBody | IResolvable | undefined): unknown {
  if (value === undefined || Tokenization.isResolvable(value)) return value;
  return canonicalDynamic(value);
}

function validateCommon(kind: string, id: string, config: MsgraphCommonConfig): void {
  const context = `${kind} ${id}`;
  if (!Token.isUnresolved(config.url) && config.url.trim() === "") {
    throw new ValidationError("url", expected("a non-empty Graph URL", config.url), context);
  }
  if (config.apiVersion !== undefined && !Token.isUnresolved(config.apiVersion) && !API_VERSIONS.includes(config.apiVersion)) {
    throw new ValidationError("apiVersion", expected(`one of ${API_VERSIONS.join(", ")}`, config.apiVersion), context);
  }
  for (const name of Object.keys(config.responseExportValues ?? {})) {
    if (!IDENTIFIER.test(name)) {
      throw new ValidationError(
        `responseExportValues.${name}`,
        expected("a name of letters, digits, _ or - (it becomes an attribute of output)", name),
        context,
      );
    }
  }
}

function validateUpdateMethod(kind: string, id: string, method: string | undefined): void {
  if (method !== undefined && !Token.isUnresolved(method) && !UPDATE_METHODS.includes(method)) {
    throw new ValidationError("updateMethod", expected(`one of ${UPDATE_METHODS.join(", ")}`, method), `${kind} ${id}`);
  }
}

/** The element types that carry `output` and know their export names. */
interface OutputParent {
  readonly terraformResourceType: string;
  readonly node: { readonly path: string };
  interpolationForAttribute(attribute: string): IResolvable;
}

function outputAttribute(
  parent: OutputParent,
  exports: MsgraphResponseExportValues | undefined,
  name: string,
): IResolvable {
  const context = `${parent.terraformResourceType} ${parent.node.path}`;
  if (!IDENTIFIER.test(name)) {
    throw new ValidationError("outputValue", expected("an export name of letters, digits, _ or -", name), context);
  }
  if (exports !== undefined && !Tokenization.isResolvable(exports) && !Object.prototype.hasOwnProperty.call(exports, name)) {
    const known = Object.keys(exports).sort();
    throw new ValidationError(
      "outputValue",
      expected(`a key of responseExportValues (${known.length ? known.join(", ") : "none configured"})`, name),
      context,
    );
  }
  return parent.interpolationForAttribute(`output.${name}`);
}

// ---------------------------------------------------------------------------------------------
// Provider
// ---------------------------------------------------------------------------------------------

/** Configuration of the `msgraph` provider block. Every attribute is optional (`ARM_*` env vars apply). */
export interface MsgraphProviderConfig {
  /** `client_id` (`ARM_CLIENT_ID`). */
  readonly clientId?: string;
  /** `client_id_file_path` (`ARM_CLIENT_ID_FILE_PATH`). */
  readonly clientIdFilePath?: string;
  /** `tenant_id` (`ARM_TENANT_ID`). */
  readonly tenantId?: string;
  /** `client_certificate`: base64 PKCS#12 bundle (`ARM_CLIENT_CERTIFICATE`). */
  readonly clientCertificate?: string;
  /** `client_certificate_path` (`ARM_CLIENT_CERTIFICATE_PATH`). */
  readonly clientCertificatePath?: string;
  /** `client_certificate_password` (`ARM_CLIENT_CERTIFICATE_PASSWORD`). */
  readonly clientCertificatePassword?: string;
  /** `client_secret` (`ARM_CLIENT_SECRET`). Prefer OIDC: a literal here lands in the synthesized JSON. */
  readonly clientSecret?: string;
  /** `client_secret_file_path` (`ARM_CLIENT_SECRET_FILE_PATH`). */
  readonly clientSecretFilePath?: string;
  /** `oidc_request_token` (`ARM_OIDC_REQUEST_TOKEN` / `ACTIONS_ID_TOKEN_REQUEST_TOKEN`). */
  readonly oidcRequestToken?: string;
  /** `oidc_request_url` (`ARM_OIDC_REQUEST_URL` / `ACTIONS_ID_TOKEN_REQUEST_URL`). */
  readonly oidcRequestUrl?: string;
  /** `oidc_token` (`ARM_OIDC_TOKEN`). */
  readonly oidcToken?: string;
  /** `oidc_token_file_path` (`ARM_OIDC_TOKEN_FILE_PATH`). */
  readonly oidcTokenFilePath?: string;
  /** `oidc_azure_service_connection_id`: Azure Pipelines service connection (`ARM_OIDC_AZURE_SERVICE_CONNECTION_ID`). */
  readonly oidcAzureServiceConnectionId?: string;
  /** `use_oidc` (`ARM_USE_OIDC`, default false). */
  readonly useOidc?: boolean | IResolvable;
  /** `use_cli` (`ARM_USE_CLI`, default true). */
  readonly useCli?: boolean | IResolvable;
  /** `use_msi` (`ARM_USE_MSI`, default false). */
  readonly useMsi?: boolean | IResolvable;
  /** `use_aks_workload_identity` (`ARM_USE_AKS_WORKLOAD_IDENTITY`, default false). */
  readonly useAksWorkloadIdentity?: boolean | IResolvable;
  /** `use_powershell` (`ARM_USE_POWERSHELL`, default false). Provider 0.3.0 or later. */
  readonly usePowershell?: boolean | IResolvable;
  /**
   * `environment`: `public` (default), `usgovernment`, `usgovernmentl5`/`dod` or `china`
   * (`ARM_ENVIRONMENT`). Added in provider 0.5.0 (PR #147): raise {@link versionConstraint}.
   */
  readonly environment?: string;
  /** `partner_id` (`ARM_PARTNER_ID`). */
  readonly partnerId?: string;
  /** `custom_correlation_request_id` (`ARM_CORRELATION_REQUEST_ID`). */
  readonly customCorrelationRequestId?: string;
  /** `disable_correlation_request_id`. */
  readonly disableCorrelationRequestId?: boolean | IResolvable;
  /** `disable_terraform_partner_id` (`ARM_DISABLE_TERRAFORM_PARTNER_ID`). */
  readonly disableTerraformPartnerId?: boolean | IResolvable;
  /** `alias`: for a second provider configuration (e.g. another tenant). */
  readonly alias?: string;
  /**
   * Not a provider attribute: the version constraint written to
   * `terraform.required_providers.msgraph.version`. Defaults to {@link MSGRAPH_PROVIDER_VERSION_CONSTRAINT} (the version the Terraform stage proves).
   */
  readonly versionConstraint?: string;
}

/**
 * The `msgraph` provider (Microsoft's thin Terraform layer over the Microsoft Graph REST API),
 * source `microsoft/msgraph`, version {@link MSGRAPH_PROVIDER_VERSION_CONSTRAINT} unless `versionConstraint` says otherwise.
 *
 * Docs: https://registry.terraform.io/providers/microsoft/msgraph/latest/docs
 * (microsoft/terraform-provider-msgraph `docs/index.md`).
 */
export class MsgraphProvider extends TerraformProvider {
  /** Terraform provider name. */
  public static readonly tfResourceType = "msgraph";

  private readonly config: MsgraphProviderConfig;
  private _alias?: string;

  constructor(scope: Construct, id: string, config: MsgraphProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: "msgraph",
      terraformGeneratorMetadata: {
        providerName: "msgraph",
        providerVersionConstraint: config.versionConstraint ?? MSGRAPH_PROVIDER_VERSION_CONSTRAINT,
      },
      terraformProviderSource: MSGRAPH_PROVIDER_SOURCE,
    });
    this.config = config;
    this._alias = config.alias;
  }

  public get alias(): string | undefined {
    return this._alias;
  }
  public set alias(value: string | undefined) {
    this._alias = value;
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      client_id: stringToTerraform(c.clientId),
      client_id_file_path: stringToTerraform(c.clientIdFilePath),
      tenant_id: stringToTerraform(c.tenantId),
      client_certificate: stringToTerraform(c.clientCertificate),
      client_certificate_path: stringToTerraform(c.clientCertificatePath),
      client_certificate_password: stringToTerraform(c.clientCertificatePassword),
      client_secret: stringToTerraform(c.clientSecret),
      client_secret_file_path: stringToTerraform(c.clientSecretFilePath),
      oidc_request_token: stringToTerraform(c.oidcRequestToken),
      oidc_request_url: stringToTerraform(c.oidcRequestUrl),
      oidc_token: stringToTerraform(c.oidcToken),
      oidc_token_file_path: stringToTerraform(c.oidcTokenFilePath),
      oidc_azure_service_connection_id: stringToTerraform(c.oidcAzureServiceConnectionId),
      use_oidc: booleanToTerraform(c.useOidc),
      use_cli: booleanToTerraform(c.useCli),
      use_msi: booleanToTerraform(c.useMsi),
      use_aks_workload_identity: booleanToTerraform(c.useAksWorkloadIdentity),
      use_powershell: booleanToTerraform(c.usePowershell),
      environment: stringToTerraform(c.environment),
      partner_id: stringToTerraform(c.partnerId),
      custom_correlation_request_id: stringToTerraform(c.customCorrelationRequestId),
      disable_correlation_request_id: booleanToTerraform(c.disableCorrelationRequestId),
      disable_terraform_partner_id: booleanToTerraform(c.disableTerraformPartnerId),
      alias: stringToTerraform(this._alias),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// msgraph_update_resource
// ---------------------------------------------------------------------------------------------

/** Configuration of `msgraph_update_resource`. */
export interface MsgraphUpdateResourceConfig extends MsgraphCommonConfig {
  /**
   * `url`: the ITEM URL of an existing object, e.g.
   * `policies/roleManagementPolicies/<policyId>/rules/Expiration_EndUser_Assignment`.
   * The provider GETs and PATCHes (or PUTs, see `updateMethod`) this URL.
   */
  readonly url: string;
  /** `body`: the properties to send; keys verbatim (`@odata.type`, camelCase). */
  readonly body?: MsgraphBody | IResolvable;
  /**
   * `ignore_missing_property` (default true): properties of `body` that the GET does not return
   * keep their configured value in state instead of showing a diff.
   */
  readonly ignoreMissingProperty?: boolean | IResolvable;
  /** `read_query_parameters`: sent with the GET. */
  readonly readQueryParameters?: MsgraphQueryParameters;
  /** `update_query_parameters`: sent with the PATCH/PUT. */
  readonly updateQueryParameters?: MsgraphQueryParameters;
  /** `update_method`: `PATCH` (default) or `PUT`. Provider 0.3.0 or later. */
  readonly updateMethod?: MsgraphUpdateMethod;
  /** `timeouts` block. */
  readonly timeouts?: MsgraphResourceTimeouts;
}

/**
 * `msgraph_update_resource`: manages a subset of the properties of an EXISTING Graph object by
 * PATCHing its item URL on create and update, then reading it back with GET. Destroying it
 * sends nothing: the properties keep their last value (apply the values you want to keep
 * before removing it). State tracks only the keys present in `body`, filled from the GET
 * response, so a change made outside Terraform shows as drift on those keys.
 *
 * PIM policy rules (`policies/roleManagementPolicies/{policyId}/rules/{ruleId}`) need nothing
 * special from the provider: the rule's item URL supports GET and PATCH, `id` becomes the rule
 * id. Send the full rule (its `@odata.type`, `id` and `target`) as Graph's update-rule API asks.
 * Read-back compares only configured keys, so extra properties Graph returns (approver
 * `description`, target `@odata.type`) cause no diff; but a list Graph reorders, or an empty
 * list in `body` that Graph fills, shows as drift. Issue microsoft/terraform-provider-msgraph#75
 * (0.2.x, closed waiting for response) reports a rule PATCH that returned success yet did not
 * persist, giving perpetual drift: run a second plan after the first apply.
 *
 * Docs: https://registry.terraform.io/providers/microsoft/msgraph/latest/docs/resources/update_resource
 * (microsoft/terraform-provider-msgraph `docs/resources/update_resource.md`).
 */
export class MsgraphUpdateResource extends TerraformResource {
  /** Terraform resource type. */
  public static readonly tfResourceType = "msgraph_update_resource";

  /** The configuration this resource was created with. */
  public readonly config: MsgraphUpdateResourceConfig;

  constructor(scope: Construct, id: string, config: MsgraphUpdateResourceConfig) {
    super(scope, id, {
      terraformResourceType: MsgraphUpdateResource.tfResourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    validateCommon(MsgraphUpdateResource.tfResourceType, id, config);
    validateUpdateMethod(MsgraphUpdateResource.tfResourceType, id, config.updateMethod);
    this.config = config;
  }

  /** `id`: the last segment of `url` (for a policy rule, the rule id). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** `output`: the object built from `response_export_values`. */
  public get output(): IResolvable {
    return this.interpolationForAttribute("output");
  }

  /** A reference to `output.<name>` as a string token; `name` must be a key of `responseExportValues`. */
  public outputValue(name: string): string {
    return Token.asString(this.outputReference(name));
  }

  /** A reference to `output.<name>` for non-string values (lists, objects). */
  public outputReference(name: string): IResolvable {
    return outputAttribute(this, this.config.responseExportValues, name);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      url: stringToTerraform(c.url),
      api_version: stringToTerraform(c.apiVersion),
      body: bodyToTerraform(c.body),
      ignore_missing_property: booleanToTerraform(c.ignoreMissingProperty),
      read_query_parameters: queryParametersToTerraform(c.readQueryParameters),
      update_query_parameters: queryParametersToTerraform(c.updateQueryParameters),
      update_method: stringToTerraform(c.updateMethod),
      response_export_values: stringMapToTerraform(c.responseExportValues),
      retry: retryToTerraform(c.retry),
      timeouts: timeoutsToTerraform(c.timeouts),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// msgraph_resource
// ---------------------------------------------------------------------------------------------

/** Configuration of `msgraph_resource`. */
export interface MsgraphResourceConfig extends MsgraphCommonConfig {
  /**
   * `url`: the COLLECTION URL the object is created in with POST (e.g. `applications`), or a
   * `.../$ref` URL to add a reference. Read/update/delete use `<url>/<id>`.
   */
  readonly url: string;
  /** `body`: the object to create; keys verbatim. */
  readonly body?: MsgraphBody | IResolvable;
  /** `ignore_missing_property` (default true). */
  readonly ignoreMissingProperty?: boolean | IResolvable;
  /** `create_query_parameters`. */
  readonly createQueryParameters?: MsgraphQueryParameters;
  /** `read_query_parameters`. */
  readonly readQueryParameters?: MsgraphQueryParameters;
  /** `update_query_parameters`. */
  readonly updateQueryParameters?: MsgraphQueryParameters;
  /** `delete_query_parameters`. */
  readonly deleteQueryParameters?: MsgraphQueryParameters;
  /** `update_method`: `PATCH` (default) or `PUT`. Provider 0.3.0 or later. */
  readonly updateMethod?: MsgraphUpdateMethod;
  /** `timeouts` block. */
  readonly timeouts?: MsgraphResourceTimeouts;
}

/**
 * `msgraph_resource`: creates a Graph object by POSTing `body` to a collection URL, reads it
 * back at `<url>/<id>`, PATCHes it on change and DELETEs it on destroy. Use it for objects this
 * stack owns; use {@link MsgraphUpdateResource} to change objects that already exist (such as
 * PIM policy rules, which cannot be created or deleted).
 *
 * Docs: https://registry.terraform.io/providers/microsoft/msgraph/latest/docs/resources/resource
 * (microsoft/terraform-provider-msgraph `docs/resources/resource.md`).
 */
export class MsgraphResource extends TerraformResource {
  /** Terraform resource type. */
  public static readonly tfResourceType = "msgraph_resource";

  /** The configuration this resource was created with. */
  public readonly config: MsgraphResourceConfig;

  constructor(scope: Construct, id: string, config: MsgraphResourceConfig) {
    super(scope, id, {
      terraformResourceType: MsgraphResource.tfResourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    validateCommon(MsgraphResource.tfResourceType, id, config);
    validateUpdateMethod(MsgraphResource.tfResourceType, id, config.updateMethod);
    this.config = config;
  }

  /** `id`: the id of the created object (normally a GUID). */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** `resource_url`: `<url>/<id>`. Provider 0.3.0 or later. */
  public get resourceUrl(): string {
    return this.getStringAttribute("resource_url");
  }

  /** `output`: the object built from `response_export_values`. */
  public get output(): IResolvable {
    return this.interpolationForAttribute("output");
  }

  /** A reference to `output.<name>` as a string token; `name` must be a key of `responseExportValues`. */
  public outputValue(name: string): string {
    return Token.asString(this.outputReference(name));
  }

  /** A reference to `output.<name>` for non-string values (lists, objects). */
  public outputReference(name: string): IResolvable {
    return outputAttribute(this, this.config.responseExportValues, name);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      url: stringToTerraform(c.url),
      api_version: stringToTerraform(c.apiVersion),
      body: bodyToTerraform(c.body),
      ignore_missing_property: booleanToTerraform(c.ignoreMissingProperty),
      create_query_parameters: queryParametersToTerraform(c.createQueryParameters),
      read_query_parameters: queryParametersToTerraform(c.readQueryParameters),
      update_query_parameters: queryParametersToTerraform(c.updateQueryParameters),
      delete_query_parameters: queryParametersToTerraform(c.deleteQueryParameters),
      update_method: stringToTerraform(c.updateMethod),
      response_export_values: stringMapToTerraform(c.responseExportValues),
      retry: retryToTerraform(c.retry),
      timeouts: timeoutsToTerraform(c.timeouts),
    };
  }
}

// ---------------------------------------------------------------------------------------------
// data msgraph_resource
// ---------------------------------------------------------------------------------------------

/** Configuration of the `msgraph_resource` data source. */
export interface DataMsgraphResourceConfig extends MsgraphCommonConfig {
  /** `url`: a collection URL (lists, e.g. `policies/roleManagementPolicyAssignments`) or an item URL. */
  readonly url: string;
  /** `query_parameters`, e.g. `{ $filter: ["scopeId eq '/' and scopeType eq 'DirectoryRole'"] }`. */
  readonly queryParameters?: MsgraphQueryParameters;
  /** `headers`: extra request headers (e.g. `ConsistencyLevel: eventual` for advanced queries). */
  readonly headers?: Readonly<Record<string, string>>;
  /** `timeouts` block (`read` only). */
  readonly timeouts?: MsgraphDataSourceTimeouts;
}

/**
 * The `msgraph_resource` data source: GETs a Graph collection or item at plan time and exposes
 * the values selected by `response_export_values` under `output`. A collection GET returns
 * `{ value: [...] }`, so paths look like `value[0].policyId`.
 *
 * Docs: https://registry.terraform.io/providers/microsoft/msgraph/latest/docs/data-sources/resource
 * (microsoft/terraform-provider-msgraph `docs/data-sources/resource.md`).
 */
export class DataMsgraphResource extends TerraformDataSource {
  /** Terraform data source type. */
  public static readonly tfResourceType = "msgraph_resource";

  /** The configuration this data source was created with. */
  public readonly config: DataMsgraphResourceConfig;

  constructor(scope: Construct, id: string, config: DataMsgraphResourceConfig) {
    super(scope, id, {
      terraformResourceType: DataMsgraphResource.tfResourceType,
      terraformGeneratorMetadata: GENERATOR_METADATA,
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach,
    });
    validateCommon(`data.${DataMsgraphResource.tfResourceType}`, id, config);
    this.config = config;
  }

  /** `id`: the object id for an item URL, the URL for a collection. */
  public get id(): string {
    return this.getStringAttribute("id");
  }

  /** `output`: the object built from `response_export_values`. */
  public get output(): IResolvable {
    return this.interpolationForAttribute("output");
  }

  /**
   * A reference to `output.<name>` as a string token, e.g. `outputValue("policy_id")` renders
   * `${data.msgraph_resource.<id>.output.policy_id}`; `name` must be a key of `responseExportValues`.
   */
  public outputValue(name: string): string {
    return Token.asString(this.outputReference(name));
  }

  /** A reference to `output.<name>` for non-string values (lists, objects). */
  public outputReference(name: string): IResolvable {
    return outputAttribute(this, this.config.responseExportValues, name);
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    const c = this.config;
    return {
      url: stringToTerraform(c.url),
      api_version: stringToTerraform(c.apiVersion),
      headers: stringMapToTerraform(c.headers),
      query_parameters: queryParametersToTerraform(c.queryParameters),
      response_export_values: stringMapToTerraform(c.responseExportValues),
      retry: retryToTerraform(c.retry),
      timeouts: c.timeouts === undefined ? undefined : { read: stringToTerraform(c.timeouts.read) },
    };
  }
}
