/**
 * The dondoc worker as worker/main.ts runs it, plus the tuning knobs the benchmark tries (env
 * BENCH_MAX_CACHED_WORKFLOWS, BENCH_MAX_CONCURRENT_WFT, BENCH_WITHOUT_SUMMARY). Used for the tuned at-rest arm and
 * the fan-out's arm without the five-column summary.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { migrate } from '../db/migrate';
import { createSql } from '../db/sql';
import { createWorker } from '../worker/worker';

const optional = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined);
const sql = createSql(process.env.DATABASE_URL!);
await migrate(sql);
const address = process.env.TEMPORAL_ADDRESS!;
const connection = await NativeConnection.connect({ address });
const client = new Client({ connection: await Connection.connect({ address }), namespace: 'default' });
const worker = await createWorker({
  connection,
  namespace: 'default',
  taskQueue: process.env.TEMPORAL_TASK_QUEUE!,
  sql,
  client,
  maxCachedWorkflows: optional('BENCH_MAX_CACHED_WORKFLOWS'),
  maxConcurrentWorkflowTaskExecutions: optional('BENCH_MAX_CONCURRENT_WFT'),
  withoutExecutionSummary: process.env.BENCH_WITHOUT_SUMMARY === '1',
});
process.stdout.write('worker running\n');
await worker.run();
await sql.end({ timeout: 2 });
