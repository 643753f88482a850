/**
 * A directive's task table from XLSX or CSV (or JSON rows): read the file, preview every row (units with how
 * they matched, deadlines with their rule, errors on their cells), and commit through the task creation path.
 * Each imported task keeps its source row and a hash of it: the same file again creates nothing; an edited row
 * of a task no unit has started updates it; otherwise the row is a conflict. The template and the export of a
 * directive's tasks use the same columns (a round trip); drafts from a notice's text (services/draft-pool.ts) come in
 * the same rows.
 */
import { jsonb } from '../db/sql';
import { createHash, randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { importLimitsFromEnv } from '../config/env';
import { REORGANISATIONS } from '../data/units';
import { toCsv } from '../domain/csv';
import type { IsoDate } from '../domain/dates';
import {
  canonicalRow,
  cellText,
  columnHeader,
  flatten,
  GROUP_LABELS,
  rowToDraft,
  TASK_COLUMNS,
  unitsCell,
  type CellError,
  type CellValue,
  type ColumnKey,
  type RowPreview,
  type TableRow,
  type TaskDraft,
} from '../domain/task-table';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { BoundedPool } from './bounded-worker';
import { DomainError, notFound } from './errors';
import type { ReadTableInput, ReadUnitsCsvInput, ReadUpload, ReadUploadInput } from './import-parse-task';
import { MAX_IMPORT_ROWS, tooManyRows, uploadTooLarge, type ReadTable, type SourceRow, type TableFormat } from './import-read';
import { createTask } from './tasks';
import type { TaskInput } from './types';
import { authorize } from './use-cases';

export { MAX_IMPORT_ROWS, type ReadTable, type SourceRow, type TableFormat };

/** The import's bounds (IMPORT_* settings), read once per process. */
export const IMPORT_LIMITS = importLimitsFromEnv();
export const MAX_IMPORT_BYTES = IMPORT_LIMITS.maxUploadBytes;
/** What a multipart form around the file may add to the body (its boundaries and headers). */
export const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** The process's parsing threads: its queue bound is the uploads in flight per process (503 busy past it). */
let parsers: BoundedPool | undefined;
const parserPool = () =>
  (parsers ??= new BoundedPool({
    module: new URL('./import-parse-task.ts', import.meta.url),
    what: 'import',
    threads: IMPORT_LIMITS.parseThreads,
    queue: IMPORT_LIMITS.queue,
    heapMb: IMPORT_LIMITS.parseHeapMb,
  }));

const runBounded = <I, O>(task: string, input: I) =>
  parserPool().run<I, O>(task, input, { timeoutMs: IMPORT_LIMITS.parseTimeoutMs, field: 'file' });

/**
 * Reads an upload as XLSX or CSV (services/import-read.ts) in a parsing thread, bounded: the upload's size here,
 * the archive's inflated size and ratio there, then the thread's heap and time budget; each bound names itself.
 */
export async function readTableFile(bytes: Uint8Array, declared?: 'xlsx' | 'csv'): Promise<ReadTable> {
  if (bytes.byteLength > IMPORT_LIMITS.maxUploadBytes) throw uploadTooLarge(bytes.byteLength, IMPORT_LIMITS.maxUploadBytes);
  return runBounded<ReadTableInput, ReadTable>('readTable', { bytes, declared, limits: IMPORT_LIMITS });
}

/**
 * A request body as it came (multipart/form-data with a "file" field, or a raw XLSX or CSV body) read into a task
 * table in a parsing thread: the form is parsed there too, so a large upload costs the event loop nothing.
 */
export async function readUploadBody(body: Uint8Array, contentType: string): Promise<ReadUpload> {
  if (body.byteLength > IMPORT_LIMITS.maxUploadBytes + MULTIPART_OVERHEAD_BYTES)
    throw uploadTooLarge(body.byteLength, IMPORT_LIMITS.maxUploadBytes);
  return runBounded<ReadUploadInput, ReadUpload>('readUpload', { body, contentType, limits: IMPORT_LIMITS });
}

/** A units CSV's records (services/units.ts), parsed in a parsing thread like any other upload. */
export async function readUnitsCsvRecords(csv: string, maxRows: number): Promise<Record<string, string>[]> {
  return runBounded<ReadUnitsCsvInput, Record<string, string>[]>('readUnitsCsv', { csv, maxRows });
}

/** JSON rows (e.g. drafts edited in the dashboard): cells by column key; unit lists may be arrays. */
export function readJsonRows(rows: Record<string, unknown>[]): ReadTable {
  if (rows.length > MAX_IMPORT_ROWS) throw tooManyRows(rows.length);
  const keys = new Set<string>(TASK_COLUMNS.map((c) => c.key));
  const errors: { field: string; reason: string }[] = [];
  const out = rows.map((raw, i) => {
    const cells: TableRow = {};
    for (const [k, v] of Object.entries(raw)) {
      if (!keys.has(k)) errors.push({ field: `rows.${i}.${k}`, reason: `unknown column; the columns are ${[...keys].join(', ')}` });
      else if (Array.isArray(v)) cells[k as ColumnKey] = v.map(String).join('; ');
      else if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) cells[k as ColumnKey] = v as CellValue;
      else errors.push({ field: `rows.${i}.${k}`, reason: 'must be text, a number, a boolean or a list of text' });
    }
    return { rowNumber: i + 1, cells };
  });
  if (errors.length) throw new DomainError('invalid', 'validation', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors);
  return { format: 'json', rows: out, letters: {}, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
}

// ---------------------------------------------------------------------------------------------------------------
// Preview and commit

export type RowAction = 'create' | 'update' | 'unchanged' | 'conflict' | 'invalid';
export interface RowOutcome {
  row: number;
  action: RowAction;
  taskId: string | null;
  title: string;
  units: RowPreview['units'];
  deadline: RowPreview['deadline'];
  errors: CellError[];
  /** Why an edited row cannot be applied. */
  conflict?: string;
  /** Co-operating units and the confirmation flag as read (the task keeps co-operating units as codes). */
  draft: TaskDraft | null;
}
export interface ImportResult {
  directiveId: string;
  dryRun: boolean;
  format: TableFormat;
  batchId: string | null;
  summary: Record<RowAction, number> & { rows: number };
  rows: RowOutcome[];
}

interface Existing {
  task_id: string;
  row_key: string | null;
  row_hash: string | null;
  title: string;
  description: string;
  key_task: boolean;
  due_on: string | null;
  recurring: string | null;
  lead_units: string[];
  coordinating_units: string[];
  units: string[];
  started: number;
}

const rowKeyOf = (cells: TableRow) => {
  const id = cellText(cells.id);
  return id ? `id:${id}` : `title:${flatten(cellText(cells.title)).replace(/\s+/g, ' ').trim()}`;
};
const hashOf = (cells: TableRow) => createHash('sha256').update(canonicalRow(cells)).digest('hex');
const derivedTaskId = (directiveId: string, rowKey: string) =>
  `tsk_${createHash('sha256').update(`${directiveId}\n${rowKey}`).digest('hex').slice(0, 16)}`;

export async function importTasks(
  deps: AppDeps,
  principal: Principal,
  directiveId: string,
  table: ReadTable,
  options: { dryRun: boolean; fileName?: string },
): Promise<ImportResult> {
  authorize(principal, 'importTasks');
  const [directive] = await deps.sql<{ issued_on: string; confirmation_required: boolean }[]>`
    SELECT issued_on, confirmation_required FROM directives WHERE id = ${directiveId}`;
  if (!directive) throw notFound(`directive ${directiveId}`);
  const calendar = await deps.calendar();
  const ctx = {
    units: deps.units.all(),
    reorganisations: REORGANISATIONS,
    issuedOn: directive.issued_on as IsoDate,
    calendar,
    letters: table.letters,
    expandGroup: deps.units.expand,
  };
  const keys = table.rows.map((r) => rowKeyOf(r.cells));
  const ids = table.rows.map((r, i) => cellText(r.cells.id) || derivedTaskId(directiveId, keys[i]!));
  const existing = await loadExisting(deps, directiveId, keys, ids);
  const firstRowOfKey = new Map<string, number>();

  const outcomes: RowOutcome[] = table.rows.map((source, i) => {
    const preview = rowToDraft(source.cells, ctx);
    const key = keys[i]!;
    const errors = [...preview.errors];
    const earlier = firstRowOfKey.get(key);
    if (earlier !== undefined) {
      const column = key.startsWith('id:') ? 'id' : 'title';
      errors.push({
        column,
        letter: table.letters[column],
        header: columnHeader(TASK_COLUMNS.find((c) => c.key === column)!),
        reason: `the same task as row ${earlier}`,
      });
    } else firstRowOfKey.set(key, source.rowNumber);
    const base = {
      row: source.rowNumber,
      title: cellText(source.cells.title),
      units: preview.units,
      deadline: preview.deadline,
      draft: preview.draft,
    };
    if (errors.length || !preview.draft) return { ...base, action: 'invalid' as const, taskId: null, errors };
    const found = existing.byKey.get(key) ?? existing.byId.get(ids[i]!);
    if (!found) return { ...base, action: 'create' as const, taskId: ids[i]!, errors };
    const hash = hashOf(source.cells);
    if (found.row_hash === hash || (found.row_hash === null && sameAsTask(preview.draft, found, deps, ctx.issuedOn))) {
      return { ...base, action: 'unchanged' as const, taskId: found.task_id, errors };
    }
    const reason = updateRefusal(preview.draft, found, deps, ctx.issuedOn);
    if (reason) return { ...base, action: 'conflict' as const, taskId: found.task_id, errors, conflict: reason };
    return { ...base, action: 'update' as const, taskId: found.task_id, errors };
  });

  const result = (batchId: string | null): ImportResult => ({
    directiveId,
    dryRun: options.dryRun,
    format: table.format,
    batchId,
    summary: {
      rows: outcomes.length,
      ...Object.fromEntries(
        (['create', 'update', 'unchanged', 'conflict', 'invalid'] as const).map((a) => [a, outcomes.filter((o) => o.action === a).length]),
      ),
    } as ImportResult['summary'],
    rows: outcomes,
  });
  if (options.dryRun) return result(null);
  const invalid = outcomes.filter((o) => o.action === 'invalid');
  if (invalid.length) {
    const errors = invalid.flatMap((o) =>
      o.errors.map((e) => ({
        field: `row ${o.row} ${e.letter ?? ''}${e.letter ? o.row : e.column}`.replace(/\s+/g, ' ').trim(),
        reason: e.reason,
      })),
    );
    throw new DomainError(
      'unprocessable',
      'invalid-rows',
      `${invalid.length} row(s) have errors; nothing was imported: fix them (see a dry run) and import again`,
      errors,
    );
  }
  if (
    !outcomes.some(
      (o) =>
        o.action === 'create' || o.action === 'update' || (o.action === 'unchanged' && !existing.byKey.has(keys[outcomes.indexOf(o)]!)),
    )
  ) {
    return result(null);
  }

  const batchId = `imp_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await deps.sql`
    INSERT INTO import_batches (id, directive_id, file_name, format, content_sha256, row_count, created, updated, unchanged, conflicts, created_by)
    VALUES (${batchId}, ${directiveId}, ${options.fileName ?? null}, ${table.format}, ${table.sha256}, ${outcomes.length}, 0, 0, 0, 0, ${principal.id})`;
  for (const [i, o] of outcomes.entries()) {
    const source = table.rows[i]!;
    const draft = o.draft!;
    if (o.action === 'create')
      await createTask(deps, directiveId, taskInputOf(draft), principal.id, { stableId: o.taskId!, quotaOf: principal });
    else if (o.action === 'update') {
      await deps.sql`
        UPDATE tasks SET title = ${draft.title}, description = ${draft.description}, key_task = ${draft.key},
                         lead_units = ${draft.leadUnits}, coordinating_units = ${draft.coordinatingUnits}
        WHERE id = ${o.taskId!}`;
    } else if (o.action !== 'unchanged') continue;
    await deps.sql`
      INSERT INTO task_source_rows (task_id, directive_id, row_key, row_hash, source, batch_id)
      VALUES (${o.taskId!}, ${directiveId}, ${keys[i]!}, ${hashOf(source.cells)}, ${jsonb(deps.sql, sourceJson(source))}, ${batchId})
      ON CONFLICT (task_id) DO UPDATE SET row_key = EXCLUDED.row_key, row_hash = EXCLUDED.row_hash, source = EXCLUDED.source,
                                          batch_id = EXCLUDED.batch_id, updated_at = now()`;
  }
  const final = result(batchId);
  await deps.sql`
    UPDATE import_batches SET created = ${final.summary.create}, updated = ${final.summary.update}, unchanged = ${final.summary.unchanged},
                              conflicts = ${final.summary.conflict}
    WHERE id = ${batchId}`;
  return final;
}

function sourceJson(source: SourceRow): Record<string, string | number | boolean | null> {
  return Object.fromEntries(Object.entries(source.cells).map(([k, v]) => [k, v instanceof Date ? cellText(v) : (v ?? null)]));
}

async function loadExisting(deps: AppDeps, directiveId: string, keys: string[], ids: string[]) {
  const rows = await deps.sql<Existing[]>`
    SELECT t.id AS task_id, s.row_key, s.row_hash, t.title, t.description, t.key_task, t.due_on::text AS due_on, t.recurring,
           t.lead_units, t.coordinating_units,
           COALESCE(t.recurrence_units, ARRAY(SELECT DISTINCT a.original_unit FROM assignments a WHERE a.task_id = t.id AND a.predecessor_workflow_id IS NULL AND a.role = 'lead' AND a.parent_workflow_id IS NULL ORDER BY 1)) AS units,
           (SELECT count(*)::int FROM assignments a WHERE a.task_id = t.id AND (a.acknowledged_at IS NOT NULL OR a.progress_at IS NOT NULL
              OR a.completion IS NOT NULL OR a.cancelled_at IS NOT NULL OR a.reassigned_to IS NOT NULL OR a.predecessor_workflow_id IS NOT NULL)) AS started
    FROM tasks t LEFT JOIN task_source_rows s ON s.task_id = t.id
    WHERE t.directive_id = ${directiveId} AND (s.row_key = ANY(${keys}) OR t.id = ANY(${ids}))`;
  return {
    byKey: new Map(rows.filter((r) => r.row_key).map((r) => [r.row_key!, r])),
    byId: new Map(rows.map((r) => [r.task_id, r])),
  };
}

/** The units a draft assigns, groups expanded on the directive's issue date (as createTask expands them). */
function unitsOf(draft: TaskDraft, deps: AppDeps, issuedOn: IsoDate): string[] {
  return [...new Set([...draft.assignees.units, ...draft.assignees.groups.flatMap((g) => deps.units.expand(g, issuedOn))])].sort();
}

function sameAsTask(draft: TaskDraft, task: Existing, deps: AppDeps, issuedOn: IsoDate): boolean {
  return (
    draft.title === task.title &&
    draft.description === task.description &&
    draft.key === task.key_task &&
    (draft.dueOn ?? null) === (task.due_on ?? null) &&
    (draft.frequency ?? null) === (task.recurring ?? null) &&
    sameSet(unitsOf(draft, deps, issuedOn), task.units)
  );
}

/** An edit the import may apply (title, description, key task, lead and co-operating lists), or why not. */
function updateRefusal(draft: TaskDraft, task: Existing, deps: AppDeps, issuedOn: IsoDate): string | null {
  if (task.started > 0) {
    return `task ${task.task_id} has been started (${task.started} assignment(s) acknowledged, in progress, completed, cancelled or moved): change it through its assignments`;
  }
  if ((draft.dueOn ?? null) !== (task.due_on ?? null) || (draft.frequency ?? null) !== (task.recurring ?? null)) {
    return `the deadline of task ${task.task_id} would change (${task.due_on ?? task.recurring} → ${draft.dueOn ?? draft.frequency}): its assignments are already scheduled; ask for an extension or cancel and re-create the task`;
  }
  if (!sameSet(unitsOf(draft, deps, issuedOn), task.units)) {
    return `the units of task ${task.task_id} would change: its assignments already run; reassign or cancel them instead`;
  }
  return null;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

function taskInputOf(draft: TaskDraft): TaskInput {
  return {
    title: draft.title,
    description: draft.description,
    deadlineText: draft.deadlineText,
    assignees: draft.assignees,
    leadUnits: draft.leadUnits,
    coordinatingUnits: draft.coordinatingUnits,
    key: draft.key,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Template and export

export async function directiveTaskRows(deps: AppDeps, principal: Principal, directiveId: string): Promise<TableRow[]> {
  authorize(principal, 'exportDirectiveTasks');
  const [directive] = await deps.sql<
    { confirmation_required: boolean }[]
  >`SELECT confirmation_required FROM directives WHERE id = ${directiveId}`;
  if (!directive) throw notFound(`directive ${directiveId}`);
  const tasks = await deps.sql<
    {
      id: string;
      title: string;
      description: string;
      due_on: string | null;
      deadline_text: string | null;
      key_task: boolean;
      lead_units: string[];
      coordinating_units: string[];
      units: string[];
      source: Record<string, string> | null;
    }[]
  >`
    SELECT t.id, t.title, t.description, t.due_on::text AS due_on, t.deadline_text, t.key_task, t.lead_units, t.coordinating_units, s.source,
           COALESCE(t.recurrence_units, ARRAY(SELECT DISTINCT a.original_unit FROM assignments a WHERE a.task_id = t.id AND a.predecessor_workflow_id IS NULL AND a.role = 'lead' AND a.parent_workflow_id IS NULL ORDER BY 1)) AS units
    FROM tasks t LEFT JOIN task_source_rows s ON s.task_id = t.id
    WHERE t.directive_id = ${directiveId} AND t.recurrence_of IS NULL
    ORDER BY t.created_at, t.id`;
  const all = deps.units.all();
  return tasks.map((t) => ({
    id: t.id,
    title: t.title,
    description: t.description,
    leadUnits: t.source?.leadUnits ?? unitsCell(t.units, all),
    cooperatingUnits: t.source?.cooperatingUnits ?? unitsCell(t.coordinating_units, all),
    deadline: t.deadline_text ?? t.due_on ?? '',
    key: t.key_task ? 'x' : '',
    confirmationRequired: t.source?.confirmationRequired ?? (directive.confirmation_required ? 'x' : ''),
  }));
}

const NOTES: [string, string][] = [
  [
    'Mã nhiệm vụ / Task id',
    'Để trống khi thêm mới; bản xuất ghi sẵn để nhập lại cập nhật đúng nhiệm vụ. / Leave empty for new tasks; exports fill it so a re-import updates the same task.',
  ],
  ['Tên nhiệm vụ / Task title', 'Bắt buộc, tối đa 500 ký tự. / Required, at most 500 characters.'],
  [
    'Đơn vị chủ trì / Lead unit(s)',
    `Mã, tên (có hoặc không dấu) hoặc nhóm, cách nhau bằng ";": ${Object.values(GROUP_LABELS).join('; ')}. Mỗi đơn vị của nhóm chủ trì phần của mình. / Codes, names or groups separated by ";"; each unit of a group leads its own.`,
  ],
  ['Đơn vị phối hợp / Co-operating units', 'Như cột chủ trì. / As the lead column.'],
  [
    'Thời hạn / Deadline',
    'Ngày (30/6/2024, 2024-06-30) hoặc cụm từ: "trước ngày 10/5/2024", "trong quý II/2024", "hằng tháng". / A date or a phrase.',
  ],
  ['Nhiệm vụ trọng tâm / Key task', 'x, có / yes, hoặc để trống. / x, yes, or empty.'],
  ['Yêu cầu xác nhận hoàn thành / Confirmation required', 'x, có / yes, hoặc để trống. / x, yes, or empty.'],
];

export async function tableXlsx(rows: TableRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Nhiệm vụ');
  sheet.columns = TASK_COLUMNS.map((c) => ({ header: columnHeader(c), key: c.key, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(Object.fromEntries(TASK_COLUMNS.map((c) => [c.key, cellText(row[c.key])])));
  const notes = wb.addWorksheet('Hướng dẫn - Notes');
  notes.columns = [
    { header: 'Cột / Column', key: 'column', width: 36 },
    { header: 'Cách ghi / How to fill it', key: 'note', width: 110 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const [column, note] of NOTES) notes.addRow({ column, note });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** CSV as Excel writes it in a Vietnamese locale (UTF-8 with a BOM, ';' between cells), cells neutralised. */
export function tableCsv(rows: TableRow[]): string {
  const lines = [TASK_COLUMNS.map((c) => columnHeader(c)), ...rows.map((r) => TASK_COLUMNS.map((c) => cellText(r[c.key])))];
  return toCsv(lines, { delimiter: ';' });
}
