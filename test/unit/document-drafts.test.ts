/**
 * Drafts from a notice as a file (issue 34): the fixtures of test/fixtures/documents/ (made by its make.sh with
 * python-docx and reportlab from the seed documents and seeds/directives.ts) read by the drafting thread's task
 * (services/draft-task.ts draftDocument, run here in-process), scored against the tasks the seeds hold (P/R ≥ 0.9
 * on task boundaries, units and dates for every format), and the same draft from the text, the DOCX and the PDF.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { officialCalendar } from '../../data/calendar';
import { UNITS } from '../../data/units';
import type { DraftTask } from '../../domain/task-extractor';
import { SEED_DIRECTIVES } from '../../seeds/directives';
import { htmlText, tableText } from '../../services/document-text';
import { draft, draftDocument, type DocumentDraft, type DraftDocumentJob } from '../../services/draft-task';

const DOCS = new URL('../fixtures/documents/', import.meta.url);
const bytes = (name: string) => new Uint8Array(readFileSync(new URL(name, DOCS)));
const calendar = officialCalendar();
const limits = { maxTasks: 500, maxUnitsPerTask: 120 };
const documentLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxInflatedBytes: 50 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxArchiveEntries: 500,
  maxPages: 200,
  maxTextChars: 200_000,
};
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

async function fromFile(name: string, contentType: string, issuedOn: string) {
  const job: DraftDocumentJob = { body: bytes(name), contentType, issuedOn, units: UNITS, calendar, limits, documentLimits };
  return draftDocument(job);
}
async function drafted(name: string, contentType: string, issuedOn: string): Promise<DocumentDraft> {
  const result = await fromFile(name, contentType, issuedOn);
  if ('refused' in result) throw new Error(`refused: ${JSON.stringify(result.refused)}`);
  return result;
}
function fromText(name: string, issuedOn: string): DraftTask[] {
  const result = draft({ text: readFileSync(new URL(name, DOCS), 'utf8'), issuedOn, units: UNITS, calendar, limits });
  if ('refused' in result) throw new Error('refused');
  return result.tasks;
}

const normal = (s: string) => s.replace(/\s+/g, ' ').trim();
/** What a draft means, whatever the format's line breaks: its words, units with roles, due date, recurrence. */
const meaning = (t: DraftTask) => ({
  text: normal(t.text),
  lead: t.units.lead,
  cooperating: t.units.cooperating,
  dueOn: t.deadline.dueOn,
  frequency: t.deadline.frequency,
  recurrence: t.recurrence && { frequency: t.recurrence.frequency, day: t.recurrence.day },
});

interface Label {
  start: string;
  end: string;
  lead: string[];
  cooperating: string[];
  dueOn: string | null;
}
interface Counts {
  tp: number;
  predicted: number;
  labelled: number;
}
const pr = (c: Counts) => ({ precision: c.predicted ? c.tp / c.predicted : 1, recall: c.labelled ? c.tp / c.labelled : 1 });

/** Boundaries (a draft holding the label's first and last words), units with roles and due dates, as P/R. */
function score(labels: Label[], drafts: DraftTask[]) {
  const [boundaries, units, dates] = [0, 0, 0].map((): Counts => ({ tp: 0, predicted: 0, labelled: 0 })) as [Counts, Counts, Counts];
  const used = new Set<number>();
  const pairs: [Label | null, DraftTask | null][] = labels.map((label) => {
    const i = drafts.findIndex(
      (d, j) => !used.has(j) && normal(d.text).includes(normal(label.start)) && normal(d.text).includes(normal(label.end)),
    );
    if (i >= 0) used.add(i);
    return [label, i >= 0 ? drafts[i]! : null];
  });
  drafts.forEach((d, i) => used.has(i) || pairs.push([null, d]));
  for (const [label, d] of pairs) {
    boundaries.predicted += d ? 1 : 0;
    boundaries.labelled += label ? 1 : 0;
    boundaries.tp += label && d ? 1 : 0;
    const want = new Set(label ? [...label.lead.map((u) => `lead:${u}`), ...label.cooperating.map((u) => `co:${u}`)] : []);
    const got = new Set(d ? [...d.units.lead.map((u) => `lead:${u}`), ...d.units.cooperating.map((u) => `co:${u}`)] : []);
    units.predicted += got.size;
    units.labelled += want.size;
    units.tp += [...got].filter((u) => want.has(u)).length;
    dates.predicted += d?.deadline.dueOn ? 1 : 0;
    dates.labelled += label?.dueOn ? 1 : 0;
    dates.tp += label?.dueOn && d?.deadline.dueOn === label.dueOn ? 1 : 0;
  }
  return { boundaries: pr(boundaries), units: pr(units), dates: pr(dates) };
}
const atLeast = (s: ReturnType<typeof score>, floor: number) => Object.values(s).every((x) => x.precision >= floor && x.recall >= floor);

