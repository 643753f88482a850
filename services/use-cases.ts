/**
 * Who may run each use case besides the assignment actions (those are in services/actions.ts): one table that
 * the services check on entry and that the API and the web only ask, so the two never disagree. Adapters
 * authenticate and pass the principal; they hold no role lists of their own.
 */
import type { Principal, Role } from './access';
import { forbidden } from './errors';

interface UseCaseSpec {
  roles: readonly Role[];
  /** For the refusal: "<role> may not <doing>". */
  doing: string;
}

const ADMINS = ['admin'] as const;
const COORDINATORS = ['admin', 'coordinator'] as const;

export const USE_CASES = {
  managePeople: { roles: ADMINS, doing: 'manage people' },
  listPeople: { roles: ADMINS, doing: 'list people' },
  issueTokens: { roles: ADMINS, doing: 'issue tokens' },
  revokeTokens: { roles: ADMINS, doing: 'revoke tokens' },
  // Naming one's own acting officer needs no role; naming someone else's is the admin's.
  manageOthersActingGrants: { roles: ADMINS, doing: "manage other people's acting grants" },
  makeMagicLinks: { roles: ADMINS, doing: 'make sign-in links' },
  readAuditLog: { roles: ADMINS, doing: 'read the audit log' },
  registerUnits: { roles: ADMINS, doing: 'register units' },
  loadCalendars: { roles: ADMINS, doing: 'load calendars' },
  readCalendarReplans: { roles: ADMINS, doing: 'read calendar re-plans' },
  applyReorganisations: { roles: ADMINS, doing: 'apply reorganisations' },
  readReorganisationApplications: { roles: ADMINS, doing: 'see reorganisation applications' },

  registerDirectives: { roles: COORDINATORS, doing: 'register directives' },
  assignTasks: { roles: COORDINATORS, doing: 'assign tasks' },
  changeRecurrences: { roles: COORDINATORS, doing: 'change recurrences' },
  importTasks: { roles: COORDINATORS, doing: 'import tasks' },
  draftTasks: { roles: COORDINATORS, doing: 'draft tasks' },
  // A directive's whole task table names every assignee: the coordinators' view, not a unit's.
  exportDirectiveTasks: { roles: COORDINATORS, doing: "export a directive's tasks" },
  actInBulk: { roles: COORDINATORS, doing: 'act on many units at once' },
  // The workflow is the operators' concern: units and leaders see the assignment, not its machinery.
  seeWorkflows: { roles: COORDINATORS, doing: 'see workflows' },
  watchBatchRuns: { roles: COORDINATORS, doing: 'watch batch runs' },
  manageWebhooks: { roles: COORDINATORS, doing: 'manage webhooks' },
  listWebhooks: { roles: COORDINATORS, doing: 'list webhooks' },
  readDeliveryLog: { roles: COORDINATORS, doing: 'read the delivery log' },
  retryDeliveries: { roles: COORDINATORS, doing: 'retry deliveries' },
  setTargets: { roles: COORDINATORS, doing: 'set targets' },
  // The unit's outgoing document for its completion report (who may complete the assignment is asked again).
  uploadOutgoingDocuments: { roles: ['admin', 'coordinator', 'unit'], doing: 'upload outgoing documents' },
  reportMeasuredValues: { roles: ['admin', 'coordinator', 'unit'], doing: 'report measured values' },
} as const satisfies Record<string, UseCaseSpec>;

export type UseCase = keyof typeof USE_CASES;

export function mayRun(p: Principal, useCase: UseCase): boolean {
  return (USE_CASES[useCase].roles as readonly Role[]).includes(p.role);
}

/** The check every use case makes on entry: a 403 problem naming what the role may not do. */
export function authorize(p: Principal, useCase: UseCase): void {
  if (!mayRun(p, useCase)) throw forbidden(`${p.role} may not ${USE_CASES[useCase].doing}`);
}
