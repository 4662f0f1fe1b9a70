/** Every rule the domain enforces fails with one of these codes; the server maps each code to HTTP once. */
export type DomainErrorCode =
  | 'CASE_ILLEGAL_TRANSITION'
  | 'CASE_NUMBER_INVALID'
  | 'CASE_TEXT_EMPTY'
  | 'CASE_TEXT_TOO_LONG'
  | 'ANSWER_EMPTY'
  | 'UNIT_REQUIRED'
  | 'REASON_REQUIRED'
  | 'EXTENSION_INVALID'
  | 'EXTENSION_LIMIT_EXCEEDED'
  | 'CALENDAR_OVERRIDE_INVALID'
  | 'RETURN_WINDOW_PASSED'
  | 'EXTENSION_ALREADY_PENDING'
  | 'TAXONOMY_INVALID'
  | 'SUB_ITEM_UNKNOWN'
  | 'MERGE_INVALID'
  | 'REVISIT_BY_HANDLING_UNIT';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
