/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** The page an escalation email's one-click link opens: the escalation, and the button that acknowledges it. */
import type { AckLinkOutcome } from '../../services/ack-links';
import type { Lang } from '../i18n';

const WORDS = {
  vi: {
    ask: (level: number, task: string, unit: string) =>
      `Xác nhận đã tiếp nhận báo cáo quá hạn cấp ${level}: nhiệm vụ ${task} giao ${unit}.`,
    button: 'Xác nhận đã tiếp nhận',
    done: 'Đã ghi nhận: anh/chị đã tiếp nhận báo cáo quá hạn này.',
    used: 'Liên kết này đã được dùng: báo cáo quá hạn đã được tiếp nhận.',
    refused: 'Không thể xác nhận',
  },
  en: {
    ask: (level: number, task: string, unit: string) => `Acknowledge the level ${level} escalation of task ${task} assigned to ${unit}.`,
    button: 'Acknowledge',
    done: 'Recorded: you have acknowledged this escalation.',
    used: 'This link has been used already: the escalation was acknowledged.',
    refused: 'Cannot acknowledge',
  },
} as const;

export function AckLinkPage(props: { lang: Lang; pre: string; token: string; outcome: AckLinkOutcome; unitName: string }) {
  const w = WORDS[props.lang];
  const o = props.outcome;
  if (o.kind === 'refused')
    return (
      <div class="card" style="max-width:34rem">
        <p role="alert" data-testid="ack-refused">
          {w.refused}: {o.reason}
        </p>
      </div>
    );
  if (o.kind === 'acknowledged' || o.kind === 'used')
    return (
      <div class="card" style="max-width:34rem">
        <p role="status" data-testid={`ack-${o.kind}`}>
          {o.kind === 'acknowledged' ? w.done : w.used}
        </p>
      </div>
    );
  return (
    <form method="post" action={`/web/ack/${encodeURIComponent(props.token)}`} class="card" style="max-width:34rem">
      <input type="hidden" name="_csrf" value={props.pre} />
      <p>{w.ask(o.claim.level, o.claim.taskId, props.unitName)}</p>
      <button type="submit" data-testid="ack-escalation">
        {w.button}
      </button>
    </form>
  );
}
