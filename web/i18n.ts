/** The dashboard's two languages: Vietnamese (default) and English; dates dd/mm/yyyy in Vietnamese. */
import type { Status } from '../domain/status';
import { LANGUAGES, type Language } from '../services/types';

/** The reader's language: the core's one Language type, under the short name the pages use. */
export type Lang = Language;

export const LANGS: readonly Lang[] = LANGUAGES;

export function pickLang(query: string | undefined, cookie: string | undefined): Lang {
  if (query === 'en' || query === 'vi') return query;
  if (cookie === 'en' || cookie === 'vi') return cookie;
  return 'vi';
}

const STATUS: Record<Lang, Record<Status, string>> = {
  vi: {
    not_due: 'Chưa đến hạn',
    due_soon: 'Sắp đến hạn',
    overdue: 'Quá hạn',
    awaiting_confirmation: 'Chờ xác nhận',
    completed_on_time: 'Hoàn thành đúng hạn',
    completed_late: 'Hoàn thành trễ hạn',
    cancelled: 'Đã hủy',
    reassigned: 'Đã chuyển đơn vị',
  },
  en: {
    not_due: 'Not due',
    due_soon: 'Due soon',
    overdue: 'Overdue',
    awaiting_confirmation: 'Awaiting confirmation',
    completed_on_time: 'Completed on time',
    completed_late: 'Completed late',
    cancelled: 'Cancelled',
    reassigned: 'Reassigned',
  },
};

const EN = {
  appName: 'dondoc — directive tracking',
  skip: 'Skip to content',
  signIn: 'Sign in',
  signOut: 'Sign out',
  token: 'Access token',
  tokenHelp: 'Paste the bearer token the API issued to you (on npm start, the development admin token).',
  badToken: 'The token is unknown, expired or revoked.',
  orEmail: 'Or have a one-time sign-in link emailed to you',
  email: 'Your email address',
  sendLink: 'Email me a link',
  linkSent: 'If that address belongs to someone registered, a sign-in link is on its way. It works once, for 15 minutes.',
  badEmail: 'Enter an email address.',
  signedInAs: 'Signed in as',
  directives: 'Directives',
  inbox: 'Unit inbox',
  board: 'Leader board',
  reports: 'Reports',
  magicLinks: 'Sign-in links',
  language: 'Language',
  filters: 'Filters',
  search: 'Search',
  issuer: 'Issuer',
  anyIssuer: 'Any issuer',
  onlyOverdue: 'Only with overdue assignments',
  apply: 'Apply',
  source: 'Source',
  issuedOn: 'Issued',
  tasks: 'Tasks',
  task: 'Task',
  due: 'Due',
  noTasks: 'No tasks.',
  none: 'Nothing here.',
  next: 'Next page',
  prev: 'Previous page',
  unit: 'Unit',
  status: 'Status',
  dueOn: 'Due date',
  daysLate: 'Days late',
  lastNote: 'Last progress note',
  evidence: 'Evidence',
  select: 'Select',
  selectAll: 'Select all',
  bulkActions: 'Bulk action on the selected units',
  action: 'Action',
  extend: 'Extend the due date',
  cancel: 'Cancel',
  reassign: 'Reassign to another unit',
  newDueOn: 'New due date',
  reason: 'Reason',
  toUnit: 'To unit',
  run: 'Run',
  remindNote: 'Reminders are sent by each assignment’s workflow on its schedule; there is no “remind now” action.',
  anyStatus: 'Any status',
  open: 'Open',
  dueSection: 'Due',
  overdueSection: 'Overdue',
  awaitingSection: 'Awaiting confirmation',
  doneSection: 'Done',
  acknowledge: 'Acknowledge',
  acknowledged: 'Acknowledged',
  reportProgress: 'Report progress',
  percent: 'Percent done',
  note: 'Note',
  send: 'Send',
  requestExtension: 'Request an extension',
  complete: 'Report completion',
  evidenceUrl: 'Evidence link (URL)',
  documentNumber: 'Document number',
  documentDate: 'Document date',
  pendingExtension: 'Extension requested',
  approve: 'Approve',
  reject: 'Reject',
  decision: 'Extension decision',
  confirm: 'Confirm completion',
  returnIt: 'Return the report',
  decline: 'Decline the assignment',
  insist: 'Keep it with the unit',
  declined: 'Declined by the unit',
  timeline: 'Timeline',
  temporalLink: 'Open the workflow in the Temporal UI',
  assignment: 'Assignment',
  escalation: 'Escalation level',
  overdueByUnit: 'Overdue in scope, by unit and directive',
  count: 'Count',
  maxDaysLate: 'Most days late',
  onTimeRate: 'On-time completion rate',
  onTimeByUnit: 'On-time completion rate per unit',
  completedCount: 'Completed',
  report: 'Report',
  downloadCsv: 'Download CSV',
  downloadXlsx: 'Download XLSX',
  byStatus: 'Counts by status',
  byKind: 'By unit kind',
  overdueList: 'Overdue assignments',
  total: 'Total',
  localities: 'localities',
  ministries: 'ministries',
  completedWord: 'completed',
  lateWord: 'late',
  overdueWord: 'overdue',
  notFound: 'Not found',
  notFoundText: 'There is no such page, or you may not see it.',
  forbidden: 'Not allowed',
  failed: 'The action was refused',
  done: 'Done.',
  csrf: 'The form expired; reload the page and try again.',
  when: 'When',
  event: 'Event',
  by: 'By',
  details: 'Details',
  kindLabel: 'Unit kind',
  person: 'Person id',
  makeLink: 'Make a sign-in link',
  linkMade: 'Send this link to the person; it works once, within 15 minutes:',
  linkInvalid: 'The sign-in link is unknown, used or expired.',
  or: 'or',
  chooseUnit: 'Unit code',
  show: 'Show',
  rateOf: (done: number, total: number) => `${done}/${total}`,
};