/** Notice 203's tasks as labelled on the seed document (test/fixtures/extractor/002.json). */
const labels203: Label[] = (
  JSON.parse(readFileSync(new URL('../fixtures/extractor/002.json', import.meta.url), 'utf8')) as {
    tasks: (Omit<Label, 'dueOn'> & { deadline: { dueOn?: string } | null })[];
  }
).tasks.map((t) => ({ ...t, dueOn: t.deadline?.dueOn ?? null }));

/** The Project 06 review's tasks as seeds/directives.ts holds them: assignees are the leads. */
const labelsProject06: Label[] = SEED_DIRECTIVES.find((d) => d.id === 'cv-452-review-2024')!.tasks.map((t) => ({
  start: t.title,
  end: t.title,
  lead: [...(t.assignees.units ?? []), ...(t.assignees.groups ?? []).map((g) => `group:${g}`)],
  cooperating: t.coordinatingUnits ?? [],
  dueOn: t.dueOn,
}));

const NOTICES = [
  { id: 'tb-203-2024', issuedOn: '2024-05-06', labels: labels203 },
  { id: 'cv-452-review-2024', issuedOn: '2024-06-01', labels: labelsProject06 },
];

describe.each(NOTICES)('the notice $id as text, DOCX and PDF', ({ id, issuedOn, labels }) => {
  it('drafts the same tasks from each format, each scoring P/R ≥ 0.9 against the seed', async () => {
    const text = fromText(`${id}.txt`, issuedOn);
    const docx = await drafted(`${id}.docx`, DOCX, issuedOn);
    const pdf = await drafted(`${id}.pdf`, 'application/pdf', issuedOn);
    expect(docx.document).toMatchObject({ format: 'docx', pages: null, fileName: null });
    expect(pdf.document).toMatchObject({ format: 'pdf' });
    expect(pdf.document.pages).toBeGreaterThan(0);
    for (const [format, drafts] of [
      ['text', text],
      ['docx', docx.tasks],
      ['pdf', pdf.tasks],
    ] as const) {
      const s = score(labels, drafts);
      console.log(`${id} ${format}: ${drafts.length} drafts, ${JSON.stringify(s)}`);
      expect(atLeast(s, 0.9), `${id} ${format}`).toBe(true);
    }
    expect(docx.tasks.map(meaning)).toEqual(text.map(meaning));
    expect(pdf.tasks.map(meaning)).toEqual(text.map(meaning));
    // The spans index the text the answer carries.
    for (const t of [...docx.tasks, ...pdf.tasks.slice(0, 3)]) {
      const source = docx.tasks.includes(t) ? docx.text : pdf.text;
      expect(source.slice(t.span.start, t.span.end)).toBe(t.text);
    }
  });
});

