/** Page routes in one place (used by resident pages; staff pages keep theirs). */
export const ROUTES = {
  home: '/pages/index/index',
  login: '/pages/login/index',
  file: '/pages/file/index',
  myCases: '/pages/my-cases/index',
  caseDetail: (id: string) => `/pages/case/detail?id=${encodeURIComponent(id)}`,
  contacts: '/pages/contacts/index',
  points: '/pages/points/index',
  settings: '/pages/settings/index',
  /** Handlers start at their unit's queue; leaders and inspectors at the heat map; dispatchers at the inbox. */
  staffHome: (role: string | null) =>
    role === 'handler'
      ? '/pages/staff/queue/index'
      : role === 'unit_leader' || role === 'city_leader' || role === 'inspector'
        ? '/pages/staff/leaders/index'
        : '/pages/staff/inbox/index',
  leadersHome: '/pages/staff/leaders/index',
  staffCase: (id: string) => `/pages/staff/case/index?id=${encodeURIComponent(id)}`,
};

export const REVISIT_LABELS = [
  { rating: 'satisfied', label: '满意' },
  { rating: 'basically_satisfied', label: '基本满意' },
  { rating: 'unsatisfied', label: '不满意' },
] as const;

/** The first characters of a demand for a list row. */
export function shortText(text: string, max = 40): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** A resident case's answer: the server sends text (typed loosely in the schema). */
export function answerText(answer: unknown): string | null {
  if (typeof answer === 'string') return answer.trim() || null;
  if (answer && typeof answer === 'object' && typeof (answer as { text?: unknown }).text === 'string') {
    return (answer as { text: string }).text;
  }
  return null;
}
