/**
 * Co-operating units over the API: a task may name its leads in leadUnits alone (they are its assignees), a unit
 * named both lead and co-operating is refused naming it (issue 30.13), and a contribution ends with its lead
 * (issue 30.5): cancelling the lead's assignment cancels the contributions answering to it, once, and each
 * contribution's timeline says why, in Vietnamese and English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timelineSentence } from '../../web/timeline-text';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;

beforeAll(async () => {
  system = await startTestSystem();
  const directive = await system.api('/v1/directives', {
    body: { id: 'ct', number: '1/CONTRIB', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'contributions' },
  });
  expect(directive.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await system?.shutdown();
});

describe('co-operating contributions', () => {
  it('end with the cancelled lead, once, and say so in both languages', async () => {
    const created = await system.api('/v1/directives/ct/tasks', {
      body: { id: 'ct-led', title: 'Led', dueOn: '2099-12-31', leadUnits: ['an-giang'], coordinatingUnits: ['bo-ca', 'bo-tttt'] },
    });
    expect(created.status).toBe(202);
    await eventually(async () => {
      const [row] = await system.deps.sql<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM assignments WHERE task_id = 'ct-led' AND version > 0`;
      expect(row!.n).toBe(3);
    });
    const cancelled = await system.api('/v1/tasks/ct-led/assignments/an-giang/cancel', { body: { reason: 'nhiệm vụ đã được thay thế' } });
    expect(cancelled.status).toBe(200);
    const result = await system.deps.temporal.workflow.getHandle('cascade/cancel/assignment/ct-led/an-giang').result();
    expect(result.done.map((s: { unitCode: string }) => s.unitCode).sort()).toEqual(['bo-ca', 'bo-tttt']);
    const events = await eventually(async () => {
      const rows = await system.deps.sql<
        { unit_code: string; status: string; at: Date; actor: Record<string, unknown>; data: Record<string, unknown> }[]
      >`
        SELECT a.unit_code, a.status, e.at, e.actor, e.data FROM assignments a
        JOIN assignment_events e ON e.workflow_id = a.workflow_id AND e.kind = 'cancelled'
        WHERE a.task_id = 'ct-led' AND a.role = 'cooperating' ORDER BY a.unit_code`;
      expect(rows.map((r) => [r.unit_code, r.status])).toEqual([
        ['bo-ca', 'cancelled'],
        ['bo-tttt', 'cancelled'],
      ]);
      return rows;
    });
    const event = { kind: 'cancelled', at: events[0]!.at.toISOString(), actor: events[0]!.actor, data: events[0]!.data };
    const name = (code: string) => (code === 'an-giang' ? 'UBND tỉnh An Giang' : code);
    expect(timelineSentence('vi', event, name)).toContain(
      'hủy phần phối hợp: nhiệm vụ chủ trì của UBND tỉnh An Giang đã bị hủy: nhiệm vụ đã được thay thế',
    );
    expect(timelineSentence('en', event, name)).toContain(
      'cancelled the contribution: the lead assignment of UBND tỉnh An Giang was cancelled: nhiệm vụ đã được thay thế',
    );
    // The closed lead refuses a second cancel; the contributions were cancelled once.
    expect((await system.api('/v1/tasks/ct-led/assignments/an-giang/cancel', { body: { reason: 'lại' } })).status).toBe(409);
    const [once] = await system.deps.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM assignment_events e JOIN assignments a USING (workflow_id)
      WHERE a.task_id = 'ct-led' AND a.role = 'cooperating' AND e.kind = 'cancelled'`;
    expect(once!.n).toBe(2);
  }, 120_000);

  it('refuse a unit named as assignee and as co-operating unit, naming it', async () => {
    const res = await system.api('/v1/directives/ct/tasks', {
      body: {
        id: 'ct-twice',
        title: 'Twice',
        dueOn: '2099-12-31',
        assignees: { units: ['an-giang', 'bo-ca'] },
        coordinatingUnits: ['bo-ca'],
      },
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain('bo-ca is named as an assignee and as a co-operating unit');
    const [none] = await system.deps.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tasks WHERE id = 'ct-twice'`;
    expect(none!.n).toBe(0);
  });
});
