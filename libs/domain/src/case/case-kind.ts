/** 诉求类型. The deadline class ("135") follows the kind. */
export const CASE_KINDS = ['consultation', 'help', 'complaint', 'report', 'suggestion'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const CASE_KIND_LABELS: Record<CaseKind, string> = {
  consultation: '咨询',
  help: '求助',
  complaint: '投诉',
  report: '举报',
  suggestion: '建议',
};

/** Working days to close, counted from acceptance: consultations 3, everything else 5. */
export const CLOSE_WORKDAYS: Record<CaseKind, number> = {
  consultation: 3,
  help: 5,
  complaint: 5,
  report: 5,
  suggestion: 5,
};

/** Working days to assign after acceptance ("1" of "135"). */
export const ASSIGN_WORKDAYS = 1;
