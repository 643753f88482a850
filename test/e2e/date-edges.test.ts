/**
 * Dates at the edges, on the real servers (issues 29.5, 30.9, 30.16): one range (1900-01-01 to 2199-12-31) at every
 * entry, resolved phrases and workflow updates included, so a far date is a 4xx naming its field and never a
 * workflow task failure; a time of day in a deadline phrase sets dueAt, an extension keeps it, and a time-of-day
 * deadline can be extended by hours within its day.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestExtensionUpdate } from '../../workflows/contract';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;
const RANGE = 'must be between 1900-01-01 and 2199-12-31';

async function createTask(body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  const res = await system.api('/v1/directives/de/tasks', { body });
  if (res.status !== 202) return res;
  await eventually(async () => {
    const rows = await system.deps.sql`SELECT 1 FROM assignments WHERE task_id = ${body.id as string} AND version > 0`;
    expect(rows.length).toBeGreaterThan(0);
  });
  return res;
}

const assignment = (taskId: string, unitCode: string) => system.api(`/v1/tasks/${taskId}/assignments/${unitCode}`);

beforeAll(async () => {
  system = await startTestSystem();
  const directive = await system.api('/v1/directives', {
    body: { id: 'de', number: '29/TB-VPCP', issuer: 'Văn phòng Chính phủ', issuedOn: '2026-12-01', title: 'Ngày tháng ở biên' },
  });
  expect(directive.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await system?.shutdown();
});

describe('far dates never reach the workflow', () => {
  it('refuses an extension to 9999-12-31, naming newDueOn, and the workflow refuses it too', async () => {
    expect((await createTask({ id: 'de-ext', title: 'Gia hạn xa', dueOn: '2027-06-30', assignees: { units: ['ha-noi'] } })).status).toBe(
      202,
    );
    const base = '/v1/tasks/de-ext/assignments/ha-noi';
    const far = await system.api(`${base}/extension-requests`, { body: { newDueOn: '9999-12-31', reason: 'xa quá' } });
    expect(far.status).toBe(400);
    expect(far.body.errors).toEqual([{ field: 'newDueOn', reason: RANGE }]);
    // Nothing is pending, so there is nothing to approve (before: every approval failed the workflow task, 500).
    expect((await system.api(`${base}/extension-decision`, { body: { approve: true } })).status).toBe(409);

    // Sent to the workflow directly, past the API: its validator refuses it before it is accepted.
    const handle = system.deps.temporal.workflow.getHandle('assignment/de-ext/ha-noi');
    const sent = handle.executeUpdate(requestExtensionUpdate, {
      args: [{ messageId: 'de-ext-far', actor: { kind: 'admin', id: 'test' }, newDueOn: '9999-12-31', reason: 'xa quá' }],
    });
    await expect(sent).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(sent).rejects.toMatchObject({ cause: { message: `newDueOn ${RANGE}` } });
    const after = await assignment('de-ext', 'ha-noi');
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ dueOn: '2027-06-30', pendingExtension: null });
    // The last day of the range is a date like any other.
    expect((await system.api(`${base}/extension-requests`, { body: { newDueOn: '2199-12-31', reason: 'dài hạn' } })).status).toBe(200);
    expect((await system.api(`${base}/extension-decision`, { body: { approve: true } })).status).toBe(200);
    expect((await assignment('de-ext', 'ha-noi')).body.dueOn).toBe('2199-12-31');
  });

  it('refuses a deadline phrase resolving after the range, naming deadlineText', async () => {
    const res = await createTask({
      id: 'de-text',
      title: 'Xa',
      deadlineText: 'chậm nhất ngày 31/12/9999',
      assignees: { units: ['ha-noi'] },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { field: 'deadlineText', reason: '"31/12/9999": 9999-12-31 is after 2199-12-31, the last date the system takes' },
    ]);
    const quarter = await createTask({
      id: 'de-quarter',
      title: 'Quý',
      deadlineText: 'trong quý IV/99999',
      assignees: { units: ['ha-noi'] },
    });
    expect(quarter.status).toBe(422);
    expect(quarter.body.errors[0]).toMatchObject({ field: 'deadlineText', reason: expect.stringMatching(/year 99999 .*4 digits/) });
    expect((await system.deps.sql`SELECT 1 FROM tasks WHERE id IN ('de-text', 'de-quarter')`).length).toBe(0);
  });

  it('resolves no phrase to a date outside the range', async () => {
    const resolve = (text: string) => system.api('/v1/deadlines/resolve', { body: { text, issuedOn: '2024-01-15' } });
    const far = await resolve('chậm nhất ngày 31/12/9999');
    expect(far.status).toBe(422);
    expect(far.body).toMatchObject({ type: 'https://dondoc.gov.vn/problems/deadline-out-of-range' });
    expect(far.body.errors[0].field).toBe('text');
    // Before: the year was dropped and the next fourth quarter, 2024-12-31, came back.
    const quarter = await resolve('quý IV/99999');
    expect(quarter.status).toBe(422);
    expect(quarter.body.detail).toMatch(/the year 99999 is not a year written with 4 digits/);
  });

  it('refuses a due date-time after the range with the range in the message', async () => {
    const res = await createTask({ id: 'de-at', title: 'Giờ xa', dueAt: '9999-12-31T23:59:59Z', assignees: { units: ['ha-noi'] } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ field: 'dueAt', reason: 'must fall on a date in Vietnam between 1900-01-01 and 2199-12-31' }]);
  });

  it('refuses to move the children before the parent started', async () => {
    expect((await createTask({ id: 'de-move', title: 'Dời', dueOn: '2027-06-30', assignees: { units: ['ha-noi'] } })).status).toBe(202);
    await eventually(async () => {
      const res = await system.api('/v1/tasks/de-move/assignments/ha-noi/sub-assignments', {
        body: { children: [{ unitCode: 'hn-so-tu-phap', dueOn: '2027-05-31' }] },
      });
      expect(res.status).toBe(202);
    });
    const move = (dueOn: string) => system.api('/v1/tasks/de-move/assignments/ha-noi/sub-assignments/move-due-dates', { body: { dueOn } });
    const early = await move('1900-01-01');
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([
      { field: 'dueOn', reason: expect.stringMatching(/^must not be before the assignment's start \d{4}-\d{2}-\d{2}$/) },
    ]);
    const outside = await move('0001-01-01');
    expect(outside.status).toBe(400);
    expect(outside.body.errors).toEqual([{ field: 'dueOn', reason: RANGE }]);
    const [child] = await system.deps.sql<{ due_on: string }[]>`
      SELECT due_on::text FROM assignments WHERE workflow_id = 'assignment/de-move/hn-so-tu-phap'`;
    expect(child!.due_on).toBe('2027-05-31');
  });
});

describe('the OpenAPI document', () => {
  it('states the range of every date field and the length of the cursor, and the API holds to both', async () => {
    type Param = { name: string; in: string; schema: { format?: string; pattern?: string; maxLength?: number } };
    const doc = (await system.api('/openapi.json', { token: null })).body;
    const params = Object.values(doc.paths as Record<string, Record<string, { parameters?: Param[] }>>).flatMap((ops) =>
      Object.values(ops).flatMap((op) => op.parameters ?? []),
    );
    const dates = params.filter((p) => p.schema.format === 'date');
    expect(dates.length).toBeGreaterThan(5);
    for (const p of dates) expect(p.schema.pattern, p.name).toBe('^(?:19|20|21)[0-9]{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$');
    const extension = doc.components.schemas.ExtensionRequestInput.properties;
    expect(extension.newDueOn).toMatchObject({ format: 'date', description: expect.stringContaining('1900-01-01 to 2199-12-31') });
    expect(extension.newDueAt).toMatchObject({ format: 'date-time', pattern: expect.stringMatching(/^\^\(\?:19\|20\|21\)/) });
    const cursors = params.filter((p) => p.name === 'cursor');
    expect(cursors.length).toBeGreaterThan(0);
    for (const p of cursors) expect(p.schema.maxLength).toBe(500);

    const long = await system.api(`/v1/assignments?cursor=${'a'.repeat(501)}`);
    expect(long.status).toBe(400);
    expect(long.body.errors).toEqual([{ field: 'cursor', reason: 'must be at most 500 characters' }]);
    const early = await system.api('/v1/assignments?dueAfter=1899-12-31');
    expect(early.status).toBe(400);
    expect(early.body.errors).toEqual([{ field: 'dueAfter', reason: RANGE }]);
  });
});

describe('a deadline with a time of day', () => {
  const base = '/v1/tasks/de-time/assignments/ha-noi';

  it('takes the time from the phrase, in Vietnam time', async () => {
    const res = await createTask({
      id: 'de-time',
      title: 'Báo cáo trước giờ',
      deadlineText: 'trước 17h00 ngày 15/12/2027',
      assignees: { units: ['ha-noi'] },
    });
    expect(res.status).toBe(202);
    expect(res.body.dueOn).toBe('2027-12-15');
    expect((await assignment('de-time', 'ha-noi')).body).toMatchObject({ dueOn: '2027-12-15', dueAt: '2027-12-15T10:00:00.000Z' });
  });

  it('keeps 17:00 when an extension names only the new date', async () => {
    expect((await system.api(`${base}/extension-requests`, { body: { newDueOn: '2027-12-20', reason: 'thêm ngày' } })).status).toBe(200);
    expect((await system.api(`${base}/extension-decision`, { body: { approve: true } })).status).toBe(200);
    expect((await assignment('de-time', 'ha-noi')).body).toMatchObject({ dueOn: '2027-12-20', dueAt: '2027-12-20T10:00:00.000Z' });
  });

  it('extends by hours within the same day, and refuses an extension that is not later', async () => {
    const notLater = await system.api(`${base}/extension-requests`, {
      body: { newDueOn: '2027-12-20', newDueAt: '2027-12-20T16:00:00+07:00', reason: 'sớm hơn' },
    });
    expect(notLater.status).toBe(409);
    expect(notLater.body.detail).toMatch(/newDueOn must be after the current due date 2027-12-20, or on it with a newDueAt later than/);
    const later = await system.api(`${base}/extension-requests`, {
      body: { newDueOn: '2027-12-20', newDueAt: '2027-12-20T20:00:00+07:00', reason: 'thêm ba giờ' },
    });
    expect(later.status).toBe(200);
    expect((await system.api(`${base}/extension-decision`, { body: { approve: true } })).status).toBe(200);
    expect((await assignment('de-time', 'ha-noi')).body).toMatchObject({ dueOn: '2027-12-20', dueAt: '2027-12-20T13:00:00.000Z' });
  });
});
