import { fingerprint, sortBy } from "./text";

/**
 * A Mermaid `flowchart LR` of principals -> roles -> controls. Node ids are derived from stable
 * keys (a readable slug plus a fingerprint of the key), so they never depend on list positions,
 * never collide after slugging, and are never a Mermaid keyword (`end`, `graph`, ...). Labels are
 * quoted and entity-escaped.
 */

export type NodeKind = "principal" | "breakGlass" | "role" | "control" | "gap";

export interface DiagramNode {
  /** Stable identity (principal key, role identity, policy path). */
  readonly key: string;
  readonly kind: NodeKind;
  readonly label: string;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  /** `solid` -->, `thick` ==> (standing access), `dotted` -.-> (a missing control). */
  readonly style: "solid" | "thick" | "dotted";
}

const PREFIX: Record<NodeKind, string> = { principal: "p", breakGlass: "b", role: "r", control: "c", gap: "g" };
const SHAPE: Record<NodeKind, [string, string]> = {
  principal: ["([", "])"],
  breakGlass: ["([", "])"],
  role: ["[", "]"],
  control: ["{{", "}}"],
  gap: ["[/", "/]"],
};
const ARROW = { solid: "-->", thick: "==>", dotted: "-.->" } as const;

/**
 * A Mermaid node id: `<kind>_<slug>_<fingerprint>`, letters, digits and `_` only. The slug (from
 * the label, for readability) is cosmetic; the fingerprint of the key makes the id unique.
 */
export function nodeId(kind: NodeKind, key: string, label: string = key): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 32)
    .replace(/_+$/, "");
  return `${PREFIX[kind]}_${slug ? `${slug}_` : ""}${fingerprint(`${kind}:${key}`)}`;
}

/**
 * Escapes a label for a quoted Mermaid string: `"` and the characters Mermaid or the Markdown
 * host would interpret become entity codes (`#quot;`, `#35;` ...), line breaks become spaces.
 */
export function mermaidLabel(text: string): string {
  const entities: Record<string, string> = { "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "`": "#96;" };
  return text.replace(/\r?\n/g, " ").replace(/[#"<>&`]/g, (c) => entities[c]);
}

/** Renders nodes and edges, both sorted, as the lines of a fenced `mermaid` block. */
export function renderFlowchart(nodes: readonly DiagramNode[], edges: readonly DiagramEdge[]): string[] {
  const byKey = new Map<string, DiagramNode>();
  for (const n of nodes) byKey.set(`${n.kind}:${n.key}`, n);
  const ids = new Map([...byKey.values()].map((n) => [`${n.kind}:${n.key}`, nodeId(n.kind, n.key, n.label)]));
  const order = ["principal", "breakGlass", "role", "control", "gap"];
  const sortedNodes = sortBy([...byKey.values()], (n) => [String(order.indexOf(n.kind)), n.label, n.key]);
  const lines = ["```mermaid", "flowchart LR"];
  for (const n of sortedNodes) {
    const [open, close] = SHAPE[n.kind];
    lines.push(`  ${ids.get(`${n.kind}:${n.key}`)}${open}"${mermaidLabel(n.label)}"${close}`);
  }
  const edgeLines = new Set<string>();
  for (const e of edges) {
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (from === undefined || to === undefined) throw new Error(`diagram edge between unknown nodes ${e.from} -> ${e.to}`);
    edgeLines.add(`  ${from} ${ARROW[e.style]}|"${mermaidLabel(e.label)}"| ${to}`);
  }
  lines.push(...[...edgeLines].sort());
  const classes: [NodeKind, string][] = [
    ["breakGlass", "fill:#fde2e1,stroke:#b42318"],
    ["gap", "fill:#fff4e5,stroke:#b54708,stroke-dasharray:4 2"],
    ["control", "fill:#e8f1fb,stroke:#175cd3"],
  ];
  for (const [kind, style] of classes) {
    const members = sortedNodes.filter((n) => n.kind === kind).map((n) => ids.get(`${n.kind}:${n.key}`));
    if (members.length === 0) continue;
    lines.push(`  classDef ${kind} ${style}`);
    lines.push(`  class ${members.join(",")} ${kind}`);
  }
  lines.push("```");
  return lines;
}
