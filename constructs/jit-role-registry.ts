import { IConstruct } from "constructs";
import { stackSingleton } from "./stack-singletons";

/**
 * Stack-wide constructs that act on every JitRole (access reviews) subscribe here, so they cover
 * JitRoles created before and after them, whatever the order, without JitRole importing them.
 */
interface Registry {
  readonly roles: IConstruct[];
  readonly listeners: ((role: IConstruct) => void)[];
}

const registry = (scope: IConstruct): Registry => stackSingleton<Registry>(scope, "jit-role-registry", () => ({ roles: [], listeners: [] }));

/** Called by each JitRole once it is built. */
export function announceJitRole(role: IConstruct): void {
  const r = registry(role);
  r.roles.push(role);
  for (const listen of r.listeners) listen(role);
}

/** Calls `listen` for every JitRole of the stack, those already built and those built later. */
export function onEveryJitRole(scope: IConstruct, listen: (role: IConstruct) => void): void {
  const r = registry(scope);
  r.listeners.push(listen);
  for (const role of [...r.roles]) listen(role);
}
