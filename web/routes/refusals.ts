/**
 * A file's refusal by a service, as an upload page shows it: the message, each field with its reason, and the
 * status the API would answer (413, 415, 422…), so the page says what the API says and never fails as a 500.
 */
import { DomainError } from '../../services/errors';
import { HTTP_STATUS_OF } from '../../services/error-status';
import type { Refusal } from '../pages/imports';
import type { PageStatus } from './context';

const SHOWN: ReadonlySet<DomainError['kind']> = new Set(['invalid', 'unprocessable', 'too-large', 'conflict', 'too-many', 'unavailable']);

export interface ShownRefusal {
  refusal: Refusal;
  status: PageStatus;
}

/** The refusal to show, or null for an error that is not the file's (left to the error page). */
export function uploadRefusal(err: unknown): ShownRefusal | null {
  if (!(err instanceof DomainError) || !SHOWN.has(err.kind)) return null;
  return { refusal: { message: err.message, errors: err.errors ?? [] }, status: HTTP_STATUS_OF[err.kind] as PageStatus };
}
