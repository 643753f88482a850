/** The workflow types the worker registers. */
export { assignmentWorkflow } from './assignment';
export { fanoutWorkflow } from './fanout';
export { recurringPeriodWorkflow } from './recurring';
export { deliveryDispatcherWorkflow } from './delivery';
export { leaderDigestsWorkflow } from './digests';
