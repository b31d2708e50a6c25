import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Lazy, TerraformResource, TerraformStack, Token } from "cdktf";
import { buildTenantStack, readTenantSource } from "../constructs/config";
import { resolveFast, stableJson, streamedTerraformJson } from "../constructs/config/streaming-synth";
import { MATRIX } from "../scripts/terraform-matrix";

/**
 * The streaming writer of cdk.tf.json (constructs/config/streaming-synth.ts), and the tenant stack's
 * skipped preparing run (TenantStack.prepareStack), against cdktf's own path:
 * for every example tenant file and every stack of the Terraform stage's matrix (every role kind,
 * delivery and option: moved and removed blocks, raised provider versions, ...), `app.synth()`
 * writes exactly the bytes cdktf's synthesizer writes (json-stable-stringify of
 * `TerraformStack.toTerraform()`, 2 spaces).
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const stringify = require(require.resolve("json-stable-stringify", { paths: [path.dirname(require.resolve("cdktf"))] })) as (v: unknown, o: { space: number }) => string;

const EXAMPLES = path.join(__dirname, "..", "examples");
const cases: [string, unknown][] = [
  ...fs
    .readdirSync(EXAMPLES)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => [`example ${f}`, readTenantSource(path.join(EXAMPLES, f)).data] as [string, unknown]),
  ...MATRIX.map((m) => [`matrix ${m.name}`, m.tenant] as [string, unknown]),
];

/** An App writing to a new temporary directory, as the CLI makes it. */
const scratchApp = () => new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "streaming-synth-")), skipValidation: true, stackTraces: false });

/**
 * The tenant stack's `app.synth()` output, and what cdktf's own path writes for the same file: a
 * second build in its own App, cdktf's preparing run (which the tenant stack skips when alone in
 * its App), then json-stable-stringify of `toTerraform()`, as cdktf's StackSynthesizer writes it.
 */
function synthesized(data: unknown, change: (stack: TerraformStack) => void = () => undefined): { streamed: string; cdktf: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "streaming-synth-"));
  try {
    const app = new App({ outdir, skipValidation: true, stackTraces: false });
    const stack = buildTenantStack(app, data);
    change(stack);
    app.synth();
    const streamed = fs.readFileSync(path.join(outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8");
    const reference = buildTenantStack(new App({ outdir: path.join(outdir, "reference"), skipValidation: true, stackTraces: false }), data);
    change(reference);
    TerraformStack.prototype.prepareStack.call(reference);
    return { streamed, cdktf: stringify(reference.toTerraform(), { space: 2 }) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe("cdk.tf.json written resource by resource", () => {
  test.each(cases)("%s: the same bytes as cdktf's synthesizer", (_name, data) => {
    const { streamed, cdktf } = synthesized(data);
    expect(streamed.length).toBeGreaterThan(1000);
    expect(streamed).toBe(cdktf);
  });

  test("resources that also write an import or a moved block are made by their own toTerraform", () => {
    // The first pass places most resources without calling toTerraform (onlyBlock); one imported
    // and one moved resource must still write those blocks beside or instead of their own.
    const { streamed, cdktf } = synthesized(cases[0][1], (stack) => {
      const resources = stack.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource);
      resources[0].importFrom("imported-id");
      resources[1].moveFromId(`${resources[1].terraformResourceType}.old_name`);
    });
    expect(streamed).toBe(cdktf);
    const document = JSON.parse(streamed) as { import?: unknown[]; moved?: unknown[] };
    expect(document.import).toHaveLength(1);
    expect(document.moved?.length).toBeGreaterThanOrEqual(1);
  });

  test("stableJson writes what json-stable-stringify writes, at any depth", () => {
    const values: unknown[] = [
      { b: 1, a: [1, "x", null, undefined, () => 1, { z: {}, y: [] }], c: undefined, d: () => 1, "é": true, Z: -0, e: NaN, f: 1e21, g: new Date(0) },
      [],
      {},
      [[[]], [{}], { features: [{}] }],
      "a\nb \"q\" \u0000",
      42,
      null,
      { nested: { deeper: { deepest: ["\u2028", { k: "v" }] } }, "10": 1, "9": 2, "": 3 },
    ];
    for (const v of values) {
      expect(stableJson(v)).toBe(stringify(v, { space: 2 }));
      expect(stableJson(v, 3)).toBe(stringify(v, { space: 2 }).replace(/\n/g, "\n      "));
    }
    expect(stableJson(undefined)).toBeUndefined();
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => stableJson(cyclic)).toThrow("Converting circular structure to JSON");
  });

  test("resolveFast gives cdktf's resolve, for number tokens inside strings and for text that only looks like one", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { resolve } = require("cdktf/lib/_tokens") as { resolve: (scope: TerraformStack, value: unknown) => unknown };
    const stack = new TerraformStack(scratchApp(), "s");
    const count = Token.asNumber(Lazy.numberValue({ produce: () => 42 }));
    const value = {
      [`key-${count}`]: `count ${count} of 0e742-and-9e3779b1`,
      "Contributorat--subscriptions--0000005b-0000-41a4-8ca9-9303a664005b_Settings": { scope: "/subscriptions/0000005b-0000-4001-8b06-9e3779b1005b", n: count, list: ["1e5", `${count}`, "-e-"] },
      plain: ["a.e1", "x-ee-y", 1e21, "1.5e+300"],
    };
    const expected = resolve(stack, value);
    expect(JSON.stringify(expected)).toContain("count 42 of 0e742-and-9e3779b1");
    expect(resolveFast(stack, value)).toEqual(expected);
  });

  test("the preparing run is skipped only for a tenant stack alone in its App", () => {
    const spy = jest.spyOn(TerraformStack.prototype, "prepareStack");
    try {
      const alone = buildTenantStack(scratchApp(), cases[0][1]);
      alone.prepareStack();
      expect(spy).not.toHaveBeenCalled(); // cdktf's run is skipped
      const app = scratchApp();
      const shared = buildTenantStack(app, cases[0][1]);
      new TerraformStack(app, "other");
      spy.mockClear();
      shared.prepareStack();
      expect(spy).toHaveBeenCalledTimes(1); // cdktf's run, through super
    } finally {
      spy.mockRestore();
    }
  });

  /** The example's tenant stack with one stack-level override, and what the streaming writer makes of it. */
  function withOverride(at: string, value: string): { app: App; stack: TerraformStack; streamed: boolean; written: string } {
    const app = scratchApp();
    const stack = buildTenantStack(app, cases[0][1]);
    stack.addOverride(at, value);
    let written = "";
    const streamed = streamedTerraformJson(stack, (chunk) => (written += chunk));
    return { app, stack, streamed, written };
  }

  test("a stack-level override under resource falls back to cdktf's path, with the override in place", () => {
    const { app, stack, streamed, written } = withOverride("resource.azuread_group.Extra.display_name", "Extra");
    expect(streamed).toBe(false);
    expect(written).toBe("");
    app.synth();
    const text = fs.readFileSync(path.join(app.outdir, "stacks", stack.node.id, "cdk.tf.json"), "utf8");
    expect(text).toBe(stringify(stack.toTerraform(), { space: 2 }));
    expect(JSON.parse(text).resource.azuread_group.Extra).toEqual({ display_name: "Extra" });
  });

  test("a stack-level override elsewhere streams, and is in the document", () => {
    const { stack, streamed, written } = withOverride("terraform.required_providers.random.version", "3.7.2");
    expect(streamed).toBe(true);
    expect(written).toBe(stringify(stack.toTerraform(), { space: 2 }));
  });
});
