import { IConstruct } from "constructs";
import { Annotations, Aspects, IAspect, IStackSynthesizer, ISynthesisSession, TerraformStack } from "cdktf";
import { ValidationError, expected } from "../errors";
import { groupedDetail, sortFindings, writeFindingsFiles } from "./findings";
import { StackModel } from "./model";
import { PRIVILEGED_ACCESS_RULES, RULE_ERROR } from "./rules";
import { addSuppressions, suppressionFor } from "./suppressions";
import { Finding, RuleInfo, RuleOutcome, RuleSuppression } from "./types";

export interface PrivilegedAccessChecksOptions {
  /** Append each rule's explanation and remediation to its annotation. @default false */
  readonly verbose?: boolean;
  /**
   * Write `findings.json` and `findings.md` next to the stack's Terraform JSON
   * (`<outdir>/stacks/<stack>/`) whenever the app synthesizes the stack, also when synthesis
   * fails on an error finding.
   * @default true
   */
  readonly findingsFiles?: boolean;
}

interface Located {
  readonly node: IConstruct;
  readonly finding: Finding;
}

const RECORDED = new WeakMap<TerraformStack, readonly Finding[]>();
const RULES_BY_ID = new Map<string, RuleInfo>([...PRIVILEGED_ACCESS_RULES, RULE_ERROR].map((r) => [r.id, r]));

/** The findings of one rule on one construct under the same suppression (or none), in the order found. */
function groupFindings(located: readonly Located[]): { node: IConstruct; findings: Finding[] }[] {
  const groups = new Map<string, { node: IConstruct; findings: Finding[] }>();
  for (const { node, finding } of located) {
    const key = JSON.stringify([finding.path, finding.rule, finding.suppressed?.path ?? null, finding.suppressed?.reason ?? null]);
    const group = groups.get(key) ?? { node, findings: [] };
    group.findings.push(finding);
    groups.set(key, group);
  }
  return [...groups.values()];
}
const APPLIED = new WeakSet<TerraformStack>();

/** Runs every rule on every construct of the stack; a rule that throws becomes a PAC-RULE-ERROR finding. */
function evaluate(stack: TerraformStack): Located[] {
  const model = new StackModel(stack);
  const out: Located[] = [];
  const add = (def: RuleInfo, node: IConstruct, detail: string) => {
    const suppressed = suppressionFor(node, def.id);
    const finding: Finding = { rule: def.id, level: def.level, baseline: def.baseline, path: node.node.path, message: def.message, detail, ...(suppressed ? { suppressed } : {}) };
    out.push({ node, finding });
  };
  for (const node of model.nodes) {
    for (const def of PRIVILEGED_ACCESS_RULES) {
      let outcome: RuleOutcome;
      try {
        outcome = def.rule(node, model);
      } catch (e) {
        add(RULE_ERROR, node, `${def.id} failed: ${e instanceof Error ? e.message : String(e)}`);
        continue;
      }
      if (typeof outcome !== "string") for (const detail of outcome) add(def, node, detail);
    }
  }
  return out;
}

/** Writes the findings files after the stack's own synthesis, whether it succeeded or not. */
class FindingsFilesSynthesizer implements IStackSynthesizer {
  constructor(
    private readonly inner: IStackSynthesizer,
    private readonly stack: TerraformStack,
  ) {}

  public synthesize(session: ISynthesisSession): void {
    let error: unknown;
    try {
      this.inner.synthesize(session);
    } catch (e) {
      error = e;
    }
    const findings = RECORDED.get(this.stack);
    if (findings) {
      try {
        writeFindingsFiles(this.stack, session.outdir, findings);
      } catch (e) {
        error ??= e;
      }
    }
    if (error !== undefined) throw error;
  }
}

/**
 * The synth-time rule pack for privileged access (cdk-nag style): CISA SCuBA MS.AAD.7.x, 3.6 and
 * 1.1, and Microsoft's emergency-access guidance. Error findings fail synthesis, warnings are
 * printed, suppressed findings are recorded with their reason; all are written to
 * `findings.json` / `findings.md` next to the stack's Terraform JSON.
 *
 * @example
 * PrivilegedAccessChecks.applyTo(stack);
 * PrivilegedAccessChecks.suppress(legacyRole, [{ id: "PAC-ELIGIBLE-EXPIRY", reason: "Reviewed quarterly by access reviews (CHG-1234)" }]);
 */
export class PrivilegedAccessChecks implements IAspect {
  /** Every rule of the pack, in docs order. */
  public static readonly rules = PRIVILEGED_ACCESS_RULES;
  /** The finding recorded when a rule throws. */
  public static readonly ruleError = RULE_ERROR;

