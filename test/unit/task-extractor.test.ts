/**
 * The extractor against hand-labelled tasks of the seed documents (test/fixtures/extractor/*.json): precision
 * and recall of task boundaries, of units with their roles, and of deadlines, printed and held to ≥ 0.9.
 */
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../data/calendar';
import { REORGANISATIONS, UNITS } from '../../data/units';
import { extractTasks, type DraftTask } from '../../domain/task-extractor';

interface Label {
  start: string;
  end: string;
  lead: string[];
  cooperating: string[];
  deadline: { phrase: string; dueOn?: string; frequency?: string } | null;
}
interface Fixture {
  document: string;
  issuedOn: string;
  tasks: Label[];
}

const FIXTURES = new URL('../fixtures/extractor/', import.meta.url);
// Copies of the two seed documents these labels are for (../shared/seed-docs/), so a clone tests on its own.
const SEEDS = fileURLToPath(new URL('../fixtures/extractor/seed-docs/', import.meta.url));
const calendar = officialCalendar();
const ctx = (issuedOn: string) => ({ units: UNITS, reorganisations: REORGANISATIONS, issuedOn, calendar });

function spanOf(doc: string, label: Label): { start: number; end: number } {
  const start = doc.indexOf(label.start);
  const end = doc.indexOf(label.end, start);
  if (start < 0 || end < 0) throw new Error(`label not found in the document: ${label.start}`);
  return { start, end: end + label.end.length };
}

const overlap = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start)) / (Math.max(a.end, b.end) - Math.min(a.start, b.start));

const deadlineKey = (d: { dueOn?: string | null; frequency?: string | null } | null) =>
  d?.dueOn ? d.dueOn : d?.frequency ? `every:${d.frequency}` : null;

interface Counts {
  tp: number;
  predicted: number;
  labelled: number;
}
const zero = (): Counts => ({ tp: 0, predicted: 0, labelled: 0 });
const pr = (c: Counts) => ({ precision: c.predicted ? c.tp / c.predicted : 1, recall: c.labelled ? c.tp / c.labelled : 1 });

function score(fixtures: { fixture: Fixture; doc: string; drafts: DraftTask[] }[]) {
  const boundaries = zero();
  const units = zero();
  const deadlines = zero();
  const misses: string[] = [];
  for (const { fixture, doc, drafts } of fixtures) {
    const labels = fixture.tasks.map((l) => ({ label: l, span: spanOf(doc, l) }));
    const used = new Set<number>();
    const pairs: [Label | null, DraftTask | null][] = [];
    for (const { label, span } of labels) {
      let best = -1;
      let bestScore = 0.5;
      drafts.forEach((d, i) => {
        const s = overlap(span, d.span);
        if (!used.has(i) && s >= bestScore) [best, bestScore] = [i, s];
      });
      if (best >= 0) used.add(best);
      pairs.push([label, best >= 0 ? drafts[best]! : null]);
      if (best < 0) misses.push(`${fixture.document}: missed "${label.start}"`);
    }
    drafts.forEach((d, i) => {
      if (!used.has(i)) {
        pairs.push([null, d]);
        misses.push(`${fixture.document}: extra "${d.text.slice(0, 60)}"`);
      }
    });
    for (const [label, draft] of pairs) {
      boundaries.predicted += draft ? 1 : 0;
      boundaries.labelled += label ? 1 : 0;
      boundaries.tp += label && draft ? 1 : 0;
      const want = new Set(label ? [...label.lead.map((u) => `lead:${u}`), ...label.cooperating.map((u) => `co:${u}`)] : []);
      const got = new Set(draft ? [...draft.units.lead.map((u) => `lead:${u}`), ...draft.units.cooperating.map((u) => `co:${u}`)] : []);
      units.predicted += got.size;
      units.labelled += want.size;
      const hits = [...got].filter((u) => want.has(u)).length;
      units.tp += hits;
      if (label && draft && (hits !== want.size || hits !== got.size))
        misses.push(`${fixture.document}: units of "${label.start}": want ${[...want]} got ${[...got]}`);
      const wantDeadline = label ? deadlineKey(label.deadline) : null;
      const gotDeadline = draft ? deadlineKey(draft.deadline) : null;
      deadlines.predicted += gotDeadline ? 1 : 0;
      deadlines.labelled += wantDeadline ? 1 : 0;
      deadlines.tp += wantDeadline && gotDeadline === wantDeadline ? 1 : 0;
      if (label && draft && wantDeadline !== gotDeadline)
        misses.push(`${fixture.document}: deadline of "${label.start}": want ${wantDeadline} got ${gotDeadline}`);
    }
  }
  return { boundaries: pr(boundaries), units: pr(units), deadlines: pr(deadlines), misses };
}

