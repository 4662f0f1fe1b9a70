/**
 * 异常线索 on the inspector's pages: what each kind means and its evidence said plainly, in
 * sentences an inspector can check by phone or on the ground, never as raw numbers or JSON.
 */
import type { Schemas } from '../api/types';
import { formatChinaDateTime } from '../utils/format';

/** The server sends these as nullable strings; its document leaves them untyped. */
export type AnomalyFlag = Omit<Schemas['AnomalyFlagDto'], 'unitId' | 'caseId' | 'reviewNote' | 'reviewedAt'> & {
  unitId: string | null;
  caseId: string | null;
  reviewNote: string | null;
  reviewedAt: string | null;
};
export type AnomalyKind = AnomalyFlag['kind'];
export type FlagStatus = AnomalyFlag['status'];

export const FLAG_KIND_LABELS: Record<AnomalyKind, string> = {
  revisit_by_linked_account: '回访由办理单位的人作答',
  copied_answer: '不同诉求答复几乎一样',
  off_topic_answer: '答复答非所问或只是套话',
  short_answer: '答复过短',
  quick_answer: '需到现场的问题签收后很快就答复',
  deadline_burst: '临到时限扎堆办结',
  close_reopen: '反复办结又重办',
  satisfaction_gap: '满意度远高于办公室抽查',
  sample_disagrees: '办公室抽查与群众回访说法不一',
};

export const FLAG_STATUS_LABELS: Record<FlagStatus, string> = { open: '待核查', confirmed: '已确认属实', dismissed: '已排除' };

/** null for a kind the app does not know (a newer server). */
export function flagKindLabel(kind: string): string {
  return Object.prototype.hasOwnProperty.call(FLAG_KIND_LABELS, kind) ? FLAG_KIND_LABELS[kind as AnomalyKind] : '其他异常';
}

export function flagStatusLabel(status: string): string {
  return Object.prototype.hasOwnProperty.call(FLAG_STATUS_LABELS, status) ? FLAG_STATUS_LABELS[status as FlagStatus] : status;
}

/** The evidence of one flag, for the page: sentences, quoted texts, and the cases to open. */
export interface FlagEvidence {
  lines: string[];
  quotes: { label: string; text: string }[];
  cases: { id: string | null; number: string; note?: string }[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const pct = (v: unknown): string => {
  const n = num(v);
  return n === null ? '—' : `${Math.round(n * 100)}%`;
};
const time = (v: unknown): string => formatChinaDateTime(str(v)) ?? '—';

const RATING_WORDS: Record<string, string> = { satisfied: '满意', basically_satisfied: '基本满意', unsatisfied: '不满意' };
function revisitWords(v: unknown): string {
  if (!v || typeof v !== 'object') return '—';
  const { rating, solved } = v as { rating?: unknown; solved?: unknown };
  const said = (typeof rating === 'string' && RATING_WORDS[rating]) || '—';
  return solved === true ? `${said}，问题已解决` : solved === false ? `${said}，问题没解决` : said;
}

/** The flag's evidence in words. Unknown kinds or fields show what can be read, never an error. */
export function flagEvidence(flag: Pick<AnomalyFlag, 'kind' | 'caseId' | 'evidence'>): FlagEvidence {
  const e = flag.evidence ?? {};
  const out: FlagEvidence = { lines: [], quotes: [], cases: [] };
  const number = str(e.number);
  if (number) out.cases.push({ id: flag.caseId ?? null, number });
  const quote = (label: string, v: unknown) => {
    const text = str(v);
    if (text) out.quotes.push({ label, text });
  };
  switch (flag.kind) {
    case 'revisit_by_linked_account':
      out.lines.push(`这件诉求的回访，是用办理单位工作人员${str(e.staffName) ?? ''}的${e.matchedBy === 'phone' ? '电话' : '微信账号'}回答的。`);
      break;
    case 'copied_answer':
      out.lines.push(`两件不同诉求的答复相似度 ${pct(e.similarity)}。`);
      if (str(e.otherNumber)) out.cases.push({ id: str(e.otherCaseId), number: String(e.otherNumber) });
      quote(`${number ?? '本件'}的答复`, e.answer);
      quote(`${str(e.otherNumber) ?? '另一件'}的答复`, e.otherAnswer);
      break;
    case 'off_topic_answer':
      out.lines.push(e.templateOnly === true ? '答复去掉套话后几乎没有内容。' : `答复和诉求说的事重合很少（${pct(e.overlap)}，低于 ${pct(e.minOverlap)}）。`);
      quote('群众反映', e.demand);
      quote('单位答复', e.answer);
      break;
    case 'short_answer':
      out.lines.push(`答复只有 ${num(e.chars) ?? '—'} 个字，这类诉求至少要 ${num(e.minChars) ?? '—'} 个字。`);
      quote('单位答复', e.answer);
      break;
    case 'quick_answer':
      out.lines.push(`需要到现场的问题，签收后 ${num(e.minutes) ?? '—'} 分钟就答复了（少于 ${num(e.limitMinutes) ?? '—'} 分钟）。`);
      out.lines.push(`签收：${time(e.signedForAt)}；答复：${time(e.answeredAt)}`);
      break;
    case 'deadline_burst': {
      const list = Array.isArray(e.cases) ? (e.cases as Array<Record<string, unknown>>) : [];
      out.lines.push(`${list.length} 件诉求在办理时限前 ${num(e.withinHours) ?? '—'} 小时内集中答复。`);
      for (const c of list) {
        const n = str(c.number);
        if (n) out.cases.push({ id: str(c.caseId), number: n, note: `答复 ${time(c.answeredAt)}，时限 ${time(c.closeBy)}` });
      }
      break;
    }
    case 'close_reopen': {
      const reopens = Array.isArray(e.reopens) ? e.reopens : [];
      out.lines.push(`办结后群众 ${reopens.length} 次不满意，要求重办。`);
      if (reopens.length) out.lines.push(`重办时间：${reopens.map(time).join('、')}`);
      break;
    }
    case 'satisfaction_gap':
      out.lines.push(`${str(e.week) ?? ''} 这一周：群众自己回访满意 ${pct(e.residentRate)}（${num(e.residentAnswers) ?? '—'} 件），办公室电话抽查满意 ${pct(e.officeRate)}（${num(e.officeCalls) ?? '—'} 件）。`);
      break;
    case 'sample_disagrees':
      out.lines.push(`群众自己回访：${revisitWords(e.resident)}。`);
      out.lines.push(`办公室电话抽查：${revisitWords(e.office)}。`);
      quote('抽查记录', e.note);
      break;
    default:
      break;
  }
  return out;
}

/** The title an item opened from this flag starts with (the inspector can change it). */
export function itemTitleFromFlag(flag: Pick<AnomalyFlag, 'kind' | 'evidence'>): string {
  const number = str(flag.evidence?.number);
  return number ? `${number}：${flagKindLabel(flag.kind)}` : flagKindLabel(flag.kind);
}
