/** The standalone worker (`npm run worker`) as a child process, so a test can SIGKILL it. */
import type { ChildProcess } from 'node:child_process';
import { startNodeProcess } from './node-process';

export interface WorkerProcess {
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startWorkerProcess(env: {
  databaseUrl: string;
  temporalAddress: string;
  namespace?: string;
  taskQueue: string;
  /** More settings (SMTP_URL, DELIVERY_LEASE_SECONDS, …); webhooks stay on loopback unless overridden. */
  extra?: Record<string, string>;
}): Promise<WorkerProcess> {
  const started = await startNodeProcess(
    'worker/main.ts',
    {
      DATABASE_URL: env.databaseUrl,
      TEMPORAL_ADDRESS: env.temporalAddress,
      TEMPORAL_NAMESPACE: env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: env.taskQueue,
      PUBLIC_URL: 'http://127.0.0.1:3000',
      LOG_LEVEL: 'info',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,localhost',
      // These tests time deliveries by the wall clock; quiet hours have their own (test/integration/quiet-hours.test.ts).
      QUIET_HOURS: 'false',
      ...env.extra,
    },
    'worker running',
  );
  return { child: started.child, kill: started.kill };
}
