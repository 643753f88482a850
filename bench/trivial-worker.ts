/** The baseline worker process: bench/workflows on TEMPORAL_TASK_QUEUE, the mark activity over DATABASE_URL. */
import { createRequire } from 'node:module';
import { NativeConnection, Runtime, Worker, bundleWorkflowCode, makeTelemetryFilterString } from '@temporalio/worker';
import { createSql } from '../db/sql';
import { createBenchActivities } from './activities';

const require = createRequire(import.meta.url);
Runtime.install({ telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } } });
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m), log() {} };
const sql = createSql(process.env.DATABASE_URL!);
const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
const worker = await Worker.create({
  connection,
  namespace: 'default',
  taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
  workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows/index.ts'), logger: silent }),
  activities: createBenchActivities(sql),
});
process.stdout.write('worker running\n');
await worker.run();
await sql.end({ timeout: 2 });
