/**
 * Units ranked on the five columns of a period, key tasks apart, with the change from the previous period of
 * equal length (its figures taken at a cut-off as far before the period's cut-off as the period is long, so the
 * two are compared like for like).
 */
import { addDays, toVnDate, type IsoDate } from '../domain/dates';
import { changeFrom, previousPeriod, rank, type Figures, type RankChange, type Rates } from '../domain/execution-figures';
import type { UnitKind } from '../domain/units';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import { executionReport, type Attainment, type ExecutionQuery, type GroupFigures } from './execution-report';

const DAY_MS = 86_400_000;

export interface RankingQuery extends Omit<ExecutionQuery, 'groupBy'> {
  /** Only units of this kind (provinces ranked among provinces). */
  unitKind?: UnitKind;
}

export interface RankedUnit extends Figures, Rates, RankChange {
  unitCode: string;
  unitName: string;
  unitKind: UnitKind;
  rank: number | null;
  attainment: Attainment;
  /** The same unit ranked on its key tasks only. */
  keyTasks: Figures & Rates & { rank: number | null };
}

export interface Ranking {
  assignedFrom: IsoDate;
  assignedTo: IsoDate;
  asOf: string;
  deadline: ExecutionQuery['deadline'];
  unitKind: UnitKind | null;
  previous: { assignedFrom: IsoDate; assignedTo: IsoDate; asOf: string };
  units: RankedUnit[];
}

function ranked(groups: GroupFigures[], kind: UnitKind | undefined) {
  const mine = groups.filter((g) => !kind || g.unitKind === kind);
  const byCode = (a: GroupFigures, b: GroupFigures) => a.key.localeCompare(b.key);
  return {
    all: rank(
      mine.map((g) => ({ subject: g, figures: g })),
      byCode,
    ),
    key: new Map(
      rank(
        mine.filter((g) => g.keyTasks.total > 0).map((g) => ({ subject: g, figures: g.keyTasks })),
        byCode,
      ).map((r) => [r.subject.key, r]),
    ),
  };
}

export async function unitRanking(deps: AppDeps, principal: Principal, q: RankingQuery): Promise<Ranking> {
  const before = previousPeriod(q.assignedFrom, q.assignedTo);
  const previousAsOf = q.asOf - before.lengthDays * DAY_MS;
  const [current, previous] = await Promise.all([
    executionReport(deps, principal, { ...q, groupBy: 'unit' }),
    executionReport(deps, principal, { ...q, groupBy: 'unit', assignedFrom: before.from, assignedTo: before.to, asOf: previousAsOf }),
  ]);
  const now = ranked(current.groups, q.unitKind);
  const then = ranked(previous.groups, q.unitKind);
  const thenByCode = new Map(then.all.map((r) => [r.subject.key, r]));
  return {
    assignedFrom: q.assignedFrom,
    assignedTo: q.assignedTo,
    asOf: current.asOf,
    deadline: q.deadline,
    unitKind: q.unitKind ?? null,
    previous: { assignedFrom: before.from, assignedTo: before.to, asOf: previous.asOf },
    units: now.all.map((r) => {
      const g = r.subject;
      const key = now.key.get(g.key);
      const { keyTasks, attainment, key: unitCode, label, unitKind, ...figures } = g;
      return {
        ...figures,
        unitCode,
        unitName: label,
        unitKind: unitKind ?? 'other',
        rank: r.rank,
        onTimeRate: r.onTimeRate,
        averageDaysLate: r.averageDaysLate,
        updateRate: r.updateRate,
        ...changeFrom(r, thenByCode.get(g.key)),
        attainment,
        keyTasks: {
          ...keyTasks,
          onTimeRate: key?.onTimeRate ?? null,
          averageDaysLate: key?.averageDaysLate ?? 0,
          updateRate: key?.updateRate ?? null,
          rank: key?.rank ?? null,
        },
      };
    }),
  };
}

/** The cut-off for a date given alone: the end of that day in Vietnam. */
export function endOfDayCutoff(date: IsoDate): number {
  return Date.parse(`${addDays(date, 1)}T00:00:00+07:00`) - 1;
}

/** Default period: from January 1 of the cut-off's year to the cut-off's date. */
export function defaultPeriod(asOf: number): { assignedFrom: IsoDate; assignedTo: IsoDate } {
  const day = toVnDate(new Date(asOf));
  return { assignedFrom: `${day.slice(0, 4)}-01-01`, assignedTo: day };
}
