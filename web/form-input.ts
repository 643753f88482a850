/**
 * A form post turned into an action's input, in one place: each action's fields read from the form, then validated
 * with the action table's own schema (ACTIONS[name].input), so the web accepts exactly what the API accepts.
 */
import { z } from 'zod';
import { ACTIONS, type ActionCommand, type ActionName } from '../services/actions';
import { isoDate, text, unitCode } from '../services/input-pieces';
import type { PassOnInput } from '../services/passing-on';

export type FormBody = Record<string, string | File | (string | File)[]>;

type Parsed = { ok: true; command: ActionCommand } | { ok: false; why: string };

function reader(form: FormBody) {
  const str = (k: string) => (typeof form[k] === 'string' ? (form[k] as string).trim() : '');
  const opt = (k: string) => str(k) || undefined;
  return { str, opt };
}

/** Each action's fields as its form names them. */
function rawInput(name: ActionName, form: FormBody): unknown {
  const { str, opt } = reader(form);
  switch (name) {
    case 'acknowledge':
      return {};
    case 'progress':
      return { percent: Number(str('percent')), note: str('note') };
    case 'complete':
      return {
        note: str('note'),
        evidenceUrl: opt('evidenceUrl'),
        documentNumber: opt('documentNumber'),
        documentDate: opt('documentDate'),
      };
    case 'requestExtension':
      return { newDueOn: str('newDueOn'), reason: str('reason') };
    case 'decideExtension':
      return { approve: str('approve') === 'true', note: str('note') };
    case 'reassign':
      return { toUnit: str('toUnit'), reason: str('reason') };
    case 'cancel':
    case 'return':
    case 'decline':
    case 'pause':
      return { reason: str('reason') };
    case 'confirm':
      return { note: opt('note') };
    case 'acknowledgeEscalation':
      return {};
    case 'insist':
    case 'resume':
      return { note: str('note') };
  }
}

const issuesText = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');

function validated(name: ActionName, raw: unknown): Parsed {
  const parsed = ACTIONS[name].input.safeParse(raw);
  if (!parsed.success) return { ok: false, why: issuesText(parsed.error) };
  // Parsed with this action's own schema.
  return { ok: true, command: { action: name, input: parsed.data } as ActionCommand };
}

/** One assignment's action form. */
export function actionCommand(name: ActionName, form: FormBody): Parsed {
  return validated(name, rawInput(name, form));
}

/** The task grid's bulk form: extend (request and approve at once), cancel or reassign the selected units. */
export const BULK_ACTIONS = { extend: 'requestExtension', cancel: 'cancel', reassign: 'reassign' } as const satisfies Record<
  string,
  ActionName
>;

export function bulkCommand(form: FormBody): Parsed {
  const { str } = reader(form);
  const choice = str('action');
  if (!Object.hasOwn(BULK_ACTIONS, choice)) return { ok: false, why: `action: ${choice || '—'}` };
  const name = BULK_ACTIONS[choice as keyof typeof BULK_ACTIONS];
  // A bulk extension needs no reason from the units' side: the coordinator's own reason, or a dash.
  const raw = name === 'requestExtension' ? { newDueOn: str('newDueOn'), reason: str('reason') || '—' } : rawInput(name, form);
  return validated(name, raw);
}

const passOnFields = z.object({
  units: z.array(unitCode).min(1, 'choose at least one unit').max(500),
  dueOn: isoDate,
  note: text(2000),
  confirmationRequired: z.boolean(),
});

/** The pass-on form: the chosen units below the holder, one internal due date and note for all of them. */
export function passOnInput(form: FormBody): { ok: true; input: PassOnInput } | { ok: false; why: string } {
  const { str } = reader(form);
  const parsed = passOnFields.safeParse({
    units: ([] as unknown[]).concat(form.units ?? []).filter((u) => typeof u === 'string'),
    dueOn: str('dueOn'),
    note: str('note'),
    confirmationRequired: str('confirmationRequired') === 'true',
  });
  if (!parsed.success) return { ok: false, why: issuesText(parsed.error) };
  const { units, dueOn, note, confirmationRequired } = parsed.data;
  return { ok: true, input: { children: units.map((code) => ({ unitCode: code, dueOn })), note: note || undefined, confirmationRequired } };
}
