/**
 * Who hears of what: the in-app notifications (and, through the outbox, emails and webhooks) an assignment
 * event produces. Recipients are a unit plus a role within it, so a unit's officers, its head and its
 * supervising leader each get their own inbox.
 */
import type { AssignmentState } from './assignment-state';
import type { AwaitingAck } from './escalation-ack';
import type { IsoDate } from './dates';
import { daysLate, formatDate, RUNG_NAMES, type Language } from './email-content';
import type { PlannedStep } from './policy';

export type RecipientRole = 'unit_officer' | 'unit_head' | 'supervising_leader' | 'coordinator';

export interface Notice {
  recipientUnit: string;
  recipientRole: RecipientRole;
  kind: string;
  title: string;
  body: string;
}

function what(state: AssignmentState): string {
  return `task ${state.taskId} assigned to ${state.unitCode} (due ${state.dueOn})`;
}

export function noticesForStep(step: PlannedStep, state: AssignmentState, coordinatorUnit: string): Notice[] {
  if (step.kind === 'reminder') {
    return [
      {
        recipientUnit: state.unitCode,
        recipientRole: 'unit_officer',
        kind: 'reminder',
        title: `Reminder: due ${state.dueOn}`,
        body: `Reminder (${step.label} before due): ${what(state)}.`,
      },
    ];
  }
  if (step.kind === 'overdue') {
    return [
      {
        recipientUnit: state.unitCode,
        recipientRole: 'unit_officer',
        kind: 'overdue',
        title: `Overdue since ${state.dueOn}`,
        body: `Overdue: ${what(state)} was not completed by the end of its due date.`,
      },
    ];
  }
  if (step.kind === 'confirmation_reminder') {
    return [
      {
        recipientUnit: coordinatorUnit,
        recipientRole: 'coordinator',
        kind: 'confirmation_reminder',
        title: `Please confirm: ${state.unitCode} reported completion`,
        body: `A completion report for ${what(state)} has waited ${step.label} for confirmation.`,
      },
    ];
  }
  const rung = step.rung ?? 'unit_head';
  const recipientUnit = rung === 'coordinator' ? coordinatorUnit : state.unitCode;
  return [
    {
      recipientUnit,
      recipientRole: rung,
      kind: 'escalation',
      title: `Escalation level ${step.level}: ${state.unitCode} overdue`,
      body: `Escalated to ${rung.replace('_', ' ')} (${step.label} after due): ${what(state)} is overdue.`,
    },
  ];
}

/** An escalation not acknowledged in its window goes to the backup rung, with what was not taken up. */
export function noticesForAckTimeout(ack: AwaitingAck, state: AssignmentState, coordinatorUnit: string): Notice[] {
  return [
    {
      recipientUnit: ack.backup === 'coordinator' ? coordinatorUnit : state.unitCode,
      recipientRole: ack.backup,
      kind: 'escalation_unacknowledged',
      title: `Escalation level ${ack.level} not acknowledged: ${state.unitCode} overdue`,
      body: `The escalation to ${ack.rung.replace('_', ' ')} of ${what(state)} was not acknowledged in time; it passes to ${ack.backup.replace('_', ' ')}.`,
    },
  ];
}

