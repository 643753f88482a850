/** Fetches the Temporal binaries ahead of time (used by .ci/run; `npm start` and `npm test` fetch on demand). */
import { ensureTemporalCli, ensureTemporalTestServer } from './tools';

const [cli, testServer] = await Promise.all([ensureTemporalCli(), ensureTemporalTestServer()]);
process.stdout.write(`temporal CLI: ${cli}\ntime-skipping test server: ${testServer}\n`);
