/** Settings from the environment, validated once; `.env.example` documents each. */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import type { DeliverySettings } from '../activities/delivery-config';
import type { DeliveryDispatcherInput } from '../workflows/contract';
import { DEFAULT_EDXML_ORGAN, type EdxmlOutbound } from './edxml-outbound';
import { PRODUCTION_MIN_INTERVAL_MS, type PolicyFloor } from '../domain/policy';
import { DEFAULT_CONCURRENT_FANOUT_BATCHES, DEFAULT_MAX_CACHED_WORKFLOWS, DEFAULT_WORKFLOW_HEAP_MB } from './worker-defaults';

/** Settings parsed by a schema, or an error naming every bad one. */
function parseSettings<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid environment: ${problems}`);
  }
  return parsed.data;
}

// An empty line in an env file (`METRICS_PORT=`) means unset, not port 0 or an empty token.
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/**
 * Drafts from a notice's text (POST /v1/directives/drafts), read on their own by services/draft-pool.ts: the
 * longest text (413 past it), the most tasks and units per task in one answer (422 past them), the time budget
 * of one extraction (413 past it), and the worker threads, queue and heap that run extractions off the event loop.
 */
const draftSchema = z.object({
  DRAFT_MAX_TEXT_CHARS: z.coerce.number().int().min(1_000).default(200_000),
  DRAFT_MAX_TASKS: z.coerce.number().int().min(1).default(500),
  DRAFT_MAX_UNITS_PER_TASK: z.coerce.number().int().min(1).default(120),
  DRAFT_TIME_BUDGET_MS: z.coerce.number().int().min(100).default(10_000),
  DRAFT_THREADS: z.coerce.number().int().min(1).default(2),
  DRAFT_QUEUE: z.coerce.number().int().min(0).default(4),
  DRAFT_HEAP_MB: z.coerce.number().int().min(64).default(256),
  DRAFT_MAX_PAGES: z.coerce.number().int().min(1).default(200),
});

// Task table imports (XLSX and CSV uploads): what one upload may cost before and while it is parsed.
const importEnvSchema = z.object({
  // The largest upload (bytes) the import reads.
  IMPORT_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  // An XLSX archive's entries inflated together (bytes), counted as they inflate (declared sizes can lie).
  IMPORT_MAX_INFLATED_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(50 * 1024 * 1024),
  // An entry's inflated bytes per compressed byte (real workbooks: 2-25; a bomb of spaces: about 1000).
  IMPORT_MAX_COMPRESSION_RATIO: z.coerce.number().positive().default(200),
  // Files in an XLSX archive.
  IMPORT_MAX_ARCHIVE_ENTRIES: z.coerce.number().int().min(1).default(500),
  // One upload's parse (archive check included), in a worker thread that is ended past it.
  IMPORT_PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  // The old-generation heap (MB) of each parsing thread.
  IMPORT_PARSE_HEAP_MB: z.coerce.number().int().min(32).default(256),
  // Parsing threads per process, and uploads waiting for one beyond them (more are refused with 503).
  IMPORT_PARSE_THREADS: z.coerce.number().int().min(1).default(2),
  IMPORT_QUEUE: z.coerce.number().int().min(0).default(4),
});
export type ImportLimits = ReturnType<typeof importLimitsFromEnv>;

/** The import's bounds from the environment (only the IMPORT_* settings are read). */
export function importLimitsFromEnv(source: NodeJS.ProcessEnv = process.env) {
  const e = parseSettings(importEnvSchema, source);
  return {
    maxUploadBytes: e.IMPORT_MAX_UPLOAD_BYTES,
    maxInflatedBytes: e.IMPORT_MAX_INFLATED_BYTES,
    maxCompressionRatio: e.IMPORT_MAX_COMPRESSION_RATIO,
    maxArchiveEntries: e.IMPORT_MAX_ARCHIVE_ENTRIES,
    parseTimeoutMs: e.IMPORT_PARSE_TIMEOUT_MS,
    parseHeapMb: e.IMPORT_PARSE_HEAP_MB,
    parseThreads: e.IMPORT_PARSE_THREADS,
    queue: e.IMPORT_QUEUE,
  };
}

/**
 * Sign-in with the organisation's identity provider (OpenID Connect): unset OIDC_ISSUER, none. With it, the dashboard
 * signs people in at the provider and the API takes the provider's access tokens beside dondoc's own.
 */
const oidcSchema = z.object({
  OIDC_ISSUER: z.preprocess(unsetIfEmpty, z.string().url().optional()),
  OIDC_CLIENT_ID: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  OIDC_CLIENT_SECRET: z.preprocess(unsetIfEmpty, z.string().min(16, 'OIDC_CLIENT_SECRET must be at least 16 characters').optional()),
  // The audience the API requires of an access token (default: the client id).
  OIDC_AUDIENCE: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  OIDC_SCOPES: z.string().default('openid profile email'),
  // The claim holding the person's groups, and the path under which a group names a dondoc role and unit.
  OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
  OIDC_GROUP_PREFIX: z.string().min(1).default('/dondoc/'),
  // What the sign-in button calls the provider.
  OIDC_PROVIDER_NAME: z.string().min(1).default('Single sign-on'),
  // The dashboard's own sign-in (a pasted token, a one-time link): off where everyone signs in at the provider.
  LOCAL_SIGNIN: z.enum(['true', 'false']).default('true'),
});

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  audience: string;
  scopes: string;
  groupsClaim: string;
  groupPrefix: string;
  providerName: string;
}

/** The provider's settings, or null when none is configured; a half-configured provider is an error. */
export function oidcSettingsFromEnv(source: NodeJS.ProcessEnv = process.env): OidcSettings | null {
  const e = parseSettings(oidcSchema, source);
  if (!e.OIDC_ISSUER) return null;
  if (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET)
    throw new Error('invalid environment: OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET');
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET,
    audience: e.OIDC_AUDIENCE ?? e.OIDC_CLIENT_ID,
    scopes: e.OIDC_SCOPES,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    groupPrefix: e.OIDC_GROUP_PREFIX,
    providerName: e.OIDC_PROVIDER_NAME,
  };
}

/** Whether the dashboard offers its own sign-in (token and one-time link) beside the provider's. */
export const localSignInFromEnv = (source: NodeJS.ProcessEnv = process.env) => parseSettings(oidcSchema, source).LOCAL_SIGNIN === 'true';

const envSchema = draftSchema
  .merge(importEnvSchema)
  .merge(oidcSchema)
  .extend({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // The address the API listens on (`npm run api`); 0.0.0.0 behind a load balancer.
    HOST: z.string().default('127.0.0.1'),
    // The Temporal UI, for links from an assignment's page to its workflow; unset: no link.
    TEMPORAL_UI_URL: z.string().url().optional(),
    DATABASE_URL: z.string().url().optional(),
    TEMPORAL_ADDRESS: z.string().optional(),
    TEMPORAL_NAMESPACE: z.string().default('default'),
    TEMPORAL_TASK_QUEUE: z.string().default('dondoc'),
    TEMPORAL_UI_PORT: z.coerce.number().int().optional(),
    ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
    DATA_DIR: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SEED: z.enum(['true', 'false']).default('true'),
    // The demo directive (seeds/demo.ts): tasks due within minutes to days of the first start, on second-scale policies.
    SEED_DEMO: z.enum(['true', 'false']).default('true'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    // Reverse proxies (comma-separated addresses or CIDR ranges) whose X-Forwarded-For is believed; unset: none.
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .refine(
        (v) => !v || v.split(',').every((e) => !e.trim() || (e.includes('/') ? ipaddr.isValidCIDR(e.trim()) : ipaddr.isValid(e.trim()))),
        'TRUSTED_PROXIES must be comma-separated addresses or CIDR ranges',
      ),
    // Failed sign-ins a minute per client address and per presented token (valid tokens are never refused), and
    // dashboard sign-in or link requests a minute per address.
    FAILED_AUTH_PER_MINUTE: z.coerce.number().int().min(1).default(120),
    WEB_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).default(20),
    // The API's /metrics: a port of its own (then not on the API's), and/or a bearer token scrapers must send; with
    // neither, production (NODE_ENV=production) serves no /metrics and development serves it to anyone.
    METRICS_PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65535).optional()),
    METRICS_TOKEN: z.preprocess(unsetIfEmpty, z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional()),
    NODE_ENV: z.string().optional(),
    // Per-caller quotas: assignment workflows started an hour, recurring schedules made an hour, calendar feeds held.
    QUOTA_ASSIGNMENTS_PER_HOUR: z.coerce.number().int().min(1).default(20_000),
    QUOTA_SCHEDULES_PER_HOUR: z.coerce.number().int().min(1).default(50),
    QUOTA_FEEDS: z.coerce.number().int().min(1).default(20),
    // The floor for escalation policies: no two steps (nor the top rung's repeats) closer than this many seconds (0: any),
    // and whether policies marked `demo` may run on seconds. Lower them only on a test or demo system.
    POLICY_MIN_INTERVAL_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .default(PRODUCTION_MIN_INTERVAL_MS / 1000),
    POLICY_DEMO_ALLOWED: z.enum(['true', 'false']).default('false'),
    // Workflows the worker keeps in memory between steps (the rest are replayed from history when they wake).
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(DEFAULT_MAX_CACHED_WORKFLOWS),
    // Fan-out batches (16 starts each in flight) one worker runs at once; more fan-outs queue on their own task queue.
    WORKER_FANOUT_BATCHES: z.coerce.number().int().min(1).default(DEFAULT_CONCURRENT_FANOUT_BATCHES),
    // Old-generation heap (MB) of each workflow thread: bounds the worker's memory (V8 collects lazily up to its limit).
    WORKER_WORKFLOW_HEAP_MB: z.coerce.number().int().min(128).default(DEFAULT_WORKFLOW_HEAP_MB),
    // `npm run worker`: Prometheus metrics (the SDK's and dondoc's) on this port at /metrics; unset: none; 0: any free port.
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    // Delivery: where mail goes (unset: `npm start` runs a local mail catcher), links in messages, retries.
    SMTP_URL: z.string().url().optional(),
    MAIL_FROM: z.string().default('dondoc <no-reply@dondoc.local>'),
    PUBLIC_URL: z.string().url().optional(),
    MAIL_CATCHER_PORT: z.coerce.number().int().min(0).max(65535).default(1080),
    DELIVERY_RETRY_BASE_SECONDS: z.coerce.number().positive().default(30),
    DELIVERY_RETRY_MAX_SECONDS: z.coerce.number().positive().default(3600),
    DELIVERY_GIVE_UP_HOURS: z.coerce.number().positive().default(25),
    WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().default(10),
    // Comma-separated hosts webhooks may go to; unset allows any.
    WEBHOOK_ALLOWED_HOSTS: z.string().optional(),
    // How long a claimed delivery is held by its dispatcher (default: the larger of 60 s and 4 webhook timeouts).
    DELIVERY_LEASE_SECONDS: z.coerce.number().positive().optional(),
    // A dead worker's dispatcher run moves to another worker after this.
    DISPATCHER_HEARTBEAT_SECONDS: z.coerce.number().positive().default(15),
    // EDXML packages dondoc sends (completion reports, status messages of received packages), signed with the secret.
    EDXML_OUTBOUND_URL: z.string().url().optional(),
    EDXML_OUTBOUND_SECRET: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, 'EDXML_OUTBOUND_SECRET must be a Standard Webhooks secret (whsec_ and base64)')
      .optional(),
    // The organ dondoc speaks for in status messages (OrganId as the exchange knows it).
    EDXML_ORGAN_ID: z.string().min(1).default(DEFAULT_EDXML_ORGAN.organId),
    EDXML_ORGAN_NAME: z.string().min(1).default(DEFAULT_EDXML_ORGAN.organName),
    // Quiet hours for assignment emails (domain/quiet-hours.ts); false sends at any hour.
    QUIET_HOURS: z.enum(['true', 'false']).default('true'),
    // Leader digests: a Temporal Schedule at this local time on working days.
    DIGEST_TIME: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'DIGEST_TIME must be HH:MM')
      .default('07:30'),
    DIGEST_TIMEZONE: z.string().default('Asia/Ho_Chi_Minh'),
    ...importEnvSchema.shape,
  });
export type Env = z.infer<typeof envSchema>;

/** Every setting the schema reads (`.env.example` documents each; test/unit/guard-rails.test.ts checks). */
export const SETTING_NAMES = Object.keys(envSchema.shape);

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  return parseSettings(envSchema, source);
}

export interface DraftSettings {
  maxTextChars: number;
  maxTasks: number;
  maxUnitsPerTask: number;
  timeBudgetMs: number;
  threads: number;
  queue: number;
  heapMb: number;
  maxPages: number;
}

/** The drafter's settings alone (readEnv has validated the whole environment, these included, at start). */
export function draftSettingsFromEnv(source: NodeJS.ProcessEnv = process.env): DraftSettings {
  const e = parseSettings(draftSchema, source);
  return {
    maxTextChars: e.DRAFT_MAX_TEXT_CHARS,
    maxTasks: e.DRAFT_MAX_TASKS,
    maxUnitsPerTask: e.DRAFT_MAX_UNITS_PER_TASK,
    timeBudgetMs: e.DRAFT_TIME_BUDGET_MS,
    threads: e.DRAFT_THREADS,
    queue: e.DRAFT_QUEUE,
    heapMb: e.DRAFT_HEAP_MB,
    maxPages: e.DRAFT_MAX_PAGES,
  };
}

/** Delivery settings from the environment (SMTP_URL unset: `npm start` supplies its mail catcher). */
export function deliverySettingsFromEnv(env: Env, smtpUrl = env.SMTP_URL): DeliverySettings {
  return {
    smtpUrl,
    mailFrom: env.MAIL_FROM,
    publicUrl: env.PUBLIC_URL ?? `http://127.0.0.1:${env.PORT}`,
    retry: {
      baseMs: env.DELIVERY_RETRY_BASE_SECONDS * 1000,
      maxMs: env.DELIVERY_RETRY_MAX_SECONDS * 1000,
      giveUpAfterMs: env.DELIVERY_GIVE_UP_HOURS * 3_600_000,
    },
    webhookTimeoutMs: env.WEBHOOK_TIMEOUT_SECONDS * 1000,
    webhookAllowedHosts: env.WEBHOOK_ALLOWED_HOSTS
      ? env.WEBHOOK_ALLOWED_HOSTS.split(',')
          .map((h) => h.trim())
          .filter(Boolean)
      : null,
    leaseMs: env.DELIVERY_LEASE_SECONDS ? env.DELIVERY_LEASE_SECONDS * 1000 : undefined,
    quietHours: env.QUIET_HOURS === 'true',
    edxmlOutbound: edxmlOutboundFromEnv(env),
  };
}

