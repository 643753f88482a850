/**
 * Who a new task goes to, by role: lead units are assignees (named in `assignees` or `leadUnits`, or both), and
 * co-operating units contribute to them. A unit named in both roles is refused, naming it, rather than silently
 * made a lead; a unit a group target brings in that is also co-operating keeps its assignment.
 */

export interface TaskRolesInput {
  assigneeUnits: string[];
  leadUnits: string[];
  coordinatingUnits: string[];
  /** How many groups the task names as assignees, and the units they expand to (not named one by one). */
  groups: number;
  groupUnits: string[];
}

export type TaskRoles =
  | { ok: true; leadSide: string[]; cooperating: string[] }
  | { ok: false; status: 'invalid' | 'unprocessable'; errors: { field: string; reason: string }[] };

export function resolveTaskRoles(input: TaskRolesInput): TaskRoles {
  if (input.assigneeUnits.length + input.leadUnits.length + input.groups === 0) {
    const reason = 'assign at least one unit: name it in assignees or leadUnits';
    return { ok: false, status: 'invalid', errors: [{ field: 'assignees', reason }] };
  }
  const named = new Set([...input.assigneeUnits, ...input.leadUnits]);
  const errors = input.coordinatingUnits.flatMap((code, i) =>
    named.has(code)
      ? [
          {
            field: `coordinatingUnits.${i}`,
            reason: `${code} is named as ${input.leadUnits.includes(code) ? 'a lead unit' : 'an assignee'} and as a co-operating unit; give it one role`,
          },
        ]
      : [],
  );
  if (errors.length) return { ok: false, status: 'unprocessable', errors };
  const leadSide = [...new Set([...named, ...input.groupUnits])].sort();
  const cooperating = [...new Set(input.coordinatingUnits)].filter((code) => !leadSide.includes(code)).sort();
  return { ok: true, leadSide, cooperating };
}
