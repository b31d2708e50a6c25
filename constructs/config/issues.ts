import { z } from "zod";
import { describeValue } from "../errors";
import { didYouMean } from "../catalog";
import { ConfigPath, ConfigProblem } from "./errors";

/**
 * zod issues as problems in the project's words: every message names what is allowed and what
 * was given (`must be true or false, got "yes"`), unknown keys get a did-you-mean.
 */

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  boolean: "true or false",
  number: "a number",
  int: "a whole number",
  array: "a list",
  object: "a mapping (key: value)",
};

/** The key names an object schema allows at `path` (for did-you-mean), or [] when unknown. */
export function keysAt(schema: unknown, path: ConfigPath): string[] {
  const def = defOf(schema);
  if (!def) return [];
  if (WRAPPERS.includes(def.type)) return keysAt(def.innerType, path);
  if (def.type === "pipe") return keysAt(def.in, path);
  if (def.type === "union") {
    for (const option of def.options as unknown[]) {
      const keys = keysAt(option, path);
      if (keys.length) return keys;
    }
    return [];
  }
  if (path.length === 0) return def.type === "object" ? Object.keys(def.shape as Record<string, unknown>) : [];
  const [part, ...rest] = path;
  if (typeof part === "number" && def.type === "array") return keysAt(def.element, rest);
  if (typeof part === "string" && def.type === "object") return keysAt((def.shape as Record<string, unknown>)[part], rest);
  if (def.type === "record") return keysAt(def.valueType, rest);
  return [];
}

const WRAPPERS = ["optional", "nullable", "default", "prefault", "readonly", "nonoptional", "catch"];

interface Def {
  readonly type: string;
  readonly [key: string]: unknown;
}

function defOf(node: unknown): Def | undefined {
  const zod = (node as { _zod?: { def?: Def } } | undefined)?._zod;
  return zod?.def;
}

/** Maps zod issues to problems; `schema` supplies the allowed keys for unknown-key messages. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], schema: z.ZodType): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    switch (issue.code) {
      case "unrecognized_keys": {
        const allowed = keysAt(schema, path);
        for (const key of issue.keys) {
          const hint = allowed.length ? didYouMean(key, allowed, 1) : "";
          out.push({
            path: [...path, key],
            message: `is not a known field${hint ? `; ${hint}` : ""}${allowed.length ? ` Allowed here: ${allowed.join(", ")}` : ""}`,
          });
        }
        break;
      }
      case "invalid_type": {
        const expectedText = TYPE_NAMES[issue.expected] ?? issue.expected;
        out.push({
          path,
          message:
            issue.input === undefined
              ? `is required: must be ${expectedText}`
              : `must be ${expectedText}, got ${describeValue(issue.input)}${issue.expected === "boolean" && typeof issue.input === "string" ? " (YAML 1.2 reads yes/no/on/off as text: write true or false)" : ""}`,
        });
        break;
      }
      case "invalid_value": {
        const values = issue.values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v)));
        const input = issue.input;
        const hint =
          typeof input === "string" ? didYouMean(input, issue.values.filter((v): v is string => typeof v === "string"), 1) : "";
        out.push({ path, message: `must be one of ${values.join(", ")}, got ${describeValue(input)}${hint ? `; ${hint}` : ""}` });
        break;
      }
      case "invalid_union": {
        // The branch whose type matched (its problems are inside the value) says what is wrong;
        // when none matched, list the accepted types.
        const matched = issue.errors.find((branch) => !branch.some((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "invalid_value")));
        if (matched) {
          out.push(...problemsFromIssues(matched.map((i) => ({ ...i, path: [...issue.path, ...i.path] })), schema));
        } else {
          const alternatives = issue.errors.flatMap((branch) =>
            branch.map((i) =>
              i.code === "invalid_type" ? (TYPE_NAMES[i.expected] ?? i.expected) : i.code === "invalid_value" ? i.values.map((v) => JSON.stringify(v)).join(" or ") : "",
            ),
          );
          out.push({ path, message: `must be ${[...new Set(alternatives.filter((a) => a !== ""))].join(" or ")}, got ${describeValue(issue.input)}` });
        }
        break;
      }
      case "too_small":
        out.push({
          path,
          message:
            issue.origin === "array"
              ? `must list at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}, got ${describeValue(issue.input)}`
              : `must be at least ${issue.minimum}${issue.origin === "string" ? " characters long" : ""}, got ${describeValue(issue.input)}`,
        });
        break;
      case "too_big":
        out.push({
          path,
          message:
            issue.origin === "array"
              ? `must list at most ${issue.maximum} items, got ${Array.isArray(issue.input) ? issue.input.length : describeValue(issue.input)}`
              : `must be at most ${issue.maximum}${issue.origin === "string" ? " characters long" : ""}, got ${describeValue(issue.input)}`,
        });
        break;
      case "invalid_format":
        out.push({ path, message: `${issue.message.replace(/^Invalid string: /, "must be ")}, got ${describeValue(issue.input)}` });
        break;
      default:
        out.push({ path, message: issue.message });
    }
  }
  return dedupe(out);
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${JSON.stringify(p.path)} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
