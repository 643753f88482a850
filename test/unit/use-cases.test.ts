/**
 * The core decides who may run a use case: each service refuses a caller its table does not allow before it
 * reads or writes anything (the adapters pass the principal and hold no role lists).
 */
import { describe, expect, it } from 'vitest';
import type { Principal, Role } from '../../services/access';
import { createActingGrant, listActingGrants, revokeActingGrant } from '../../services/acting';
import { listAudit } from '../../services/audit';
import { actInBulk } from '../../services/bulk-actions';
import { getCalendarReplan, loadOfficialCalendarYear } from '../../services/calendars';
import { getDelivery, listDeliveries, retryDelivery } from '../../services/deliveries';
import type { AppDeps } from '../../services/deps';
import { createDirective } from '../../services/directives';
import { draftTasks } from '../../services/draft-pool';
import { DomainError } from '../../services/errors';
import { directiveTaskRows, importTasks } from '../../services/imports';
import { createPerson, issueToken, listPeople, revokeToken } from '../../services/people';
import { getReorganisationApplication, planReorganisation, startReorganisationApply } from '../../services/reorganisations';
import { assignTask, changeRecurrence } from '../../services/tasks';
import { registerUnits } from '../../services/units';
import { USE_CASES, mayRun, type UseCase } from '../../services/use-cases';
import { createWebhook, disableWebhook, listWebhooks } from '../../services/webhooks';
import { makeMagicLink } from '../../services/web-sessions';
import { REORGANISATIONS } from '../../data/units';
import { listBatchRuns } from '../../services/batch-runs';
import { recordMeasurement, setTaskTarget } from '../../services/targets';
import { uploadAssignmentDocument } from '../../services/assignment-document-upload';

const principal = (role: Role): Principal => ({
  id: `a-${role}`,
  tokenId: null,
  role,
  unitCode: role === 'unit' ? 'an-giang' : null,
  scope: role === 'leader' ? ['an-giang'] : 'all',
});

/** Every dependency fails the test if it is touched: a refusal must come before any I/O. */
const touched: string[] = [];
const untouchable = (name: string): any =>
  new Proxy(() => {}, {
    get: (_t, key) => (key === 'then' ? undefined : (touched.push(`${name}.${String(key)}`), untouchable(name))),
    apply: () => {
      touched.push(name);
      throw new Error(`${name} touched before the refusal`);
    },
  });
const deps = { sql: untouchable('sql'), temporal: untouchable('temporal'), units: untouchable('units') } as unknown as AppDeps;
const sql = deps.sql;
const reorg = REORGANISATIONS[0]!;

const calls: [UseCase, (p: Principal) => Promise<unknown>][] = [
  ['managePeople', (p) => createPerson(sql, deps.units, { name: 'x', role: 'unit', unitCode: 'an-giang' } as never, p)],
  ['listPeople', (p) => listPeople(sql, p)],
  ['issueTokens', (p) => issueToken(sql, p, 'x', 'x', 30)],
  ['revokeTokens', (p) => revokeToken(sql, p, 'x')],
  ['readAuditLog', (p) => listAudit(sql, p, { limit: 1 })],
  ['makeMagicLinks', (p) => makeMagicLink(deps, p, 'x')],
  ['registerUnits', (p) => registerUnits(deps, p, [])],
  ['loadCalendars', (p) => loadOfficialCalendarYear(deps, p, { year: 2026, sources: [], daysOff: [], workingSaturdays: [] })],
  ['readCalendarReplans', (p) => getCalendarReplan(deps, p, 2026, 1)],
  ['applyReorganisations', (p) => startReorganisationApply(deps, p, reorg)],
  ['applyReorganisations', (p) => planReorganisation(deps, p, reorg)],
  ['readReorganisationApplications', (p) => getReorganisationApplication(deps, p, reorg, reorg.id)],
  ['registerDirectives', (p) => createDirective(sql, p, {} as never)],
  ['assignTasks', (p) => assignTask(deps, p, 'd', {} as never)],
  ['changeRecurrences', (p) => changeRecurrence(deps, p, 't', {} as never)],
  ['importTasks', (p) => importTasks(deps, p, 'd', { rows: [], letters: {} } as never, { dryRun: true })],
  ['draftTasks', (p) => draftTasks(deps, p, { text: 'x', issuedOn: '2026-01-01' })],
  ['exportDirectiveTasks', (p) => directiveTaskRows(deps, p, 'd')],
  ['actInBulk', (p) => actInBulk(deps, p, 't', ['an-giang'], { action: 'acknowledge', input: {} })],
  ['manageWebhooks', (p) => createWebhook(deps, {} as never, p)],
  ['manageWebhooks', (p) => disableWebhook(sql, p, 'x')],
  ['listWebhooks', (p) => listWebhooks(sql, p)],
  ['readDeliveryLog', (p) => listDeliveries(sql, p, { limit: 1 })],
  ['readDeliveryLog', (p) => getDelivery(sql, p, '1')],
  ['retryDeliveries', (p) => retryDelivery(sql, p, '1')],
  ['watchBatchRuns', (p) => listBatchRuns(deps, p)],
  ['setTargets', (p) => setTaskTarget(deps, p, 't', null)],
  ['reportMeasuredValues', (p) => recordMeasurement(deps, p, 't', 'an-giang', {} as never)],
  [
    'uploadOutgoingDocuments',
    (p) =>
      uploadAssignmentDocument(deps, p, 't', 'an-giang', { bytes: new Uint8Array([1]), name: 'x.pdf', contentType: 'application/pdf' }, 10),
  ],
  // One's own grants need no role (the principal's id is `a-<role>`); someone else's are the admin's.
  [
    'manageOthersActingGrants',
    (p) => createActingGrant(sql, p, 'someone-else', { actingPersonId: 'x', fromOn: '2030-01-01', toOn: '2030-01-02' }),
  ],
  ['manageOthersActingGrants', (p) => listActingGrants(sql, p, 'someone-else')],
  ['manageOthersActingGrants', (p) => revokeActingGrant(sql, p, 'someone-else', 'ag_x')],
];

describe('use cases decide who may run them', () => {
  it.each(calls.map(([useCase, call], i) => ({ useCase, call, name: `${useCase} #${i}` })))(
    '$name: a role the table does not allow is refused (403) before any I/O',
    async ({ useCase, call }) => {
      const refused = (['admin', 'coordinator', 'unit', 'leader'] as const).filter((r) => !mayRun(principal(r), useCase));
      expect(refused.length).toBeGreaterThan(0);
      for (const role of refused) {
        touched.length = 0;
        const err = await call(principal(role)).then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(DomainError);
        expect((err as DomainError).kind).toBe('forbidden');
        expect((err as DomainError).message).toBe(`${role} may not ${USE_CASES[useCase].doing}`);
        expect(touched).toEqual([]);
      }
    },
  );

  it('an allowed role gets past the check (and reaches its dependencies)', async () => {
    touched.length = 0;
    await listPeople(sql, principal('admin')).catch(() => null);
    expect(touched).not.toEqual([]);
  });

  it('every use case in the table is checked above (but the one only the web asks, to show a workflow id)', () => {
    const checked = new Set(calls.map(([u]) => u));
    const elsewhere: UseCase[] = ['seeWorkflows'];
    expect(Object.keys(USE_CASES).filter((u) => !checked.has(u as UseCase) && !elsewhere.includes(u as UseCase))).toEqual([]);
  });
});
