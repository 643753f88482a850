/** The time-skipping Temporal test server (timer tests), from the binary in .tools/. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureTemporalTestServer } from './tools';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = await ensureTemporalTestServer();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
}
