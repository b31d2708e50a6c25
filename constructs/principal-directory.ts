import { IConstruct } from "constructs";
import { TerraformIterator } from "cdktf";
import { DataAzureadGroup, DataAzureadUser, ensureAzuread } from "./providers";
import { PrincipalRef } from "./principals";
import { stackSingleton } from "./stack-singletons";

/**
 * Resolves principals given by name to object ids at plan time, with one `for_each` data source
 * per kind for the whole stack (`data.azuread_user.principal_users["alice@contoso.com"]`), so a
 * tenant with thousands of principals adds two data sources, not thousands, and adding a name
 * never moves another's address. Principals given by object id need no lookup.
 */
export class PrincipalDirectory {
  public static of(scope: IConstruct): PrincipalDirectory {
    return stackSingleton(scope, "principal-directory", (stack) => new PrincipalDirectory(stack));
  }

  // Kept sorted on insert: the data sources' for_each holds these arrays by reference and reads
  // them when the stack synthesizes, so names added later are still looked up.
  private readonly userNames: string[] = [];
  private readonly groupNames: string[] = [];
  private users?: DataAzureadUser;
  private groups?: DataAzureadGroup;

  private constructor(private readonly stack: IConstruct) {}

  /** The object id of `ref`: the literal GUID, or a reference to the lookup data source. */
  public objectId(ref: PrincipalRef): string {
    if (ref.isObjectId) return ref.value;
    if (ref.type === "user") {
      const upn = ref.value.toLowerCase();
      insertSorted(this.userNames, upn);
      this.ensureUsers();
      return `\${data.azuread_user.principal_users[${JSON.stringify(upn)}].object_id}`;
    }
    if (ref.type === "group") {
      insertSorted(this.groupNames, ref.value);
      this.ensureGroups();
      return `\${data.azuread_group.principal_groups[${JSON.stringify(ref.value)}].object_id}`;
    }
    throw new Error(`service principals are referenced by object id only, got ${JSON.stringify(ref.value)}`);
  }

  private ensureUsers(): void {
    if (this.users) return;
    ensureAzuread(this.stack);
    const it = TerraformIterator.fromList(this.userNames);
    this.users = new DataAzureadUser(this.stack, "principal_users", { forEach: it, userPrincipalName: it.value });
    this.users.overrideLogicalId("principal_users");
  }

  private ensureGroups(): void {
    if (this.groups) return;
    ensureAzuread(this.stack);
    const it = TerraformIterator.fromList(this.groupNames);
    // security_enabled: only security groups can hold roles, approve, or be made eligible.
    this.groups = new DataAzureadGroup(this.stack, "principal_groups", { forEach: it, displayName: it.value, securityEnabled: true });
    this.groups.overrideLogicalId("principal_groups");
  }
}

function insertSorted(list: string[], value: string): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  if (list[lo] !== value) list.splice(lo, 0, value);
}
