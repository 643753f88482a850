/**
 * What a use case can refuse, in the core's own words. Adapters translate: the API to problem documents with
 * HTTP statuses, the web to pages. Nothing here knows of HTTP.
 */
export type ErrorKind =
  | 'invalid' // the input breaks a rule of form (a field and its reason)
  | 'unprocessable' // well-formed input the domain cannot use (a deadline phrase it cannot resolve)
  | 'not-found' // absent, or outside the caller's scope (never revealed)
  | 'forbidden' // the caller's role may not do this
  | 'unauthenticated'
  | 'conflict' // the object's state refuses the change (a rule violation of the state machine, a duplicate)
  | 'unavailable' // a dependency is down; retry later
  | 'too-many' // a quota or rate limit
  | 'too-large'; // the input is over a size, depth or time bound (names the bound)

export interface FieldError {
  field: string;
  reason: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** A short machine slug (e.g. `deadline`, `not-recurring`); the problem type's last segment. */
    readonly slug: string,
    detail: string,
    readonly errors?: FieldError[],
    /** Seconds after which a retry may succeed (unavailable, too-many). */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not-found', 'not-found', `${what} not found`);
export const conflict = (detail: string, slug = 'conflict') => new DomainError('conflict', slug, detail);
export const forbidden = (detail: string) => new DomainError('forbidden', 'forbidden', detail);
export const invalid = (field: string, reason: string) =>
  new DomainError('invalid', 'validation', `${field}: ${reason}`, [{ field, reason }]);
export const invalidFields = (errors: FieldError[]) =>
  new DomainError('invalid', 'validation', errors.map((e) => `${e.field}: ${e.reason}`).join('; '), errors);
export const unprocessable = (slug: string, field: string, reason: string, detail = reason) =>
  new DomainError('unprocessable', slug, detail, [{ field, reason }]);
export const tooLarge = (slug: string, field: string, reason: string) =>
  new DomainError('too-large', slug, `${field}: ${reason}`, [{ field, reason }]);
export const unavailable = (slug: string, detail: string, retryAfterSeconds?: number) =>
  new DomainError('unavailable', slug, detail, undefined, retryAfterSeconds);
