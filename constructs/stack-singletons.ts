import { Construct, IConstruct } from "constructs";
import { TerraformStack } from "cdktf";

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

/** The first construct in the stack's tree that satisfies `test` (depth-first, children in creation order). */
export function findInStack<T extends IConstruct>(scope: IConstruct, test: (c: IConstruct) => c is T): T[] {
  return TerraformStack.of(scope).node.findAll().filter(test);
}

export type { Construct };
