/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** One task's unit grid, and the coordinator's bulk actions over the selected units. */
import { seesAllUnits } from '../../services/access';
import { listAssignments } from '../../services/assignments';
import { actInBulk, MAX_BULK_UNITS } from '../../services/bulk-actions';
import { taskHeading } from '../../services/dashboard';
import { taskProgress } from '../../services/progress';
import { STATUSES, type Status } from '../../domain/status';
import { DICTS } from '../i18n';
import { TaskPage } from '../pages/task-grid';
import { bulkCommand } from '../form-input';
import { csrfOf, me, notFoundPage, page, setFlash, type WebApp, type WebDeps } from './context';
import { inLanguage } from '../../domain/titles';

const GRID_PAGE = 200;
const BELOW_LIMIT = 500;

export function taskRoutes(web: WebApp, { deps, unit, unitsNow, today }: WebDeps) {
  web.get('/tasks/:taskId', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const taskId = c.req.param('taskId');
    const task = await taskHeading(deps, p, taskId);
    if (!task) return notFoundPage(c);
    const statusQ = c.req.query('status') ?? '';
    const status = (STATUSES as readonly string[]).includes(statusQ) ? (statusQ as Status) : undefined;
    const cursor = c.req.query('cursor')?.slice(0, 500);
    // Readers who see every unit get the assigner's rows with the levels nested below; others their own rows.
    const [progress, list, below] = await Promise.all([
      taskProgress(deps, p, taskId, 30),
      listAssignments(deps.sql, p, { task: taskId, status, limit: GRID_PAGE, cursor, level: seesAllUnits(p) ? 'top' : undefined }),
      listAssignments(deps.sql, p, { task: taskId, level: 'below', limit: BELOW_LIMIT }),
    ]);
    return page(
      c,
      inLanguage(lang, task.title, task.titleEn),
      <TaskPage
        lang={lang}
        principal={p}
        csrf={csrfOf(c)}
        task={task}
        progress={progress}
        items={list.items}
        below={below.items}
        nextCursor={list.nextCursor}
        status={status ?? ''}
        statuses={STATUSES}
        units={unitsNow()}
        unit={unit}
        today={today()}
      />,
    );
  });

  web.post('/tasks/:taskId/bulk', async (c) => {
    const p = me(c);
    const t = DICTS[c.get('lang')];
    const taskId = c.req.param('taskId');
    const back = `/web/tasks/${encodeURIComponent(taskId)}`;
    const form = await c.req.parseBody({ all: true });
    const selected = ([] as unknown[])
      .concat(form.units ?? [])
      .map(String)
      .slice(0, MAX_BULK_UNITS);
    // Validated once, with the action's own schema, before acting on each selected unit.
    const parsed = bulkCommand(form);
    if (!parsed.ok || selected.length === 0) {
      setFlash(c, 'err', `${t.failed}: ${parsed.ok ? `${t.select}: 0` : parsed.why}`);
      c.set('auditStatus', 400);
      return c.redirect(back, 303);
    }
    const { done, refused } = await actInBulk(deps, p, taskId, selected, parsed.command, String(form.reason ?? '').trim());
    const results = refused.map((r) => `${r.unitCode}: ${r.message}`);
    c.set('auditStatus', results.length ? 207 : 200);
    setFlash(c, results.length ? 'err' : 'ok', `${t.done} ${done}/${selected.length}${results.length ? ` — ${results.join('; ')}` : ''}`);
    return c.redirect(back, 303);
  });
}