describe('the task extractor on the labelled seed documents', () => {
  const fixtures = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .map((f) => {
      const fixture = JSON.parse(readFileSync(new URL(f, FIXTURES), 'utf8')) as Fixture;
      const doc = readFileSync(SEEDS + fixture.document, 'utf8');
      return { fixture, doc, drafts: extractTasks(doc, ctx(fixture.issuedOn)) };
    });

  it('meets precision and recall ≥ 0.9 for task boundaries, units and deadlines', () => {
    const result = score(fixtures);
    const fmt = (x: { precision: number; recall: number }) => `precision ${x.precision.toFixed(3)}  recall ${x.recall.toFixed(3)}`;
    console.log(
      [
        `extractor on ${fixtures.map((f) => f.fixture.document).join(', ')} (${fixtures.reduce((n, f) => n + f.fixture.tasks.length, 0)} labelled tasks)`,
        `  task boundaries  ${fmt(result.boundaries)}`,
        `  units and roles  ${fmt(result.units)}`,
        `  deadlines        ${fmt(result.deadlines)}`,
        ...result.misses.map((m) => `  - ${m}`),
      ].join('\n'),
    );
    for (const metric of [result.boundaries, result.units, result.deadlines]) {
      expect(metric.precision).toBeGreaterThanOrEqual(0.9);
      expect(metric.recall).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('gives each draft the row shape the import takes, with the span it came from', () => {
    const { doc, drafts } = fixtures.find((f) => f.fixture.document.startsWith('002'))!;
    const fees = drafts.find((d) => d.text.includes('exemption and reduction of fees'))!;
    expect(doc.slice(fees.span.start, fees.span.end)).toBe(fees.text);
    expect(fees.row).toMatchObject({ leadUnits: expect.stringContaining('Tỉnh An Giang'), deadline: 'in May 2024' });
    expect(fees.deadline).toMatchObject({ phrase: 'in May 2024', dueOn: '2024-05-31', rule: 'month' });
  });
});

describe('forms of assignment in Vietnamese and English', () => {
  const one = (text: string, issuedOn = '2024-05-06') => extractTasks(text, ctx(issuedOn));

  it('reads "Giao Bộ X chủ trì, phối hợp với …" with a deadline', () => {
    const [task, ...rest] = one(
      'Giao Bộ Công an chủ trì, phối hợp với Bộ Tư pháp, Bộ Tài chính hoàn thiện hồ sơ dự án Luật Dữ liệu, hoàn thành trước ngày 30/6/2024.',
    );
    expect(rest).toEqual([]);
    expect(task!.units).toEqual({ lead: ['bo-ca'], cooperating: ['bo-tp', 'bo-tc'] });
    expect(task!.deadline).toMatchObject({ dueOn: '2024-06-30', rule: 'explicit_date' });
  });

  it('reads "Đề nghị các bộ, ngành, địa phương …" and "Ủy ban nhân dân các tỉnh, thành phố … khẩn trương …"', () => {
    const tasks = one(
      'Đề nghị các bộ, ngành, địa phương rà soát, đánh giá tình hình bảo đảm an toàn thông tin trong quý II/2024.\n' +
        'Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương khẩn trương trình Hội đồng nhân dân ban hành nghị quyết về miễn, giảm phí, hoàn thành trong tháng 5/2024.',
    );
    expect(tasks.map((t) => [t.units.lead, t.deadline.dueOn])).toEqual([
      [['group:all_ministries_agencies_localities'], '2024-06-30'],
      [['group:provinces'], '2024-05-31'],
    ]);
  });

  it('reads "Bộ Công an … hoàn thành trước …" written without diacritics', () => {
    const [task] = one('Bo Cong an trien khai thi diem cap Phieu ly lich tu phap, hoan thanh truoc ngay 15/7/2024.');
    expect(task!.units.lead).toEqual(['bo-ca']);
    expect(task!.deadline.dueOn).toBe('2024-07-15');
  });

  it('reads English forms: "shall complete … before …" and "… are requested to …"', () => {
    const tasks = one(
      'The Ministry of Public Security shall complete the National Data Center before December 31, 2024.\n' +
        'The Prime Minister requested ministries, agencies and localities to report on the results of Project 06 monthly.',
    );
    expect(tasks[0]!.units.lead).toEqual(['bo-ca']);
    expect(tasks[0]!.deadline.dueOn).toBe('2024-12-31');
    expect(tasks[1]!.units.lead).toEqual(['group:all_ministries_agencies_localities']);
    expect(tasks[1]!.deadline).toMatchObject({ frequency: 'monthly', dueOn: null });
  });

  it('skips headings, status statements and text with no units', () => {
    expect(
      one('Complete the Steering Committee before May 10, 2024\nMinistries, agencies and localities have established 2,398 databases.'),
    ).toEqual([]);
  });

  it('reads hard-wrapped items as one task each, a line opening with a unit included, and not the closing formula or the recipients', () => {
    const tasks = one(
      [
        'THÔNG BÁO',
        'Kết luận của Phó Thủ tướng Chính phủ tại cuộc họp về dữ liệu',
        '1. Giao Bộ Công an chủ trì, phối hợp với Bộ Tài chính, Bộ Khoa học và Công',
        'nghệ, Bộ Tư pháp hoàn thiện dự thảo Nghị định về định danh điện tử, trình',
        'Chính phủ trước ngày 15/12/2026.',
        '2. Bộ Y tế:',
        'a) Chủ trì kết nối dữ liệu khám chữa bệnh với Cơ sở dữ liệu quốc gia về dân',
        'cư, hoàn thành trong tháng 11/2026;',
        'b) Báo cáo kết quả định kỳ hằng tháng, trước ngày 20 hằng tháng.',
        'Văn phòng Chính phủ thông báo để các cơ quan, đơn vị liên quan biết, thực',
        'hiện./.',
        'Nơi nhận:',
        '- Các bộ: Công an, Tư pháp, Y tế;',
        '- Lưu: VT, KSTT.',
      ].join('\n'),
      '2026-10-14',
    );
    expect(
      tasks.map((t) => [t.units.lead, t.units.cooperating, t.deadline.dueOn, t.recurrence && [t.recurrence.frequency, t.recurrence.day]]),
    ).toEqual([
      [['bo-ca'], ['bo-tc', 'bo-khcn', 'bo-tp'], '2026-12-15', null],
      [['bo-yt'], [], '2026-11-30', null],
      [['bo-yt'], [], null, ['monthly', 20]],
    ]);
    expect(tasks[0]!.row.title).toMatch(
      /^Giao Bộ Công an chủ trì, phối hợp với Bộ Tài chính, Bộ Khoa học và Công nghệ, Bộ Tư pháp hoàn thiện/,
    );
    expect(tasks[2]!.row.deadline).toBe('định kỳ hằng tháng, trước ngày 20 hằng tháng');
  });

  it('reads the due date beside a recurrence, and not a budget "hằng năm" as one', () => {
    const [task] = one('Bộ Tài chính bố trí ngân sách hằng năm cho chuyển đổi số, hoàn thành trong quý III/2026.', '2026-05-04');
    expect(task!.deadline.dueOn).toBe('2026-09-30');
    expect(task!.recurrence).toBeNull();
  });
});
