import { IConstruct } from "constructs";
import { Lazy, TerraformIterator } from "cdktf";
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

  // Read when the stack synthesizes (lazily), so names added after the data source exists are
  // still looked up; sorted then, so the output never depends on construct order.
  private readonly userNames = new Set<string>();
  private readonly groupNames = new Set<string>();
  private users?: DataAzureadUser;
  private groups?: DataAzureadGroup;

  private constructor(private readonly stack: IConstruct) {}

  /**
   * What {@link objectId} returns for `ref`, without registering a lookup: for readers (the checks)
   * comparing principals with the ids a resource was given.
   */
  public static referenceOf(ref: PrincipalRef): string | undefined {
    if (ref.isObjectId) return ref.value;
    if (ref.type === "user") return `\${data.azuread_user.principal_users[${JSON.stringify(ref.value.toLowerCase())}].object_id}`;
    if (ref.type === "group") return `\${data.azuread_group.principal_groups[${JSON.stringify(ref.value)}].object_id}`;
    return undefined;
  }

  /** The object id of `ref`: the literal GUID, or a reference to the lookup data source. */
  public objectId(ref: PrincipalRef): string {
    if (ref.isObjectId) return ref.value;
    if (ref.type === "user") {
      const upn = ref.value.toLowerCase();
      this.userNames.add(upn);
      this.ensureUsers();
      return `\${data.azuread_user.principal_users[${JSON.stringify(upn)}].object_id}`;
    }
    if (ref.type === "group") {
      this.groupNames.add(ref.value);
      this.ensureGroups();
      return `\${data.azuread_group.principal_groups[${JSON.stringify(ref.value)}].object_id}`;
    }
    throw new Error(`service principals are referenced by object id only, got ${JSON.stringify(ref.value)}`);
  }

  private ensureUsers(): void {
    if (this.users) return;
    ensureAzuread(this.stack);
    const it = TerraformIterator.fromMap(lazyKeyMap(this.userNames));
    this.users = new DataAzureadUser(this.stack, "principal_users", { forEach: it, userPrincipalName: it.key });
    this.users.overrideLogicalId("principal_users");
  }

  private ensureGroups(): void {
    if (this.groups) return;
    ensureAzuread(this.stack);
    const it = TerraformIterator.fromMap(lazyKeyMap(this.groupNames));
    // security_enabled: only security groups can hold roles, approve, or be made eligible.
    this.groups = new DataAzureadGroup(this.stack, "principal_groups", { forEach: it, displayName: it.key, securityEnabled: true });
    this.groups.overrideLogicalId("principal_groups");
  }
}

/** `{ name: name }` for every name, sorted, produced at synth: a for_each map keyed by the name. */
function lazyKeyMap(names: Set<string>): { [key: string]: string } {
  return Lazy.anyValue({
    produce: () => Object.fromEntries([...names].sort().map((n) => [n, n])),
  }) as unknown as { [key: string]: string };
}
