/**
 * An assignment's timeline in words: each event kind as a sentence in the reader's language, saying who did
 * what, the planned and the actual time of scheduled steps, and the document a completion cites. Pure: the
 * page supplies the unit names.
 */
import { parseEndedWithLeadReason } from '../domain/cooperation';
import { fmtDate, fmtInstant, type Lang } from './i18n';

export interface TimelineEvent {
  kind: string;
  at: string;
  actor: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** A unit's name from its code (the page knows the directory). */
export type UnitNamer = (code: string) => string;

const RUNGS: Record<Lang, Record<string, string>> = {
  vi: { unit_head: 'Thủ trưởng đơn vị', supervising_leader: 'Lãnh đạo phụ trách', coordinator: 'Văn phòng Chính phủ / điều phối' },
  en: { unit_head: 'Head of the unit', supervising_leader: 'Supervising leader', coordinator: 'Government Office / coordinator' },
};

/** An escalation rung by name ("coordinator" → "Văn phòng Chính phủ / điều phối"); unknown rungs as they are. */
export function rungLabel(lang: Lang, rung: string | null | undefined): string {
  if (!rung) return '';
  return RUNGS[lang][rung] ?? rung;
}

/** "3" with its rung: "3 – Văn phòng Chính phủ / điều phối"; level 0 in words, never a bare 0. */
export function escalationText(lang: Lang, level: number, rung: string | null | undefined): string {
  if (level === 0) return lang === 'vi' ? 'Chưa đôn đốc' : 'Not escalated';
  return rung ? `${level} – ${rungLabel(lang, rung)}` : String(level);
}

const SYSTEM_ACTORS: Record<Lang, Record<string, string>> = {
  vi: { timer: 'Hệ thống (theo lịch)', seed: 'Dữ liệu mẫu', system: 'Hệ thống' },
  en: { timer: 'The system (on schedule)', seed: 'Seed data', system: 'The system' },
};
const ROLES: Record<Lang, Record<string, string>> = {
  vi: { admin: 'quản trị', coordinator: 'điều phối', unit: 'đơn vị', leader: 'lãnh đạo' },
  en: { admin: 'administrator', coordinator: 'coordinator', unit: 'unit', leader: 'leader' },
};

/** Who acted: the system by what it did, a person by id and role. */
export function actorText(lang: Lang, actor: Record<string, unknown>): string {
  const id = String(actor.id ?? '');
  const kind = String(actor.kind ?? '');
  if (kind === 'system') return SYSTEM_ACTORS[lang][id] ?? `${SYSTEM_ACTORS[lang].system} (${id})`;
  const role = ROLES[lang][kind];
  const who = role ? `${id} (${role})` : id || kind;
  // An acting officer's action (services/acting.ts): whose rights it was taken under.
  if (typeof actor.onBehalfOf === 'string') return `${who}, ${lang === 'vi' ? 'thay mặt' : 'on behalf of'} ${actor.onBehalfOf}`;
  return who;
}

/** The policy's offset as written ("3 days", "2 working days", "repeat 4", "PT30S") in the reader's words. */
export function offsetText(lang: Lang, label: unknown): string {
  const s = String(label ?? '');
  const vi = lang === 'vi';
  let m = /^(\d+) working days?$/.exec(s);
  if (m) return vi ? `${m[1]} ngày làm việc` : s;
  m = /^(\d+) days?$/.exec(s);
  if (m) return vi ? `${m[1]} ngày` : s;
  m = /^repeat (\d+)$/.exec(s);
  if (m) return vi ? `nhắc lại lần ${m[1]}` : `repeat ${m[1]}`;
  m = /^P(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)$/.exec(s);
  if (m) {
    const units = vi ? ['giờ', 'phút', 'giây'] : ['h', 'min', 's'];
    const parts = [m[1], m[2], m[3]].flatMap((n, i) => (n ? [`${n} ${units[i]}`] : []));
    if (parts.length) return parts.join(' ');
  }
  if (s === 'due date passed') return vi ? 'hết hạn' : s;
  return s;
}

const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const instant = (lang: Lang, ms: unknown) => (typeof ms === 'number' ? fmtInstant(lang, new Date(ms).toISOString()) : '—');
/** The unit of an assignment workflow id (`assignment/<task>/<unit>`). */
const unitOfWorkflow = (workflowId: unknown) => str(workflowId).split('/').pop() ?? '';

/** A planned step by its key (`<dueOn>/reminder/0`, `<dueOn>/escalation/2`, `<dueOn>/overdue`) in words. */
function stepName(lang: Lang, key: string): string {
  const [, kind = '', index, repeat] = key.split('/');
  const vi = lang === 'vi';
  if (kind === 'overdue') return vi ? 'mốc quá hạn' : 'the overdue moment';
  if (kind === 'escalation' && index === 'repeat') return vi ? `lần đôn đốc nhắc lại ${repeat}` : `escalation repeat ${repeat}`;
  const n = Number(index) + 1;
  if (kind === 'reminder') return vi ? `lần nhắc hạn ${n}` : `reminder ${n}`;
  if (kind === 'escalation') return vi ? `cấp đôn đốc ${n}` : `escalation level ${n}`;
  return key;
}

/** The event as a sentence in the reader's language. */
export function timelineSentence(lang: Lang, e: TimelineEvent, unitName: UnitNamer): string {
  const vi = lang === 'vi';
  const d = e.data;
  const who = actorText(lang, e.actor);
  const date = (v: unknown) => fmtDate(lang, str(v));
  const withNote = (sentence: string, note: unknown) => (str(note) ? `${sentence}: ${str(note)}` : `${sentence}.`);
  const schedule = () =>
    vi
      ? `theo lịch lúc ${instant(lang, d.scheduledAt)}, thực hiện lúc ${fmtInstant(lang, e.at)}`
      : `planned for ${instant(lang, d.scheduledAt)}, sent ${fmtInstant(lang, e.at)}`;
  switch (e.kind) {
    case 'assigned': {
      const from = d.predecessor ? unitName(unitOfWorkflow(d.predecessor)) : null;
      if (vi) return `Giao nhiệm vụ, hạn ${date(d.dueOn)}${from ? `, tiếp nhận từ ${from}` : ''}.`;
      return `Assigned, due ${date(d.dueOn)}${from ? `, taken over from ${from}` : ''}.`;
    }
    case 'reminder':
      return vi
        ? `Nhắc hạn (${offsetText(lang, d.offset)} trước hạn), ${schedule()}.`
        : `Reminder (${offsetText(lang, d.offset)} before due), ${schedule()}.`;
    case 'overdue':
      return vi
        ? `Quá hạn: hết hạn lúc ${instant(lang, d.scheduledAt)}, ghi nhận lúc ${fmtInstant(lang, e.at)}.`
        : `Overdue: due ${instant(lang, d.scheduledAt)}, recorded ${fmtInstant(lang, e.at)}.`;
    case 'escalation':
      return vi
        ? `Báo cáo ${rungLabel(lang, str(d.rung))} (cấp ${str(d.level)}, ${offsetText(lang, d.offset)} sau hạn), ${schedule()}.`
        : `Escalated to ${rungLabel(lang, str(d.rung))} (level ${str(d.level)}, ${offsetText(lang, d.offset)} after due), ${schedule()}.`;
    case 'confirmation_reminder':
      return vi
        ? `Nhắc Văn phòng Chính phủ xác nhận báo cáo hoàn thành (${offsetText(lang, d.offset)}), ${schedule()}.`
        : `Reminded the coordinator to confirm the report (${offsetText(lang, d.offset)}), ${schedule()}.`;
    case 'acknowledged':
      return vi
        ? `${who} xác nhận đã nhận nhiệm vụ${d.already ? ' (đã nhận trước đó)' : ''}.`
        : `${who} acknowledged the assignment${d.already ? ' (already acknowledged)' : ''}.`;
    case 'progress_reported':
      return withNote(vi ? `${who} báo cáo tiến độ ${str(d.percent)}%` : `${who} reported ${str(d.percent)}% progress`, d.note);
    case 'completion_reported':
    case 'completed': {
      if (d.confirmedBy) return withNote(vi ? `${who} xác nhận hoàn thành` : `${who} confirmed completion`, d.note);
      const doc = str(d.documentNumber)
        ? vi
          ? ` theo văn bản số ${str(d.documentNumber)}${d.documentDate ? ` ngày ${date(d.documentDate)}` : ''}`
          : ` with document ${str(d.documentNumber)}${d.documentDate ? ` of ${date(d.documentDate)}` : ''}`
        : '';
      const timing = d.onTime === true ? (vi ? ', đúng hạn' : ', on time') : d.onTime === false ? (vi ? ', trễ hạn' : ', late') : '';
      return withNote(vi ? `${who} báo cáo hoàn thành${doc}${timing}` : `${who} reported completion${doc}${timing}`, d.note);
    }
    case 'completion_returned':
      return withNote(vi ? `${who} trả lại báo cáo hoàn thành` : `${who} returned the completion report`, d.reason);
    case 'extension_requested':
      return withNote(
        vi
          ? `${who} đề nghị gia hạn từ ${date(d.currentDueOn)} đến ${date(d.newDueOn)}`
          : `${who} asked to move the due date from ${date(d.currentDueOn)} to ${date(d.newDueOn)}`,
        d.reason,
      );
    case 'extension_approved':
      return withNote(
        vi
          ? `${str(d.decidedBy) || who} đồng ý gia hạn từ ${date(d.from)} đến ${date(d.to)}`
          : `${str(d.decidedBy) || who} moved the due date from ${date(d.from)} to ${date(d.to)}`,
        d.note,
      );
    case 'extension_rejected':
      return withNote(
        vi
          ? `${str(d.decidedBy) || who} không đồng ý gia hạn đến ${date(d.requestedDueOn)}`
          : `${str(d.decidedBy) || who} refused the extension to ${date(d.requestedDueOn)}`,
        d.note,
      );
    case 'paused':
      return withNote(
        vi ? `${who} tạm dừng tính thời hạn (hạn ${date(d.dueOn)})` : `${who} paused the deadline (due ${date(d.dueOn)})`,
        d.reason,
      );
    case 'resumed':
      return withNote(
        vi
          ? `${who} tiếp tục tính thời hạn sau ${str(d.pausedWorkingDays)} ngày làm việc tạm dừng: hạn từ ${date(d.from)} thành ${date(d.to)}`
          : `${who} resumed the deadline after ${str(d.pausedWorkingDays)} working days paused: due ${date(d.from)} moved to ${date(d.to)}`,
        d.note,
      );
    case 'cancelled': {
      const withLead = parseEndedWithLeadReason(str(d.reason));
      if (withLead) {
        const lead = unitName(withLead.leadUnit);
        return withNote(
          vi
            ? `${who} hủy phần phối hợp: nhiệm vụ chủ trì của ${lead} đã bị hủy`
            : `${who} cancelled the contribution: the lead assignment of ${lead} was cancelled`,
          withLead.leadReason,
        );
      }
      return withNote(vi ? `${who} hủy nhiệm vụ` : `${who} cancelled the assignment`, d.reason);
    }
    case 'reassigned':
      return withNote(
        vi
          ? `${who} chuyển nhiệm vụ từ ${unitName(str(d.fromUnit))} sang ${unitName(str(d.toUnit))}`
          : `${who} moved the assignment from ${unitName(str(d.fromUnit))} to ${unitName(str(d.toUnit))}`,
        d.reason,
      );
    case 'declined':
      return withNote(vi ? `${who} đề nghị không nhận nhiệm vụ` : `${who} declined the assignment`, d.reason);
    case 'refusal_rejected':
      return withNote(vi ? `${who} giữ nguyên việc giao cho đơn vị` : `${who} kept the assignment with the unit`, d.note);
    case 'calendar_changed': {
      const moved = Array.isArray(d.movedSteps) ? (d.movedSteps as { step?: unknown; from?: unknown; to?: unknown }[]) : [];
      const at = (v: unknown) => (typeof v === 'string' ? fmtInstant(lang, v) : '—');
      const moves = moved.map(
        (m) => `${stepName(lang, str(m.step))} ${vi ? 'từ' : 'from'} ${at(m.from)} ${vi ? 'sang' : 'to'} ${at(m.to)}`,
      );
      if (vi)
        return `Lịch làm việc năm ${str(d.year)} thay đổi (${d.official ? 'chính thức' : 'tạm tính'}, phiên bản ${str(d.version)}): ${moves.length ? `dời ${moves.join('; ')}` : 'không mốc nào dời'}.`;
      return `The ${str(d.year)} working calendar changed (${d.official ? 'official' : 'provisional'}, version ${str(d.version)}): ${moves.length ? `moved ${moves.join('; ')}` : 'no step moved'}.`;
    }
    default:
      return '';
  }
}
