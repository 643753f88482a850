/** The settings `npm run cluster` gives its dondoc processes: what each production process requires, and no more. */
import { workerProcessEnv } from '../config/worker-defaults';
export interface ClusterSettings {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  smtpUrl: string;
  publicUrl: string;
  adminToken: string;
  port: number;
  workerMetricsBasePort: number;
}

/** The shared settings of every process, with the worker's metrics port. */
export function workerEnv(s: ClusterSettings, index: number): Record<string, string> {
  return { ...sharedEnv(s), ...workerProcessEnv(), WORKER_METRICS_PORT: String(s.workerMetricsBasePort + index) };
}

export function apiEnv(s: ClusterSettings): Record<string, string> {
  return { ...sharedEnv(s), ADMIN_TOKEN: s.adminToken, PORT: String(s.port) };
}

function sharedEnv(s: ClusterSettings): Record<string, string> {
  return {
    DATABASE_URL: s.databaseUrl,
    TEMPORAL_ADDRESS: s.temporalAddress,
    TEMPORAL_NAMESPACE: s.namespace,
    SMTP_URL: s.smtpUrl,
    // The links in mails and webhooks (both processes require it).
    PUBLIC_URL: s.publicUrl,
  };
}
