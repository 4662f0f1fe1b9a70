import { DomainError } from '../shared/domain-error';
import { chinaDate } from '../shared/china-time';

const PATTERN = /^([A-Z]{1,8})(\d{8})-(\d{4,})$/;

/** 受理编号: prefix, Beijing acceptance date, daily sequence — MS20261126-0001. */
export function formatCaseNumber(prefix: string, acceptedAt: Date, sequence: number): string {
  if (!/^[A-Z]{1,8}$/.test(prefix)) {
    throw new DomainError('CASE_NUMBER_INVALID', `case number prefix must be 1-8 capital letters: ${prefix}`);
  }
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new DomainError('CASE_NUMBER_INVALID', `case number sequence must be a positive integer: ${sequence}`);
  }
  return `${prefix}${chinaDate(acceptedAt).replace(/-/g, '')}-${String(sequence).padStart(4, '0')}`;
}

export function isCaseNumber(text: string): boolean {
  return PATTERN.test(text);
}

export function parseCaseNumber(text: string): { prefix: string; day: string; sequence: number } {
  const m = PATTERN.exec(text.trim());
  if (!m) throw new DomainError('CASE_NUMBER_INVALID', `not a case number: ${text}`);
  const [, prefix, ymd, seq] = m;
  return { prefix, day: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, sequence: Number(seq) };
}
