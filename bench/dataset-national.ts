/**
 * The national read path's data set: up to millions of assignments over a synthetic national directory with levels
 * (data/units/synthetic.ts syntheticHierarchy: ministries, agencies, provinces, their departments and communes),
 * with a lifecycle event log per assignment consistent with its status, streamed into Postgres with COPY.
 *
 * - Directives issued over the two years before `now` (25% need the assigner's confirmation of completions), a few
 *   tasks each, with the fan-outs government work has: 7 provinces, the 63 localities, every ministry, agency and
 *   locality (93), hundreds of communes, one ministry leading with co-operating ones, and the largest: the 63
 *   provinces each passing the task on to its 50 communes (3,213 assignments in one task).
 * - Sub-assignments as services/passing-on.ts writes them (parent_workflow_id, answers_to, ancestor_units, start_input
 *   role 'sub'), co-operating ones as services/cooperation.ts does, successors of reassignments with
 *   predecessor_workflow_id and the predecessor's original unit and due date.
 * - Per assignment the events its workflow records (workflows/assignment-lifecycle.ts, domain/assignment-state.ts):
 *   'assigned' (seq 1, data.dueOn), acknowledgements, progress, the policy's reminders / overdue / escalations at their
 *   planned instants (domain/policy.ts planTimeline; the weekly repeats of the top rung capped at MAX_REPEATS),
 *   extension requests and approvals (data.to), completion reports, returns and confirmations (data.confirmedBy,
 *   documentDate), or completions recorded at once, cancellations and reassignments; the read-model row is the
 *   state after the last event (version = its seq), its status derived by domain/status.ts deriveStatus.
 *
 * No workflows stand behind these rows: read paths only. Deterministic for a given `seed` and `now`.
 */
import { finished } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { rebuildExecutionSummary } from '../db/execution-summary';
import type { Sql } from '../db/sql';
import { officialCalendar } from '../data/calendar';
import { syntheticHierarchy } from '../data/units/synthetic';
import { addDays, endOfDayVn, toVnDate, type IsoDate } from '../domain/dates';
import { DEFAULT_POLICY, dueSoonFrom, planTimeline, repeatOfTopRung, type PlannedStep } from '../domain/policy';
import { deriveStatus, type Status } from '../domain/status';
import type { Unit } from '../domain/units';
import type { BenchDataset } from './dataset';

export interface NationalDatasetOptions {
  /** How many assignments to make, exactly (sub-assignments, co-operating ones and successors included). */
  assignments: number;
  /** Prefix of every directive and task id (default 'nat'). */
  prefix?: string;
  /** The instant the data set is "as of": no event after it (default now). */
  now?: number;
  seed?: number;
  /** Also write one 'assigned' notification per assignment, to the unit's officers (default false). */
  notifications?: boolean;
  /** VACUUM ANALYZE the tables afterwards, as autovacuum would have by then (default true). */
  vacuum?: boolean;
}

export interface NationalDataset extends BenchDataset {
  /** The directory every unit_code is in (syntheticHierarchy()). */
  units: Unit[];
  /** The task with the most assignments, and how many it has. */
  largestTaskId: string;
  largestTaskAssignments: number;
  events: number;
  subAssignments: number;
  cooperating: number;
  successors: number;
  /** Tasks per fan-out pattern. */
  patterns: Record<string, number>;
  /** ms: generating + COPY of every table, then VACUUM ANALYZE. */
  copyMs: number;
  vacuumMs: number;
  /** ms: the execution summary rebuilt from the events (db/execution-summary.ts), then VACUUM ANALYZE; and its spans. */
  summaryMs: number;
  spans: number;
}

/** The top rung repeats weekly until resolved; an overdue assignment of a year ago would carry 50 of them. */
const MAX_REPEATS = 6;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SYSTEM = { kind: 'system', id: 'timer' };
const COORDINATOR = { kind: 'coordinator', id: 'coordinator', unitCode: null };
const unitActor = (unitCode: string) => ({ kind: 'unit', id: `officer-${unitCode}`, unitCode });

/** mulberry32: small, fast, deterministic. */
function rngOf(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
    sample: <T>(xs: readonly T[], k: number): T[] => {
      const copy = [...xs];
      for (let i = 0; i < Math.min(k, copy.length); i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy.slice(0, Math.min(k, copy.length));
    },
  };
}
type Rng = ReturnType<typeof rngOf>;

// ---- COPY text format ----------------------------------------------------------------------------------------

const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
type Cell = string | number | boolean | null | undefined | Date | string[] | object;
function cell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return esc(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return esc(`{${v.map((x) => `"${x.replace(/["\\]/g, (m: string) => `\\${m}`)}"`).join(',')}}`);
  return esc(JSON.stringify(v));
}
const line = (cells: Cell[]) => cells.map(cell).join('\t') + '\n';

