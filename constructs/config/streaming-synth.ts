import * as fs from "fs";
import * as path from "path";
import { IStackSynthesizer, ISynthesisSession, TerraformDataSource, TerraformElement, TerraformOutput, TerraformResource, TerraformStack, Token } from "cdktf";

/**
 * Writes a stack's `cdk.tf.json` byte for byte as cdktf 0.21 does, without the whole document in
 * memory (issue 17). cdktf's `TerraformStack.toTerraform` resolves every element, keeps all the
 * fragments, merges them, resolves the merged document again, and the synthesizer then builds one
 * string of all of it (json-stable-stringify): at 20,000 role-scopes that peak was most of the
 * 2.7 GB. Here the document is first a skeleton with one placeholder per resource and data source
 * (everything else: terraform, providers, locals, moved, import, removed, outputs, the `//`
 * metadata, merged as cdktf merges it), stringified with the same sorted keys. It is then written
 * piece by piece, and each resource's JSON is made from its element, resolved and stringified,
 * only when its place comes.
 *
 * Falls back to cdktf's own path when an assumption does not hold: a stack-level override under
 * `resource` or `data`, or two elements writing the same resource. `__tests__/streaming-synth.test.ts`
 * compares both paths on every example, matrix and snapshot stack.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

// The same module instance cdktf's synthesizer writes with (cdktf/lib/synthesize/synthesizer.js).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stringify = require(require.resolve("json-stable-stringify", { paths: [path.dirname(require.resolve("cdktf"))] })) as (value: unknown, options: { space: number }) => string;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepMerge } = require("cdktf/lib/util") as { deepMerge: (target: Json, ...sources: Json[]) => Json };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resolve } = require("cdktf/lib/_tokens") as { resolve: (scope: TerraformStack, value: unknown, preparing?: boolean) => Json };

const SECTIONS = ["resource", "data"] as const;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { extractTokenDouble } = require("cdktf/lib/tokens/private/encoding") as { extractTokenDouble: (encoded: number, list: boolean) => number | undefined };

/** cdktf 0.21.0's NUMBER_TOKEN_REGEX (lib/tokens/private/encoding.js): where a string may hold an encoded number token. */
const NUMBER_TOKEN = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/g;

/**
 * Whether a string holds a number token: cdktf's resolve splits it at NUMBER_TOKEN and looks each
 * match up as `parseFloat(match)` (TokenMap.lookupNumberToken, which first asks extractTokenDouble
 * whether the double is an encoded token). A match that is not one stays literal, so a GUID such
 * as `...-9e37...` is plain text; sending every such string to cdktf's resolve (and, for a key,
 * the whole object around it) was most of what synth allocated (issue 17).
 */
function holdsNumberToken(s: string): boolean {
  if (!/[-|\d.+]e[-|\d.eE+]/.test(s)) return false; // no match possible, without allocating one
  for (const m of s.matchAll(NUMBER_TOKEN)) {
    if (extractTokenDouble(parseFloat(m[0]), false) !== undefined) return true;
  }
  return false;
}

/** A string cdktf's resolve would change: a token (`${TfToken[...]}`, `#{TfToken[...]}`, `&{...}`), a map token value, or a number token. */
const mayHoldToken = (s: string) => s.includes("TfToken[") || s === Token.STRING_MAP_TOKEN_VALUE || s === Token.ANY_MAP_TOKEN_VALUE || holdsNumberToken(s);

/**
 * cdktf's resolve, with a fast path for what holds no token: plain strings, numbers, booleans and
 * the objects and arrays made only of them are copied as cdktf's resolve copies them (undefined
 * dropped from objects and arrays); anything that may hold a token goes to cdktf's resolve, whole
 * (a list token is an array, a map token an object key). Most of a role's Terraform (its policy
 * rules) is literal, and cdktf's resolve made a context object per value (issue 17).
 */
