/**
 * Issue 17 on the real servers, as a new user meets the system: unit officers shown with their unit, notices
 * and emails worded from the facts in the reader's language, and a successor's timeline numbered once over
 * the chain with the predecessor's part marked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher, type MailCatcher } from '../../dev/mail-catcher';
import { eventually } from '../support/eventually';
import { webSession as webSessionAt } from '../support/web-session';
import { startTestSystem, type TestSystem } from '../support/system';
import { addPeople } from '../support/people';

let system: TestSystem;
let mail: MailCatcher;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  mail = await startMailCatcher();
  system = await startTestSystem({ delivery: { smtpUrl: mail.smtpUrl, publicUrl: 'http://dondoc.test', pollMs: 200 } });
  const people = [
    {
      id: 'tq-officer',
      name: 'Tuyên Quang officer',
      role: 'unit',
      unitCode: 'tuyen-quang',
      email: 'officer@tuyenquang.gov.vn',
      language: 'en',
    },
    {
      id: 'tq-head',
      name: 'Chủ tịch UBND tỉnh Tuyên Quang',
      role: 'unit',
      unitCode: 'tuyen-quang',
      position: 'head',
      email: 'chutich@tuyenquang.gov.vn',
      language: 'vi',
    },
  ];
  Object.assign(tokens, await addPeople(system, people));
  expect(
    (
      await system.api('/v1/directives', {
        body: { id: 'acc-d', number: '203/TB-VPCP', issuer: 'VPCP', issuedOn: '2024-05-06', title: 'Kết luận phiên họp' },
      })
    ).status,
  ).toBe(201);
  const task = (id: string, title: string, units: string[], dueInMs: number) =>
    system.api('/v1/directives/acc-d/tasks', {
      body: {
        id,
        title,
        dueAt: new Date(Date.now() + dueInMs).toISOString(),
        assignees: { units },
        policy: {
          reminders: [{ duration: 'PT2S' }],
          escalations: [{ after: { duration: 'PT1S' }, rung: 'unit_head' }],
          repeatTopRungEvery: null,
        },
      },
    });
  expect((await task('acc-steering', 'Kiện toàn Ban Chỉ đạo chuyển đổi số', ['tuyen-quang'], 5_000)).status).toBe(202);
  expect((await task('acc-chain', 'Báo cáo tiến độ', ['ha-giang'], 3_600_000)).status).toBe(202);
}, 180_000);

afterAll(async () => {
  await system?.shutdown();
  await mail?.stop();
});

describe('people', () => {
  it('shows a unit officer with the unit, in /v1/me and in the people list (item 9)', async () => {
    const me = await system.api('/v1/me', { token: tokens['tq-officer'] });
    expect(me.body).toMatchObject({ unitCode: 'tuyen-quang', scope: ['tuyen-quang'] });
    const list = await system.api('/v1/admin/people');
    const items = Array.isArray(list.body) ? list.body : list.body.items;
    expect(items.find((p: { id: string }) => p.id === 'tq-head')).toMatchObject({ scope: ['tuyen-quang'] });
  });
});

describe('notices and emails as people read them (item 7)', () => {
  it("words the inbox from the facts in the reader's language: unit name, task title, directive number, dd/mm/yyyy, how late", async () => {
    const escalation = await eventually(
      async () => {
        const res = await system.api('/v1/units/tuyen-quang/notifications?kind=escalation');
        expect(res.body.items).toHaveLength(1);
        return res.body.items[0];
      },
      60_000,
      250,
    );
    const [row] = await system.deps.sql<{ due_on: string }[]>`SELECT due_on FROM assignments WHERE task_id = 'acc-steering'`;
    const [y, m, d] = row!.due_on.split('-');
    // The bootstrap admin reads Vietnamese.
    expect(escalation.title).toBe('Tỉnh Tuyên Quang quá hạn – báo cáo thủ trưởng đơn vị');
    expect(escalation.body).toBe(
      `Nhiệm vụ «Kiện toàn Ban Chỉ đạo chuyển đổi số» (văn bản 203/TB-VPCP) giao Tỉnh Tuyên Quang đã quá hạn (hạn ${d}/${m}/${y}, ` +
        'quá hạn chưa đến 1 ngày); đã báo cáo thủ trưởng đơn vị (cấp 1).',
    );
    const officer = await system.api('/v1/me/notifications', { token: tokens['tq-officer'] });
    const reminder = officer.body.items.find((n: { kind: string }) => n.kind === 'reminder');
    expect(reminder.body).toBe(
      `The task “Kiện toàn Ban Chỉ đạo chuyển đổi số” (203/TB-VPCP), assigned to Tuyen Quang Province, is due on ${d}/${m}/${y}.`,
    );
    for (const n of officer.body.items) expect(`${n.title} ${n.body}`).not.toMatch(/acc-steering|tuyen-quang|\d{4}-\d\d-\d\d/);
  });

  it('mails the head in Vietnamese and the officer in English, with names, dd/mm/yyyy and lateness, no ids', async () => {
    const head = await eventually(
      () => {
        const found = mail.messages.find(
          (x) => x.envelopeTo.includes('chutich@tuyenquang.gov.vn') && x.headers['x-dondoc-kind'] === 'escalation',
        );
        expect(found).toBeDefined();
        return found!;
      },
      60_000,
      250,
    );
    expect(head.parsed.text).toContain('Đơn vị: Tỉnh Tuyên Quang');
    expect(head.parsed.text).toMatch(/Hạn: \d\d\/\d\d\/\d{4}/);
    expect(head.parsed.text).toContain('Số ngày quá hạn: chưa đến 1 ngày');
    const officer = await eventually(
      () => {
        const found = mail.messages.find(
          (x) => x.envelopeTo.includes('officer@tuyenquang.gov.vn') && x.headers['x-dondoc-kind'] === 'overdue',
        );
        expect(found).toBeDefined();
        return found!;
      },
      60_000,
      250,
    );
    expect(officer.parsed.text).toContain('Unit: Tuyen Quang Province');
    expect(officer.parsed.text).toMatch(/Due: \d\d\/\d\d\/\d{4}/);
    // Ids appear only inside the link.
    expect(String(officer.parsed.text).replace(/https?:\S+/g, '')).not.toMatch(/tuyen-quang|acc-steering|\d{4}-\d\d-\d\d/);
  });
});

describe("a successor's timeline (item 6)", () => {
  it('numbers every event once over the chain and marks the part that came from the predecessor', async () => {
    await eventually(async () => expect((await system.api('/v1/tasks/acc-chain/assignments/ha-giang')).status).toBe(200));
    expect((await system.api('/v1/tasks/acc-chain/assignments/ha-giang/acknowledge', { body: {} })).status).toBe(200);
    const moved = await system.api('/v1/tasks/acc-chain/assignments/ha-giang/reassign', {
      body: { toUnit: 'tuyen-quang', reason: 'Sáp nhập tỉnh' },
    });
    expect(moved.status).toBe(200);
    const successor = await eventually(async () => {
      const res = await system.api('/v1/tasks/acc-chain/assignments/tuyen-quang');
      expect(res.body.timeline?.some((e: { workflowId: string }) => e.workflowId === 'assignment/acc-chain/tuyen-quang')).toBe(true);
      return res.body;
    });
    const timeline = successor.timeline as { position: number; seq: number; workflowId: string; fromPredecessor: boolean; kind: string }[];
    expect(timeline.map((e) => e.position)).toEqual(timeline.map((_, i) => i + 1));
    // seq repeats across the two workflows; position does not.
    expect(new Set(timeline.map((e) => e.seq)).size).toBeLessThan(timeline.length);
    for (const e of timeline) expect(e.fromPredecessor).toBe(e.workflowId === 'assignment/acc-chain/ha-giang');
    expect(timeline.filter((e) => e.fromPredecessor).map((e) => e.kind)).toEqual(['assigned', 'acknowledged', 'reassigned']);
  });
});

const webSession = (token: string) => webSessionAt(system.apiUrl, token);

describe("the dashboard's timeline in words (item 12)", () => {
  it("renders each event as a sentence in the reader's language, with rungs by name and no raw data", async () => {
    const session = await webSession(tokens['tq-head']!);
    const page = async (path: string) => (await fetch(`${system.apiUrl}${path}`, { headers: { cookie: `dd_session=${session}` } })).text();
    const steering = await page('/web/assignments/acc-steering/tuyen-quang?lang=vi');
    expect(steering).toContain('Báo cáo Thủ trưởng đơn vị (cấp 1, 1 giây sau hạn), theo lịch lúc');
    expect(steering).toContain('Hệ thống (theo lịch)');
    expect(steering).toContain('1 – Thủ trưởng đơn vị');
    expect(steering).not.toMatch(/\{&quot;|\{"|>timer<|\(unit_head\)/);
    const chain = await page('/web/assignments/acc-chain/tuyen-quang?lang=en');
    expect(chain).toContain('moved the assignment from Ha Giang Province to Tuyen Quang Province: Sáp nhập tỉnh');
  });
});

describe('titles per language (item 11)', () => {
  it('splits an old "Vietnamese / English" title, keeps per-language titles, and words the inbox in the reader\'s', async () => {
    const glued = await system.api('/v1/directives', {
      body: {
        id: 'acc-glued',
        number: '9/TB-VPCP',
        issuer: 'VPCP',
        issuedOn: '2024-05-06',
        title: 'Kết luận phiên họp / Conclusions of the meeting',
      },
    });
    expect(glued.status).toBe(201);
    expect(glued.body).toMatchObject({ title: 'Kết luận phiên họp', titleEn: 'Conclusions of the meeting' });
    const task = await system.api('/v1/directives/acc-glued/tasks', {
      body: {
        id: 'acc-titles',
        title: 'Hoàn thành việc kiện toàn Ban Chỉ đạo về chuyển đổi số',
        titleEn: 'Complete the Steering Committee for Digital Transformation',
        dueOn: '2099-05-10',
        assignees: { units: ['tuyen-quang'] },
      },
    });
    expect(task.status).toBe(202);
    const inbox = async (token?: string) => {
      const res = await system.api('/v1/me/notifications', token ? { token } : {});
      return res.body.items.find(
        (n: { workflowId: string; kind: string }) => n.workflowId === 'assignment/acc-titles/tuyen-quang' && n.kind === 'assigned',
      );
    };
    const english = await eventually(async () => {
      const found = await inbox(tokens['tq-officer']);
      expect(found).toBeDefined();
      return found;
    });
    expect(english.title).toBe('New assignment: Complete the Steering Committee for Digital Transformation');
    const vietnamese = (await system.api('/v1/units/tuyen-quang/notifications?kind=assigned')).body.items.find(
      (n: { workflowId: string }) => n.workflowId === 'assignment/acc-titles/tuyen-quang',
    );
    expect(vietnamese.title).toBe('Nhiệm vụ mới: Hoàn thành việc kiện toàn Ban Chỉ đạo về chuyển đổi số');
  });

  it("mails the task's and the directive's titles in the reader's language, and the dashboard shows them so", async () => {
    const english = await eventually(
      () => {
        const found = mail.messages.find(
          (x) => x.envelopeTo.includes('officer@tuyenquang.gov.vn') && String(x.parsed.text).includes('9/TB-VPCP'),
        );
        expect(found).toBeDefined();
        return found!;
      },
      60_000,
      250,
    );
    expect(english.parsed.text).toContain('Complete the Steering Committee for Digital Transformation');
    expect(english.parsed.text).toContain('Conclusions of the meeting');
    expect(english.parsed.text).not.toContain('Hoàn thành việc kiện toàn');

    const session = await webSession(tokens['tq-officer']!);
    const page = async (path: string) => (await fetch(`${system.apiUrl}${path}`, { headers: { cookie: `dd_session=${session}` } })).text();
    for (const path of ['/web/assignments/acc-titles/tuyen-quang', '/web/tasks/acc-titles', '/web/inbox']) {
      const en = await page(`${path}${path.includes('?') ? '&' : '?'}lang=en`);
      expect(en, path).toContain('Complete the Steering Committee for Digital Transformation');
      expect(en, path).not.toContain('Hoàn thành việc kiện toàn');
      const vi = await page(`${path}?lang=vi`);
      expect(vi, path).toContain('Hoàn thành việc kiện toàn Ban Chỉ đạo về chuyển đổi số');
      expect(vi, path).not.toContain('Complete the Steering Committee');
    }
    const directives = await page('/web/directives?lang=en&q=acc-glued');
    expect(directives).toContain('9/TB-VPCP — Conclusions of the meeting');
    const assignment = await system.api('/v1/tasks/acc-titles/assignments/tuyen-quang');
    expect(assignment.body).toMatchObject({
      taskTitle: 'Hoàn thành việc kiện toàn Ban Chỉ đạo về chuyển đổi số',
      taskTitleEn: 'Complete the Steering Committee for Digital Transformation',
    });
  });
});
