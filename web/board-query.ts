/** The leader board's GET filters read from the query, and the month-end cut-offs of its trend. */
import { isIsoDate, lastDayOfMonth, toVnDate, type IsoDate } from '../domain/dates';
import { UNIT_KINDS, type UnitKind } from '../domain/units';
import { endOfDayCutoff } from '../services/execution-ranking';
import { invalid } from '../services/errors';
import { BOARD_COLUMNS, type BoardColumn } from './board-text';

/** With no start date the board counts everything assigned so far: an old overdue task is still the leader's business. */
const EARLIEST: IsoDate = '1990-01-01';

export interface BoardFilters {
  /** As typed ('' when not given), to put back into the form and the links. */
  from: string;
  to: string;
  kind: UnitKind | '';
  assignedFrom: IsoDate;
  assignedTo: IsoDate;
  asOf: number;
}

function dateParam(field: string, value: string | undefined): string {
  const v = (value ?? '').trim();
  if (v && !isIsoDate(v)) throw invalid(field, 'must be a date yyyy-mm-dd');
  return v;
}

export function boardFilters(query: (name: string) => string | undefined, now: number): BoardFilters {
  const from = dateParam('from', query('from'));
  const to = dateParam('to', query('to'));
  const kindText = (query('kind') ?? '').trim();
  if (kindText && !(UNIT_KINDS as readonly string[]).includes(kindText)) throw invalid('kind', `must be one of ${UNIT_KINDS.join(', ')}`);
  const today = toVnDate(new Date(now));
  const assignedFrom = from || EARLIEST;
  const assignedTo = to || today;
  if (assignedFrom > assignedTo) throw invalid('to', 'must not be before from');
  return { from, to, kind: kindText as UnitKind | '', assignedFrom, assignedTo, asOf: now };
}

export function boardColumn(value: string | undefined): BoardColumn {
  if (!(BOARD_COLUMNS as readonly (string | undefined)[]).includes(value))
    throw invalid('column', `must be one of ${BOARD_COLUMNS.join(', ')}`);
  return value as BoardColumn;
}

/** The filters as a query string (without '?'), for links that keep them. */
export function filterQuery(f: Pick<BoardFilters, 'from' | 'to' | 'kind'>, extra: Record<string, string> = {}): string {
  const u = new URLSearchParams();
  if (f.from) u.set('from', f.from);
  if (f.to) u.set('to', f.to);
  if (f.kind) u.set('kind', f.kind);
  for (const [k, v] of Object.entries(extra)) u.set(k, v);
  return u.toString();
}

/** The last `count` months ending with the current one, oldest first: each cut at its last day's end, the current one now. */
export function monthCutoffs(now: number, count = 12): { month: string; asOf: number }[] {
  const today = toVnDate(new Date(now));
  let year = Number(today.slice(0, 4));
  let month = Number(today.slice(5, 7));
  const out: { month: string; asOf: number }[] = [];
  for (let i = 0; i < count; i++) {
    out.unshift({ month: `${year}-${String(month).padStart(2, '0')}`, asOf: Math.min(now, endOfDayCutoff(lastDayOfMonth(year, month))) });
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return out;
}
