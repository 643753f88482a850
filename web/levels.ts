/**
 * The task grid's levels: which of the listed assignments are rows for this reader (their parent is not listed), and
 * the assignments below each row, depth first, for its expansion.
 */
export interface Leveled {
  workflowId: string;
  parentWorkflowId: string | null;
  unitCode: string;
}

export interface Nested<T> {
  row: T;
  /** Everything below the row that the reader may see, each with its depth under the row (1 = passed on by it). */
  below: { item: T; depth: number }[];
}

export function nestLevels<T extends Leveled>(rows: readonly T[], below: readonly T[]): Nested<T>[] {
  const listed = new Map<string, T>([...below, ...rows].map((r) => [r.workflowId, r]));
  const childrenOf = new Map<string, T[]>();
  for (const r of listed.values()) {
    if (!r.parentWorkflowId || !listed.has(r.parentWorkflowId)) continue;
    const list = childrenOf.get(r.parentWorkflowId) ?? [];
    list.push(r);
    childrenOf.set(r.parentWorkflowId, list);
  }
  const descend = (id: string, depth: number, seen: Set<string>): { item: T; depth: number }[] =>
    (childrenOf.get(id) ?? [])
      .filter((c) => !seen.has(c.workflowId) && seen.add(c.workflowId))
      .sort((a, b) => a.unitCode.localeCompare(b.unitCode))
      .flatMap((c) => [{ item: c, depth }, ...descend(c.workflowId, depth + 1, seen)]);
  return rows
    .filter((r) => !r.parentWorkflowId || !listed.has(r.parentWorkflowId))
    .map((row) => ({ row, below: descend(row.workflowId, 1, new Set([row.workflowId])) }));
}
