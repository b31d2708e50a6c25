import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { parseTenantYaml, validateTenantData } from "../constructs/config";

/**
 * The documentation stays usable: every relative link in README.md, CHANGELOG.md and docs/*.md
 * resolves (files, directories and `#anchor`s by GitHub's heading slugs), and every TypeScript
 * snippet of README.md and docs/*.md compiles on its own, as a user would paste it, under
 * `strict` and `noUnusedLocals` (as cdktf's project template sets them), with the package's
 * import names mapped to this repository's sources.
 */

const ROOT = path.join(__dirname, "..");

/** The Markdown files whose links are checked. */
function markdownFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => path.join("docs", name));
  return ["README.md", "CHANGELOG.md", ...docs];
}

/** The Markdown files whose TypeScript snippets are compiled. */
function snippetFiles(): string[] {
  return markdownFiles().filter((file) => file !== "CHANGELOG.md");
}

function readLines(file: string): string[] {
  return fs.readFileSync(path.join(ROOT, file), "utf8").split(/\r?\n/);
}

interface Fence {
  /** 1-based line of the opening fence. */
  readonly line: number;
  /** First word of the info string, lower-cased ("" when none). */
  readonly lang: string;
  /** The content lines, with the fence's indentation removed. */
  readonly body: string[];
  /** Whether the line before the fence is `<!-- snippet: fragment -->`. */
  readonly fragment: boolean;
}

const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)/;
const FRAGMENT_MARKER = /^\s*<!--\s*snippet:\s*fragment\s*-->\s*$/;

/** Splits Markdown into its fenced code blocks and the lines outside them (code lines blanked). */
function parseMarkdown(lines: readonly string[]): { fences: Fence[]; prose: string[] } {
  const fences: Fence[] = [];
  const prose = [...lines];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const marker = open[2];
    const close = new RegExp(`^\\s*${marker[0] === "`" ? "`" : "~"}{${marker.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && !close.test(lines[j])) {
      const raw = lines[j];
      const strip = Math.min(indent, raw.length - raw.trimStart().length);
      body.push(raw.slice(strip));
      j++;
    }
    for (let k = i; k <= Math.min(j, lines.length - 1); k++) prose[k] = "";
    fences.push({ line: i + 1, lang: open[3].toLowerCase(), body, fragment: i > 0 && FRAGMENT_MARKER.test(lines[i - 1]) });
    i = j;
  }
  return { fences, prose };
}

/** GitHub's heading anchor: lower-case, punctuation other than `-` and `_` dropped, spaces to `-`. */
function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images: their text
    .replace(/<[^>]+>/g, "") // inline HTML
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
}

const anchorCache = new Map<string, Set<string>>();

/** The anchors GitHub generates for a Markdown file's headings (duplicates get `-1`, `-2`, ...). */
function anchorsOf(file: string): Set<string> {
  const cached = anchorCache.get(file);
  if (cached) return cached;
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const line of parseMarkdown(readLines(file)).prose) {
    const heading = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (!heading) continue;
    const base = slug(heading[1] ?? "");
    const seen = counts.get(base) ?? 0;
    counts.set(base, seen + 1);
    anchors.add(seen === 0 ? base : `${base}-${seen}`);
  }
  for (const line of readLines(file)) {
    for (const m of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(m[1]);
  }
  anchorCache.set(file, anchors);
  return anchors;
}

interface Link {
  readonly file: string;
  readonly line: number;
  readonly target: string;
}

/** Inline links and images `[text](target "title")` and reference definitions `[text]: target`, outside code. */
function linksOf(file: string): Link[] {
  const links: Link[] = [];
  parseMarkdown(readLines(file)).prose.forEach((raw, index) => {
    const line = raw.replace(/(`+)[\s\S]*?\1/g, (code) => " ".repeat(code.length)); // inline code
    const found: string[] = [];
    for (const m of line.matchAll(/\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+["'(][^)]*)?\)/g)) found.push(m[1]);
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) found.push(definition[1]);
    for (const target of found) links.push({ file, line: index + 1, target: target.replace(/^<|>$/g, "") });
  });
  return links;
}

/** Why a link does not resolve, or undefined when it does (or is not relative). */
function brokenReason(link: Link): string | undefined {
  const { target } = link;
  if (/^(https?:|mailto:)/i.test(target)) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return `unsupported scheme`;
  const hash = target.indexOf("#");
  const filePart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
  const resolved = filePart === "" ? path.join(ROOT, link.file) : path.resolve(ROOT, path.dirname(link.file), filePart);
  if (!fs.existsSync(resolved)) return `no such file or directory: ${path.relative(ROOT, resolved)}`;
  if (anchor === undefined || anchor === "") return undefined;
  if (!resolved.endsWith(".md") || fs.statSync(resolved).isDirectory()) return undefined;
  const anchors = anchorsOf(path.relative(ROOT, resolved));
  return anchors.has(anchor) ? undefined : `no heading with anchor #${anchor} in ${path.relative(ROOT, resolved)}`;
}

describe("links", () => {
  test("the link checker reads inline, image and reference links and GitHub's slugs", () => {
    expect(slug("First apply: register the passwordless credential (out of band)")).toBe(
      "first-apply-register-the-passwordless-credential-out-of-band",
    );
    expect(slug("`prevent_destroy`, and why accounts are decommissioned")).toBe("prevent_destroy-and-why-accounts-are-decommissioned");
    expect(slug("GitHub Actions (`examples/pipelines/github-actions.yml`)")).toBe("github-actions-examplespipelinesgithub-actionsyml");
  });

  test("every relative link in README.md, CHANGELOG.md and docs/*.md resolves", () => {
    const links = markdownFiles().flatMap(linksOf);
    expect(links.length).toBeGreaterThan(5);
    const broken = links.flatMap((link) => {
      const reason = brokenReason(link);
      return reason ? [`${link.file}:${link.line}: ${link.target} (${reason})`] : [];
    });
    if (broken.length > 0) throw new Error(`${broken.length} broken link(s):\n${broken.join("\n")}`);
  });
});

