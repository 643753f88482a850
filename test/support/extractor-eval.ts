/**
 * Precision and recall of the task extractor against labelled notices (test/fixtures/extractor/{development,
 * held-out}/*.json beside their .txt): task boundaries (a draft matches the label whose start it opens with,
 * list markers and line breaks aside), lead and co-operating units, due dates, and recurrences with their days.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { officialCalendar } from '../../data/calendar';
import { REORGANISATIONS, UNITS } from '../../data/units';
import { extractTasks, type DraftTask } from '../../domain/task-extractor';

export interface LabelledTask {
  start: string;
  lead: string[];
  cooperating: string[];
  dueOn: string | null;
  recurrence: { frequency: string; day: number | null } | null;
}
export interface LabelledNotice {
  document: string;
  issuedOn: string;
  tasks: LabelledTask[];
}

export interface Counts {
  tp: number;
  predicted: number;
  labelled: number;
}
export const FIELDS = ['boundaries', 'lead', 'cooperating', 'dueOn', 'recurrence'] as const;
export type Field = (typeof FIELDS)[number];
export interface Evaluation {
  notices: number;
  tasks: number;
  counts: Record<Field, Counts>;
  misses: string[];
}

const FIXTURES = new URL('../fixtures/extractor/', import.meta.url);
const calendar = officialCalendar();

export function loadNotices(part: 'development' | 'held-out'): { label: LabelledNotice; text: string }[] {
  const dir = new URL(`${part}/`, FIXTURES);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const label = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as LabelledNotice;
      return { label, text: readFileSync(new URL(label.document, FIXTURES), 'utf8') };
    });
}

const normal = (s: string) => s.replace(/\s+/g, ' ').trim();
const MARKER = /^(?:\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\)|\((?:\d{1,2}|[a-z]{1,4})\)|[-–+•])\s*/u;
const opening = (draft: DraftTask) => normal(draft.text).replace(MARKER, '');
const recurrenceKey = (r: { frequency: string; day: number | null } | null | undefined) => (r ? `${r.frequency}:${r.day ?? '-'}` : null);

export const precisionRecall = (c: Counts) => ({
  precision: c.predicted ? c.tp / c.predicted : 1,
  recall: c.labelled ? c.tp / c.labelled : 1,
});

export function evaluate(notices: { label: LabelledNotice; text: string }[]): Evaluation {
  const counts = Object.fromEntries(FIELDS.map((f) => [f, { tp: 0, predicted: 0, labelled: 0 }])) as Record<Field, Counts>;
  const misses: string[] = [];
  let tasks = 0;
  for (const { label, text } of notices) {
    const drafts = extractTasks(text, { units: UNITS, reorganisations: REORGANISATIONS, issuedOn: label.issuedOn, calendar });
    const used = new Set<number>();
    const pairs: [LabelledTask | null, DraftTask | null][] = [];
    for (const task of label.tasks) {
      tasks++;
      const want = normal(task.start);
      const i = drafts.findIndex((d, k) => !used.has(k) && opening(d).startsWith(want));
      if (i >= 0) used.add(i);
      else misses.push(`${label.document}: missed "${want}"`);
      pairs.push([task, i >= 0 ? drafts[i]! : null]);
    }
    drafts.forEach((d, k) => {
      if (used.has(k)) return;
      pairs.push([null, d]);
      misses.push(`${label.document}: extra "${opening(d).slice(0, 70)}"`);
    });
    for (const [task, draft] of pairs) {
      const add = (field: Field, want: string[], got: string[]) => {
        const c = counts[field];
        c.labelled += want.length;
        c.predicted += got.length;
        const hits = got.filter((g) => want.includes(g)).length;
        c.tp += hits;
        if (task && draft && (hits !== want.length || hits !== got.length))
          misses.push(`${label.document}: ${field} of "${task.start}": want ${want.join(', ') || '-'} got ${got.join(', ') || '-'}`);
      };
      add('boundaries', task ? ['task'] : [], draft ? ['task'] : []);
      add('lead', task?.lead ?? [], draft?.units.lead ?? []);
      add('cooperating', task?.cooperating ?? [], draft?.units.cooperating ?? []);
      add('dueOn', task?.dueOn ? [task.dueOn] : [], draft?.deadline.dueOn ? [draft.deadline.dueOn] : []);
      const wantRecurrence = recurrenceKey(task?.recurrence);
      const gotRecurrence = recurrenceKey(draft?.recurrence);
      add('recurrence', wantRecurrence ? [wantRecurrence] : [], gotRecurrence ? [gotRecurrence] : []);
    }
  }
  return { notices: notices.length, tasks, counts, misses };
}

export function report(part: string, e: Evaluation): string {
  const rows = FIELDS.map((f) => {
    const { precision, recall } = precisionRecall(e.counts[f]);
    return `  ${f.padEnd(12)} precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  (${e.counts[f].tp}/${e.counts[f].predicted} predicted, ${e.counts[f].labelled} labelled)`;
  });
  return [
    `extractor on the ${part} notices (${e.notices} notices, ${e.tasks} labelled tasks)`,
    ...rows,
    ...e.misses.map((m) => `  - ${m}`),
  ].join('\n');
}