type Dict = typeof EN;

const VI: Dict = {
  appName: 'dondoc — theo dõi nhiệm vụ được giao',
  skip: 'Chuyển đến nội dung',
  signIn: 'Đăng nhập',
  signOut: 'Đăng xuất',
  token: 'Mã truy cập',
  tokenHelp: 'Dán mã truy cập (bearer token) do API cấp (khi chạy npm start: mã quản trị dùng cho phát triển).',
  badToken: 'Mã truy cập không đúng, đã hết hạn hoặc đã bị thu hồi.',
  orEmail: 'Hoặc nhận liên kết đăng nhập dùng một lần qua thư điện tử',
  email: 'Địa chỉ thư điện tử của bạn',
  sendLink: 'Gửi liên kết cho tôi',
  linkSent: 'Nếu địa chỉ này thuộc về người dùng đã đăng ký, liên kết đăng nhập đã được gửi. Liên kết dùng được một lần, trong 15 phút.',
  badEmail: 'Hãy nhập địa chỉ thư điện tử.',
  signedInAs: 'Đăng nhập với',
  directives: 'Văn bản chỉ đạo',
  inbox: 'Hộp việc của đơn vị',
  board: 'Bảng lãnh đạo',
  reports: 'Báo cáo',
  magicLinks: 'Liên kết đăng nhập',
  language: 'Ngôn ngữ',
  filters: 'Bộ lọc',
  search: 'Tìm kiếm',
  issuer: 'Cơ quan ban hành',
  anyIssuer: 'Tất cả cơ quan',
  onlyOverdue: 'Chỉ văn bản có nhiệm vụ quá hạn',
  apply: 'Lọc',
  source: 'Nguồn',
  issuedOn: 'Ngày ban hành',
  tasks: 'Nhiệm vụ',
  task: 'Nhiệm vụ',
  due: 'Hạn',
  noTasks: 'Không có nhiệm vụ.',
  none: 'Không có mục nào.',
  next: 'Trang sau',
  prev: 'Trang trước',
  unit: 'Đơn vị',
  status: 'Trạng thái',
  dueOn: 'Hạn xử lý',
  daysLate: 'Số ngày trễ',
  lastNote: 'Tiến độ gần nhất',
  evidence: 'Minh chứng',
  select: 'Chọn',
  selectAll: 'Chọn tất cả',
  bulkActions: 'Thao tác với các đơn vị đã chọn',
  action: 'Thao tác',
  extend: 'Gia hạn',
  cancel: 'Hủy',
  reassign: 'Chuyển cho đơn vị khác',
  newDueOn: 'Hạn mới',
  reason: 'Lý do',
  toUnit: 'Đơn vị nhận',
  run: 'Thực hiện',
  remindNote: 'Nhắc việc do quy trình của từng nhiệm vụ gửi theo lịch; không có thao tác “nhắc ngay”.',
  anyStatus: 'Mọi trạng thái',
  open: 'Mở',
  dueSection: 'Đang trong hạn',
  overdueSection: 'Quá hạn',
  awaitingSection: 'Chờ xác nhận',
  doneSection: 'Đã hoàn thành',
  acknowledge: 'Xác nhận đã nhận',
  acknowledged: 'Đã nhận',
  reportProgress: 'Báo cáo tiến độ',
  percent: 'Phần trăm hoàn thành',
  note: 'Ghi chú',
  send: 'Gửi',
  requestExtension: 'Đề nghị gia hạn',
  complete: 'Báo cáo hoàn thành',
  evidenceUrl: 'Đường dẫn minh chứng (URL)',
  documentNumber: 'Số văn bản',
  documentDate: 'Ngày văn bản',
  pendingExtension: 'Đề nghị gia hạn',
  approve: 'Đồng ý',
  reject: 'Không đồng ý',
  decision: 'Quyết định gia hạn',
  confirm: 'Xác nhận hoàn thành',
  returnIt: 'Trả lại báo cáo',
  decline: 'Từ chối nhiệm vụ',
  insist: 'Giữ giao cho đơn vị',
  declined: 'Đơn vị đã từ chối',
  timeline: 'Diễn biến',
  temporalLink: 'Mở quy trình trong Temporal UI',
  assignment: 'Nhiệm vụ của đơn vị',
  escalation: 'Cấp đôn đốc',
  overdueByUnit: 'Nhiệm vụ quá hạn theo đơn vị và văn bản',
  count: 'Số lượng',
  maxDaysLate: 'Trễ nhiều nhất (ngày)',
  onTimeRate: 'Tỷ lệ hoàn thành đúng hạn',
  onTimeByUnit: 'Tỷ lệ hoàn thành đúng hạn theo đơn vị',
  completedCount: 'Đã hoàn thành',
  report: 'Báo cáo',
  downloadCsv: 'Tải CSV',
  downloadXlsx: 'Tải XLSX',
  byStatus: 'Số lượng theo trạng thái',
  byKind: 'Theo loại đơn vị',
  overdueList: 'Danh sách quá hạn',
  total: 'Tổng số',
  localities: 'địa phương',
  ministries: 'bộ, cơ quan',
  completedWord: 'hoàn thành',
  lateWord: 'trễ hạn',
  overdueWord: 'quá hạn',
  notFound: 'Không tìm thấy',
  notFoundText: 'Trang không tồn tại hoặc bạn không có quyền xem.',
  forbidden: 'Không được phép',
  failed: 'Thao tác bị từ chối',
  done: 'Đã thực hiện.',
  csrf: 'Biểu mẫu đã hết hiệu lực; hãy tải lại trang và thử lại.',
  when: 'Thời điểm',
  event: 'Sự kiện',
  by: 'Người thực hiện',
  details: 'Chi tiết',
  kindLabel: 'Loại đơn vị',
  person: 'Mã người dùng',
  makeLink: 'Tạo liên kết đăng nhập',
  linkMade: 'Gửi liên kết này cho người dùng; dùng được một lần trong 15 phút:',
  linkInvalid: 'Liên kết đăng nhập không đúng, đã dùng hoặc đã hết hạn.',
  or: 'hoặc',
  chooseUnit: 'Mã đơn vị',
  show: 'Xem',
  rateOf: (done: number, total: number) => `${done}/${total}`,
};