/** Minimum number of snippets compiled, so that a change of fence language cannot skip them all. */
const MIN_COMPILED_SNIPPETS = 11;

/** `paths` for the package's own import names, from package.json `exports` (`./dist/x.d.ts` -> `x.ts`). */
function packagePaths(): Record<string, string[]> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    name: string;
    exports: Record<string, string | { types?: string }>;
  };
  const paths: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(pkg.exports)) {
    if (typeof value !== "object" || !value.types) continue;
    const source = value.types.replace(/^\.\/dist\//, "").replace(/\.d\.ts$/, ".ts");
    if (!fs.existsSync(path.join(ROOT, source))) throw new Error(`package.json exports["${key}"]: no source ${source}`);
    paths[key === "." ? pkg.name : `${pkg.name}${key.slice(1)}`] = [source];
  }
  return paths;
}

interface Snippet {
  /** `README.md:87`: the Markdown file and the line of its opening fence. */
  readonly where: string;
  readonly file: string;
  readonly fenceLine: number;
  readonly fileName: string;
  readonly text: string;
}

const SNIPPET_DIR = path.join(ROOT, "__doc_snippets__");

function snippets(): { compiled: Snippet[]; fragments: string[] } {
  const compiled: Snippet[] = [];
  const fragments: string[] = [];
  for (const file of snippetFiles()) {
    for (const fence of parseMarkdown(readLines(file)).fences) {
      if (fence.lang !== "ts" && fence.lang !== "typescript") continue;
      const where = `${file}:${fence.line}`;
      if (fence.fragment) {
        fragments.push(where);
        continue;
      }
      const fileName = path.join(SNIPPET_DIR, `${file.replace(/[\\/]/g, "_")}_L${fence.line}.ts`);
      compiled.push({ where, file, fenceLine: fence.line, fileName, text: `${fence.body.join("\n")}\n` });
    }
  }
  return { compiled, fragments };
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(ROOT, "tsconfig.json"), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return {
    ...parsed.options,
    strict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    // Every snippet is its own module, with or without import statements.
    moduleDetection: ts.ModuleDetectionKind.Force,
    baseUrl: ROOT,
    paths: packagePaths(),
    incremental: false,
    tsBuildInfoFile: undefined,
    declaration: false,
  };
}

describe("TypeScript snippets", () => {
  test("README.md and docs/*.md TypeScript snippets compile on their own (strict, noUnusedLocals)", () => {
    const { compiled, fragments } = snippets();
    expect(compiled.length).toBeGreaterThanOrEqual(MIN_COMPILED_SNIPPETS);
    expect(fragments.length).toBeLessThanOrEqual(3);

    const options = compilerOptions();
    const virtual = new Map(compiled.map((s) => [s.fileName, s]));
    const host = ts.createCompilerHost(options, true);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists.call(host, fileName);
    host.readFile = (fileName) => virtual.get(path.resolve(fileName))?.text ?? readFile.call(host, fileName);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const snippet = virtual.get(path.resolve(fileName));
      if (snippet) return ts.createSourceFile(fileName, snippet.text, languageVersion, true, ts.ScriptKind.TS);
      return getSourceFile.call(host, fileName, languageVersion, onError, shouldCreate);
    };
    const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });

    const problems: string[] = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map(
      (d) => `compiler options: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
    );
    for (const snippet of compiled) {
      const sourceFile = program.getSourceFile(snippet.fileName);
      if (!sourceFile) {
        problems.push(`${snippet.where}: not compiled`);
        continue;
      }
      for (const d of [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]) {
        const line = d.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(d.start).line + 1;
        const message = ts.flattenDiagnosticMessageText(d.messageText, "\n  ");
        // The snippet's line `line` is the Markdown file's line fenceLine + line.
        problems.push(`${snippet.file}:${snippet.fenceLine + line} (snippet ${snippet.where}): TS${d.code}: ${message}`);
      }
    }
    if (problems.length > 0) throw new Error(`${problems.length} problem(s) in documentation snippets:\n${problems.join("\n")}`);
  });
});

describe("YAML snippets", () => {
  /**
   * Every `yaml` block of README.md and docs/*.md is a tenant file the schema accepts: a block
   * with `breakGlass:` is a whole file; any other block is a fragment whose top-level keys replace
   * those of examples/minimal.yaml, as a user would paste it into the starter.
   */
  test("README.md and docs/*.md YAML snippets are valid tenant files", () => {
    const base = parseTenantYaml(fs.readFileSync(path.join(ROOT, "examples", "minimal.yaml"), "utf8")).data as Record<string, unknown>;
    const failures: string[] = [];
    let checked = 0;
    for (const file of snippetFiles()) {
      for (const fence of parseMarkdown(readLines(file)).fences) {
        if (fence.lang !== "yaml" && fence.lang !== "yml") continue;
        checked++;
        const where = `${file}:${fence.line}`;
        let data: Record<string, unknown>;
        try {
          data = parseTenantYaml(fence.body.join("\n"), where).data as Record<string, unknown>;
        } catch (error) {
          failures.push(`${where}: ${(error as Error).message}`);
          continue;
        }
        const whole = "breakGlass" in data ? data : { ...base, ...data };
        for (const problem of validateTenantData(whole).problems) {
          failures.push(`${where}: ${problem.path.join(".")}: ${problem.message}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});
