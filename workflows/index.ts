/** The workflow types the worker registers. */
import type {
  AssignmentWorkflow,
  CalendarReplanWorkflow,
  CascadeWorkflow,
  DeliveryDispatcherWorkflow,
  FanoutWorkflow,
  LeaderDigestsWorkflow,
  RecurringPeriodWorkflow,
  ReorganisationApplyWorkflow,
} from './contract';
import { assignmentWorkflow } from './assignment';
import { calendarReplanWorkflow } from './calendar-replan';
import { cascadeWorkflow } from './cascade';
import { deliveryDispatcherWorkflow } from './delivery';
import { leaderDigestsWorkflow } from './digests';
import { fanoutWorkflow } from './fanout';
import { recurringPeriodWorkflow } from './recurring';
import { reorganisationApplyWorkflow } from './reorganisation';

export {
  assignmentWorkflow,
  fanoutWorkflow,
  recurringPeriodWorkflow,
  deliveryDispatcherWorkflow,
  leaderDigestsWorkflow,
  reorganisationApplyWorkflow,
  calendarReplanWorkflow,
  cascadeWorkflow,
};

// The contract's workflow types must describe the implementations: type-checking fails here if they drift apart.
type Assert<T extends true> = T;
export type ImplementationsMatchContract = [
  Assert<typeof assignmentWorkflow extends AssignmentWorkflow ? true : false>,
  Assert<typeof fanoutWorkflow extends FanoutWorkflow ? true : false>,
  Assert<typeof recurringPeriodWorkflow extends RecurringPeriodWorkflow ? true : false>,
  Assert<typeof deliveryDispatcherWorkflow extends DeliveryDispatcherWorkflow ? true : false>,
  Assert<typeof leaderDigestsWorkflow extends LeaderDigestsWorkflow ? true : false>,
  Assert<typeof reorganisationApplyWorkflow extends ReorganisationApplyWorkflow ? true : false>,
  Assert<typeof calendarReplanWorkflow extends CalendarReplanWorkflow ? true : false>,
  Assert<typeof cascadeWorkflow extends CascadeWorkflow ? true : false>,
];
