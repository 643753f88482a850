/**
 * Drafts from a notice's text, off the event loop: the text's length is checked first (413), then the
 * extraction runs in a bounded worker pool with a time budget (413 past it) and the answer's limits (422).
 * One pool per process, made on the first draft with the settings of config/env.ts (DRAFT_*).
 */
import { draftSettingsFromEnv, importLimitsFromEnv, type DraftSettings } from '../config/env';
import type { IsoDate } from '../domain/dates';
import type { DraftTask } from '../domain/task-extractor';
import { BoundedPool } from './bounded-worker';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import type { DocumentDraft, DraftDocumentJob, DraftJob, InboundEdxmlJob, InboundEdxmlRead } from './draft-task';
import type { EdxmlLimits } from './edxml-read';
import { tooLarge } from './errors';
import { authorize } from './use-cases';

let shared: { pool: BoundedPool; settings: DraftSettings } | undefined;

function drafter(): { pool: BoundedPool; settings: DraftSettings } {
  if (!shared) {
    const settings = draftSettingsFromEnv();
    const pool = new BoundedPool({
      module: new URL('./draft-task.ts', import.meta.url),
      what: 'draft',
      threads: settings.threads,
      queue: settings.queue,
      heapMb: settings.heapMb,
    });
    shared = { pool, settings };
  }
  return shared;
}

export async function draftTasks(
  deps: AppDeps,
  principal: Principal,
  input: { text: string; issuedOn: IsoDate },
): Promise<{ issuedOn: IsoDate; tasks: DraftTask[] }> {
  authorize(principal, 'draftTasks');
  const { pool, settings } = drafter();
  if (input.text.length > settings.maxTextChars) {
    throw tooLarge('text-too-long', 'text', `has ${input.text.length} characters; at most ${settings.maxTextChars} (DRAFT_MAX_TEXT_CHARS)`);
  }
  const job: DraftJob = {
    text: input.text,
    issuedOn: input.issuedOn,
    units: deps.units.all(),
    calendar: await deps.calendar(),
    limits: { maxTasks: settings.maxTasks, maxUnitsPerTask: settings.maxUnitsPerTask },
  };
  const { tasks } = await pool.run<DraftJob, { tasks: DraftTask[] }>('draft', job, { timeoutMs: settings.timeBudgetMs, field: 'text' });
  return { issuedOn: input.issuedOn, tasks };
}

/**
 * Drafts from a notice sent as a file (DOCX or PDF, raw or in a multipart form with `file` and `issuedOn`): the
 * form, the file and the extraction all run in a drafting thread, within the same time budget and heap as a text,
 * the file bounded by the import's bytes and archive limits and DRAFT_MAX_PAGES, its text by DRAFT_MAX_TEXT_CHARS.
 */
/** A DOCX's or PDF's bounds: the import's bytes and archive limits (IMPORT_MAX_*), the drafter's pages and text. */
function documentLimitsOf(files: ReturnType<typeof importLimitsFromEnv>, settings: ReturnType<typeof drafter>['settings']) {
  return {
    maxBytes: files.maxUploadBytes,
    maxInflatedBytes: files.maxInflatedBytes,
    maxCompressionRatio: files.maxCompressionRatio,
    maxArchiveEntries: files.maxArchiveEntries,
    maxPages: settings.maxPages,
    maxTextChars: settings.maxTextChars,
  };
}

export async function draftDocumentTasks(
  deps: AppDeps,
  principal: Principal,
  input: { body: Uint8Array; contentType: string; issuedOn: string | undefined },
): Promise<DocumentDraft> {
  authorize(principal, 'draftTasks');
  const { pool, settings } = drafter();
  // The file's bytes and archive within the import's bounds (IMPORT_MAX_*), as a task table upload is.
  const files = importLimitsFromEnv();
  const job: DraftDocumentJob = {
    body: input.body,
    contentType: input.contentType,
    issuedOn: input.issuedOn,
    units: deps.units.all(),
    calendar: await deps.calendar(),
    limits: { maxTasks: settings.maxTasks, maxUnitsPerTask: settings.maxUnitsPerTask },
    documentLimits: documentLimitsOf(files, settings),
  };
  return pool.run<DraftDocumentJob, DocumentDraft>('draftDocument', job, { timeoutMs: settings.timeBudgetMs, field: 'file' });
}

/**
 * An EDXML package read, and its notice drafted, in a drafting thread: the package at most the import's upload
 * bytes, each attachment and their total too, the nesting at most 64 elements.
 */
export async function readInboundEdxml(deps: AppDeps, body: Uint8Array): Promise<InboundEdxmlRead> {
  const { pool, settings } = drafter();
  const files = importLimitsFromEnv();
  const edxmlLimits: EdxmlLimits = {
    maxBytes: files.maxUploadBytes,
    maxDepth: 64,
    maxAttachmentBytes: files.maxUploadBytes,
    maxAttachments: 50,
    maxTotalAttachmentBytes: files.maxUploadBytes,
  };
  const job: InboundEdxmlJob = {
    body,
    units: deps.units.all(),
    calendar: await deps.calendar(),
    limits: { maxTasks: settings.maxTasks, maxUnitsPerTask: settings.maxUnitsPerTask },
    edxmlLimits,
    documentLimits: documentLimitsOf(files, settings),
  };
  return pool.run<InboundEdxmlJob, InboundEdxmlRead>('inboundEdxml', job, { timeoutMs: settings.timeBudgetMs, field: 'package' });
}

/** Ends the pool's threads (tests, shutdown); the next draft makes a new pool. */
export async function closeDrafts(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.pool.close();
}
