/**
 * The drafter's task module for services/bounded-worker.ts (it runs in a worker thread): the extractor over a
 * notice's text within the answer's limits, a limit passed refused as a 422 naming it. Pure code only.
 */
import { REORGANISATIONS } from '../data/units';
import type { CalendarData } from '../domain/calendar';
import type { IsoDate } from '../domain/dates';
import type { Unit } from '../domain/units';
import { extractTasksWithin, type DraftLimits, type DraftTask } from '../domain/task-extractor';
import { refusal } from './bounded-worker';
import { documentText, sniffDocument, type DocumentFormat, type DocumentLimits } from './document-text';
import { readEdxml, type EdxmlLimits, type EdxmlPackage } from './edxml-read';
import { DomainError, unprocessable } from './errors';
import { isoDate } from './input-pieces';

export interface DraftJob {
  text: string;
  issuedOn: IsoDate;
  units: Unit[];
  calendar: CalendarData;
  limits: DraftLimits;
}

export function draft(job: DraftJob): { tasks: DraftTask[] } | ReturnType<typeof refusal> {
  const result = extractTasksWithin(
    job.text,
    { units: job.units, reorganisations: REORGANISATIONS, issuedOn: job.issuedOn, calendar: job.calendar },
    job.limits,
  );
  if (result.ok) return { tasks: result.tasks };
  if (result.limit === 'tasks') {
    return refusal(
      unprocessable(
        'too-many-tasks',
        'text',
        `drafts ${result.found} tasks; at most ${result.max} in one answer (DRAFT_MAX_TASKS): send the text in parts`,
      ),
    );
  }
  return refusal(
    unprocessable(
      'too-many-units',
      'text',
      `the task at characters ${result.at!.start}-${result.at!.end} names ${result.found} units; at most ${result.max} (DRAFT_MAX_UNITS_PER_TASK)`,
    ),
  );
}

export interface DraftDocumentJob extends Omit<DraftJob, 'text' | 'issuedOn'> {
  /** The request body as received: the file itself, or a multipart form with it in field "file". */
  body: Uint8Array;
  contentType: string;
  /** From the query; a form's field "issuedOn" is taken when this is absent. */
  issuedOn: string | undefined;
  documentLimits: DocumentLimits;
}

export interface DocumentDraft {
  issuedOn: IsoDate;
  document: { format: DocumentFormat; fileName: string | null; sha256: string; bytes: number; pages: number | null; characters: number };
  text: string;
  tasks: DraftTask[];
}

const invalid = (field: string, detail: string, reason = detail) => new DomainError('invalid', 'validation', detail, [{ field, reason }]);

/** A notice sent as a DOCX or PDF (raw, or in a form): its text read within the bounds, then drafted as text is. */
export async function draftDocument(job: DraftDocumentJob): Promise<DocumentDraft | ReturnType<typeof refusal>> {
  try {
    let bytes = job.body;
    let fileName: string | null = null;
    let issuedOn = job.issuedOn;
    if (/^multipart\/form-data/i.test(job.contentType)) {
      const form = await new Response(job.body, { headers: { 'content-type': job.contentType } }).formData().catch(() => {
        throw invalid('file', 'the multipart/form-data body cannot be read', 'malformed form');
      });
      const upload = form.get('file');
      if (!(upload instanceof File)) throw invalid('file', 'the form has no file field "file"', 'required');
      bytes = new Uint8Array(await upload.arrayBuffer());
      fileName = upload.name || null;
      const field = form.get('issuedOn');
      if (issuedOn === undefined && typeof field === 'string' && field) issuedOn = field;
    }
    if (issuedOn === undefined) {
      throw invalid('issuedOn', 'give the date the notice was issued: ?issuedOn=YYYY-MM-DD (or the form field issuedOn)', 'required');
    }
    const date = isoDate.safeParse(issuedOn);
    if (!date.success) throw invalid('issuedOn', `issuedOn: ${date.error.issues[0]!.message}`, date.error.issues[0]!.message);
    const read = await documentText(bytes, job.documentLimits);
    const drafted = draft({ ...job, text: read.text, issuedOn: date.data as IsoDate });
    if ('refused' in drafted) return drafted;
    return {
      issuedOn: date.data as IsoDate,
      document: { format: read.format, fileName, sha256: read.sha256, bytes: read.bytes, pages: read.pages, characters: read.text.length },
      text: read.text,
      tasks: drafted.tasks,
    };
  } catch (err) {
    if (err instanceof DomainError) return refusal(err);
    throw err;
  }
}

export interface InboundEdxmlJob extends Omit<DraftJob, 'text' | 'issuedOn'> {
  body: Uint8Array;
  edxmlLimits: EdxmlLimits;
  documentLimits: DocumentLimits;
}

export interface InboundEdxmlRead {
  package: EdxmlPackage;
  /** The draft from the first attachment that is a DOCX or PDF (its content id), or null when none is. */
  draft: { contentId: string; document: DocumentDraft['document']; tasks: DraftTask[] } | null;
}

/** An EDXML package read within its bounds, and its notice (the first DOCX or PDF attached) drafted as a file is. */
export async function inboundEdxml(job: InboundEdxmlJob): Promise<InboundEdxmlRead | ReturnType<typeof refusal>> {
  try {
    const pkg = readEdxml(job.body, job.edxmlLimits);
    // The notice: the first attachment that is, or says it is, a DOCX or PDF (a protected one is refused, not skipped).
    const notice = pkg.attachments.find(
      (a) => sniffDocument(a.bytes) !== undefined || /\.(docx|pdf)$/i.test(a.name) || /wordprocessingml|\/pdf$/i.test(a.contentType),
    );
    if (!notice) return { package: pkg, draft: null };
    const drafted = await draftDocument({ ...job, body: notice.bytes, contentType: notice.contentType, issuedOn: pkg.promulgationDate });
    if ('refused' in drafted) {
      const r = drafted.refused;
      // The attachment's refusal, named as the attachment.
      const field = `AttachmentEncoded.Attachment[${pkg.attachments.indexOf(notice)}]`;
      return refusal(
        new DomainError(
          r.kind,
          r.slug,
          `${notice.name}: ${r.detail}`,
          r.errors?.map((e) => ({ ...e, field: `${field}.${e.field}` })),
        ),
      );
    }
    drafted.document.fileName = notice.name;
    return { package: pkg, draft: { contentId: notice.contentId, document: drafted.document, tasks: drafted.tasks } };
  } catch (err) {
    if (err instanceof DomainError) return refusal(err);
    throw err;
  }
}
