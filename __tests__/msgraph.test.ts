import { App, TerraformStack, Testing } from "cdktf";
// Brings the type declarations of cdktf's jest matchers (registered at runtime in __tests__/setup.ts).
import type {} from "cdktf/lib/testing/adapters/jest";
import { ValidationError } from "../constructs/errors";
import {
  DataMsgraphResource,
  MSGRAPH_PROVIDER_SOURCE,
  MSGRAPH_PROVIDER_VERSION_CONSTRAINT,
  MsgraphProvider,
  MsgraphResource,
  MsgraphUpdateResource,
} from "../constructs/providers/msgraph";

type Json = Record<string, unknown>;

function stack(): TerraformStack {
  const app: App = Testing.app();
  return new TerraformStack(app, "test");
}

/** Synthesizes with validations (provider presence) and parses the Terraform JSON. */
function synth(s: TerraformStack): Json {
  return JSON.parse(Testing.synth(s, true)) as Json;
}

function block(json: Json, kind: "resource" | "data", type: string, name: string): Json {
  const byType = json[kind] as Record<string, Record<string, Json>>;
  return byType[type][name];
}

const GLOBAL_ADMIN = "62e90394-69f5-4237-9190-012177145e10";

function policyLookup(s: TerraformStack): DataMsgraphResource {
  return new DataMsgraphResource(s, "global_admin_policy", {
    url: "policies/roleManagementPolicyAssignments",
    queryParameters: {
      $filter: [`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${GLOBAL_ADMIN}'`],
    },
    responseExportValues: { policy_id: "value[0].policyId" },
  });
}

describe("MsgraphProvider", () => {
  test("declares microsoft/msgraph at the proven version and snake_cases its attributes", () => {
    const s = stack();
    new MsgraphProvider(s, "msgraph", { tenantId: "00000000-0000-0000-0000-000000000001", useOidc: true, useCli: false });
    const json = synth(s);

    expect(MSGRAPH_PROVIDER_SOURCE).toBe("microsoft/msgraph");
    expect((json.terraform as Json).required_providers).toEqual({
      msgraph: { source: "microsoft/msgraph", version: MSGRAPH_PROVIDER_VERSION_CONSTRAINT },
    });
    expect(MSGRAPH_PROVIDER_VERSION_CONSTRAINT).toBe("0.4.0");
    expect((json.provider as Json).msgraph).toEqual([
      { tenant_id: "00000000-0000-0000-0000-000000000001", use_oidc: true, use_cli: false },
    ]);
  });

  test("supports alias, client id, PowerShell sign-in and a raised version constraint", () => {
    const s = stack();
    new MsgraphProvider(s, "other", {
      alias: "other",
      clientId: "00000000-0000-0000-0000-000000000002",
      useMsi: true,
      usePowershell: false,
      versionConstraint: ">= 0.4.0, < 1.0.0",
    });
    const json = synth(s);
    expect((json.terraform as Json).required_providers).toEqual({
      msgraph: { source: "microsoft/msgraph", version: ">= 0.4.0, < 1.0.0" },
    });
    expect((json.provider as Json).msgraph).toEqual([
      { alias: "other", client_id: "00000000-0000-0000-0000-000000000002", use_msi: true, use_powershell: false },
    ]);
  });

  test("offers exactly the attributes of the real 0.4.0 schema (the binding is generated from it)", () => {
    // `environment` came with msgraph 0.5.0 (PR #147); the hand-written binding offered it and 0.4.0 would refuse it.
    const s = stack();
    // @ts-expect-error not an attribute of msgraph 0.4.0
    new MsgraphProvider(s, "env", { environment: "china" });
    expect(((synth(s).provider as Json).msgraph as Json[])[0]).toEqual({});
  });

  test("resources bound to an aliased provider reference it", () => {
    const s = stack();
    const provider = new MsgraphProvider(s, "second", { alias: "second" });
    new MsgraphResource(s, "app", { provider, url: "applications", body: { displayName: "Demo" } });
    expect(block(synth(s), "resource", "msgraph_resource", "app").provider).toBe("msgraph.second");
  });
});

