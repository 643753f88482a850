import { describe, expect, it } from 'vitest';
import { actorText, escalationText, offsetText, timelineSentence } from '../../web/timeline-text';

const names: Record<string, string> = { 'ha-giang': 'Tỉnh Hà Giang', 'tuyen-quang': 'Tỉnh Tuyên Quang' };
const unitName = (code: string) => names[code] ?? code;
const timer = { kind: 'system', id: 'timer' };
const at = '2024-05-13T01:00:02.000Z';
const scheduledAt = Date.parse('2024-05-13T01:00:00.000Z');

describe('the timeline in words', () => {
  it('writes a scheduled escalation with its rung by name, the planned and the actual time', () => {
    const e = { kind: 'escalation', at, actor: timer, data: { rung: 'coordinator', level: 3, offset: 'repeat 27', scheduledAt } };
    expect(timelineSentence('vi', e, unitName)).toBe(
      'Báo cáo Văn phòng Chính phủ / điều phối (cấp 3, nhắc lại lần 27 sau hạn), theo lịch lúc 13/05/2024 08:00, thực hiện lúc 13/05/2024 08:00.',
    );
    expect(timelineSentence('en', e, unitName)).toContain('Escalated to Government Office / coordinator (level 3, repeat 27 after due)');
    expect(escalationText('vi', 3, 'coordinator')).toBe('3 – Văn phòng Chính phủ / điều phối');
    expect(escalationText('vi', 0, null)).toBe('Chưa đôn đốc');
    expect(escalationText('en', 0, null)).toBe('Not escalated');
  });

  it('writes a calendar change as the steps it moved, in both languages', () => {
    const e = {
      kind: 'calendar_changed',
      at,
      actor: { kind: 'admin', id: 'admin' },
      data: {
        year: 2027,
        version: 2,
        official: true,
        movedSteps: [{ step: '2027-06-15/reminder/0', from: '2027-06-08T01:00:00.000Z', to: '2027-06-07T01:00:00.000Z' }],
      },
    };
    expect(timelineSentence('vi', e, unitName)).toBe(
      'Lịch làm việc năm 2027 thay đổi (chính thức, phiên bản 2): dời lần nhắc hạn 1 từ 08/06/2027 08:00 sang 07/06/2027 08:00.',
    );
    expect(timelineSentence('en', e, unitName)).toMatch(
      /^The 2027 working calendar changed \(official, version 2\): moved reminder 1 from .+ to .+\.$/,
    );
  });

  it('says a contribution ended because its lead was cancelled, in both languages, with the lead reason', () => {
    const e = {
      kind: 'cancelled',
      at,
      actor: { kind: 'coordinator', id: 'vpcp-1' },
      data: { reason: 'cancelled with the lead assignment of ha-giang: thay thế' },
    };
    expect(timelineSentence('vi', e, unitName)).toBe(
      'vpcp-1 (điều phối) hủy phần phối hợp: nhiệm vụ chủ trì của Tỉnh Hà Giang đã bị hủy: thay thế',
    );
    expect(timelineSentence('en', e, unitName)).toBe(
      'vpcp-1 (coordinator) cancelled the contribution: the lead assignment of Tỉnh Hà Giang was cancelled: thay thế',
    );
    expect(timelineSentence('en', { ...e, data: { reason: 'trùng lặp' } }, unitName)).toBe(
      'vpcp-1 (coordinator) cancelled the assignment: trùng lặp',
    );
  });

  it('writes the assignment with its due date and the unit it came from, never raw data', () => {
    const e = { kind: 'assigned', at, actor: timer, data: { dueOn: '2024-05-10', predecessor: 'assignment/t1/ha-giang' } };
    expect(timelineSentence('vi', e, unitName)).toBe('Giao nhiệm vụ, hạn 10/05/2024, tiếp nhận từ Tỉnh Hà Giang.');
    expect(timelineSentence('en', { ...e, data: { dueOn: '2024-05-10', predecessor: null } }, unitName)).toBe('Assigned, due 2024-05-10.');
  });

  it('writes a completion with the document number and who reported it', () => {
    const e = {
      kind: 'completed',
      at,
      actor: { kind: 'unit', id: 'tq-officer', unitCode: 'tuyen-quang' },
      data: { note: 'Đã ban hành', documentNumber: '1234/QĐ-UBND', documentDate: '2024-05-09', onTime: true },
    };
    expect(timelineSentence('vi', e, unitName)).toBe(
      'tq-officer (đơn vị) báo cáo hoàn thành theo văn bản số 1234/QĐ-UBND ngày 09/05/2024, đúng hạn: Đã ban hành',
    );
    const moved = {
      kind: 'reassigned',
      at,
      actor: { kind: 'admin', id: 'admin' },
      data: { fromUnit: 'ha-giang', toUnit: 'tuyen-quang', reason: 'Sáp nhập' },
    };
    expect(timelineSentence('en', moved, unitName)).toBe(
      'admin (administrator) moved the assignment from Tỉnh Hà Giang to Tỉnh Tuyên Quang: Sáp nhập',
    );
    expect(offsetText('vi', '5 working days')).toBe('5 ngày làm việc');
    expect(offsetText('vi', 'PT30S')).toBe('30 giây');
  });

  it('names whose rights an acting officer acted under, and nothing more for one acting in their own right', () => {
    const deputy = { kind: 'unit', id: 'ag-deputy', unitCode: 'an-giang' };
    expect(actorText('vi', { ...deputy, onBehalfOf: 'ag-head' })).toBe('ag-deputy (đơn vị), thay mặt ag-head');
    expect(actorText('en', { ...deputy, onBehalfOf: 'ag-head' })).toBe('ag-deputy (unit), on behalf of ag-head');
    expect(actorText('en', deputy)).toBe('ag-deputy (unit)');
  });
});
