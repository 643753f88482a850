import { describe, expect, it } from 'vitest';
import { batchRunStatus } from '../../domain/batch-run';

describe('batchRunStatus: a batch run reads one way at every instant', () => {
  it('is running only while its workflow runs with work left', () => {
    expect(batchRunStatus('RUNNING', false)).toEqual({ status: 'running', finished: false });
  });
  it('reads completed once all is done, even before the workflow has closed (never "running" and finished)', () => {
    expect(batchRunStatus('RUNNING', true)).toEqual({ status: 'completed', finished: true });
    expect(batchRunStatus('COMPLETED', true)).toEqual({ status: 'completed', finished: true });
  });
  it('a run that ended otherwise is failed and finished', () => {
    for (const name of ['FAILED', 'TERMINATED', 'CANCELLED', 'TIMED_OUT']) {
      expect(batchRunStatus(name, false)).toEqual({ status: 'failed', finished: true });
    }
  });
});