  /**
   * Applies the pack to a stack: the rules run as an Aspect when the stack synthesizes, a stack
   * validation fails synthesis on unsuppressed errors (also under `Testing.synth(stack, true)`
   * and when the cdktf CLI continues past error annotations), and, unless
   * `findingsFiles: false`, the stack's synthesizer writes the findings files.
   */
  public static applyTo(stack: TerraformStack, options: PrivilegedAccessChecksOptions = {}): PrivilegedAccessChecks {
    const context = "PrivilegedAccessChecks.applyTo";
    if (!TerraformStack.isStack(stack)) throw new ValidationError("stack", expected("a TerraformStack", stack), context);
    if (typeof options !== "object" || options === null) throw new ValidationError("options", expected("an object", options), context);
    for (const flag of ["verbose", "findingsFiles"] as const) {
      if (options[flag] !== undefined && typeof options[flag] !== "boolean") throw new ValidationError(`options.${flag}`, expected("true or false", options[flag]), context);
    }
    if (APPLIED.has(stack)) throw new ValidationError("stack", `${stack.node.path} already has PrivilegedAccessChecks applied; apply the pack once per stack`, context);
    APPLIED.add(stack);
    const pack = new PrivilegedAccessChecks(stack, options.verbose ?? false);
    Aspects.of(stack).add(pack);
    stack.node.addValidation({
      validate: () =>
        PrivilegedAccessChecks.findingsOf(stack)
          .filter((f) => f.level === "error" && !f.suppressed)
          .map((f) => `${f.rule} at ${f.path}: ${f.detail} (${f.baseline})`),
    });
    if (options.findingsFiles ?? true) stack.synthesizer = new FindingsFilesSynthesizer(stack.synthesizer, stack);
    return pack;
  }

  /**
   * Suppresses rules on a construct and everything below it. Each needs a real reason: an empty
   * or blank reason, an unknown rule id, or the same rule twice on one construct is refused.
   * Suppressed findings stay in the findings files with their reason, but do not fail synthesis.
   */
  public static suppress(construct: IConstruct, suppressions: readonly RuleSuppression[]): void {
    addSuppressions(construct, suppressions);
  }

  /**
   * The stack's findings, sorted by construct path and rule: those recorded when the pack ran at
   * synthesis, or, before that, the findings the rules give now.
   */
  public static findingsOf(stack: TerraformStack): readonly Finding[] {
    if (!TerraformStack.isStack(stack)) throw new ValidationError("stack", expected("a TerraformStack", stack), "PrivilegedAccessChecks.findingsOf");
    return RECORDED.get(stack) ?? sortFindings(evaluate(stack).map((l) => l.finding));
  }

  private constructor(
    private readonly stack: TerraformStack,
    private readonly verbose: boolean,
  ) {}

  /** Aspect entry point: runs the rules once, when visiting the stack, and annotates the findings. */
  public visit(node: IConstruct): void {
    if (node !== this.stack || RECORDED.has(this.stack)) return;
    const located = evaluate(this.stack);
    RECORDED.set(this.stack, sortFindings(located.map((l) => l.finding)));
    // One annotation per rule, construct and suppression: a role with 5,000 permanent principals
    // gives one warning that counts them, not 5,000 (findings.json keeps every one; issue 17).
    for (const { node: at, findings } of groupFindings(located)) {
      const f = findings[0];
      const detail = groupedDetail(findings.map((x) => x.detail));
      // "[ID] Message (baseline): detail": the detail starts lower-case, so it follows a colon, not a full stop.
      const text = `[${f.rule}] ${f.message.replace(/\.$/, "")} (${f.baseline}): ${detail}`;
      if (f.suppressed) {
        Annotations.of(at).addInfo(`[${f.rule}] suppressed on ${f.suppressed.path} (${f.suppressed.reason}): ${detail}`);
        continue;
      }
      const def = RULES_BY_ID.get(f.rule) as RuleInfo;
      const full = this.verbose ? `${text}. ${def.explanation} What to do: ${def.remediation}` : text;
      if (f.level === "error") Annotations.of(at).addError(full);
      else Annotations.of(at).addWarning(full);
    }
  }
}

/**
 * Writes the stack's `findings.json` and `findings.md` to `<outdir>/stacks/<stack>/` (next to its
 * Terraform JSON). `applyTo` does this during synthesis; call it yourself for a stack synthesized
 * with `findingsFiles: false`. Returns the two paths.
 */
export function writeFindings(stack: TerraformStack, outdir: string): { json: string; markdown: string } {
  if (typeof outdir !== "string" || outdir.trim() === "") throw new ValidationError("outdir", expected("a directory path", outdir), "writeFindings");
  return writeFindingsFiles(stack, outdir, PrivilegedAccessChecks.findingsOf(stack));
}
