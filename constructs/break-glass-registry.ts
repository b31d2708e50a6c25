import { IConstruct } from "constructs";
import { Lazy } from "cdktf";
import { stackSingleton } from "./stack-singletons";

/** A break-glass account as the rest of the stack sees it. */
export interface BreakGlassEntry {
  readonly userPrincipalName: string;
  /** The account's object id (a Terraform reference until apply). */
  readonly objectId: string;
  /** The construct that manages it. */
  readonly construct: IConstruct;
}

/**
 * The one registry of the stack's break-glass accounts. Every Conditional Access policy the
 * library writes excludes `excludedUserIds()`, a lazy list resolved at synth, so a policy created
 * before the accounts still excludes them all.
 */
export class BreakGlassRegistry {
  public static of(scope: IConstruct): BreakGlassRegistry {
    return stackSingleton(scope, "break-glass-registry", () => new BreakGlassRegistry());
  }

  private readonly entries = new Map<string, BreakGlassEntry>();

  private constructor() {}

  /** Adds an account; returns false when the UPN (case-insensitive) is already registered. */
  public register(entry: BreakGlassEntry): boolean {
    const key = entry.userPrincipalName.toLowerCase();
    if (this.entries.has(key)) return false;
    this.entries.set(key, entry);
    return true;
  }

  /** Accounts sorted by UPN. */
  public get accounts(): readonly BreakGlassEntry[] {
    return [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
  }

  /** Object ids of every account, sorted by UPN, resolved when the stack synthesizes. */
  public excludedUserIds(): string[] {
    return Lazy.listValue({ produce: () => this.accounts.map((e) => e.objectId) });
  }
}