describe("MsgraphUpdateResource", () => {
  const approvalRule = {
    "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
    id: "Approval_EndUser_Assignment",
    target: {
      caller: "EndUser",
      operations: ["all"],
      level: "Assignment",
      inheritableSettings: [],
      enforcedSettings: [],
    },
    setting: {
      isApprovalRequired: true,
      isApprovalRequiredForExtension: false,
      isRequestorJustificationRequired: true,
      approvalMode: "SingleStage",
      approvalStages: [
        {
          approvalStageTimeOutInDays: 1,
          isApproverJustificationRequired: true,
          escalationTimeInMinutes: 0,
          isEscalationEnabled: false,
          primaryApprovers: [
            { "@odata.type": "#microsoft.graph.singleUser", userId: "11111111-1111-1111-1111-111111111111" },
            { "@odata.type": "#microsoft.graph.groupMembers", groupId: "22222222-2222-2222-2222-222222222222" },
          ],
          escalationApprovers: [],
        },
      ],
    },
  };

  test("keeps @odata.type and camelCase keys verbatim, including nested arrays of objects", () => {
    const s = stack();
    new MsgraphProvider(s, "msgraph");
    new MsgraphUpdateResource(s, "approval", {
      url: "policies/roleManagementPolicies/DirectoryRole_x_y/rules/Approval_EndUser_Assignment",
      body: approvalRule,
    });
    const r = block(synth(s), "resource", "msgraph_update_resource", "approval");

    expect(r.url).toBe("policies/roleManagementPolicies/DirectoryRole_x_y/rules/Approval_EndUser_Assignment");
    expect(r.body).toEqual(approvalRule);
    const text = JSON.stringify(r.body);
    expect(text).toContain('"@odata.type":"#microsoft.graph.unifiedRoleManagementPolicyApprovalRule"');
    expect(text).toContain('"primaryApprovers":[{"@odata.type":"#microsoft.graph.singleUser"');
    expect(text).not.toMatch(/_odata|odata_type|is_approval_required|primary_approvers|inheritable_settings/);
  });

  test("synthesizes every optional attribute under its real snake_case name", () => {
    const s = stack();
    new MsgraphProvider(s, "msgraph");
    new MsgraphUpdateResource(s, "rule", {
      url: "policies/roleManagementPolicies/p/rules/Expiration_EndUser_Assignment",
      apiVersion: "beta",
      body: { maximumDuration: "PT2H" },
      ignoreMissingProperty: false,
      readQueryParameters: { $select: ["id", "maximumDuration"] },
      updateQueryParameters: { validate: ["true"] },
      updateMethod: "PATCH",
      responseExportValues: { duration: "maximumDuration", all: "@" },
      retry: { errorMessageRegex: ["ServiceUnavailable", "TooManyRequests"] },
      timeouts: { create: "10m", update: "10m" },
    });
    const r = block(synth(s), "resource", "msgraph_update_resource", "rule");
    expect(r).toEqual({
      url: "policies/roleManagementPolicies/p/rules/Expiration_EndUser_Assignment",
      api_version: "beta",
      body: { maximumDuration: "PT2H" },
      ignore_missing_property: false,
      read_query_parameters: { $select: ["id", "maximumDuration"] },
      update_query_parameters: { validate: ["true"] },
      update_method: "PATCH",
      response_export_values: { all: "@", duration: "maximumDuration" },
      retry: { error_message_regex: ["ServiceUnavailable", "TooManyRequests"] },
      timeouts: { create: "10m", update: "10m" },
    });
  });

  test("the body is byte-identical whatever order its keys were built in", () => {
    const render = (body: Record<string, unknown>): string => {
      const s = stack();
      new MsgraphProvider(s, "msgraph");
      new MsgraphUpdateResource(s, "rule", { url: "policies/roleManagementPolicies/p/rules/r", body });
      return Testing.synth(s);
    };
    const a = render({ "@odata.type": "#t", id: "r", target: { caller: "Admin", level: "Eligibility" }, list: [{ b: 1, a: 2 }] });
    const b = render({ list: [{ a: 2, b: 1 }], target: { level: "Eligibility", caller: "Admin" }, id: "r", "@odata.type": "#t" });
    expect(a).toBe(b);
  });

  test("rejects an api version or update method the provider does not accept", () => {
    const s = stack();
    expect(
      () => new MsgraphUpdateResource(s, "bad_version", { url: "users/x", apiVersion: "v2.0" as "beta" }),
    ).toThrow(ValidationError);
    expect(() => new MsgraphUpdateResource(s, "bad_method", { url: "users/x", updateMethod: "POST" as "PUT" })).toThrow(
      /updateMethod: must be one of PATCH, PUT, got "POST"/,
    );
    expect(() => new MsgraphUpdateResource(s, "no_url", { url: " " })).toThrow(/url/);
  });
});

