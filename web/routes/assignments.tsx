/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** One assignment's page, and acting on it through the action table. */
import { isActionName } from '../../services/actions';
import { actingOn } from '../../services/acting';
import { actOnAssignment, getAssignment } from '../../services/assignments';
import { HTTP_STATUS_OF } from '../../services/error-status';
import { DomainError } from '../../services/errors';
import { mayPassOn, passOn } from '../../services/passing-on';
import { listSubAssignments } from '../../services/rollups';
import { listUnits } from '../../services/units';
import { OPEN_STATUSES } from '../components/assignment-facts';
import { actionCommand, passOnInput, type FormBody } from '../form-input';
import { DICTS } from '../i18n';
import { AssignmentPage } from '../pages/assignment';
import { csrfOf, me, notFoundPage, page, safeReturn, setFlash, type WebApp, type WebContext, type WebDeps } from './context';
import { inLanguage } from '../../domain/titles';

export function assignmentRoutes(web: WebApp, { deps, unit, unitsNow, today }: WebDeps) {
  web.get('/assignments/:taskId/:unitCode', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const a = await getAssignment(deps.sql, p, c.req.param('taskId'), c.req.param('unitCode'));
    const below = await listSubAssignments(deps, p, a.taskId, a.unitCode);
    // The holder chooses among its own units valid today that do not hold the task yet.
    const holding = new Set(below.children.map((child) => child.unitCode));
    // Passing on to a few of a province's hundred units: the holder narrows the list by name (no script needed).
    const unitSearch = (c.req.query('unitSearch') ?? '').trim().slice(0, 100);
    const candidates =
      mayPassOn(p, a.unitCode) && OPEN_STATUSES.has(a.status)
        ? (await listUnits(deps, { parent: a.unitCode, validOn: today(), q: unitSearch || undefined, limit: 500, offset: 0 })).items.filter(
            (u) => !holding.has(u.code),
          )
        : null;
    return page(
      c,
      `${DICTS[lang].assignment}: ${inLanguage(lang, a.taskTitle, a.taskTitleEn)}`,
      <AssignmentPage
        lang={lang}
        temporalUiUrl={deps.temporalUiUrl}
        principal={p}
        csrf={csrfOf(c)}
        a={a}
        below={below}
        candidates={candidates}
        unitSearch={unitSearch}
        unit={unit}
        units={unitsNow()}
        back={c.req.path}
        today={today()}
        absences={await actingOn(deps.sql, p, today(), a.unitCode)}
      />,
    );
  });

  web.post('/assignments/:taskId/:unitCode/pass-on', async (c) => {
    const p = me(c);
    const t = DICTS[c.get('lang')];
    const taskId = c.req.param('taskId');
    const unitCode = c.req.param('unitCode');
    const form = (await c.req.parseBody({ all: true })) as FormBody;
    const back = safeReturn(form._return, `/web/assignments/${encodeURIComponent(taskId)}/${encodeURIComponent(unitCode)}`);
    const parsed = passOnInput(form);
    if (!parsed.ok) return invalidForm(c, back, parsed.why, () => getAssignment(deps.sql, p, taskId, unitCode));
    return formOutcome(c, back, async () => {
      const result = await passOn(deps, p, taskId, unitCode, parsed.input);
      return { status: 202, text: t.passOnSent(result.created.length + result.existing.length) };
    });
  });

  web.post('/assignments/:taskId/:unitCode/:action', async (c) => {
    const p = me(c);
    const t = DICTS[c.get('lang')];
    const taskId = c.req.param('taskId');
    const unitCode = c.req.param('unitCode');
    const action = c.req.param('action');
    if (!isActionName(action)) return notFoundPage(c);
    const form = (await c.req.parseBody()) as FormBody;
    const back = safeReturn(form._return, `/web/assignments/${encodeURIComponent(taskId)}/${encodeURIComponent(unitCode)}`);
    const parsed = actionCommand(action, form);
    if (!parsed.ok) return invalidForm(c, back, parsed.why, () => getAssignment(deps.sql, p, taskId, unitCode));
    const key = (typeof form._key === 'string' ? form._key.trim() : '').slice(0, 100) || undefined;
    return formOutcome(c, back, async () => {
      await actOnAssignment(deps, p, taskId, unitCode, parsed.command, key ? `web/${key}` : undefined);
      return { status: 200, text: t.done };
    });
  });
}

/**
 * A form whose input fails its schema: the flash names the fields. A unit that may not see the assignment learns
 * nothing from a validation message, so visibility is checked first (its not-found answers as any other).
 */
async function invalidForm(c: WebContext, back: string, why: string, checkVisible: () => Promise<unknown>) {
  await checkVisible();
  c.set('auditStatus', 400);
  setFlash(c, 'err', `${DICTS[c.get('lang')].failed}: ${why}`);
  return c.redirect(back, 303);
}

/**
 * Runs a form's work and answers with a redirect and a flash: a rule's refusal becomes the flash (and the audit
 * row's status), an assignment the person may not see the not-found page.
 */
async function formOutcome(c: WebContext, back: string, work: () => Promise<{ status: number; text: string }>) {
  try {
    const done = await work();
    c.set('auditStatus', done.status);
    setFlash(c, 'ok', done.text);
  } catch (err) {
    if (err instanceof DomainError && err.kind === 'not-found') return notFoundPage(c);
    if (!(err instanceof DomainError)) throw err;
    c.set('auditStatus', HTTP_STATUS_OF[err.kind]);
    setFlash(c, 'err', `${DICTS[c.get('lang')].failed}: ${err.message}`);
  }
  return c.redirect(back, 303);
}
