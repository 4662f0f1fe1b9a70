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

// First match wins; the dispatcher confirms or overrides. Full classification comes with the taxonomy.
const KIND_RULES: ReadonlyArray<[CaseKind, RegExp]> = [
  ['report', /举报|揭发|违规|违法/],
  ['suggestion', /建议|意见|希望能|金点子|提议/],
  ['consultation', /咨询|请问|怎么办理|如何|怎样|是否|能不能|可不可以|[吗么][？?]?$/],
  ['help', /求助|帮忙|帮帮|救助|困难/],
];

export function guessKind(text: string): CaseKind {
  for (const [kind, pattern] of KIND_RULES) {
    if (pattern.test(text)) return kind;
  }
  return 'complaint';
}