describe("DataMsgraphResource", () => {
  test("filters with query_parameters $filter and exports values as a map", () => {
    const s = stack();
    new MsgraphProvider(s, "msgraph");
    policyLookup(s);
    const d = block(synth(s), "data", "msgraph_resource", "global_admin_policy");
    expect(d).toEqual({
      url: "policies/roleManagementPolicyAssignments",
      query_parameters: {
        $filter: [`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${GLOBAL_ADMIN}'`],
      },
      response_export_values: { policy_id: "value[0].policyId" },
    });
  });

  test("synthesizes headers, api_version, retry and the read timeout", () => {
    const s = stack();
    new MsgraphProvider(s, "msgraph");
    new DataMsgraphResource(s, "count", {
      url: "users",
      apiVersion: "v1.0",
      headers: { ConsistencyLevel: "eventual" },
      queryParameters: { $count: ["true"], $top: ["1"] },
      retry: { errorMessageRegex: ["Throttled"] },
      timeouts: { read: "2m" },
    });
    expect(block(synth(s), "data", "msgraph_resource", "count")).toEqual({
      url: "users",
      api_version: "v1.0",
      headers: { ConsistencyLevel: "eventual" },
      query_parameters: { $count: ["true"], $top: ["1"] },
      retry: { error_message_regex: ["Throttled"] },
      timeouts: { read: "2m" },
    });
  });

  test("an exported value interpolates into another resource's url", () => {
    const s = stack();
    new MsgraphProvider(s, "msgraph");
    const policy = policyLookup(s);
    new MsgraphUpdateResource(s, "expiration", {
      url: `policies/roleManagementPolicies/${policy.outputValue("policy_id")}/rules/Expiration_EndUser_Assignment`,
      body: {
        "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
        id: "Expiration_EndUser_Assignment",
        isExpirationRequired: true,
        maximumDuration: "PT1H",
      },
    });
    const r = block(synth(s), "resource", "msgraph_update_resource", "expiration");
    expect(r.url).toBe(
      "policies/roleManagementPolicies/${data.msgraph_resource.global_admin_policy.output.policy_id}/rules/Expiration_EndUser_Assignment",
    );
  });

  test("outputValue refuses a name that responseExportValues does not export", () => {
    const s = stack();
    const policy = policyLookup(s);
    expect(() => policy.outputValue("policyId")).toThrow(/must be a key of responseExportValues \(policy_id\)/);
    expect(() => policy.outputValue("value[0]")).toThrow(ValidationError);
  });

  test("rejects export names that cannot be read as output attributes", () => {
    const s = stack();
    expect(
      () => new DataMsgraphResource(s, "bad", { url: "users", responseExportValues: { "policy.id": "value[0].id" } }),
    ).toThrow(/responseExportValues\.policy\.id/);
  });
});

describe("MsgraphResource", () => {
  test("creates with POST on a collection url and exposes id, resource_url and outputs", () => {
    const s = stack();
    new MsgraphProvider(s, "msgraph");
    const app = new MsgraphResource(s, "app", {
      url: "applications",
      body: { displayName: "Demo", web: { redirectUris: ["https://example.com/cb"] } },
      responseExportValues: { app_id: "appId" },
      createQueryParameters: { select: ["id"] },
      timeouts: { create: "5m" },
    });
    new MsgraphUpdateResource(s, "rename", {
      url: `applications/${app.id}`,
      body: { notes: app.outputValue("app_id"), description: app.resourceUrl },
    });
    const json = synth(s);
    expect(block(json, "resource", "msgraph_resource", "app")).toEqual({
      url: "applications",
      body: { displayName: "Demo", web: { redirectUris: ["https://example.com/cb"] } },
      create_query_parameters: { select: ["id"] },
      response_export_values: { app_id: "appId" },
      timeouts: { create: "5m" },
    });
    expect(block(json, "resource", "msgraph_update_resource", "rename")).toEqual({
      url: "applications/${msgraph_resource.app.id}",
      body: { description: "${msgraph_resource.app.resource_url}", notes: "${msgraph_resource.app.output.app_id}" },
    });
  });

  test("synthScope renders a resource without a provider for quick assertions", () => {
    const out = Testing.synthScope((scope) => {
      new MsgraphResource(scope, "group", { url: "groups", body: { displayName: "G", mailEnabled: false } });
    });
    expect(out).toHaveResourceWithProperties(MsgraphResource, { url: "groups" });
    const parsed = JSON.parse(out) as Json;
    expect(block(parsed, "resource", "msgraph_resource", "group").body).toEqual({ displayName: "G", mailEnabled: false });
  });
});
