import { describe, expect, it } from 'vitest';
import { atTimeVn } from '../../domain/dates';
import {
  daysLate,
  digestIsEmpty,
  escapeHtml,
  formatDate,
  groupByDirectiveAndUnit,
  renderDigestEmail,
  renderNotificationEmail,
  type DigestItem,
  type NotificationFacts,
} from '../../domain/email-content';

const escalation: NotificationFacts = {
  kind: 'escalation',
  at: atTimeVn('2024-05-15', '08:00').getTime(),
  directiveNumber: '203/TB-VPCP',
  directiveTitle: 'Kết luận phiên họp thứ 8',
  taskTitle: 'Kiện toàn Ban Chỉ đạo chuyển đổi số',
  unitName: 'Tỉnh An Giang',
  dueOn: '2024-05-09',
  escalationLevel: 2,
  rung: 'supervising_leader',
  title: 'Escalation level 2',
  body: 'Escalated',
  link: 'http://127.0.0.1:3000/tasks/steering/assignments/an-giang',
};

describe('notification emails', () => {
  it('writes Vietnamese with the directive, task, dd/mm/yyyy due date, days late and the link', () => {
    const mail = renderNotificationEmail(escalation, 'vi');
    expect(mail.subject).toBe('[dondoc] Quá hạn – báo cáo lãnh đạo phụ trách (cấp 2): Kiện toàn Ban Chỉ đạo chuyển đổi số (203/TB-VPCP)');
    expect(mail.text).toContain('Văn bản: 203/TB-VPCP — Kết luận phiên họp thứ 8');
    expect(mail.text).toContain('Hạn: 09/05/2024');
    expect(mail.text).toContain('Số ngày quá hạn: 6 ngày');
    expect(mail.text).toContain(escalation.link);
    expect(mail.html).toContain('<html lang="vi">');
    expect(mail.html).toContain(`href="${escalation.link}"`);
  });

  it("names the province a commune's top rung reports to", () => {
    const commune = { ...escalation, unitName: 'Xã An Biên', rung: 'coordinator', recipientName: 'UBND tỉnh An Giang' };
    expect(renderNotificationEmail(commune, 'vi').subject).toContain('Quá hạn – báo cáo UBND tỉnh An Giang (cấp 2)');
    expect(renderNotificationEmail(commune, 'en').subject).toContain('Overdue – escalated to UBND tỉnh An Giang (level 2)');
  });

  it('writes English for an English reader', () => {
    const mail = renderNotificationEmail(escalation, 'en');
    expect(mail.subject).toContain('Overdue – escalated to the supervising leader (level 2)');
    expect(mail.text).toContain('Due: 09/05/2024');
    expect(mail.text).toContain('Days late: 6 days');
  });

  it('says nothing of lateness before the due date', () => {
    const mail = renderNotificationEmail({ ...escalation, kind: 'reminder', at: atTimeVn('2024-05-06', '08:00').getTime() }, 'en');
    expect(mail.subject.startsWith('[dondoc] Deadline reminder:')).toBe(true);
    expect(mail.text).not.toContain('Days late');
  });

  it('escapes what people typed', () => {
    const mail = renderNotificationEmail({ ...escalation, taskTitle: '<script>alert(1)</script>' }, 'en');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(escapeHtml(`"a" & 'b'`)).toBe('&quot;a&quot; &amp; &#39;b&#39;');
  });

  it('counts days late in Vietnam time', () => {
    // 2024-05-09T18:00Z is already 10 May in Vietnam.
    expect(daysLate('2024-05-09', Date.parse('2024-05-09T18:00:00Z'))).toBe(1);
    expect(daysLate('2024-05-09', Date.parse('2024-05-09T16:00:00Z'))).toBe(0);
    expect(formatDate('2024-05-09', 'vi')).toBe('09/05/2024');
  });
});

const item = (directiveNumber: string, unitName: string, dueOn: string, taskTitle = 'T'): DigestItem => ({
  directiveNumber,
  unitName,
  dueOn,
  taskTitle,
  link: `http://x/${unitName}`,
});

describe('digest emails', () => {
  it('groups by directive, then unit, in order', () => {
    const groups = groupByDirectiveAndUnit([
      item('B', 'Hà Nội', '2024-05-01'),
      item('A', 'Cần Thơ', '2024-05-02'),
      item('A', 'An Giang', '2024-05-03'),
    ]);
    expect(groups.map((g) => [g.directiveNumber, g.units.map((u) => u.unitName)])).toEqual([
      ['A', ['An Giang', 'Cần Thơ']],
      ['B', ['Hà Nội']],
    ]);
  });

  it('lists the overdue with days late, what is due this week and what escalated', () => {
    const mail = renderDigestEmail(
      {
        day: '2024-05-20',
        cadence: 'daily',
        overdue: [item('203/TB-VPCP', 'An Giang', '2024-05-09', 'Steering Committee')],
        dueThisWeek: [item('203/TB-VPCP', 'Cần Thơ', '2024-05-24', 'Fee resolution')],
        escalatedSince: [],
      },
      'en',
    );
    expect(mail.subject).toBe('[dondoc] Daily digest for 20/05/2024');
    expect(mail.text).toContain('Overdue (1)');
    expect(mail.text).toContain('Steering Committee (11 days late)');
    expect(mail.text).toContain('Due this week (1)');
    expect(mail.text).toContain('Fee resolution (due 24/05/2024)');
    expect(mail.text).not.toContain('Escalated since');
    const vi = renderDigestEmail(
      { day: '2024-05-20', cadence: 'weekly', overdue: [item('X', 'U', '2024-05-19')], dueThisWeek: [], escalatedSince: [] },
      'vi',
    );
    expect(vi.subject).toBe('[dondoc] Tổng hợp tuần 20/05/2024');
    expect(vi.text).toContain('quá hạn 1 ngày');
  });

  it('is empty when there is nothing to say', () => {
    expect(digestIsEmpty({ day: '2024-05-20', cadence: 'daily', overdue: [], dueThisWeek: [], escalatedSince: [] })).toBe(true);
    expect(
      digestIsEmpty({ day: '2024-05-20', cadence: 'daily', overdue: [], dueThisWeek: [item('A', 'B', '2024-05-21')], escalatedSince: [] }),
    ).toBe(false);
  });
});
