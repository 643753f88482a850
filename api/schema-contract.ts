/**
 * Compile-time proof that the API's schemas give the core exactly the shapes it declares (services/types.ts):
 * a schema that drifts from its use case fails the type check, not a request in production.
 */
import type { z } from '@hono/zod-openapi';
import type * as core from '../services/types';
import type { ActingGrantInput, ActingGrantView, ActingToday } from '../services/acting';
import type { CooperatingState, TaskUnitRow } from '../services/progress';
import type { actingGrantInput, actingGrantSchema, actingTodaySchema } from './schemas-acting';
import type { cooperatingStateSchema, taskUnitRowSchema } from './routes/progress';
import type { personInput, preferencesInput } from './schemas-admin';
import type { webhookInput } from './schemas-delivery';
import type {
  assignmentFilters,
  assignmentSchema,
  directiveInput,
  directiveSchema,
  recurrenceChange,
  recurrenceState,
  taskInput,
} from './schemas';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Holds<T extends true> = T;

export type SchemaContract = [
  Holds<Same<z.output<typeof directiveInput>, core.DirectiveInput>>,
  Holds<Same<z.output<typeof directiveSchema>, core.DirectiveView>>,
  Holds<Same<z.output<typeof taskInput>, core.TaskInput>>,
  Holds<Same<z.output<typeof recurrenceChange>, core.RecurrenceChange>>,
  Holds<Same<z.output<typeof recurrenceState>, core.RecurrenceState>>,
  Holds<Same<z.output<typeof assignmentSchema>, core.AssignmentView>>,
  Holds<Same<z.output<typeof assignmentFilters>, core.AssignmentFilters>>,
  Holds<Same<z.output<typeof personInput>, core.PersonInput>>,
  Holds<Same<z.output<typeof preferencesInput>, core.PreferencesInput>>,
  Holds<Same<z.output<typeof webhookInput>, core.WebhookInput>>,
  Holds<Same<z.output<typeof taskUnitRowSchema>, TaskUnitRow>>,
  Holds<Same<z.output<typeof cooperatingStateSchema>, CooperatingState>>,
  Holds<Same<z.output<typeof actingGrantInput>, ActingGrantInput>>,
  Holds<Same<z.output<typeof actingGrantSchema>, ActingGrantView>>,
  Holds<Same<z.output<typeof actingTodaySchema>, ActingToday>>,
];