/** Notices for messages: the coordinator hears of requests and reports; the unit hears of decisions. */
export function noticesForEvent(kind: string, state: AssignmentState, coordinatorUnit: string): Notice[] {
  const toCoordinator = (title: string, body: string): Notice => ({
    recipientUnit: coordinatorUnit,
    recipientRole: 'coordinator',
    kind,
    title,
    body,
  });
  const toUnit = (unitCode: string, title: string, body: string): Notice => ({
    recipientUnit: unitCode,
    recipientRole: 'unit_officer',
    kind,
    title,
    body,
  });
  switch (kind) {
    case 'assigned':
      return [toUnit(state.unitCode, `New assignment due ${state.dueOn}`, `New: ${what(state)}.`)];
    case 'extension_requested':
      return [
        toCoordinator(
          `Extension requested by ${state.unitCode}`,
          `${state.unitCode} asks to move ${what(state)} to ${state.pendingExtension?.newDueOn}.`,
        ),
      ];
    case 'extension_approved':
      return [toUnit(state.unitCode, `Extension approved: now due ${state.dueOn}`, `Extension approved: ${what(state)}.`)];
    case 'paused':
      return [toUnit(state.unitCode, 'Deadline paused', `Paused: ${what(state)}; its clock stands still until resumed.`)];
    case 'resumed':
      return [toUnit(state.unitCode, `Deadline resumed: now due ${state.dueOn}`, `Resumed: ${what(state)}.`)];
    case 'extension_rejected':
      return [toUnit(state.unitCode, 'Extension rejected', `Extension rejected: ${what(state)} keeps its due date.`)];
    case 'completion_reported':
      return [
        toCoordinator(
          `Completion reported by ${state.unitCode}`,
          `${state.unitCode} reports ${what(state)} complete; please confirm or return it.`,
        ),
      ];
    case 'completed':
      return [toCoordinator(`Completed by ${state.unitCode}`, `Completed (${state.status.replaceAll('_', ' ')}): ${what(state)}.`)];
    case 'completion_returned':
      return [toUnit(state.unitCode, 'Completion returned', `Your completion report for ${what(state)} was returned; please redo it.`)];
    case 'cancelled':
      return [toUnit(state.unitCode, 'Assignment cancelled', `Cancelled: ${what(state)}.`)];
    case 'declined':
      return [
        toCoordinator(
          `${state.unitCode} declines the assignment`,
          `${state.unitCode} declines ${what(state)} as outside its remit: ${state.refusal?.reason}. Reassign it or insist.`,
        ),
      ];
    case 'refusal_rejected':
      return [toUnit(state.unitCode, 'The coordinator insists', `The coordinator keeps ${what(state)} with your unit.`)];
    case 'reassigned':
      return [
        toUnit(
          state.unitCode,
          `Reassigned to ${state.reassignedTo?.unitCode}`,
          `Reassigned: ${what(state)} now lies with ${state.reassignedTo?.unitCode}.`,
        ),
      ];
    default:
      return [];
  }
}