export function resolveFast(stack: TerraformStack, value: unknown, preparing = false): unknown {
  const walk = (v: unknown): unknown => {
    if (v === undefined || v === null || typeof v === "boolean") return v;
    if (typeof v === "string") return mayHoldToken(v) ? resolve(stack, v, preparing) : v;
    if (typeof v === "number") return Token.isUnresolved(v) || v === Token.NUMBER_MAP_TOKEN_VALUE ? resolve(stack, v, preparing) : v;
    if (typeof v !== "object" || v instanceof Date) return resolve(stack, v, preparing);
    if (Array.isArray(v)) {
      if (v.some((x) => (typeof x === "string" && mayHoldToken(x)) || (typeof x === "number" && Token.isUnresolved(x)))) return resolve(stack, v, preparing);
      const out: unknown[] = [];
      for (const x of v) {
        const r = walk(x);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    if (Token.isUnresolved(v) || Object.getPrototypeOf(v) !== Object.prototype) return resolve(stack, v, preparing);
    const keys = Object.keys(v);
    if (keys.some(mayHoldToken)) return resolve(stack, v, preparing);
    const out: Json = {};
    for (const k of keys) {
      const r = walk((v as Json)[k]);
      if (r !== undefined) out[k] = r;
    }
    return out;
  };
  return walk(value);
}

const INDENTS: string[] = [];
const indentOf = (level: number) => (INDENTS[level] ??= `\n${"  ".repeat(level)}`);

/**
 * json-stable-stringify 1.3.0 with `{ space: 2 }` (the writer of cdktf's synthesizer), as if its
 * output were indented by `level` more levels: the same sorted keys, the same skipped undefined
 * (null in arrays), the same toJSON, the same refusal of a circular object. It builds one string
 * instead of an array, a join, a sort of the keys and a repeat of the indent per value, which was
 * the largest share of what synth allocated (issue 17); the tests compare the two.
 */
export function stableJson(value: unknown, level = 0): string | undefined {
  const ancestors = new Set<object>();
  const walk = (node: unknown, depth: number): string | undefined => {
    if (node && typeof (node as { toJSON?: unknown }).toJSON === "function") node = (node as { toJSON: () => unknown }).toJSON();
    if (node === undefined) return undefined;
    if (typeof node !== "object" || node === null) return JSON.stringify(node);
    const inner = indentOf(depth + 1);
    let out = "";
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) out += `${i === 0 ? "" : ","}${inner}${walk(node[i], depth + 1) || "null"}`;
      return `[${out}${indentOf(depth)}]`;
    }
    if (ancestors.has(node)) throw new TypeError("Converting circular structure to JSON");
    ancestors.add(node);
    for (const key of Object.keys(node).sort()) {
      const v = walk((node as Json)[key], depth + 1);
      if (!v) continue;
      out += `${out === "" ? "" : ","}${inner}${JSON.stringify(key)}: ${v}`;
    }
    ancestors.delete(node);
    return `{${out}${indentOf(depth)}}`;
  };
  return walk(value, level);
}

/** The elements of a stack in cdktf's order (terraform-stack.js terraformElements). */
export function terraformElements(node: { node: { children: readonly unknown[] } }, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    terraformElements(child as { node: { children: readonly unknown[] } }, into);
  }
  return into;
}

/**
 * The one block a resource or data source writes, when that is all its toTerraform writes: cdktf
 * 0.21.0's own TerraformResource.toTerraform (lib/terraform-resource.js) writes `resource.<type>.<id>`
 * and, only when the resource was moved or imported, a `moved` or `import` block instead or
 * beside it; TerraformDataSource's (lib/terraform-data-source.js) writes `data.<type>.<id>` only.
 * Knowing the place without calling toTerraform halves the work of the first pass (issue 17).
 */
function onlyBlock(e: TerraformElement): { section: (typeof SECTIONS)[number]; type: string; name: string } | undefined {
  if (e instanceof TerraformResource) {
    const r = e as unknown as { _hasMoved?: boolean; _imported?: unknown; _buildMovedBlock(): unknown };
    if (e.toTerraform !== TerraformResource.prototype.toTerraform || r._hasMoved || r._imported !== undefined || r._buildMovedBlock() !== undefined) return undefined;
    return { section: "resource", type: e.terraformResourceType, name: e.friendlyUniqueId };
  }
  if (e instanceof TerraformDataSource && e.toTerraform === TerraformDataSource.prototype.toTerraform) {
    return { section: "data", type: e.terraformResourceType, name: e.friendlyUniqueId };
  }
  return undefined;
}

/** Placeholder strings that cannot occur in a Terraform document (a NUL is escaped by JSON). */
const marker = (i: number) => `\u0000entra-pim:${i}\u0000`;
const MARKER_JSON = /"\\u0000entra-pim:(\d+)\\u0000"/g;

/**
 * The document as text, or undefined when the stack needs cdktf's own path. `Json` fields mirror
 * TerraformStack.toTerraform (cdktf 0.21.0 lib/terraform-stack.js).
 */
