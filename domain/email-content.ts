/**
 * What an email says, in Vietnamese or English by the reader's preference: subject, plain text and HTML for
 * one notification (reminder, escalation, decision, …) and for a leader's digest. Pure: the caller supplies
 * every fact, including the time the notice was raised.
 */
import { parts, type IsoDate } from './dates';
import { daysLateAt, daysLateOn } from './lateness';

export type Language = 'vi' | 'en';

export interface NotificationFacts {
  kind: string;
  /** When the notice was raised (epoch ms). */
  at: number;
  directiveNumber: string;
  directiveTitle: string;
  taskTitle: string;
  unitName: string;
  /** The due date in force when the notice was raised. */
  dueOn: IsoDate;
  escalationLevel: number | null;
  rung: string | null;
  /** The unit the notice goes to, by name: the top rung reports to whoever assigned the work. */
  recipientName?: string | null;
  /** The in-app notice, kept as a fallback sentence for kinds without a template. */
  title: string;
  body: string;
  link: string;
  /** An escalation to acknowledge: the signed one-click link and the window's end (epoch ms). */
  ack?: { link: string; by: number } | null;
}

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export function formatDate(date: IsoDate, language: Language): string {
  const { year, month, day } = parts(date);
  const dd = String(day).padStart(2, '0');
  const mm = String(month).padStart(2, '0');
  // dd/mm/yyyy in both languages: the way Vietnamese documents write dates, whoever reads them.
  void language;
  return `${dd}/${mm}/${year}`;
}