/** Every kind of notification an assignment produces, plus the leaders' digest: what webhooks subscribe to. */
export const NOTIFICATION_KINDS = [
  'assigned',
  'reminder',
  'overdue',
  'escalation',
  // To a rung's backup: the escalation was not acknowledged within its window (domain/escalation-ack.ts).
  'escalation_unacknowledged',
  'extension_requested',
  'extension_approved',
  'extension_rejected',
  'completion_reported',
  'completed',
  'completion_returned',
  'confirmation_reminder',
  'cancelled',
  'reassigned',
  'declined',
  'refusal_rejected',
  'paused',
  'resumed',
  // To the holder of an assignment passed on: every sub-assignment is done (its own completion stays its decision).
  'sub_assignments_done',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What a notice says to a person: the facts as people read them (names, titles, numbers, dates), not ids. */
export interface NoticeFacts {
  kind: string;
  /** When the notice was raised (epoch ms): lateness is counted to then. */
  at: number;
  taskTitle: string;
  directiveNumber: string;
  /** The assignment's unit, by name. */
  unitName: string;
  /** The due date in force when the notice was raised. */
  dueOn: IsoDate;
  rung: string | null;
  escalationLevel: number | null;
  /** Extension requests: the date asked for. */
  newDueOn?: IsoDate | null;
  /** Reassignments: the receiving unit, by name. */
  reassignedTo?: string | null;
  /** Refusals: the unit's reason. */
  reason?: string | null;
  /** The unit the notice goes to, by name (an escalation's top rung names it). */
  recipientName?: string | null;
}

/**
 * Who a rung reports to, by name. The top rung goes to whoever assigned the work (the Government Office for a
 * ministry's task, a province for a commune's sub-assignment): named by the notice's recipient when known.
 */
export function rungName(rung: string | null, language: Language, recipientName?: string | null): string {
  if (rung === 'coordinator' && recipientName) return recipientName;
  return RUNG_NAMES[language][rung ?? ''] ?? rung ?? '';
}

function lateness(f: NoticeFacts, language: Language): string {
  const days = daysLate(f.dueOn, f.at);
  if (language === 'vi') return days > 0 ? `quá hạn ${days} ngày` : 'quá hạn chưa đến 1 ngày';
  return days > 0 ? `${days} day${days === 1 ? '' : 's'} late` : 'less than a day late';
}

type Wording = Record<string, (f: NoticeFacts, task: string, due: string) => [title: string, body: string]>;

const WORDING: Record<Language, Wording> = {
  vi: {
    assigned: (f, task, due) => [`Nhiệm vụ mới: ${f.taskTitle}`, `${f.unitName} được giao ${task}, hạn ${due}.`],
    reminder: (f, task, due) => [`Nhắc hạn ${due}: ${f.taskTitle}`, `${task} giao ${f.unitName} đến hạn ngày ${due}.`],
    overdue: (f, task, due) => [`Quá hạn: ${f.taskTitle}`, `${task} giao ${f.unitName} đã quá hạn (hạn ${due}, ${lateness(f, 'vi')}).`],
    escalation: (f, task, due) => [
      `${f.unitName} quá hạn – báo cáo ${rungName(f.rung, 'vi', f.recipientName)}`,
      `${task} giao ${f.unitName} đã quá hạn (hạn ${due}, ${lateness(f, 'vi')}); đã báo cáo ${rungName(f.rung, 'vi', f.recipientName)} (cấp ${f.escalationLevel}).`,
    ],
    escalation_unacknowledged: (f, task, due) => [
      `Chưa tiếp nhận báo cáo quá hạn – chuyển ${rungName(f.rung, 'vi', f.recipientName)}`,
      `Báo cáo quá hạn ${task} giao ${f.unitName} (hạn ${due}, ${lateness(f, 'vi')}) chưa được tiếp nhận đúng thời gian; chuyển ${rungName(f.rung, 'vi', f.recipientName)}.`,
    ],
    confirmation_reminder: (f, task) => [
      `Đề nghị xác nhận: ${f.unitName} đã báo cáo hoàn thành`,
      `Báo cáo hoàn thành ${task} của ${f.unitName} đang chờ xác nhận.`,
    ],
    extension_requested: (f, task, due) => [
      `${f.unitName} đề nghị gia hạn`,
      `${f.unitName} đề nghị gia hạn ${task} từ ${due} đến ${f.newDueOn ? formatDate(f.newDueOn, 'vi') : '—'}.`,
    ],
    extension_approved: (f, task, due) => [`Đồng ý gia hạn đến ${due}`, `Đồng ý gia hạn ${task}: hạn mới ${due}.`],
    extension_rejected: (f, task, due) => ['Không đồng ý gia hạn', `Không đồng ý gia hạn ${task}; giữ hạn ${due}.`],
    paused: (f, task) => ['Tạm dừng tính thời hạn', `Tạm dừng tính thời hạn ${task} giao ${f.unitName}.`],
    resumed: (f, task, due) => [`Tiếp tục tính thời hạn, hạn mới ${due}`, `Tiếp tục tính thời hạn ${task}: hạn mới ${due}.`],
    completion_reported: (f, task) => [
      `${f.unitName} báo cáo hoàn thành`,
      `${f.unitName} báo cáo hoàn thành ${task}; đề nghị xác nhận hoặc trả lại.`,
    ],
    completed: (f, task) => [`${f.unitName} đã hoàn thành`, `${f.unitName} đã hoàn thành ${task}.`],
    completion_returned: (f, task) => ['Báo cáo hoàn thành bị trả lại', `Báo cáo hoàn thành ${task} bị trả lại; đề nghị thực hiện lại.`],
    cancelled: (f, task) => ['Nhiệm vụ bị hủy', `Đã hủy ${task} giao ${f.unitName}.`],
    declined: (f, task) => [
      `${f.unitName} đề nghị không nhận nhiệm vụ`,
      `${f.unitName} đề nghị không nhận ${task}: ${f.reason ?? ''}. Đề nghị giao lại hoặc giữ nguyên.`,
    ],
    refusal_rejected: (f, task) => ['Văn phòng Chính phủ giữ nguyên việc giao', `${task} tiếp tục giao ${f.unitName}.`],
    reassigned: (f, task) => [`Chuyển sang ${f.reassignedTo ?? '—'}`, `${task} đã chuyển từ ${f.unitName} sang ${f.reassignedTo ?? '—'}.`],
    sub_assignments_done: (f, task, due) => [
      `Các đơn vị trực thuộc đã hoàn thành: ${f.taskTitle}`,
      `Tất cả các đơn vị được ${f.unitName} giao tiếp ${task} đã hoàn thành; đề nghị ${f.unitName} báo cáo kết quả (hạn ${due}).`,
    ],
  },
  en: {
    assigned: (f, task, due) => [`New assignment: ${f.taskTitle}`, `${f.unitName} is assigned ${task}, due ${due}.`],
    reminder: (f, task, due) => [`Due ${due}: ${f.taskTitle}`, `${task}, assigned to ${f.unitName}, is due on ${due}.`],
    overdue: (f, task, due) => [
      `Overdue: ${f.taskTitle}`,
      `${task}, assigned to ${f.unitName}, is overdue (due ${due}, ${lateness(f, 'en')}).`,
    ],
    escalation: (f, task, due) => [
      `${f.unitName} overdue – escalated to ${rungName(f.rung, 'en', f.recipientName)}`,
      `${task}, assigned to ${f.unitName}, is overdue (due ${due}, ${lateness(f, 'en')}); escalated to ${rungName(f.rung, 'en', f.recipientName)} (level ${f.escalationLevel}).`,
    ],
    escalation_unacknowledged: (f, task, due) => [
      `Escalation not acknowledged – passed to ${rungName(f.rung, 'en', f.recipientName)}`,
      `The escalation of ${task}, assigned to ${f.unitName} (due ${due}, ${lateness(f, 'en')}), was not acknowledged in time; it passes to ${rungName(f.rung, 'en', f.recipientName)}.`,
    ],
    confirmation_reminder: (f, task) => [
      `Please confirm: ${f.unitName} reported completion`,
      `${f.unitName}'s completion report for ${task} awaits confirmation.`,
    ],
    extension_requested: (f, task, due) => [
      `${f.unitName} asks for an extension`,
      `${f.unitName} asks to move ${task} from ${due} to ${f.newDueOn ? formatDate(f.newDueOn, 'en') : '—'}.`,
    ],
    extension_approved: (f, task, due) => [`Extension approved: now due ${due}`, `Extension approved for ${task}: now due ${due}.`],
    extension_rejected: (f, task, due) => ['Extension rejected', `Extension rejected for ${task}; it stays due ${due}.`],
    paused: (f, task) => ['Deadline paused', `The deadline of ${task}, assigned to ${f.unitName}, is paused.`],
    resumed: (f, task, due) => [`Deadline resumed: now due ${due}`, `The deadline of ${task} runs again: now due ${due}.`],
    completion_reported: (f, task) => [
      `${f.unitName} reports completion`,
      `${f.unitName} reports ${task} complete; please confirm or return it.`,
    ],
    completed: (f, task) => [`Completed by ${f.unitName}`, `${f.unitName} completed ${task}.`],
    completion_returned: (f, task) => ['Completion report returned', `Your completion report for ${task} was returned; please redo it.`],
    cancelled: (f, task) => ['Assignment cancelled', `${task}, assigned to ${f.unitName}, is cancelled.`],
    declined: (f, task) => [
      `${f.unitName} declines the assignment`,
      `${f.unitName} declines ${task}: ${f.reason ?? ''}. Reassign it or insist.`,
    ],
    refusal_rejected: (f, task) => ['The Government Office insists', `${task} stays with ${f.unitName}.`],
    reassigned: (f, task) => [`Reassigned to ${f.reassignedTo ?? '—'}`, `${task} moved from ${f.unitName} to ${f.reassignedTo ?? '—'}.`],
    sub_assignments_done: (f, task, due) => [
      `All sub-assignments done: ${f.taskTitle}`,
      `Every unit ${f.unitName} passed ${task} on to has completed it; ${f.unitName}'s own report is due ${due}.`,
    ],
  },
};

/** The notice's title and body in the reader's language; null for a kind without wording (keep the stored text). */
export function describeNotice(f: NoticeFacts, language: Language): { title: string; body: string } | null {
  const wording = WORDING[language][f.kind];
  if (!wording) return null;
  const task =
    language === 'vi' ? `nhiệm vụ «${f.taskTitle}» (văn bản ${f.directiveNumber})` : `the task “${f.taskTitle}” (${f.directiveNumber})`;
  const [title, body] = wording(f, task, formatDate(f.dueOn, language));
  return { title, body: body.charAt(0).toUpperCase() + body.slice(1) };
}
