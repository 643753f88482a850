/**
 * Drafts from a notice's text, off the event loop: the text's length is checked first (413), then the
 * extraction runs in a bounded worker pool with a time budget (413 past it) and the answer's limits (422).
 * One pool per process, made on the first draft with the settings of config/env.ts (DRAFT_*).
 */
import { draftSettingsFromEnv, type DraftSettings } from '../config/env';
import type { IsoDate } from '../domain/dates';
import type { DraftTask } from '../domain/task-extractor';
import { BoundedPool } from './bounded-worker';
import type { Principal } from './access';
import type { AppDeps } from './deps';
import type { DraftJob } from './draft-task';
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

/** Ends the pool's threads (tests, shutdown); the next draft makes a new pool. */
export async function closeDrafts(): Promise<void> {
  const current = shared;
  shared = undefined;
  await current?.pool.close();
}
