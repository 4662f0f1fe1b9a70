/**
 * 受理编号 checks done on the phone before any request is sent.
 * Plain TypeScript (no Taro) so it runs under jest as is.
 *
 * Mirrors the server's rule (libs/domain case-number.ts): a prefix of 1-8 capital letters
 * (MS by default, configurable on the server), the 8-digit acceptance date, a dash and a
 * sequence of at least 4 digits — e.g. MS20261126-0001.
 */
export const CASE_NUMBER_EXAMPLE = 'MS20261126-0001';

const CASE_NUMBER = /^([A-Z]{1,8})(\d{4})(\d{2})(\d{2})-(\d{4,})$/;
const WITHOUT_DASH = /^([A-Z]{1,8})(\d{8})(\d{4,})$/;
// Dash-like characters a Chinese input method may produce instead of '-'.
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D_]/g;

/** Full-width ASCII (ＭＳ２０２６…) to half-width, ideographic space to space. */
function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) =>
    ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

/**
 * Tidies what a resident typed: full-width characters, spaces, lower case, other dashes.
 * A missing dash is put back (MS202611260001 -> MS20261126-0001).
 */
export function normalizeCaseNumber(input: string): string {
  const text = toHalfWidth(input).replace(/\s+/g, '').toUpperCase().replace(DASHES, '-');
  const noDash = WITHOUT_DASH.exec(text);
  return noDash ? `${noDash[1]}${noDash[2]}-${noDash[3]}` : text;
}

export type CaseNumberCheck =
  | { ok: true; number: string }
  | { ok: false; reason: 'empty' | 'bad_format' };

/** Normalises, then checks the shape and that the date part is a real calendar date. */
export function checkCaseNumber(input: string): CaseNumberCheck {
  const number = normalizeCaseNumber(input ?? '');
  if (number === '') return { ok: false, reason: 'empty' };
  const m = CASE_NUMBER.exec(number);
  if (!m) return { ok: false, reason: 'bad_format' };
  const [, , y, mo, d] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 2000 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, reason: 'bad_format' };
  }
  return { ok: true, number };
}

export function isCaseNumber(input: string): boolean {
  return checkCaseNumber(input).ok;
}
