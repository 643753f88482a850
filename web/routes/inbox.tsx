/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/** A unit's inbox by section; others pick the unit. */
import { canSeeUnit } from '../../services/access';
import { actingOn } from '../../services/acting';
import { listAssignments, listAwaitingDecision } from '../../services/assignments';
import type { Status } from '../../domain/status';
import { DICTS, unitName } from '../i18n';
import { Inbox, type InboxSection } from '../pages/inbox';
import { csrfOf, me, notFoundPage, page, type WebApp, type WebDeps } from './context';

const INBOX_PAGE = 50;

export function inboxRoutes(web: WebApp, { deps, unit, today }: WebDeps) {
  web.get('/inbox', async (c) => {
    const p = me(c);
    const lang = c.get('lang');
    const t = DICTS[lang];
    const unitCode = p.role === 'unit' ? p.unitCode! : (c.req.query('unit') ?? p.unitCode ?? '').slice(0, 80);
    const picker = p.role !== 'unit';
    if (unitCode && !canSeeUnit(p, unitCode)) return notFoundPage(c);
    const only = c.req.query('section');
    const cursor = c.req.query('cursor')?.slice(0, 500);
    const defs: { key: string; heading: string; status: Status }[] = [
      { key: 'overdue', heading: t.overdueSection, status: 'overdue' },
      { key: 'due_soon', heading: `${t.dueSection} — ${lang === 'vi' ? 'sắp đến hạn' : 'due soon'}`, status: 'due_soon' },
      { key: 'not_due', heading: t.dueSection, status: 'not_due' },
      { key: 'awaiting_confirmation', heading: t.awaitingSection, status: 'awaiting_confirmation' },
      { key: 'completed_on_time', heading: `${t.doneSection} — ${lang === 'vi' ? 'đúng hạn' : 'on time'}`, status: 'completed_on_time' },
      { key: 'completed_late', heading: `${t.doneSection} — ${lang === 'vi' ? 'trễ hạn' : 'late'}`, status: 'completed_late' },
    ];
    const back = c.req.path + (new URL(c.req.url).search || '');
    const sections: InboxSection[] = unitCode
      ? await Promise.all(
          defs
            .filter((d) => !only || d.key === only)
            .map(async (d) => {
              const list = await listAssignments(deps.sql, p, {
                unit: unitCode,
                status: d.status,
                limit: INBOX_PAGE,
                cursor: only ? cursor : undefined,
              });
              const more = list.nextCursor
                ? `/web/inbox?${new URLSearchParams({ ...(picker ? { unit: unitCode } : {}), section: d.key, cursor: list.nextCursor })}`
                : null;
              return { key: d.key, heading: d.heading, items: list.items, more };
            }),
        )
      : [];
    // What the unit decides on as the unit others answer to (its sub-assignments, the contributions to its lead).
    if (unitCode && (!only || only === 'decisions')) {
      const items = await listAwaitingDecision(deps.sql, p, unitCode, INBOX_PAGE);
      if (items.length) sections.unshift({ key: 'decisions', heading: t.decisionsSection, items, more: null });
    }
    const absences = unitCode ? await actingOn(deps.sql, p, today(), unitCode) : [];
    return page(
      c,
      `${t.inbox}${unitCode ? ` — ${unit(unitCode)?.[lang === 'en' ? 'nameEn' : 'nameVi'] ?? unitCode}` : ''}`,
      <Inbox
        lang={lang}
        principal={p}
        csrf={csrfOf(c)}
        unitCode={unitCode}
        sections={sections}
        back={back}
        today={today()}
        unitPicker={picker}
        unitLabel={(code) => unitName(lang, unit(code), code)}
        absences={absences}
      />,
    );
  });
}
