/**
 * Issue 17 item 10 on the real servers: the system started with the demo seed shows the lifecycle at work
 * within minutes of starting: a reminder, an overdue unit and the first escalation, in the timeline, the
 * inbox and the mail catcher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher';
import { DEMO_ESCALATING_TASK_ID } from '../../seeds/demo';
import { eventually } from '../support/eventually';
import { startTestSystem, type TestSystem } from '../support/system';

let system: TestSystem;
let mail: MailCatcher;
let startedAt: number;

beforeAll(async () => {
  mail = await startMailCatcher();
  startedAt = Date.now();
  system = await startTestSystem({ seedDemo: true, delivery: { smtpUrl: mail.smtpUrl, publicUrl: 'http://dondoc.test', pollMs: 200 } });
}, 180_000);

afterAll(async () => {
  await system?.shutdown();
  await mail?.stop();
});

describe('the demo directive', () => {
  it('is clearly named and falls due over the next minutes to days', async () => {
    const directive = await system.api('/v1/directives/demo');
    expect(directive.status).toBe(200);
    expect(directive.body.number).toBe('DEMO/TB-VPCP');
    expect(JSON.stringify(directive.body)).toContain('Trình diễn');
    const rows = await system.deps.sql<{ due_at: Date }[]>`SELECT due_at FROM tasks WHERE directive_id = 'demo' ORDER BY due_at`;
    const offsets = rows.map((r) => r.due_at.getTime() - startedAt);
    expect(offsets[0]).toBeLessThan(5 * 60_000);
    expect(offsets[offsets.length - 1]).toBeGreaterThan(24 * 3_600_000);
  });

  it('shows a reminder, an overdue unit and the first escalation within minutes, in the timeline and the mail', async () => {
    const timeline = await eventually(
      async () => {
        const res = await system.api(`/v1/tasks/${DEMO_ESCALATING_TASK_ID}/assignments/an-giang`);
        expect(res.body.timeline?.map((e: { kind: string }) => e.kind)).toEqual(
          expect.arrayContaining(['reminder', 'overdue', 'escalation']),
        );
        return res.body;
      },
      180_000,
      1_000,
    );
    expect(timeline.status).toBe('overdue');
    expect(Date.now() - startedAt).toBeLessThan(5 * 60_000);
    const head = await eventually(
      () => {
        const found = mail.messages.find(
          (m) => m.envelopeTo.includes('chutich@angiang.example.vn') && m.headers['x-dondoc-kind'] === 'escalation',
        );
        expect(found).toBeDefined();
        return found!;
      },
      60_000,
      500,
    );
    expect(head.subject).toContain('[Trình diễn]');
    const inbox = await system.api('/v1/units/an-giang/notifications');
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(expect.arrayContaining(['reminder', 'overdue', 'escalation']));
    const board = await system.api('/v1/assignments?directive=demo&status=overdue');
    expect(board.body.items.length).toBeGreaterThanOrEqual(3);
  });
});