export function streamedTerraformJson(stack: TerraformStack, write: (chunk: string) => void): boolean {
  const overrides = (stack as unknown as { rawOverrides: Json }).rawOverrides ?? {};
  if (SECTIONS.some((s) => s in overrides)) return false;
  const metadata: Json = {
    version: (stack as unknown as { cdktfVersion: string }).cdktfVersion,
    stackName: stack.node.id,
    backend: "local",
    cloud: undefined,
    ...(Object.keys(overrides).length > 0 ? { overrides: { stack: Object.keys(overrides) } } : {}),
  };
  const elements = terraformElements(stack);
  for (const e of elements) deepMerge(metadata, resolve(stack, e.toMetadata()));
  const outputs = elements.reduce<Json>((carry, item) => {
    if (!TerraformOutput.isTerraformOutput(item)) return carry;
    deepMerge(
      carry,
      item.node.path.split("/").reduceRight<Json>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: item.friendlyUniqueId } : { [part]: inner }), {}),
    );
    return carry;
  }, {});
  const skeleton: Json = { "//": { metadata, outputs } };
  // Where each resource's text goes: its element and its place in the element's fragment. The
  // text itself is made when it is written, so the document never exists whole in memory.
  const sources: { element: TerraformElement; section: (typeof SECTIONS)[number]; type: string; name: string }[] = [];
  const placed = new Set<string>();
  /** Puts a resource's marker in the skeleton; false when another element wrote the same resource. */
  const place = (element: TerraformElement, section: (typeof SECTIONS)[number], type: string, name: string): boolean => {
    const where = `${section}.${type}.${name}`;
    if (placed.has(where)) return false;
    placed.add(where);
    skeleton[section] ??= {};
    skeleton[section][type] ??= {};
    skeleton[section][type][name] = marker(sources.length);
    sources.push({ element, section, type, name });
    return true;
  };
  for (const e of elements) {
    // cdktf resolves each fragment, then the merged document again; the second pass finds nothing
    // left to resolve in a resource, so resources are resolved once (the tests compare the bytes)
    // and the rest of the document, merged, is resolved again below.
    const only = onlyBlock(e);
    if (only) {
      if (!place(e, only.section, only.type, only.name)) return false;
      continue;
    }
    const fragment = e.toTerraform() as Json;
    for (const section of SECTIONS) {
      const byType = fragment[section] as Json | undefined;
      if (byType === undefined) continue;
      delete fragment[section];
      for (const [type, byName] of Object.entries(byType as Json)) {
        if (byName === undefined) continue;
        for (const [name, attributes] of Object.entries(byName as Json)) {
          if (attributes === undefined) continue;
          if (Token.isUnresolved(attributes) || Token.isUnresolved(byName) || Token.isUnresolved(byType) || !place(e, section, type, name)) return false;
        }
      }
    }
    deepMerge(skeleton, resolveFast(stack, fragment) as Json);
  }
  deepMerge(skeleton, overrides);
  const text = stableJson(resolve(stack, skeleton)) as string;
  // Resources are written in the document's (sorted) order, each made again from its element:
  // toTerraform is pure (cdktf itself calls it in both its preparing and its synthesizing pass).
  let last: { element: TerraformElement; fragment: Json } | undefined;
  let at = 0;
  for (const m of text.matchAll(MARKER_JSON)) {
    write(text.slice(at, m.index));
    const { element, section, type, name } = sources[Number(m[1])];
    if (last?.element !== element) last = { element, fragment: resolveFast(stack, element.toTerraform()) as Json };
    // At depth 3 (section, type, name).
    write(stableJson(last.fragment[section][type][name], 3) as string);
    at = (m.index ?? 0) + m[0].length;
  }
  write(text.slice(at));
  return true;
}

/**
 * Wraps a stack's synthesizer: the inner one runs as before (aspects, validations, annotations,
 * custom synthesis; HCL output untouched) and writes the JSON, which is then written again,
 * streamed, from the same stack. `prepare` tells the stack to hand the inner synthesizer an empty
 * document, so the full one is never built.
 */
export class StreamingJsonSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly inner: IStackSynthesizer,
    private readonly stack: TerraformStack,
    private readonly deferDocument: (defer: boolean) => void,
  ) {}

  synthesize(session: ISynthesisSession): void {
    const hcl = (this.inner as unknown as { hclOutput?: boolean }).hclOutput === true;
    if (hcl) {
      this.inner.synthesize(session);
      return;
    }
    this.deferDocument(true);
    try {
      this.inner.synthesize(session);
    } finally {
      this.deferDocument(false);
    }
    const file = path.join(session.outdir, session.manifest.forStack(this.stack).synthesizedStackPath);
    const fd = fs.openSync(file, "w");
    try {
      // Chunks are copied into one 1 MB buffer per write: holding the strings themselves until a
      // write kept them alive long enough to be promoted to the old generation.
      const buffer = Buffer.allocUnsafe(1 << 20);
      let used = 0;
      const flush = () => {
        if (used > 0) fs.writeSync(fd, buffer, 0, used);
        used = 0;
      };
      const streamed = streamedTerraformJson(this.stack, (chunk) => {
        const bytes = Buffer.byteLength(chunk);
        if (used + bytes > buffer.length) {
          flush();
          if (bytes > buffer.length) {
            fs.writeSync(fd, chunk);
            return;
          }
        }
        used += buffer.write(chunk, used);
      });
      flush();
      if (!streamed) {
        fs.ftruncateSync(fd, 0);
        fs.writeSync(fd, stringify(this.stack.toTerraform(), { space: 2 }), 0);
      }
    } finally {
      fs.closeSync(fd);
    }
  }
}