describe('a DOCX task table', () => {
  it("reads the Project 06 appendix's rows as the seed's task with its units and date", async () => {
    const docx = await drafted('cv-452-review-2024.docx', DOCX, '2024-06-01');
    const [task, ...more] = docx.tasks;
    expect(more).toEqual([]);
    const seed = SEED_DIRECTIVES.find((d) => d.id === 'cv-452-review-2024')!.tasks[0]!;
    expect(new Set(task!.units.lead)).toEqual(new Set([...seed.assignees.units!, 'group:provinces']));
    expect(task!.deadline.dueOn).toBe(seed.dueOn);
    expect(task!.text).toContain(seed.title);
  });

  it('words a row with its lead, co-operating units and deadline; other tables are rows of cells', () => {
    const table =
      '<table><tr><th><p>STT</p></th><th><p>Nội dung nhiệm vụ</p></th><th><p>Cơ quan chủ trì</p></th><th><p>Cơ quan phối hợp</p></th><th><p>Thời hạn hoàn thành</p></th></tr>' +
      '<tr><td><p>2</p></td><td><p>Hoàn thiện hồ sơ dự án Luật Dữ liệu</p></td><td><p>Bộ Công an</p></td><td><p>Bộ Tư pháp</p></td><td><p>Tháng 5/2024</p></td></tr></table>';
    expect(tableText(table)).toEqual([
      '2. Bộ Công an chủ trì, phối hợp với Bộ Tư pháp: Hoàn thiện hồ sơ dự án Luật Dữ liệu, thời hạn: Tháng 5/2024.',
    ]);
    expect(tableText('<table><tr><td>a &amp; b</td><td>c</td></tr></table>')).toEqual(['a & b – c']);
    expect(htmlText('<h1>THÔNG BÁO</h1><p>Một <strong>câu</strong>.</p><ol><li>Mục</li><li>Mục hai</li></ol>')).toBe(
      'THÔNG BÁO\n\nMột câu.\n\n1. Mục\n\n2. Mục hai',
    );
  });
});

describe('a document the drafter cannot read', () => {
  const refusedWith = async (name: string, type: string) => {
    const result = await fromFile(name, type, '2024-06-01');
    return 'refused' in result ? result.refused : undefined;
  };

  it('says a scanned PDF has no text layer', async () => {
    expect(await refusedWith('scanned.pdf', 'application/pdf')).toMatchObject({
      kind: 'unprocessable',
      slug: 'no-text-layer',
      errors: [{ field: 'file', reason: 'no text layer' }],
    });
  });

  it('says a password-protected DOCX is one', async () => {
    expect(await refusedWith('protected.docx', DOCX)).toMatchObject({ kind: 'unprocessable', slug: 'password-protected' });
  });

  it('refuses a file that is neither DOCX nor PDF, and a missing or bad issuedOn', async () => {
    const job = (body: Uint8Array, issuedOn: string | undefined): DraftDocumentJob => ({
      body,
      contentType: 'application/pdf',
      issuedOn,
      units: UNITS,
      calendar,
      limits,
      documentLimits,
    });
    expect(await draftDocument(job(new TextEncoder().encode('GIF89a not a notice'), '2024-06-01'))).toMatchObject({
      refused: { kind: 'invalid', slug: 'not-a-document', errors: [{ field: 'file' }] },
    });
    expect(await draftDocument(job(bytes('tb-203-2024.pdf'), undefined))).toMatchObject({
      refused: { kind: 'invalid', errors: [{ field: 'issuedOn', reason: 'required' }] },
    });
    expect(await draftDocument(job(bytes('tb-203-2024.pdf'), '2024-02-30'))).toMatchObject({
      refused: { kind: 'invalid', errors: [{ field: 'issuedOn' }] },
    });
  });

  it('refuses a PDF past the page limit and a text past the character limit, naming them', async () => {
    const job = (over: Partial<typeof documentLimits>): DraftDocumentJob => ({
      body: bytes('tb-203-2024.pdf'),
      contentType: 'application/pdf',
      issuedOn: '2024-05-06',
      units: UNITS,
      calendar,
      limits,
      documentLimits: { ...documentLimits, ...over },
    });
    expect(await draftDocument(job({ maxPages: 1 }))).toMatchObject({ refused: { kind: 'too-large', slug: 'too-many-pages' } });
    expect(await draftDocument(job({ maxTextChars: 1000 }))).toMatchObject({ refused: { kind: 'too-large', slug: 'text-too-long' } });
  });
});
