import { describe, expect, it } from 'vitest';
import { atTimeVn } from '../../domain/dates';
import { describeNotice, NOTIFICATION_KINDS, type NoticeFacts } from '../../domain/notices';

const allDone: NoticeFacts = {
  kind: 'sub_assignments_done',
  at: atTimeVn('2025-09-15', '08:00').getTime(),
  taskTitle: 'Làm sạch dữ liệu dân cư',
  directiveNumber: '214/NQ-CP',
  unitName: 'UBND tỉnh An Giang',
  dueOn: '2025-10-31',
  rung: null,
  escalationLevel: null,
};

describe('the holder told that its sub-assignments are done', () => {
  it('is a kind webhooks may subscribe to', () => {
    expect(NOTIFICATION_KINDS).toContain('sub_assignments_done');
  });

  it('says so in Vietnamese, leaving the holder its own report', () => {
    const vi = describeNotice(allDone, 'vi')!;
    expect(vi.title).toBe('Các đơn vị trực thuộc đã hoàn thành: Làm sạch dữ liệu dân cư');
    expect(vi.body).toBe(
      'Tất cả các đơn vị được UBND tỉnh An Giang giao tiếp nhiệm vụ «Làm sạch dữ liệu dân cư» (văn bản 214/NQ-CP) đã hoàn thành; ' +
        'đề nghị UBND tỉnh An Giang báo cáo kết quả (hạn 31/10/2025).',
    );
  });

  it('and in English', () => {
    const en = describeNotice({ ...allDone, unitName: 'An Giang Province' }, 'en')!;
    expect(en.title).toBe('All sub-assignments done: Làm sạch dữ liệu dân cư');
    expect(en.body).toBe(
      'Every unit An Giang Province passed the task “Làm sạch dữ liệu dân cư” (214/NQ-CP) on to has completed it; ' +
        "An Giang Province's own report is due 31/10/2025.",
    );
  });
});
