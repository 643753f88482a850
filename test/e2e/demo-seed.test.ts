/**
 * Issue 17 item 10 on the real servers: the system started with the demo seed shows the lifecycle at work
 * within minutes of starting: a reminder, an overdue unit and the first escalation, in the timeline, the
 * inbox and the mail catcher.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher';
import { DEMO_ESCALATING_TASK_ID, DEMO_TASKS, loadDemoSeed } from '../../seeds/demo';
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
    expect(directive.body).toMatchObject({
      title: '[Trình diễn] Thông báo kết luận minh họa',
      titleEn: '[Demo] Illustrative conclusion notice',
    });
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

  it('adds a fresh round when a start finds the last one over, and keeps one still being shown', async () => {
    expect(await loadDemoSeed(system.deps, Date.now() + 60_000)).toBe(false);
    const nextDay = Date.now() + 86_400_000;
    expect(await loadDemoSeed(system.deps, nextDay)).toBe(true);
    const rows = await system.deps.sql<
      { id: string; due_at: Date }[]
    >`SELECT id, due_at FROM tasks WHERE directive_id = 'demo-2' ORDER BY due_at`;
    expect(rows.map((r) => r.id).sort()).toEqual(DEMO_TASKS.map((t) => `${t.id}-2`).sort());
    expect(rows[0]!.due_at.getTime() - nextDay).toBeLessThan(5 * 60_000);
    expect(rows[0]!.due_at.getTime() - nextDay).toBeGreaterThan(0);
    expect((await system.api('/v1/directives/demo-2')).body).toMatchObject({ number: 'DEMO-2/TB-VPCP' });
    // Started again soon after: the round being shown is kept, and the first round stays as history.
    expect(await loadDemoSeed(system.deps, nextDay + 60_000)).toBe(false);
    expect((await system.deps.sql`SELECT id FROM directives WHERE id LIKE 'demo%' ORDER BY id`).map((r) => r.id)).toEqual([
      'demo',
      'demo-2',
    ]);
  });
});
