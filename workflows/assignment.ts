/**
 * The assignment workflow: one run of an assignment's life (workflows/assignment-lifecycle.ts), its handlers
 * registered before the run plans its first step.
 */
import type { AssignmentState } from '../domain/assignment-state';
import { AssignmentLifecycle } from './assignment-lifecycle';
import type { AssignmentInput } from './contract';

// Not async: the run's own promise is the workflow's, so its completion takes not one microtask more than before.
export function assignmentWorkflow(input: AssignmentInput): Promise<AssignmentState> {
  const lifecycle = new AssignmentLifecycle(input);
  lifecycle.registerHandlers();
  return lifecycle.run();
}
