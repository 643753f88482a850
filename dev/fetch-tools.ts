/** Fetches the tools the tests run ahead of time (used by .ci/run; `npm start` and `npm test` fetch on demand). */
import { ensureSchemathesis, ensureTemporalCli, ensureTemporalTestServer } from './tools';

const [cli, testServer, schemathesis] = await Promise.all([ensureTemporalCli(), ensureTemporalTestServer(), ensureSchemathesis()]);
process.stdout.write(`temporal CLI: ${cli}\ntime-skipping test server: ${testServer}\nschemathesis: ${schemathesis}\n`);