export const DICTS: Record<Lang, Dict> = { vi: VI, en: EN };
export type T = Dict;

const EVENTS: Record<Lang, Record<string, string>> = {
  vi: {
    assigned: 'Giao nhiệm vụ',
    reminder: 'Nhắc hạn',
    overdue: 'Quá hạn',
    escalation: 'Đôn đốc',
    acknowledged: 'Đã nhận',
    progress_reported: 'Báo cáo tiến độ',
    extension_requested: 'Đề nghị gia hạn',
    extension_approved: 'Đồng ý gia hạn',
    extension_rejected: 'Không đồng ý gia hạn',
    completed: 'Hoàn thành',
    completion_reported: 'Báo cáo hoàn thành',
    completion_confirmed: 'Xác nhận hoàn thành',
    completion_returned: 'Trả lại báo cáo',
    confirmation_reminder: 'Nhắc xác nhận',
    declined: 'Đơn vị từ chối',
    refusal_rejected: 'Giữ giao cho đơn vị',
    reassigned: 'Chuyển đơn vị',
    cancelled: 'Hủy',
  },
  en: {
    assigned: 'Assigned',
    reminder: 'Reminder',
    overdue: 'Overdue',
    escalation: 'Escalation',
    acknowledged: 'Acknowledged',
    progress_reported: 'Progress reported',
    extension_requested: 'Extension requested',
    extension_approved: 'Extension approved',
    extension_rejected: 'Extension rejected',
    completed: 'Completed',
    completion_reported: 'Completion reported',
    completion_confirmed: 'Completion confirmed',
    completion_returned: 'Report returned',
    confirmation_reminder: 'Confirmation reminder',
    declined: 'Declined by the unit',
    refusal_rejected: 'Kept with the unit',
    reassigned: 'Reassigned',
    cancelled: 'Cancelled',
  },
};

