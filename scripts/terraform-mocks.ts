/**
 * The `terraform test` file the stage writes beside each stack: every provider mocked
 * (`mock_provider`), so Terraform plans with the real providers' schemas and validation functions
 * but never calls Azure or Graph. Mocked data sources and computed attributes that feed a
 * validated argument answer in the shapes Microsoft documents; anything else gets the mock's
 * generated values.
 */

/** A fixed example tenant, in the documented formats (object ids are GUIDs). */
const TENANT = "84841066-274d-4ec0-a5c1-276be684bdd3";
const SUBSCRIPTION = "5f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7";
const guid = (n: number) => `${String(n).repeat(8).slice(0, 8)}-${String(n).repeat(4).slice(0, 4)}-4${String(n).repeat(3).slice(0, 3)}-8${String(n).repeat(3).slice(0, 3)}-${String(n).repeat(12).slice(0, 12)}`;

/** HCL object literal of string values. */
function hclObject(values: Record<string, string | Record<string, string>>, indent = "      "): string {
  const lines = Object.entries(values).map(([k, v]) =>
    typeof v === "string" ? `${indent}  ${k} = ${JSON.stringify(v)}` : `${indent}  ${k} = ${hclObject(v, `${indent}  `)}`,
  );
  return `{\n${lines.join("\n")}\n${indent}}`;
}

interface Mocks {
  readonly data?: Record<string, Record<string, string | Record<string, string>>>;
  readonly resource?: Record<string, Record<string, string | Record<string, string>>>;
}

/**
 * Per provider: the data sources and resources whose computed attributes our stacks pass to
 * validated arguments.
 */
const MOCKS: Record<string, Mocks> = {
  azuread: {
    // GET /users, /groups, /servicePrincipals: `id` is the object id (a GUID).
    data: {
      azuread_user: { object_id: guid(2), id: guid(2) },
      azuread_group: { object_id: guid(1), id: guid(1) },
      azuread_service_principal: { object_id: guid(3), id: guid(3) },
    },
    resource: {
      azuread_group: { object_id: guid(4), id: guid(4) },
      azuread_user: { object_id: guid(5), id: guid(5) },
      // Conditional Access takes a named location's object id (a GUID).
      azuread_named_location: { object_id: guid(6), id: guid(6) },
      // Graph: /policies/authenticationStrengthPolicies/{id}; CA grants reference that path.
      azuread_authentication_strength_policy: { id: `/policies/authenticationStrengthPolicies/${guid(7)}` },
      azuread_conditional_access_policy: { id: guid(8) },
    },
  },
  msgraph: {
    data: {
      // List roleManagementPolicyAssignments: policyId is `<scopeType>_<tenant or group>_<guid>`,
      // e.g. DirectoryRole_84841066-274d-4ec0-a5c1-276be684bdd3_200ec19a-09e7-4e7a-9515-cf1ee64b96f9.
      msgraph_resource: { id: "roleManagementPolicyAssignments", output: { policy_id: `DirectoryRole_${TENANT}_${guid(9)}` } },
    },
  },
  azurerm: {
    resource: {
      azurerm_monitor_action_group: {
        id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-security/providers/Microsoft.Insights/actionGroups/break-glass-sign-in`,
      },
    },
  },
  random: {},
};

/** One provider configuration of the stack: its local name and alias, if any. */
export interface ProviderConfig {
  readonly name: string;
  readonly alias?: string;
}

/**
 * The `.tftest.hcl` text: one mock per provider configuration, then one plan. Mocked providers
 * cannot import (Terraform: "Cannot import resources from mock providers. Use an
 * `override_resource` block"), so each resource an import block targets is overridden: Terraform
 * then builds its imported state from the configuration (internal/terraform
 * node_resource_plan_instance.go importState), and the plan says what is imported and added.
 */
export function planTest(providers: readonly ProviderConfig[], overrides: readonly string[] = []): string {
  const blocks = providers.map((p) => {
    const mocks = MOCKS[p.name] ?? {};
    const body: string[] = [];
    if (p.alias) body.push(`  alias = ${JSON.stringify(p.alias)}`);
    for (const [type, defaults] of Object.entries(mocks.data ?? {})) body.push(`  mock_data ${JSON.stringify(type)} {\n    defaults = ${hclObject(defaults, "    ")}\n  }`);
    for (const [type, defaults] of Object.entries(mocks.resource ?? {})) body.push(`  mock_resource ${JSON.stringify(type)} {\n    defaults = ${hclObject(defaults, "    ")}\n  }`);
    return `mock_provider ${JSON.stringify(p.name)} {\n${body.join("\n")}\n}`;
  });
  const overridden = overrides.map((target) => `override_resource {\n  target = ${target}\n}`);
  return `${[...blocks, ...overridden].join("\n\n")}\n\nrun "plan" {\n  command = plan\n}\n`;
}
