/** What the API needs from the rest of the process, passed in so tests can build it over real servers. */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { CalendarData } from '../domain/calendar';
import type { PolicyFloor } from '../domain/policy';
import type { Sql } from '../db/sql';
import type { Authenticate } from './access';
import type { UnitDirectory } from './unit-directory';

export interface AppDeps {
  sql: Sql;
  temporal: Client;
  taskQueue: string;
  authenticate: Authenticate;
  units: UnitDirectory;
  /** The official calendar as currently loaded (admins may add years). */
  calendar: () => Promise<CalendarData>;
  /** Forget the cached calendar after an admin loads a year. */
  invalidateCalendar?: () => void;
  logger: Logger;
  /** The unit whose coordinators receive top-rung escalations: the Government Office. */
  coordinatorUnit: string;
  /** Requests a minute per caller before 429 (default 600). */
  rateLimitPerMinute?: number;
  /** Hosts webhook subscriptions may point at; null or absent allows any. */
  webhookAllowedHosts?: string[] | null;
  /** How close a task's policy steps may be (default from services/policy-floor.ts: one hour, no demo policies). */
  policyFloor?: PolicyFloor;
  /** Wall clock for read-side decisions; workflows keep their own time. */
  now?: () => number;
}