/** The EDXML endpoint, when one is set (its secret then too: refused at start otherwise). */
export function edxmlOutboundFromEnv(env: Env): EdxmlOutbound | null {
  if (!env.EDXML_OUTBOUND_URL) return null;
  if (!env.EDXML_OUTBOUND_SECRET) throw new Error('EDXML_OUTBOUND_URL is set without EDXML_OUTBOUND_SECRET: set both (whsec_…)');
  return {
    url: env.EDXML_OUTBOUND_URL,
    secret: env.EDXML_OUTBOUND_SECRET,
    organ: { organId: env.EDXML_ORGAN_ID, organName: env.EDXML_ORGAN_NAME },
  };
}

export function dispatcherFromEnv(env: Env): DeliveryDispatcherInput {
  return { heartbeatTimeoutMs: env.DISPATCHER_HEARTBEAT_SECONDS * 1000 };
}

/** The edge's protections from the environment: trusted proxies, sign-in limits and quotas (fields of AppDeps). */
/** The deployment's floor for escalation policies (domain/policy.ts validatePolicy). */
export function policyFloorFromEnv(env: Env): PolicyFloor {
  return { minIntervalMs: env.POLICY_MIN_INTERVAL_SECONDS * 1000, demoPoliciesAllowed: env.POLICY_DEMO_ALLOWED === 'true' };
}

export function securitySettingsFromEnv(env: Env) {
  return {
    trustedProxies: env.TRUSTED_PROXIES
      ? env.TRUSTED_PROXIES.split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : [],
    failedAuthPerMinute: env.FAILED_AUTH_PER_MINUTE,
    webSignInPerMinute: env.WEB_SIGNIN_PER_MINUTE,
    quotas: { assignmentsPerHour: env.QUOTA_ASSIGNMENTS_PER_HOUR, schedulesPerHour: env.QUOTA_SCHEDULES_PER_HOUR, feeds: env.QUOTA_FEEDS },
    metrics: metricsSettingsFromEnv(env),
  };
}

/** Where the API's /metrics is served: its own port if set, else the API's with a token, else only outside production. */
export function metricsSettingsFromEnv(env: Env) {
  const port = env.METRICS_PORT ?? null;
  const token = env.METRICS_TOKEN ?? null;
  const onApiPort = port === null && (token !== null || env.NODE_ENV !== 'production');
  return { onApiPort, port, token };
}