/** An event kind in words; unknown kinds are shown as they are. */
export function eventLabel(lang: Lang, kind: string): string {
  return EVENTS[lang][kind] ?? kind;
}

export function statusLabel(lang: Lang, s: string): string {
  return (STATUS[lang] as Record<string, string>)[s] ?? s;
}

/** dd/mm/yyyy in Vietnamese, yyyy-mm-dd in English. */
export function fmtDate(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = iso.slice(0, 10);
  if (lang === 'en') return d;
  const [y, m, day] = d.split('-');
  return `${day}/${m}/${y}`;
}

/** An instant shown in Vietnam time: dd/mm/yyyy HH:MM (vi) or yyyy-mm-dd HH:MM (en). */
export function fmtInstant(lang: Lang, iso: string | null | undefined): string {
  if (!iso) return '—';
  const t = new Date(new Date(iso).getTime() + 7 * 3_600_000).toISOString();
  return `${fmtDate(lang, t.slice(0, 10))} ${t.slice(11, 16)}`;
}

/** "Steering Committee: 58/63 completed, 3 late, 2 overdue". */
export function progressText(
  lang: Lang,
  title: string,
  r: { completed: number; total: number; completedLate: number; overdue: number },
): string {
  const t = DICTS[lang];
  return `${title}: ${r.completed}/${r.total} ${t.completedWord}, ${r.completedLate} ${t.lateWord}, ${r.overdue} ${t.overdueWord}`;
}

/** "62/63 localities, 22/28 ministries". */
export function groupText(
  lang: Lang,
  g: { localities: { done: number; total: number }; ministries: { done: number; total: number } },
): string {
  const t = DICTS[lang];
  const parts: string[] = [];
  if (g.localities.total) parts.push(`${g.localities.done}/${g.localities.total} ${t.localities}`);
  if (g.ministries.total) parts.push(`${g.ministries.done}/${g.ministries.total} ${t.ministries}`);
  return parts.join(', ');
}

export { unitName } from '../domain/units';
