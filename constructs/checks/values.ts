import { IConstruct } from "constructs";
import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformResource, TerraformStack, Tokenization } from "cdktf";

/**
 * Reading synthesized attribute values. The checks look at what Terraform will receive: a
 * resource's `toTerraform()` resolved in its stack, the way cdktf resolves it at synth (lazy
 * lists such as the break-glass exclusions produce their values, references become
 * `${type.name.attr}` strings). A value only known at plan time (a variable, a `for_each` value, a
 * function call) is {@link Unresolved}: rules report it, they never treat it as a pass.
 */

/** A value the checks cannot know at synth, with the Terraform expression that stands for it. */
export interface Unresolved {
  readonly unresolved: string;
}

export type Maybe<T> = T | Unresolved;

export function isUnresolved(value: unknown): value is Unresolved {
  return typeof value === "object" && value !== null && "unresolved" in value;
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** Resolves tokens in `value` in the stack's context, as cdktf does when it writes the JSON. */
export function resolveIn(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope: TerraformStack.of(scope), preparing: false, resolver: RESOLVER });
}

/** The resolved attributes of a resource or data source (snake_case keys), plus `for_each`/`count` when set. */
export function resourceAttributes(node: TerraformResource | TerraformDataSource): Record<string, unknown> {
  const section = node instanceof TerraformDataSource ? "data" : "resource";
  const tf = resolveIn(node, node.toTerraform()) as Record<string, Record<string, Record<string, Record<string, unknown>>> | undefined>;
  return Object.values(tf[section]?.[node.terraformResourceType] ?? {})[0] ?? {};
}

/** `${...}` anywhere in the string. */
export function isExpression(value: string): boolean {
  return value.includes("${");
}

const NOT_RESOURCES = new Set(["var", "local", "each", "count", "module", "path", "terraform", "self"]);
const REFERENCE = /^\$\{(?:data\.)?([A-Za-z][\w-]*)\.[\w-]+(?:\[[^\]]*\])?\.[\w]+\}$/;

/**
 * True for a plain reference to a managed resource's or data source's attribute
 * (`${azuread_user.bg.object_id}`): an identity the checks can compare, though its value is
 * only known after apply. Variables, locals, `each` values and function calls are not.
 */
export function isReference(value: string): boolean {
  const m = REFERENCE.exec(value);
  return m !== null && !NOT_RESOURCES.has(m[1]);
}

/** A literal string attribute; an expression is Unresolved; absent is undefined. */
export function literal(value: unknown): Maybe<string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return isExpression(value) ? { unresolved: value } : value;
  return { unresolved: JSON.stringify(value) };
}

/** An identifier: a literal or a resource reference (compared as text); other expressions are Unresolved. */
export function identifier(value: unknown): Maybe<string> | undefined {
  if (isUnresolved(value)) return value;
  if (typeof value === "string" && isReference(value)) return value;
  const v = literal(value);
  return typeof v === "string" ? v.toLowerCase() : v;
}

/**
 * A list attribute: absent is `[]`; a whole-list expression is Unresolved. Elements are kept as
 * text (literals and references); see {@link hasOpaqueElement} for elements that might be anything.
 */
export function list(value: unknown): Maybe<string[]> {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return { unresolved: value };
  if (!Array.isArray(value) || value.some((e) => typeof e !== "string")) return { unresolved: JSON.stringify(value) };
  return value as string[];
}

/** True when an element is an expression other than a resource reference (it could stand for "All"). */
export function hasOpaqueElement(values: readonly string[]): boolean {
  return values.some((v) => isExpression(v) && !isReference(v));
}

/** A nested block: cdktf writes single blocks as objects; a list holds one. */
export function block(value: unknown): Maybe<Record<string, unknown>> | undefined {
  const v = Array.isArray(value) && value.length === 1 ? value[0] : value;
  if (v === undefined || v === null) return undefined;
  if (typeof v === "object" && !Array.isArray(v)) return v as Record<string, unknown>;
  return { unresolved: typeof v === "string" ? v : JSON.stringify(v) };
}

/** Describes a value for a finding: the expression of an Unresolved, the text otherwise. */
export function describe(value: Maybe<unknown> | undefined): string {
  if (isUnresolved(value)) return `${value.unresolved} (not known at synth)`;
  return JSON.stringify(value);
}
