/**
 * What `export` read from a tenant: the privileged access in Graph's and ARM's own terms, cut down
 * to the fields the tenant file, the import blocks and the unmanaged-access report use. Plain data,
 * so a snapshot can be written to disk and read again (`export --snapshot`).
 */

export type PrincipalType = "user" | "group" | "servicePrincipal";

export interface SnapshotPrincipal {
  readonly id: string;
  readonly type: PrincipalType;
  /** userPrincipalName for users, displayName otherwise. */
  readonly name: string;
  /** Groups only: whether the group can hold Entra roles. */
  readonly isAssignableToRole?: boolean;
}

/** One directory eligibility or active assignment (a schedule instance). */
export interface DirectoryGrant {
  readonly id: string;
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
  readonly startDateTime?: string;
  /** Absent or null: permanent. */
  readonly endDateTime?: string | null;
  /** Active only: `Assigned` (standing) or `Activated` (an eligibility in use). */
  readonly assignmentType?: string;
  /** `Direct`, `Group` or `Inherited`. */
  readonly memberType?: string;
  /** Active only: the role assignment's id (`roleAssignmentOriginId`, "ID of the roleAssignment in the directory"). */
  readonly originId?: string;
  /** Eligibility only: the schedule behind the instance (`roleEligibilityScheduleId`). */
  readonly scheduleId?: string;
}

export interface DirectoryRequest {
  readonly id: string;
  readonly principalId: string;
  readonly roleDefinitionId: string;
  readonly directoryScopeId: string;
  readonly action: string;
  readonly status: string;
}

/** One PIM policy: its id and its rules, in Graph's shape (`@odata.type`) or ARM's (`ruleType`). */
export interface SnapshotPolicy {
  readonly policyId: string;
  readonly rules: readonly Record<string, unknown>[];
}

export interface DirectoryRoleDefinition {
  readonly id: string;
  readonly displayName: string;
  readonly templateId: string;
  readonly isBuiltIn: boolean;
}

/** A membership or ownership of a PIM group (schedule instance), with the schedule behind it. */
export interface GroupGrant {
  readonly principalId: string;
  readonly accessId: "member" | "owner";
  readonly endDateTime?: string | null;
  readonly assignmentType?: string;
  readonly memberType?: string;
  /** The schedule's id (`eligibilitySchedules` / `assignmentSchedules`). */
  readonly scheduleId?: string;
}

export interface SnapshotGroup {
  readonly id: string;
  readonly displayName: string;
  readonly eligible: readonly GroupGrant[];
  readonly active: readonly GroupGrant[];
  readonly policies: Partial<Record<"member" | "owner", SnapshotPolicy>>;
}

export interface AzureGrant {
  readonly principalId: string;
  readonly principalType?: string;
  /** Full id: `/subscriptions/.../providers/Microsoft.Authorization/roleDefinitions/{guid}`. */
  readonly roleDefinitionId: string;
  readonly scope: string;
  readonly endDateTime?: string | null;
  readonly assignmentType?: string;
  readonly memberType?: string;
}

export interface SnapshotAzureScope {
  readonly scope: string;
  /** Role definition guid (lower case) -> role name. */
  readonly roleNames: Readonly<Record<string, string>>;
  readonly eligible: readonly AzureGrant[];
  readonly active: readonly AzureGrant[];
  /** Grants that reach this scope from a scope above it (a management group, the subscription). */
  readonly above: readonly AzureGrant[];
  /** Role definition guid (lower case) -> the policy assigned at this scope. */
  readonly policies: Readonly<Record<string, SnapshotPolicy>>;
}

export interface ConditionalAccessSnapshot {
  readonly policies: readonly Record<string, unknown>[];
  readonly namedLocations: readonly Record<string, unknown>[];
  readonly authenticationStrengths: readonly Record<string, unknown>[];
  readonly authenticationContexts: readonly Record<string, unknown>[];
}

export interface TenantSnapshot {
  /** When the reads ran (ISO 8601). */
  readonly readAt: string;
  readonly roleDefinitions: readonly DirectoryRoleDefinition[];
  readonly directory: {
    readonly eligible: readonly DirectoryGrant[];
    readonly active: readonly DirectoryGrant[];
    readonly requests: readonly DirectoryRequest[];
    /** Role definition id -> its tenant-wide policy. */
    readonly policies: Readonly<Record<string, SnapshotPolicy>>;
  };
  readonly groups: readonly SnapshotGroup[];
  readonly azure: readonly SnapshotAzureScope[];
  readonly conditionalAccess: ConditionalAccessSnapshot;
  /** Object id -> principal, for every principal named anywhere above. */
  readonly principals: Readonly<Record<string, SnapshotPrincipal>>;
}

/** Compares ids without regard to case (Graph and ARM ids come back in either). */
export const lower = (s: unknown): string => String(s ?? "").toLowerCase();

/** The GUID of an Azure role definition id (`/subscriptions/.../roleDefinitions/{guid}`, or the GUID itself), lower case. */
export const roleGuid = (roleDefinitionId: string): string => lower(roleDefinitionId.split("/").pop());

/** How reports name a principal: `user:alice@contoso.com`, `group:Ops`, `servicePrincipal:Deploy`, or `unknown:<id>`. */
export function principalLabel(principals: Readonly<Record<string, SnapshotPrincipal>>, id: string): string {
  const p = principals[id];
  return p ? `${p.type}:${p.name}` : `unknown:${id}`;
}
