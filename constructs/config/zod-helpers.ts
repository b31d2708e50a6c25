import { z } from "zod";
import { ValidationError } from "../errors";
import { ConfigPath, bareMessage, problemFromValidationError } from "./errors";

/** Adds a construct's ValidationError to a zod refinement as an issue at `base` + its field. */
export function addValidationIssue(
  ctx: z.RefinementCtx,
  error: unknown,
  base: ConfigPath,
  options: { renameField?: (field: string) => string; resolveKey?: (list: string, key: string) => number | undefined } = {},
): void {
  if (!(error instanceof ValidationError)) throw error;
  const renamed = options.renameField ? new ValidationError(options.renameField(error.field), bareMessage(error)) : error;
  const problem = problemFromValidationError(renamed, base, options.resolveKey);
  ctx.addIssue({ code: "custom", message: problem.message, path: [...problem.path] });
}

/** Runs `fn`; a ValidationError it throws becomes an issue. Returns the result, or undefined on error. */
export function attempt<T>(
  ctx: z.RefinementCtx,
  base: ConfigPath,
  fn: () => T,
  options?: Parameters<typeof addValidationIssue>[3],
): T | undefined {
  try {
    return fn();
  } catch (error) {
    addValidationIssue(ctx, error, base, options);
    return undefined;
  }
}

/** A string field with its documentation (shown by editors through the JSON Schema). */
export function text(description: string): z.ZodString {
  return z.string().meta({ description });
}

/** A boolean field with its documentation. */
export function flag(description: string): z.ZodBoolean {
  return z.boolean().meta({ description });
}
