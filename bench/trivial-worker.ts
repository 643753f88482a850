/**
 * The baseline worker process: bench/workflows on TEMPORAL_TASK_QUEUE, the mark activity over DATABASE_URL. Its
 * sticky cache is the dondoc worker's: with the SDK's default (thousands, from the heap limit) the baseline kept
 * every workflow cached while dondoc's replayed from history, which is no like-for-like comparison of memory at
 * rest or of a step's lateness after a long sleep.
 */
import { createRequire } from 'node:module';
import { NativeConnection, Runtime, Worker, bundleWorkflowCode, makeTelemetryFilterString } from '@temporalio/worker';
import { createSql } from '../db/sql';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../config/worker-defaults';
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
  maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS,
});
process.stdout.write('worker running\n');
await worker.run();
await sql.end({ timeout: 2 });
