/** Counts what a synthesized stack declares, with for_each expanded, so the two variants can be checked for equivalence. */
export interface InstanceCounts {
  /** Resource and data blocks in cdk.tf.json. */
  readonly blocks: number;
  /** Resource instances Terraform would plan (for_each expanded). */
  readonly resourceInstances: number;
  /** Data source instances (for_each expanded). */
  readonly dataInstances: number;
  /** Instances per `resource.<type>` / `data.<type>`, sorted by type. */
  readonly byType: Record<string, number>;
}

type Json = Record<string, unknown>;

export function countInstances(json: Json): InstanceCounts {
  let blocks = 0;
  const byType: Record<string, number> = {};
  for (const section of ["data", "resource"] as const) {
    for (const [type, byName] of Object.entries((json[section] ?? {}) as Record<string, Json>).sort(([a], [b]) => (a < b ? -1 : 1))) {
      for (const block of Object.values(byName) as Json[]) {
        blocks += 1;
        const each = block.for_each;
        const key = `${section}.${type}`;
        byType[key] = (byType[key] ?? 0) + (each && typeof each === "object" ? Object.keys(each).length : 1);
      }
    }
  }
  const sum = (prefix: string) => Object.entries(byType).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
  return { blocks, resourceInstances: sum("resource."), dataInstances: sum("data."), byType };
}
