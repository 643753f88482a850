/** The leader board's words in both languages: its own dictionary, so the board's screen stays one concern. */
import type { Column } from '../domain/execution-figures';
import type { UnitKind } from '../domain/units';
import type { Lang } from './i18n';

/** A figure's column, or every assignment of the unit. */
export type BoardColumn = Column | 'total';
export const BOARD_COLUMNS: readonly BoardColumn[] = ['total', 'completedOnTime', 'completedLate', 'openWithinDeadline', 'openOverdue'];

const EN = {
  unitsFirst: 'Units with the most overdue assignments and days late first',
  unitsCaption: (from: string | null, to: string, asOf: string) =>
    `${from ? `Tasks assigned ${from} – ${to}` : `All tasks assigned up to ${to}`}, figures as of ${asOf}`,
  daysLate: 'Days late',
  trend: 'Monthly trend of the five columns',
  trendDesc: (first: string, last: string) =>
    `Stacked bars, one per month from ${first} to ${last}, each the figures at that month's end; the table below gives the numbers.`,
  trendTable: 'The trend as a table',
  month: 'Month (cut-off)',
  period: 'Assigned from',
  periodTo: 'Assigned to',
  anyKind: 'Any kind',
  apply: 'Show',
  filters: 'Board filters',
  behind: 'Assignments behind the figure',
  behindOf: (unit: string, column: string) => `${unit}: ${column}`,
  back: 'Back to the board',
  task: 'Task',
  directive: 'Directive',
  dueOn: 'Due',
  column: 'Column',
  none: 'Nothing here.',
  columns: {
    total: 'Total assigned',
    completedOnTime: 'Completed on time',
    completedLate: 'Completed late',
    openWithinDeadline: 'Not completed, within the deadline',
    openOverdue: 'Not completed, overdue',
  } satisfies Record<BoardColumn, string>,
  kinds: {
    ministry: 'Ministries',
    ministry_agency: 'Ministry-level agencies',
    government_agency: 'Government agencies',
    province: 'Provinces and cities',
    government_office: 'Government Office',
    other: 'Other',
    department: 'Departments',
    division: 'Divisions',
    commune: 'Communes',
    ward: 'Wards',
    special_zone: 'Special zones',
  } satisfies Record<UnitKind, string>,
};

const VI: typeof EN = {
  unitsFirst: 'Đơn vị có nhiều nhiệm vụ quá hạn và nhiều ngày trễ nhất lên đầu',
  unitsCaption: (from, to, asOf) =>
    `${from ? `Nhiệm vụ giao từ ${from} đến ${to}` : `Mọi nhiệm vụ giao đến ${to}`}, số liệu tính đến ${asOf}`,
  daysLate: 'Số ngày trễ',
  trend: 'Diễn biến theo tháng của năm cột số liệu',
  trendDesc: (first, last) =>
    `Biểu đồ cột chồng, mỗi cột một tháng từ ${first} đến ${last}, số liệu tính đến cuối tháng; bảng bên dưới ghi các con số.`,
  trendTable: 'Diễn biến dạng bảng',
  month: 'Tháng (thời điểm chốt)',
  period: 'Giao từ ngày',
  periodTo: 'Đến ngày',
  anyKind: 'Mọi loại',
  apply: 'Xem',
  filters: 'Lọc bảng lãnh đạo',
  behind: 'Các nhiệm vụ sau con số',
  behindOf: (unit, column) => `${unit}: ${column}`,
  back: 'Về bảng lãnh đạo',
  task: 'Nhiệm vụ',
  directive: 'Văn bản',
  dueOn: 'Hạn',
  column: 'Cột',
  none: 'Không có.',
  columns: {
    total: 'Tổng số giao',
    completedOnTime: 'Hoàn thành đúng hạn',
    completedLate: 'Hoàn thành quá hạn',
    openWithinDeadline: 'Chưa hoàn thành, trong hạn',
    openOverdue: 'Chưa hoàn thành, quá hạn',
  },
  kinds: {
    ministry: 'Bộ',
    ministry_agency: 'Cơ quan ngang bộ',
    government_agency: 'Cơ quan thuộc Chính phủ',
    province: 'Tỉnh, thành phố',
    government_office: 'Văn phòng Chính phủ',
    other: 'Khác',
    department: 'Sở, ngành',
    division: 'Phòng, ban',
    commune: 'Xã',
    ward: 'Phường',
    special_zone: 'Đặc khu',
  },
};

export const BOARD_TEXT: Record<Lang, typeof EN> = { en: EN, vi: VI };
