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
  | 'POINTS_KEY_INVALID'
  | 'POINTS_KEY_REUSED'
  | 'POINTS_AMOUNT_INVALID'
  | 'POINTS_INSUFFICIENT'
  | 'REVIEW_INVALID'
  | 'CATALOGUE_ITEM_INVALID'
  | 'STOCK_INSUFFICIENT'
  | 'REWARD_STATE_UNKNOWN'
  | 'REWARD_ILLEGAL'
  | 'REWARD_AMOUNT_INVALID'
  | 'REWARD_SAME_PERSON'
  | 'REWARD_OVER_BUDGET'
  | 'REWARD_NO_PAYEE';

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
