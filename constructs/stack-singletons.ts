import { Construct, IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { ValidationError } from "./errors";

/**
 * One instance per stack of something the constructs share (providers, the principal lookups, the
 * break-glass registry), whatever order the constructs are created in.
 */
const singletons = new WeakMap<IConstruct, Map<string, unknown>>();

export function stackSingleton<T>(scope: IConstruct, key: string, create: (stack: TerraformStack) => T): T {
  const stack = TerraformStack.of(scope);
  let map = singletons.get(stack);
  if (!map) {
    map = new Map();
    singletons.set(stack, map);
  }
  if (!map.has(key)) map.set(key, create(stack));
  return map.get(key) as T;
}

interface Configured<T> {
  value?: T;
  fingerprint?: string;
  configuredBy?: string;
}

/** What `configureOnce` configured for the scope's stack under `key`, if anything. */
export function configured<T>(scope: IConstruct, key: string): T | undefined {
  return stackSingleton<Configured<T>>(scope, key, () => ({})).value;
}

/**
 * One configuration per stack (alerts, reviews, monitoring): the first call builds it with `create`;
 * the same `settings` again return it; different ones are refused, naming `field` and where the
 * first came from.
 */
export function configureOnce<T>(scope: IConstruct, key: string, field: string, what: string, settings: unknown, create: (stack: TerraformStack) => T): T {
  const slot = stackSingleton<Configured<T>>(scope, key, () => ({}));
  const fingerprint = JSON.stringify(settings);
  if (slot.value !== undefined) {
    if (slot.fingerprint !== fingerprint) throw new ValidationError(field, `differs from the ${what} at ${slot.configuredBy}: a stack has one`, scope.node.path);
    return slot.value;
  }
  slot.value = create(TerraformStack.of(scope));
  slot.fingerprint = fingerprint;
  slot.configuredBy = scope.node.path;
  return slot.value;
}

/** The first construct in the stack's tree that satisfies `test` (depth-first, children in creation order). */
export function findInStack<T extends IConstruct>(scope: IConstruct, test: (c: IConstruct) => c is T): T[] {
  return TerraformStack.of(scope).node.findAll().filter(test);
}

export type { Construct };