/** An instant as Vietnamese office time, `HH:MM dd/mm/yyyy` (UTC+7, no daylight saving). */
export function formatInstantVn(at: number): string {
  const vn = new Date(at + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(vn.getUTCHours())}:${pad(vn.getUTCMinutes())} ${pad(vn.getUTCDate())}/${pad(vn.getUTCMonth() + 1)}/${vn.getUTCFullYear()}`;
}

/** Whole calendar days between the due date and the day of the notice (Vietnam time); 0 when not late. */
export function daysLate(dueOn: IsoDate, at: number): number {
  return daysLateAt(dueOn, at);
}

export const RUNG_NAMES: Record<Language, Record<string, string>> = {
  vi: { unit_head: 'thủ trưởng đơn vị', supervising_leader: 'lãnh đạo phụ trách', coordinator: 'Văn phòng Chính phủ' },
  en: { unit_head: 'the head of the unit', supervising_leader: 'the supervising leader', coordinator: 'the Government Office' },
};

const rungLabel = (f: NotificationFacts, language: Language) =>
  f.rung === 'coordinator' && f.recipientName ? f.recipientName : (RUNG_NAMES[language][f.rung ?? ''] ?? f.rung);

const HEADLINES: Record<Language, Record<string, (f: NotificationFacts) => string>> = {
  vi: {
    assigned: () => 'Nhiệm vụ mới được giao',
    reminder: () => 'Nhắc hạn nhiệm vụ',
    overdue: () => 'Nhiệm vụ đã quá hạn',
    escalation: (f) => `Quá hạn – báo cáo ${rungLabel(f, 'vi')} (cấp ${f.escalationLevel})`,
    escalation_unacknowledged: (f) => `Báo cáo quá hạn chưa được tiếp nhận – chuyển ${rungLabel(f, 'vi')}`,
    extension_requested: () => 'Đề nghị gia hạn',
    extension_approved: () => 'Đồng ý gia hạn',
    extension_rejected: () => 'Không đồng ý gia hạn',
    paused: () => 'Tạm dừng tính thời hạn',
    resumed: () => 'Tiếp tục tính thời hạn',
    completion_reported: () => 'Đơn vị báo cáo hoàn thành',
    completed: () => 'Nhiệm vụ đã hoàn thành',
    completion_returned: () => 'Báo cáo hoàn thành bị trả lại',
    confirmation_reminder: () => 'Nhắc xác nhận báo cáo hoàn thành',
    cancelled: () => 'Nhiệm vụ bị hủy',
    reassigned: () => 'Nhiệm vụ được chuyển đơn vị',
    declined: () => 'Đơn vị đề nghị không nhận nhiệm vụ',
    refusal_rejected: () => 'Đơn vị tiếp tục chủ trì nhiệm vụ',
  },
  en: {
    assigned: () => 'New assignment',
    reminder: () => 'Deadline reminder',
    overdue: () => 'Assignment overdue',
    escalation: (f) => `Overdue – escalated to ${rungLabel(f, 'en')} (level ${f.escalationLevel})`,
    escalation_unacknowledged: (f) => `Escalation not acknowledged – passed to ${rungLabel(f, 'en')}`,
    extension_requested: () => 'Extension requested',
    extension_approved: () => 'Extension approved',
    extension_rejected: () => 'Extension rejected',
    paused: () => 'Deadline paused',
    resumed: () => 'Deadline resumed',
    completion_reported: () => 'Completion reported',
    completed: () => 'Assignment completed',
    completion_returned: () => 'Completion report returned',
    confirmation_reminder: () => 'Please confirm a completion report',
    cancelled: () => 'Assignment cancelled',
    reassigned: () => 'Assignment reassigned',
    declined: () => 'The unit declines the assignment',
    refusal_rejected: () => 'The unit keeps the assignment',
  },
};

const LABELS = {
  vi: {
    directive: 'Văn bản',
    task: 'Nhiệm vụ',
    unit: 'Đơn vị',
    due: 'Hạn',
    late: 'Số ngày quá hạn',
    open: 'Xem nhiệm vụ',
    acknowledge: 'Xác nhận đã tiếp nhận',
    ackBy: 'Đề nghị xác nhận trước',
    days: 'ngày',
    underADay: 'chưa đến 1 ngày',
  },
  en: {
    directive: 'Directive',
    task: 'Task',
    unit: 'Unit',
    due: 'Due',
    late: 'Days late',
    open: 'Open the assignment',
    acknowledge: 'Acknowledge this escalation',
    ackBy: 'Please acknowledge by',
    days: 'days',
    underADay: 'less than a day',
  },
} as const;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderNotificationEmail(f: NotificationFacts, language: Language): EmailContent {
  const l = LABELS[language];
  const headline = HEADLINES[language][f.kind]?.(f) ?? f.title;
  const late = daysLate(f.dueOn, f.at);
  const rows: [string, string][] = [
    [l.directive, `${f.directiveNumber} — ${f.directiveTitle}`],
    [l.task, f.taskTitle],
    [l.unit, f.unitName],
    [l.due, formatDate(f.dueOn, language)],
  ];
  if (late > 0) rows.push([l.late, `${late} ${l.days}`]);
  else if (f.kind === 'overdue' || f.kind === 'escalation') rows.push([l.late, l.underADay]);
  if (f.ack) rows.push([l.ackBy, formatInstantVn(f.ack.by)]);
  const subject = `[dondoc] ${headline}: ${f.taskTitle} (${f.directiveNumber})`;
  const ackLine = f.ack ? [`${l.acknowledge}: ${f.ack.link}`] : [];
  const text = [headline, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', ...ackLine, `${l.open}: ${f.link}`, ''].join('\n');
  const html = page(
    language,
    subject,
    `<h1 style="font-size:18px">${escapeHtml(headline)}</h1>
<table cellpadding="4" style="border-collapse:collapse">${rows
      .map(([k, v]) => `<tr><th align="left" scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join('')}</table>
${f.ack ? `<p><a href="${escapeHtml(f.ack.link)}">${escapeHtml(l.acknowledge)}</a></p>` : ''}<p><a href="${escapeHtml(f.link)}">${escapeHtml(l.open)}</a></p>`,
  );
  return { subject, text, html };
}

export interface DigestItem {
  directiveNumber: string;
  taskTitle: string;
  unitName: string;
  dueOn: IsoDate;
  link: string;
  escalationLevel?: number;
}

export interface DigestFacts {
  /** The day the digest covers (Vietnam date). */
  day: IsoDate;
  cadence: 'daily' | 'weekly';
  overdue: DigestItem[];
  dueThisWeek: DigestItem[];
  escalatedSince: DigestItem[];
  /** Full counts when the lists were cut short; the lists' lengths otherwise. */
  totals?: { overdue: number; dueThisWeek: number; escalatedSince: number };
}

const DIGEST_LABELS = {
  vi: {
    title: (d: DigestFacts) => `Tổng hợp ${d.cadence === 'weekly' ? 'tuần' : 'ngày'} ${formatDate(d.day, 'vi')}`,
    overdue: 'Nhiệm vụ quá hạn',
    dueThisWeek: 'Đến hạn trong tuần',
    escalated: 'Đã báo cáo vượt cấp từ lần tổng hợp trước',
    late: (n: number) => `quá hạn ${n} ngày`,
    due: 'hạn',
    level: 'cấp',
  },
  en: {
    title: (d: DigestFacts) => `${d.cadence === 'weekly' ? 'Weekly' : 'Daily'} digest for ${formatDate(d.day, 'en')}`,
    overdue: 'Overdue',
    dueThisWeek: 'Due this week',
    escalated: 'Escalated since the last digest',
    late: (n: number) => `${n} days late`,
    due: 'due',
    level: 'level',
  },
} as const;

/** Items grouped by directive, then by unit, in a stable order. */
export function groupByDirectiveAndUnit(
  items: DigestItem[],
): { directiveNumber: string; units: { unitName: string; items: DigestItem[] }[] }[] {
  const directives = new Map<string, Map<string, DigestItem[]>>();
  const sorted = [...items].sort(
    (a, b) =>
      a.directiveNumber.localeCompare(b.directiveNumber) ||
      a.unitName.localeCompare(b.unitName) ||
      a.dueOn.localeCompare(b.dueOn) ||
      a.taskTitle.localeCompare(b.taskTitle),
  );
  for (const item of sorted) {
    const units = directives.get(item.directiveNumber) ?? new Map<string, DigestItem[]>();
    directives.set(item.directiveNumber, units);
    units.set(item.unitName, [...(units.get(item.unitName) ?? []), item]);
  }
  return [...directives].map(([directiveNumber, units]) => ({
    directiveNumber,
    units: [...units].map(([unitName, unitItems]) => ({ unitName, items: unitItems })),
  }));
}

export function digestIsEmpty(d: DigestFacts): boolean {
  return d.overdue.length === 0 && d.dueThisWeek.length === 0 && d.escalatedSince.length === 0;
}

export function renderDigestEmail(d: DigestFacts, language: Language): EmailContent {
  const l = DIGEST_LABELS[language];
  const title = l.title(d);
  const describe = (item: DigestItem, section: 'overdue' | 'due' | 'escalated') => {
    const when = section === 'overdue' ? l.late(daysLateOn(item.dueOn, d.day)) : `${l.due} ${formatDate(item.dueOn, language)}`;
    const level = section === 'escalated' && item.escalationLevel ? `, ${l.level} ${item.escalationLevel}` : '';
    return `${item.taskTitle} (${when}${level})`;
  };
  const sections: [string, DigestItem[], 'overdue' | 'due' | 'escalated'][] = [
    [`${l.overdue} (${d.totals?.overdue ?? d.overdue.length})`, d.overdue, 'overdue'],
    [`${l.dueThisWeek} (${d.totals?.dueThisWeek ?? d.dueThisWeek.length})`, d.dueThisWeek, 'due'],
    [`${l.escalated} (${d.totals?.escalatedSince ?? d.escalatedSince.length})`, d.escalatedSince, 'escalated'],
  ];
  const text: string[] = [title, ''];
  let html = `<h1 style="font-size:18px">${escapeHtml(title)}</h1>`;
  for (const [heading, items, section] of sections) {
    if (items.length === 0) continue;
    text.push(heading);
    html += `<h2 style="font-size:16px">${escapeHtml(heading)}</h2>`;
    for (const directive of groupByDirectiveAndUnit(items)) {
      text.push(`  ${directive.directiveNumber}`);
      html += `<h3 style="font-size:14px">${escapeHtml(directive.directiveNumber)}</h3><ul>`;
      for (const unit of directive.units) {
        text.push(`    ${unit.unitName}`);
        html += `<li>${escapeHtml(unit.unitName)}<ul>`;
        for (const item of unit.items) {
          text.push(`      - ${describe(item, section)} ${item.link}`);
          html += `<li><a href="${escapeHtml(item.link)}">${escapeHtml(describe(item, section))}</a></li>`;
        }
        html += '</ul></li>';
      }
      html += '</ul>';
    }
    text.push('');
  }
  return { subject: `[dondoc] ${title}`, text: text.join('\n'), html: page(language, title, html) };
}

/** A one-time sign-in link for the web dashboard, asked for on the sign-in page. */
export function renderSignInEmail(link: string, language: Language): EmailContent {
  const vi = language === 'vi';
  const subject = vi ? '[dondoc] Liên kết đăng nhập' : '[dondoc] Your sign-in link';
  const lines = vi
    ? ['Mở liên kết dưới đây để đăng nhập dondoc. Liên kết dùng được một lần, trong 15 phút.', 'Nếu bạn không yêu cầu, hãy bỏ qua thư này.']
    : ['Open the link below to sign in to dondoc. It works once, for 15 minutes.', 'If you did not ask for it, ignore this message.'];
  const text = [lines[0], '', link, '', lines[1], ''].join('\n');
  const html = page(
    language,
    subject,
    `<p>${escapeHtml(lines[0]!)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(vi ? 'Đăng nhập' : 'Sign in')}</a></p><p>${escapeHtml(lines[1]!)}</p>`,
  );
  return { subject, text, html };
}

function page(language: Language, title: string, body: string): string {
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:Arial,sans-serif;color:#1a1a1a">${body}</body></html>`;
}
