import { describe, expect, it } from 'vitest';
import { atTimeVn } from '../../domain/dates';
import { describeNotice, rungName, type NoticeFacts } from '../../domain/notices';

const escalation: NoticeFacts = {
  kind: 'escalation',
  at: atTimeVn('2024-05-15', '08:00').getTime(),
  taskTitle: 'Kiện toàn Ban Chỉ đạo chuyển đổi số',
  directiveNumber: '203/TB-VPCP',
  unitName: 'UBND tỉnh Tuyên Quang',
  dueOn: '2024-05-10',
  rung: 'coordinator',
  escalationLevel: 3,
};

describe('notices as people read them', () => {
  it('names the unit, the task, the directive, the due date in dd/mm/yyyy and how late, in Vietnamese', () => {
    const vi = describeNotice(escalation, 'vi')!;
    expect(vi.title).toBe('UBND tỉnh Tuyên Quang quá hạn – báo cáo Văn phòng Chính phủ');
    expect(vi.body).toBe(
      'Nhiệm vụ «Kiện toàn Ban Chỉ đạo chuyển đổi số» (văn bản 203/TB-VPCP) giao UBND tỉnh Tuyên Quang đã quá hạn ' +
        '(hạn 10/05/2024, quá hạn 5 ngày); đã báo cáo Văn phòng Chính phủ (cấp 3).',
    );
  });

  it('says the same in English, with no ids or raw offsets', () => {
    const en = describeNotice({ ...escalation, unitName: 'Tuyen Quang Province' }, 'en')!;
    expect(en.body).toContain('(due 10/05/2024, 5 days late); escalated to the Government Office (level 3)');
    expect(en.body).not.toMatch(/repeat|tuyen-quang|PT\d/);
  });

  it("a commune's top rung names the province it reports to, not the Government Office", () => {
    const commune = { ...escalation, unitName: 'Xã An Biên', recipientName: 'UBND tỉnh An Giang' };
    expect(describeNotice(commune, 'vi')!.title).toBe('Xã An Biên quá hạn – báo cáo UBND tỉnh An Giang');
    expect(describeNotice(commune, 'vi')!.body).toContain('đã báo cáo UBND tỉnh An Giang (cấp 3)');
    expect(describeNotice(commune, 'en')!.title).toBe('Xã An Biên overdue – escalated to UBND tỉnh An Giang');
    // Lower rungs are roles within the late unit itself.
    expect(describeNotice({ ...commune, rung: 'unit_head' }, 'vi')!.title).toBe('Xã An Biên quá hạn – báo cáo thủ trưởng đơn vị');
  });

  it('words the assignment, a reminder and a reassignment', () => {
    expect(describeNotice({ ...escalation, kind: 'assigned' }, 'vi')!.title).toBe('Nhiệm vụ mới: Kiện toàn Ban Chỉ đạo chuyển đổi số');
    expect(describeNotice({ ...escalation, kind: 'reminder' }, 'en')!.body).toBe(
      'The task “Kiện toàn Ban Chỉ đạo chuyển đổi số” (203/TB-VPCP), assigned to UBND tỉnh Tuyên Quang, is due on 10/05/2024.',
    );
    expect(describeNotice({ ...escalation, kind: 'reassigned', reassignedTo: 'UBND tỉnh Hà Giang' }, 'vi')!.title).toBe(
      'Chuyển sang UBND tỉnh Hà Giang',
    );
    expect(describeNotice({ ...escalation, kind: 'digest' }, 'vi')).toBeNull();
    expect(rungName('unit_head', 'vi')).toBe('thủ trưởng đơn vị');
  });
});
