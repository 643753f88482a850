/** recordEvent on real Postgres: input the store can never accept fails for good, with its own type, at once. */
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordEvent } from '../../activities/record-event';
import type { RecordedEvent } from '../../workflows/contract';
import { newAssignmentState } from '../../domain/assignment-state';
import { UNRECORDABLE_EVENT } from '../../workflows/contract';
import { createTestDatabase, insertTask, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await insertTask(db.sql, 'rec', '2030-01-10');
});
afterAll(async () => db?.drop());

function event(seq: number, data: Record<string, unknown>): RecordedEvent {
  const state = newAssignmentState({
    workflowId: 'assignment/rec/an-giang',
    taskId: 'rec',
    directiveId: 'test-directive',
    unitCode: 'an-giang',
    dueOn: '2030-01-10',
    dueAt: null,
    dueSoonFrom: null,
    confirmationRequired: false,
  });
  return {
    workflowId: state.workflowId,
    seq,
    at: Date.now(),
    kind: 'progress_reported',
    data,
    actor: { kind: 'system', id: 't' },
    messageId: null,
    state,
    notices: [],
  };
}

describe('recordEvent and input Postgres refuses', () => {
  it('fails non-retryably as UnrecordableEvent for a lone surrogate or NUL in JSON, and writes nothing', async () => {
    const recordEvent = createRecordEvent(db.sql);
    for (const [seq, note] of [
      [1, 'a\ud800b'],
      [2, 'a\u0000b'],
    ] as const) {
      const failure = await recordEvent(event(seq, { note })).then(
        () => null,
        (err: unknown) => err,
      );
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: UNRECORDABLE_EVENT, nonRetryable: true });
    }
    expect(await db.sql`SELECT seq FROM assignment_events WHERE workflow_id = 'assignment/rec/an-giang'`).toHaveLength(0);
    await recordEvent(event(3, { note: 'a\ufffdb' }));
    const rows = await db.sql<
      { data: { note: string } }[]
    >`SELECT data FROM assignment_events WHERE workflow_id = 'assignment/rec/an-giang'`;
    expect(rows.map((r) => r.data.note)).toEqual(['a\ufffdb']);
  });
});