/** A COPY … FROM STDIN stream written in ~1 MB chunks, honouring backpressure. */
async function copyStream(sql: Sql, table: string, columns: string[]) {
  const stream: Writable = await sql.unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`).writable();
  let buffer: string[] = [];
  let size = 0;
  let rows = 0;
  const flush = async () => {
    if (buffer.length === 0) return;
    const chunk = buffer.join('');
    buffer = [];
    size = 0;
    if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve));
  };
  return {
    async push(cells: Cell[]) {
      const l = line(cells);
      buffer.push(l);
      size += l.length;
      rows += 1;
      if (size > 1 << 20) await flush();
    },
    async end() {
      await flush();
      stream.end();
      await finished(stream);
      return rows;
    },
  };
}

// ---- the plan: directives, tasks, who is assigned ------------------------------------------------------------

const PATTERNS = ['provinces7', 'localities63', 'national93', 'communes', 'ministry', 'largest'] as const;
type Pattern = (typeof PATTERNS)[number];
const WEIGHTS: Record<Pattern, number> = {
  provinces7: 0.3,
  localities63: 0.22,
  national93: 0.15,
  communes: 0.13,
  ministry: 0.17,
  largest: 0.03,
};

interface PlannedLead {
  unit: string;
  role: 'lead' | 'cooperating';
  /** Co-operating: the lead it answers to. */
  answersTo: string | null;
  /** A unit of the same kind not in the task, when this assignment is reassigned. */
  reassignTo: string | null;
  children: string[];
}

interface PlannedTask {
  id: string;
  directive: number;
  pattern: Pattern;
  createdAt: number;
  dueOn: IsoDate;
  key: boolean;
  leads: PlannedLead[];
  leadUnits: string[];
  cooperatingUnits: string[];
  size: number;
}

interface PlannedDirective {
  id: string;
  issuedOn: IsoDate;
  confirmation: boolean;
  kind: string;
}

function pickPattern(rng: Rng): Pattern {
  let r = rng.next();
  for (const p of PATTERNS) {
    r -= WEIGHTS[p];
    if (r < 0) return p;
  }
  return 'provinces7';
}

interface Directory {
  units: Unit[];
  ministries: string[];
  centralUnits: string[];
  provinces: string[];
  communes: string[];
  childrenOf: Map<string, Unit[]>;
}

function directory(): Directory {
  const units = syntheticHierarchy();
  const top = units.filter((u) => !u.parent);
  const childrenOf = new Map<string, Unit[]>();
  for (const u of units) if (u.parent) childrenOf.set(u.parent, [...(childrenOf.get(u.parent) ?? []), u]);
  return {
    units,
    ministries: top.filter((u) => u.kind === 'ministry').map((u) => u.code),
    centralUnits: top
      .filter((u) => u.kind === 'ministry' || u.kind === 'ministry_agency' || u.kind === 'government_agency')
      .map((u) => u.code),
    provinces: top.filter((u) => u.kind === 'province').map((u) => u.code),
    communes: units.filter((u) => u.kind === 'commune' || u.kind === 'ward').map((u) => u.code),
    childrenOf,
  };
}

function planLeads(rng: Rng, dir: Directory, pattern: Pattern): { leads: PlannedLead[]; leadUnits: string[]; cooperatingUnits: string[] } {
  const lead = (unit: string, children: string[] = [], reassignTo: string | null = null): PlannedLead => ({
    unit,
    role: 'lead',
    answersTo: null,
    reassignTo,
    children,
  });
  const childCodes = (unit: string, filter: (u: Unit) => boolean = () => true) =>
    (dir.childrenOf.get(unit) ?? []).filter(filter).map((u) => u.code);
  /** Leads chosen out of `pool`: one in forty reassigned to a unit of the pool the task does not hold. */
  const withReassignments = (chosen: string[], pool: string[], children: (u: string) => string[]) => {
    const spare = pool.filter((u) => !chosen.includes(u));
    return chosen.map((u) => {
      const kids = children(u);
      if (kids.length === 0 && spare.length > 0 && rng.chance(0.025)) return lead(u, [], spare.splice(rng.int(0, spare.length - 1), 1)[0]!);
      return lead(u, kids);
    });
  };
  switch (pattern) {
    case 'provinces7': {
      const chosen = rng.sample(dir.provinces, 7).sort();
      const leads = withReassignments(chosen, dir.provinces, (u) =>
        rng.chance(0.4) ? rng.sample(childCodes(u), rng.int(5, 20)).sort() : [],
      );
      return { leads, leadUnits: [], cooperatingUnits: [] };
    }
    case 'localities63':
      return {
        leads: dir.provinces.map((u) =>
          lead(
            u,
            rng.chance(0.3)
              ? rng
                  .sample(
                    childCodes(u, (c) => c.kind !== 'department'),
                    rng.int(10, 50),
                  )
                  .sort()
              : [],
          ),
        ),
        leadUnits: [],
        cooperatingUnits: [],
      };
    case 'national93':
      return { leads: [...dir.centralUnits, ...dir.provinces].map((u) => lead(u)), leadUnits: [], cooperatingUnits: [] };
    case 'communes': {
      const chosen = rng.sample(dir.communes, rng.int(100, 900)).sort();
      return { leads: withReassignments(chosen, dir.communes, () => []), leadUnits: [], cooperatingUnits: [] };
    }
    case 'ministry': {
      const [head, ...coops] = rng.sample(dir.centralUnits, rng.int(3, 5));
      const kids = dir.ministries.includes(head!) && rng.chance(0.6) ? childCodes(head!) : [];
      return {
        leads: [
          lead(head!, kids),
          ...coops.sort().map((u) => ({ unit: u, role: 'cooperating' as const, answersTo: head!, reassignTo: null, children: [] })),
        ],
        leadUnits: [head!],
        cooperatingUnits: coops,
      };
    }
    case 'largest':
      return {
        leads: dir.provinces.map((u) =>
          lead(
            u,
            childCodes(u, (c) => c.kind !== 'department'),
          ),
        ),
        leadUnits: [],
        cooperatingUnits: [],
      };
  }
}

function plan(rng: Rng, dir: Directory, n: number, prefix: string, now: number) {
  const today = toVnDate(new Date(now));
  const directives: PlannedDirective[] = [];
  const tasks: PlannedTask[] = [];
  let total = 0;
  const pad = (i: number, w: number) => String(i).padStart(w, '0');
  while (total < n) {
    const d = directives.length;
    // Issued over the two years up to three days ago.
    const issuedOn = addDays(today, -rng.int(3, 730));
    directives.push({
      id: `${prefix}-d${pad(d, 5)}`,
      issuedOn,
      confirmation: rng.chance(0.25),
      kind: rng.pick(['notice', 'notice', 'directive', 'decision', 'official_letter']),
    });
    const taskCount = rng.int(1, 12);
    for (let k = 0; k < taskCount && total < n; k++) {
      // The first task of all is the largest fan-out, so every size has one.
      const pattern: Pattern = tasks.length === 0 ? 'largest' : pickPattern(rng);
      const { leads, leadUnits, cooperatingUnits } = planLeads(rng, dir, pattern);
      // Truncate the last task so the total is exact: leads first, then their children and successors.
      const kept: PlannedLead[] = [];
      for (const l of leads) {
        const room = n - total;
        if (room <= 0) break;
        const own = 1 + (l.reassignTo ? 1 : 0);
        if (own > room) {
          kept.push({ ...l, reassignTo: null, children: [] });
          total += 1;
          break;
        }
        const children = l.children.slice(0, room - own);
        kept.push({ ...l, children });
        total += own + children.length;
      }
      const createdAt = endOfDayVn(issuedOn).getTime() - DAY + rng.int(8, 40) * HOUR; // the day of issue or the next
      tasks.push({
        id: `${prefix}-t${pad(tasks.length, 6)}`,
        directive: d,
        pattern,
        createdAt: Math.min(createdAt, now - 2 * DAY),
        dueOn: addDays(issuedOn, rng.pick([15, 30, 30, 45, 60, 90, 120])),
        key: rng.chance(0.15),
        leads: kept,
        leadUnits,
        cooperatingUnits: cooperatingUnits.filter((u) => kept.some((l) => l.unit === u)),
        size: kept.reduce((s, l) => s + 1 + (l.reassignTo ? 1 : 0) + l.children.length, 0),
      });
    }
  }
  return { directives, tasks };
}

// ---- one assignment's life -------------------------------------------------------------------------------------

interface Ev {
  at: number;
  kind: string;
  actor: object;
  status: Status;
  data: Record<string, unknown>;
}

interface Life {
  events: Ev[];
  status: Status;
  dueOn: IsoDate;
  dueDateChanges: object[];
  acknowledgedAt: number | null;
  progress: { percent: number; note: string; at: number } | null;
  completion: Record<string, unknown> | null;
  completedAt: number | null;
  cancelledAt: number | null;
  reassignedAt: number | null;
  escalationLevel: number;
  escalationRung: string | null;
}

const calendar = officialCalendar();
const timelines = new Map<IsoDate, { steps: PlannedStep[]; dueSoon: number | null; repeats: PlannedStep[] }>();
function timelineOf(dueOn: IsoDate) {
  let t = timelines.get(dueOn);
  if (!t) {
    const steps = planTimeline(DEFAULT_POLICY, dueOn, calendar);
    const top = steps.filter((s) => s.kind === 'escalation').at(-1)!;
    const repeats = Array.from({ length: MAX_REPEATS }, (_, i) => repeatOfTopRung(DEFAULT_POLICY, dueOn, top.at, i + 1, calendar)!);
    t = { steps, dueSoon: dueSoonFrom(DEFAULT_POLICY, dueOn, calendar), repeats };
    timelines.set(dueOn, t);
  }
  return t;
}

const dueInstantOf = (dueOn: IsoDate) => endOfDayVn(dueOn).getTime();

function live(
  rng: Rng,
  a: {
    unit: string;
    assignedAt: number;
    dueOn: IsoDate;
    confirmation: boolean;
    predecessor: string | null;
    /** Reassign to this unit (decided by the plan). */
    reassignTo: string | null;
    successorWorkflowId: string | null;
    /** Cancelled at this instant (its parent's cancellation cascading down). */
    cancelAt?: number | null;
    mayCancel?: boolean;
    now: number;
  },
): Life {
  const { now, assignedAt, unit } = a;
  const statusAt = (
    t: number,
    dueOn: IsoDate,
    completion: { reportedAt: number; confirmed: boolean; confirmedBy?: string | null; documentDate?: IsoDate | null } | null = null,
    cancelled = false,
    reassigned = false,
  ) =>
    deriveStatus(
      {
        dueOn,
        dueAt: null,
        dueSoonFrom: timelineOf(dueOn).dueSoon,
        completion,
        cancelled,
        reassigned,
        completionRule: 'recorded-unless-confirmed',
      },
      t,
    );
  const events: Ev[] = [];
  let dueOn = a.dueOn;
  const dueDateChanges: object[] = [];
  // An extension approved before the due date passed (8%): the due date in force moves 10 to 60 days later.
  let extendedAt: number | null = null;
  const firstDue = dueInstantOf(a.dueOn);
  if (rng.chance(0.08) && firstDue - assignedAt > 5 * DAY) {
    const requestedAt = assignedAt + rng.next() * 0.8 * (Math.min(firstDue, now) - assignedAt);
    const decidedAt = requestedAt + rng.int(4, 72) * HOUR;
    if (decidedAt < Math.min(firstDue, now)) {
      const to = addDays(a.dueOn, rng.int(10, 60));
      events.push({
        at: requestedAt,
        kind: 'extension_requested',
        actor: unitActor(unit),
        status: statusAt(requestedAt, a.dueOn),
        data: { newDueOn: to, reason: 'Cần thêm thời gian phối hợp', currentDueOn: a.dueOn },
      });
      events.push({
        at: decidedAt,
        kind: 'extension_approved',
        actor: COORDINATOR,
        status: statusAt(decidedAt, to),
        data: { from: a.dueOn, to, decidedBy: 'coordinator', note: '' },
      });
      dueDateChanges.push({ from: a.dueOn, to, reason: 'Cần thêm thời gian phối hợp', decidedAt, decidedBy: 'coordinator', note: '' });
      dueOn = to;
      extendedAt = decidedAt;
    }
  }
  const due = dueInstantOf(dueOn);
  const past = now >= due;
  type Outcome = 'open' | 'on_time' | 'late' | 'awaiting' | 'cancelled' | 'reassigned';
  let outcome: Outcome;
  if (a.reassignTo) outcome = 'reassigned';
  else if (a.cancelAt != null) outcome = 'cancelled';
  else {
    const r = rng.next();
    // A holder that passed the task on is rarely cancelled (it would cancel its whole subtree with it).
    const cancels = a.mayCancel !== false;
    if (past)
      outcome =
        r < 0.55 ? 'on_time' : r < 0.75 ? 'late' : r < 0.78 && a.confirmation ? 'awaiting' : r < 0.81 && cancels ? 'cancelled' : 'open';
    else outcome = r < 0.22 ? 'on_time' : r < 0.27 && a.confirmation ? 'awaiting' : r < 0.3 && cancels ? 'cancelled' : 'open';
  }
  // When the assignment stopped being the unit's to do (its first report, a cancellation, a move), or now.
  const span = (lo: number, hi: number) => lo + rng.next() * Math.max(0, hi - lo);
  const after = Math.max(assignedAt, extendedAt ?? 0) + HOUR;
  let stopAt = now;
  let reportAt: number | null = null;
  if (outcome === 'on_time') reportAt = span(after, Math.min(due, now) - HOUR);
  else if (outcome === 'late') reportAt = due + rng.next() ** 2 * (now - due - 6 * HOUR);
  else if (outcome === 'awaiting') reportAt = span(Math.max(after, now - 20 * DAY), now - 2 * HOUR);
  else if (a.cancelAt != null) stopAt = a.cancelAt;
  else if (outcome === 'cancelled' || outcome === 'reassigned') stopAt = span(after, now - HOUR);
  if (reportAt !== null) {
    reportAt = Math.max(after, Math.min(reportAt, now - 2 * HOUR));
    stopAt = reportAt;
  }

  // The policy's steps for each due date in force, up to the stop (a report in time waits for the coordinator).
  const { steps: firstSteps } = timelineOf(a.dueOn);
  const planned: { s: PlannedStep; dueOn: IsoDate }[] = [];
  if (extendedAt !== null) for (const s of firstSteps) if (s.at < extendedAt) planned.push({ s, dueOn: a.dueOn });
  const current = timelineOf(dueOn);
  for (const s of [...current.steps, ...current.repeats]) if (extendedAt === null || s.at > extendedAt) planned.push({ s, dueOn });
  let escalationLevel = 0;
  let escalationRung: string | null = null;
  for (const { s, dueOn: d } of planned) {
    if (s.at <= assignedAt || s.at >= stopAt) continue;
    if (d !== dueOn && s.kind === 'escalation') continue; // an extension is approved before the first due date passes
    events.push({
      at: s.at,
      kind: s.kind,
      actor: SYSTEM,
      status: statusAt(s.at, d),
      data: { step: s.key, rung: s.rung, level: s.level, offset: s.label, scheduledAt: s.at },
    });
    if (s.kind === 'escalation') {
      escalationLevel = s.level;
      escalationRung = s.rung;
    }
  }
  // The unit acknowledges (60%) and reports progress (0 to 2 times) while it holds the assignment.
  let acknowledgedAt: number | null = null;
  if (rng.chance(0.6)) {
    const at = assignedAt + rng.next() * Math.min(2 * DAY, (stopAt - assignedAt) / 2);
    if (at < stopAt) {
      acknowledgedAt = at;
      events.push({ at, kind: 'acknowledged', actor: unitActor(unit), status: statusAt(at, dueOn), data: {} });
    }
  }
  let progress: Life['progress'] = null;
  const progressTimes = Array.from({ length: rng.int(0, 2) }, () => span(assignedAt + HOUR, stopAt - HOUR)).sort((x, y) => x - y);
  progressTimes.forEach((at, i) => {
    if (at <= assignedAt || at >= stopAt) return;
    const percent = Math.min(90, 20 + 30 * i + rng.int(0, 20));
    progress = { percent, note: `Đã thực hiện ${percent}%`, at };
    events.push({
      at,
      kind: 'progress_reported',
      actor: unitActor(unit),
      status: statusAt(at, extendedAt !== null && at < extendedAt ? a.dueOn : dueOn),
      data: { percent, note: progress.note },
    });
  });

  let completion: Record<string, unknown> | null = null;
  let completedAt: number | null = null;
  let cancelledAt: number | null = null;
  let reassignedAt: number | null = null;
  let status: Status = statusAt(now, dueOn);
  if (reportAt !== null) {
    const documentDate = toVnDate(new Date(reportAt));
    const base = {
      note: 'Đã hoàn thành',
      evidenceUrl: null,
      documentNumber: `${rng.int(1, 999)}/BC-${unit.toUpperCase()}`,
      documentDate,
    };
    if (a.confirmation) {
      // Reported, sometimes returned and reported again, then confirmed by the coordinator (unless awaiting).
      let report = reportAt;
      const judged = (confirmedBy: string | null, at: number) =>
        statusAt(at, dueOn, { reportedAt: report, confirmed: confirmedBy !== null, confirmedBy, documentDate: toVnDate(new Date(report)) });
      if (outcome !== 'awaiting' && rng.chance(0.1) && report + 3 * DAY < now - 2 * HOUR) {
        events.push({
          at: report,
          kind: 'completion_reported',
          actor: unitActor(unit),
          status: judged(null, report),
          data: { ...base, onTime: false },
        });
        const returnedAt = report + rng.int(6, 24) * HOUR;
        events.push({
          at: returnedAt,
          kind: 'completion_returned',
          actor: COORDINATOR,
          status: statusAt(returnedAt, dueOn),
          data: { returnedBy: 'coordinator', reason: 'Bổ sung tài liệu' },
        });
        report = returnedAt + rng.int(6, 36) * HOUR;
      }
      const reportData = { ...base, documentDate: toVnDate(new Date(report)) };
      events.push({
        at: report,
        kind: 'completion_reported',
        actor: unitActor(unit),
        status: judged(null, report),
        data: { ...reportData, onTime: false },
      });
      const confirmAt = report + rng.int(2, 72) * HOUR;
      if (outcome === 'awaiting' || confirmAt >= now) {
        completion = { reportedAt: report, ...reportData, confirmed: false, confirmedAt: null, confirmedBy: null };
        status = judged(null, now);
      } else {
        status = judged('coordinator', confirmAt);
        const basis = reportData.documentDate ? 'confirmed-document-date' : 'recorded';
        completion = { reportedAt: report, ...reportData, confirmed: true, confirmedAt: confirmAt, confirmedBy: 'coordinator', basis };
        completedAt = report;
        events.push({
          at: confirmAt,
          kind: 'completed',
          actor: COORDINATOR,
          status,
          data: { confirmedBy: 'coordinator', note: null, onTime: status === 'completed_on_time' },
        });
      }
    } else {
      // Recorded at once: by the unit, or (one in ten) by the coordinator's side, which names confirmedBy.
      const byCoordinator = rng.chance(0.1);
      const confirmedBy = byCoordinator ? 'coordinator' : null;
      status = statusAt(reportAt, dueOn, { reportedAt: reportAt, confirmed: true, confirmedBy, documentDate });
      completion = {
        reportedAt: reportAt,
        ...base,
        confirmed: true,
        confirmedAt: reportAt,
        confirmedBy,
        basis: confirmedBy ? 'confirmed-document-date' : 'recorded',
      };
      completedAt = reportAt;
      events.push({
        at: reportAt,
        kind: 'completed',
        actor: byCoordinator ? COORDINATOR : unitActor(unit),
        status,
        data: { ...base, onTime: status === 'completed_on_time', ...(confirmedBy ? { confirmedBy } : {}) },
      });
    }
  } else if (outcome === 'cancelled') {
    cancelledAt = stopAt;
    status = 'cancelled';
    events.push({ at: stopAt, kind: 'cancelled', actor: COORDINATOR, status, data: { reason: 'Không còn phù hợp' } });
  } else if (outcome === 'reassigned') {
    reassignedAt = stopAt;
    status = 'reassigned';
    events.push({
      at: stopAt,
      kind: 'reassigned',
      actor: COORDINATOR,
      status,
      data: { fromUnit: unit, toUnit: a.reassignTo, reason: 'Đúng chức năng', merged: false, successorWorkflowId: a.successorWorkflowId },
    });
  }
  events.sort((x, y) => x.at - y.at);
  events.unshift({
    at: assignedAt,
    kind: 'assigned',
    actor: SYSTEM,
    status: statusAt(assignedAt, a.dueOn),
    data: { dueOn: a.dueOn, predecessor: a.predecessor },
  });
  // An escalation level resets with a new due date.
  if (extendedAt !== null && !events.some((e) => e.kind === 'escalation' && e.at > extendedAt)) {
    escalationLevel = 0;
    escalationRung = null;
  }
  return {
    events,
    status,
    dueOn,
    dueDateChanges,
    acknowledgedAt,
    progress,
    completion,
    completedAt,
    cancelledAt,
    reassignedAt,
    escalationLevel,
    escalationRung,
  };
}

// ---- the load ----------------------------------------------------------------------------------------------------

const ASSIGNMENT_COLUMNS = [
  'workflow_id',
  'task_id',
  'directive_id',
  'unit_code',
  'original_unit',
  'predecessor_workflow_id',
  'status',
  'due_on',
  'original_due_on',
  'acknowledged_at',
  'progress_percent',
  'progress_note',
  'progress_at',
  'completion',
  'completed_at',
  'due_date_changes',
  'cancelled_at',
  'reassigned_to',
  'escalation_level',
  'escalation_rung',
  'version',
  'created_at',
  'updated_at',
  'parent_workflow_id',
  'answers_to',
  'ancestor_units',
  'role',
  'note',
  'start_input',
];
const EVENT_COLUMNS = ['workflow_id', 'seq', 'kind', 'at', 'actor', 'message_id', 'status', 'data', 'recorded_at'];

export async function loadNationalDataset(sql: Sql, options: NationalDatasetOptions): Promise<NationalDataset> {
  const started = Date.now();
  const n = Math.max(0, Math.floor(options.assignments));
  const prefix = options.prefix ?? 'nat';
  const now = options.now ?? Date.now();
  const rng = rngOf(options.seed ?? 20_261_207);
  const dir = directory();
  const { directives, tasks } = plan(rng, dir, n, prefix, now);
  const policy = DEFAULT_POLICY;

  const d = await copyStream(sql, 'directives', [
    'id',
    'number',
    'kind',
    'issuer',
    'issued_on',
    'title',
    'title_en',
    'summary',
    'confirmation_required',
    'created_by',
    'created_at',
  ]);
  for (const [i, x] of directives.entries())
    await d.push([
      x.id,
      `${i + 1}/${x.kind === 'decision' ? 'QĐ' : x.kind === 'directive' ? 'CT' : 'TB'}-VPCP`,
      x.kind,
      rng.pick(['Văn phòng Chính phủ', 'Thủ tướng Chính phủ', 'Chính phủ']),
      x.issuedOn,
      `Chỉ đạo quốc gia số ${i + 1}`,
      `National directive ${i + 1}`,
      '',
      x.confirmation,
      'bench',
      new Date(endOfDayVn(x.issuedOn).getTime() - 14 * HOUR),
    ]);
  await d.end();
  const t = await copyStream(sql, 'tasks', [
    'id',
    'directive_id',
    'title',
    'title_en',
    'due_on',
    'lead_units',
    'coordinating_units',
    'policy',
    'key_task',
    'assignment_count',
    'fanout_started_at',
    'created_by',
    'created_at',
  ]);
  for (const [i, x] of tasks.entries())
    await t.push([
      x.id,
      directives[x.directive]!.id,
      `Nhiệm vụ ${i + 1} (${x.pattern})`,
      `Task ${i + 1} (${x.pattern})`,
      x.dueOn,
      x.leadUnits,
      x.cooperatingUnits,
      policy,
      x.key,
      x.leads.length,
      new Date(x.createdAt),
      'bench',
      new Date(x.createdAt),
    ]);
  await t.end();

  // Into empty tables the secondary indexes are built once afterwards, from their own definitions (db/migrations), two
  // at a time, instead of being kept row by row: what a bulk load does (the same indexes, built faster).
  const [empty] = await sql<{ empty: boolean }[]>`
    SELECT NOT EXISTS (SELECT 1 FROM assignments) AND NOT EXISTS (SELECT 1 FROM assignment_events) AS empty`;
  const deferred = empty!.empty
    ? await sql<{ name: string; def: string }[]>`
        SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
        FROM pg_index i LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid
        WHERE i.indrelid IN ('assignments'::regclass, 'assignment_events'::regclass) AND c.oid IS NULL`
    : [];
  for (const ix of deferred) await sql.unsafe(`DROP INDEX ${ix.name}`);
  // Assignments and their events on two connections at once: generating is one thread, Postgres the other core.
  const [aStream, eStream, nStream] = await Promise.all([
    copyStream(sql, 'assignments', ASSIGNMENT_COLUMNS),
    copyStream(sql, 'assignment_events', EVENT_COLUMNS),
    options.notifications
      ? copyStream(sql, 'notifications', [
          'workflow_id',
          'seq',
          'recipient_unit',
          'recipient_role',
          'kind',
          'title',
          'body',
          'created_at',
          'due_on',
        ])
      : Promise.resolve(null),
  ]);
  const statusCounts: Record<string, number> = {};
  const patterns: Record<string, number> = {};
  const samples: BenchDataset['samples'] = [];
  let events = 0;
  let subAssignments = 0;
  let cooperating = 0;
  let successors = 0;
  let written = 0;
  const sampleEvery = Math.max(1, Math.floor(n / 200));

  const write = async (
    task: PlannedTask,
    x: {
      unit: string;
      assignedAt: number;
      dueOn: IsoDate;
      confirmation: boolean;
      parent: string | null;
      answersTo: string | null;
      ancestors: string[];
      role: 'lead' | 'cooperating';
      startRole: 'lead' | 'cooperating' | 'sub';
      coordinatorUnit: string;
      predecessor: { workflowId: string; originalUnit: string; originalDueOn: IsoDate } | null;
      reassignTo: string | null;
      cancelAt?: number | null;
      mayCancel?: boolean;
    },
  ): Promise<Life> => {
    const workflowId = `assignment/${task.id}/${x.unit}`;
    const life = live(rng, {
      unit: x.unit,
      assignedAt: x.assignedAt,
      dueOn: x.dueOn,
      confirmation: x.confirmation,
      predecessor: x.predecessor?.workflowId ?? null,
      reassignTo: x.reassignTo,
      successorWorkflowId: x.reassignTo ? `assignment/${task.id}/${x.reassignTo}` : null,
      cancelAt: x.cancelAt ?? null,
      mayCancel: x.mayCancel ?? true,
      now,
    });
    const last = life.events.at(-1)!;
    const start = {
      role: x.startRole,
      dueOn: x.dueOn,
      dueAt: null,
      coordinatorUnit: x.coordinatorUnit,
      confirmationRequired: x.confirmation,
      ...(x.startRole === 'sub' ? { policy } : {}),
      parentWorkflowId: x.parent,
    };
    await aStream.push([
      workflowId,
      task.id,
      directives[task.directive]!.id,
      x.unit,
      x.predecessor?.originalUnit ?? x.unit,
      x.predecessor?.workflowId ?? null,
      life.status,
      life.dueOn,
      x.predecessor?.originalDueOn ?? x.dueOn,
      life.acknowledgedAt === null ? null : new Date(life.acknowledgedAt),
      life.progress?.percent ?? null,
      life.progress?.note ?? null,
      life.progress ? new Date(life.progress.at) : null,
      life.completion,
      life.completedAt === null ? null : new Date(life.completedAt),
      JSON.stringify(life.dueDateChanges),
      life.cancelledAt === null ? null : new Date(life.cancelledAt),
      x.reassignTo,
      life.escalationLevel,
      life.escalationRung,
      life.events.length,
      new Date(x.assignedAt - 60_000),
      new Date(last.at),
      x.parent,
      x.answersTo,
      x.ancestors,
      x.role,
      x.startRole === 'sub' ? 'Giao xã triển khai' : null,
      start,
    ]);
    for (const [i, e] of life.events.entries()) {
      const at = new Date(e.at);
      await eStream.push([workflowId, i + 1, e.kind, at, e.actor, null, e.status, e.data, new Date(e.at + 150)]);
    }
    if (nStream)
      await nStream.push([
        workflowId,
        1,
        x.unit,
        'unit_officer',
        'assigned',
        `Nhiệm vụ mới: ${task.id}`,
        `Hạn ${x.dueOn}`,
        new Date(x.assignedAt),
        x.dueOn,
      ]);
    events += life.events.length;
    statusCounts[life.status] = (statusCounts[life.status] ?? 0) + 1;
    if (written++ % sampleEvery === 0 && samples.length < 200)
      samples.push({ taskId: task.id, unitCode: x.unit, workflowId, status: life.status });
    return life;
  };

  for (const task of tasks) {
    patterns[task.pattern] = (patterns[task.pattern] ?? 0) + 1;
    const confirmation = directives[task.directive]!.confirmation;
    for (const [i, l] of task.leads.entries()) {
      const assignedAt = task.createdAt + 60_000 + i * 250;
      const dueOn = l.role === 'cooperating' ? addDays(task.dueOn, -3) : task.dueOn;
      const lead = await write(task, {
        unit: l.unit,
        assignedAt,
        dueOn,
        confirmation,
        parent: null,
        answersTo: l.answersTo,
        ancestors: l.answersTo ? [l.answersTo] : [],
        role: l.role,
        startRole: l.role,
        coordinatorUnit: 'vpcp',
        predecessor: null,
        reassignTo: l.reassignTo,
        mayCancel: l.children.length === 0 || rng.chance(0.1),
      });
      if (l.role === 'cooperating') cooperating += 1;
      if (l.reassignTo) {
        successors += 1;
        await write(task, {
          unit: l.reassignTo,
          assignedAt: lead.reassignedAt! + 60_000,
          dueOn: lead.dueOn,
          confirmation,
          parent: null,
          answersTo: null,
          ancestors: [],
          role: 'lead',
          startRole: 'lead',
          coordinatorUnit: 'vpcp',
          predecessor: { workflowId: `assignment/${task.id}/${l.unit}`, originalUnit: l.unit, originalDueOn: dueOn },
          reassignTo: null,
        });
      }
      // The holder passes it on a few days later, due a little before its own date; a cancellation cascades down
      // (services/cancel-cascade.ts), so the children of a cancelled holder were passed on before it and cancelled with it.
      if (l.children.length > 0) {
        const cancelledAt = lead.cancelledAt;
        const passedAt = Math.min(
          assignedAt + rng.int(1, 5) * DAY,
          now - DAY,
          cancelledAt === null ? Infinity : (assignedAt + cancelledAt) / 2,
        );
        const childConfirmation = rng.chance(0.5);
        for (const [j, c] of l.children.entries()) {
          subAssignments += 1;
          const childDue = addDays(lead.dueOn, -rng.int(0, 5));
          await write(task, {
            unit: c,
            assignedAt: passedAt + j * 250,
            dueOn: dueInstantOf(childDue) > passedAt + 2 * DAY ? childDue : lead.dueOn,
            confirmation: childConfirmation,
            parent: `assignment/${task.id}/${l.unit}`,
            answersTo: l.unit,
            ancestors: [l.unit],
            role: 'lead',
            startRole: 'sub',
            coordinatorUnit: l.unit,
            predecessor: null,
            reassignTo: null,
            cancelAt: cancelledAt === null ? null : cancelledAt + 60_000,
          });
        }
      }
    }
  }
  await Promise.all([aStream.end(), eStream.end(), nStream?.end()]);
  const pending = [...deferred];
  await Promise.all(
    [0, 1].map(() =>
      sql.begin(async (tx) => {
        await tx`SET LOCAL maintenance_work_mem = '256MB'`;
        for (let ix = pending.shift(); ix; ix = pending.shift()) await tx.unsafe(ix.def);
      }),
    ),
  );
  const copyMs = Date.now() - started;
  const v0 = Date.now();
  const tables = `directives, tasks, assignments, assignment_events${options.notifications ? ', notifications' : ''}`;
  await sql.unsafe(options.vacuum === false ? `ANALYZE ${tables}` : `VACUUM (ANALYZE) ${tables}`);
  const vacuumMs = Date.now() - v0;
  // The execution summary from the event log just written, as `npm run summary:rebuild` does (the board and the
  // reports read it).
  const s0 = Date.now();
  const summary = await rebuildExecutionSummary(sql, { batchSize: 5000 });
  await sql.unsafe('VACUUM (ANALYZE) execution_spans');
  const summaryMs = Date.now() - s0;
  const largest = tasks.reduce((a, b) => (b.size > a.size ? b : a), tasks[0]!);
  const used = new Set<string>();
  for (const task of tasks)
    for (const l of task.leads) [l.unit, ...(l.reassignTo ? [l.reassignTo] : []), ...l.children].forEach((u) => used.add(u));
  return {
    prefix,
    directiveIds: directives.map((x) => x.id),
    taskIds: tasks.map((x) => x.id),
    unitCodes: [...used].sort(),
    assignments: written,
    samples,
    statusCounts,
    loadMs: Date.now() - started,
    units: dir.units,
    largestTaskId: largest?.id ?? '',
    largestTaskAssignments: largest?.size ?? 0,
    events,
    subAssignments,
    cooperating,
    successors,
    patterns,
    copyMs,
    vacuumMs,
    summaryMs,
    spans: summary.spans,
  };
}
