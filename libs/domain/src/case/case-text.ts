import { DomainError } from '../shared/domain-error';

export const MAX_CASE_TEXT = 2000;

/** A demand's description: trimmed, not empty, bounded. */
export function normaliseCaseText(text: string): string {
  const t = text.trim();
  if (t.length === 0) throw new DomainError('CASE_TEXT_EMPTY', 'the demand has no text');
  if (t.length > MAX_CASE_TEXT) {
    throw new DomainError('CASE_TEXT_TOO_LONG', `the demand is longer than ${MAX_CASE_TEXT} characters`);
  }
  return t;
}

/** A short one-line summary for lists and chat replies. */
export function summarise(text: string, max = 20): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

const CHATTER = /^(你好|您好|在吗|在不在|hi|hello|嗨|喂|哈喽|谢谢|好的|嗯+|哦+|ok|早上好|晚上好|下午好|[?？!！。.]+)$/i;

/** Greetings and one-word chatter are not demands. */
export function isChatter(text: string): boolean {
  const t = text.trim();
  return t.length < 4 && !/[\u4e00-\u9fa5]{3,}/.test(t) ? true : CHATTER.test(t);
}
