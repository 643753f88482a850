/** What the API needs from the rest of the process, passed in so tests can build it over real servers. */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { CalendarData } from '../domain/calendar';
import type { PolicyFloor } from '../domain/policy';
import type { Sql } from '../db/sql';
import type { EdxmlOutbound } from '../config/edxml-outbound';
import type { Authenticate } from './access';
import type { OidcProvider } from './oidc-provider';
import type { Quotas } from './quotas';
import type { UnitDirectory } from './unit-directory';

/** Prometheus metrics: on the API's port or not, on a port of their own, behind a bearer token. */
export interface MetricsExposure {
  onApiPort: boolean;
  /** A port of their own (0: any free one); null: none. */
  port: number | null;
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | null;
}

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
  /** Base of every absolute link (sign-in links, feed URLs): PUBLIC_URL, never a request's Host. */
  publicUrl?: string;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  trustedProxies?: string[];
  /** Failed sign-ins (401s) a minute per client address, and dashboard sign-in/link forms a minute. */
  failedAuthPerMinute?: number;
  webSignInPerMinute?: number;
  /** Where /metrics is served (config/env.ts metricsSettingsFromEnv); absent: on the API's port, to anyone. */
  metrics?: MetricsExposure;
  /** Per-caller quotas (services/quotas.ts; defaults there). */
  quotas?: Quotas;
  /** The Temporal UI, for links to an assignment's workflow (TEMPORAL_UI_URL); no link when unset. */
  temporalUiUrl?: string | null;
  /** The embedded stack of `npm start` (dev/system.ts): the sign-in page may mention its development token. */
  developmentStack?: boolean;
  /** How close a task's policy steps may be (default: one hour, no demo policies; test and demo stacks lower it). */
  policyFloor: PolicyFloor;
  /** The organisation's identity provider (OIDC_ISSUER); null or absent: none. */
  oidc?: OidcProvider | null;
  /** The dashboard's own sign-in (a pasted token, a one-time link); default on. */
  localSignIn?: boolean;
  /** Where dondoc's EDXML packages go (EDXML_OUTBOUND_URL); null or absent: none are enqueued. */
  edxmlOutbound?: EdxmlOutbound | null;
  /** The organ dondoc speaks for in EDXML status messages (EDXML_ORGAN_ID, EDXML_ORGAN_NAME). */
  edxmlOrgan?: EdxmlOutbound['organ'];
  /** Wall clock for read-side decisions; workflows keep their own time. */
  now?: () => number;
}
