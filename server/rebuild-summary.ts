/**
 * `npm run summary:rebuild`: rebuilds the execution summary (the five-column statistic's kept spans) from the event
 * log, while the system runs. For a restore of the event log from a backup, or to check the kept summary: it prints
 * how many spans it wrote. Configured by DATABASE_URL.
 */
import { readEnv } from '../config/env';
import { rebuildExecutionSummary } from '../db/execution-summary';
import { migrate } from '../db/migrate';
import { createSql } from '../db/sql';

const env = readEnv();
if (!env.DATABASE_URL) {
  process.stderr.write('summary:rebuild needs DATABASE_URL\n');
  process.exit(2);
}
const sql = createSql(env.DATABASE_URL);
try {
  await migrate(sql);
  const started = Date.now();
  const done = await rebuildExecutionSummary(sql, {
    onProgress: (p) =>
      process.stderr.write(`\r${p.assignments.toLocaleString('en-US')} assignments, ${p.spans.toLocaleString('en-US')} spans`),
  });
  process.stdout.write(
    `\nexecution summary rebuilt: ${done.assignments} assignments, ${done.spans} spans in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
} finally {
  await sql.end({ timeout: 5 });
}
