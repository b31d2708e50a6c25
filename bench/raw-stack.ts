import { Construct } from "constructs";
import { TerraformStack } from "cdktf";
import { PrincipalRef, RoleSettings, RoleSettingsSpec, azureRole, entraRole } from "../constructs";
import { principal } from "../constructs/principals";
import { renderAzurePolicy, renderGraphPolicy, renderGroupPolicy } from "../constructs/settings";
// Raw provider constructs, one per Terraform resource, deep-path bindings (constructs/providers is
// the only module allowed to import @cdktf/provider-*; it re-exports by deep path).
import {
  AzureadProvider,
  AzurermProvider,
  DataAzureadGroup,
  DataAzureadUser,
  DataMsgraphResource,
  DirectoryRoleAssignment,
  DirectoryRoleEligibilityScheduleRequest,
  Group,
  GroupRoleManagementPolicy,
  MsgraphProvider,
  MsgraphUpdateResource,
  PimEligibleRoleAssignment,
  PrivilegedAccessGroupEligibilitySchedule,
  RoleManagementPolicy,
} from "../constructs/providers";
import { BenchAssignment, BenchRole, BenchTenant } from "./tenant";
import { settingsProps } from "./library-stack";
import { addRawExtras } from "./extras";

/**
 * The same tenant as hand-written cdktf: one construct per Terraform resource (no for_each), one
 * `azuread_user` / `azuread_group` data source per distinct name. Policy bodies come from the
 * library's pure renderers (renderGraphPolicy / renderGroupPolicy / renderAzurePolicy, computed
 * once per distinct settings) so both variants write the same policies; every construct is raw.
 */
export function buildRaw(stack: TerraformStack, tenant: BenchTenant): void {
  new AzureadProvider(stack, "azuread", {});
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  new MsgraphProvider(stack, "msgraph", {});
  const users = new Map<string, DataAzureadUser>();
  const groups = new Map<string, DataAzureadGroup>();
  const objectId = (ref: PrincipalRef): string => {
    if (ref.isObjectId) return ref.value;
    if (ref.type === "user") {
      const upn = ref.value.toLowerCase();
      let u = users.get(upn);
      if (!u) {
        u = new DataAzureadUser(stack, `user_${upn}`, { userPrincipalName: upn });
        users.set(upn, u);
      }
      return u.objectId;
    }
    let g = groups.get(ref.value);
    if (!g) {
      g = new DataAzureadGroup(stack, `group_${ref.value}`, { displayName: ref.value, securityEnabled: true });
      groups.set(ref.value, g);
    }
    return g.objectId;
  };
  const specs = new Map<string, RoleSettingsSpec>();
  const spec = (r: BenchRole): RoleSettingsSpec => {
    const key = JSON.stringify(r.settings);
    let s = specs.get(key);
    if (!s) {
      s = RoleSettings.preset(r.settings.preset, settingsProps(r.settings, tenant)).spec;
      specs.set(key, s);
    }
    return s;
  };
  const ref = (a: BenchAssignment): PrincipalRef => principal(a.principal, "eligible");

  /** A directory role's policy: the lookup of its id, then one PATCH of all 17 rules (what JitRole writes). */
  const directoryPolicy = (scope: Construct, templateId: string, r: BenchRole) => {
    const assignment = new DataMsgraphResource(scope, "PolicyAssignment", {
      url: "policies/roleManagementPolicyAssignments",
      queryParameters: { $filter: [`scopeId eq '/' and scopeType eq 'DirectoryRole' and roleDefinitionId eq '${templateId}'`] },
      responseExportValues: { policy_id: "value[0].policyId" },
    });
    new MsgraphUpdateResource(scope, "Policy", {
      url: `policies/roleManagementPolicies/${assignment.outputValue("policy_id")}`,
      body: renderGraphPolicy(spec(r), objectId),
      readQueryParameters: { $expand: ["rules"] },
    });
  };
  for (const r of tenant.roles) {
    const scope = new Construct(stack, r.id);
    switch (r.kind) {
      case "entraDirect": {
        const templateId = entraRole(r.name).templateId;
        for (const a of r.eligible) {
          const p = ref(a);
          new DirectoryRoleEligibilityScheduleRequest(scope, p.key, {
            directoryScopeId: "/",
            roleDefinitionId: templateId,
            principalId: objectId(p),
            justification: "Managed as code",
            lifecycle: { ignoreChanges: ["justification"] },
          });
        }
        directoryPolicy(scope, templateId, r);
        break;
      }
      case "entraGroup": {
        const def = entraRole(r.name);
        const group = new Group(scope, "Group", {
          displayName: `PIM ${def.displayName}`,
          description: `Members hold ${def.displayName} through PIM for Groups. Managed as code.`,
          securityEnabled: true,
          mailEnabled: false,
          assignableToRole: true,
          preventDuplicateNames: true,
        });
        new DirectoryRoleAssignment(scope, "RoleAssignment", { roleId: def.templateId, principalObjectId: group.objectId, directoryScopeId: "/" });
        groupSchedules(scope, group.objectId, r, ref, objectId);
        new GroupRoleManagementPolicy(scope, "Settings", renderGroupPolicy(spec(r), group.objectId, "member", objectId));
        // The directory role's own policy too, as the library writes it (the auditors read it).
        directoryPolicy(scope, def.templateId, r);
        break;
      }
      case "pimGroup": {
        const groupId = objectId(principal({ group: r.name }, "role.group"));
        groupSchedules(scope, groupId, r, ref, objectId);
        new GroupRoleManagementPolicy(scope, "Settings", renderGroupPolicy(spec(r), groupId, "member", objectId));
        break;
      }
      case "azure": {
        const def = azureRole(r.name);
        const roleDefinitionId = `${r.scope}/providers/Microsoft.Authorization/roleDefinitions/${def.id}`;
        for (const a of r.eligible) {
          const p = ref(a);
          new PimEligibleRoleAssignment(scope, p.key, {
            scope: r.scope as string,
            roleDefinitionId,
            principalId: objectId(p),
            justification: "Managed as code",
            ...(a.expires ? { schedule: { expiration: { durationDays: 180 } } } : {}),
          });
        }
        new RoleManagementPolicy(scope, "Settings", renderAzurePolicy(spec(r), r.scope as string, roleDefinitionId, objectId));
        break;
      }
    }
  }
  addRawExtras(stack, tenant);
}

function groupSchedules(
  scope: Construct,
  groupId: string,
  r: BenchRole,
  ref: (a: BenchAssignment) => PrincipalRef,
  objectId: (p: PrincipalRef) => string,
): void {
  for (const a of r.eligible) {
    const p = ref(a);
    new PrivilegedAccessGroupEligibilitySchedule(scope, p.key, {
      groupId,
      assignmentType: "member",
      principalId: objectId(p),
      justification: "Managed as code",
      ...(a.expires ? { duration: a.expires } : { permanentAssignment: true }),
    });
  }
}
