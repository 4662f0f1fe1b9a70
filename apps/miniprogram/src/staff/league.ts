/**
 * 红黑榜 on the phone: which week the office publishes, a table's rows as a leader reads them, and a
 * unit's own standing in one line. Plain TypeScript (no Taro), so jest tests it.
 */
import type { LeagueHistory, LeaguePublication, LeagueRow, LeagueTable, LeagueWeek, Publication } from '../api/staff';

const DAY_MS = 86_400_000;

/** The Beijing calendar day of an instant, as YYYY-MM-DD. */
export function beijingDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD day moved by whole days. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week a day falls in. */
export function mondayOf(day: string): string {
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  return addDays(day, -weekday);
}

/** The ISO week of a day, as 2026-W49 (the server's weeks: Monday first, week 1 holds the year's first Thursday). */
export function isoWeekOf(day: string): string {
  const thursday = addDays(mondayOf(day), 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((Date.parse(`${thursday}T00:00:00Z`) - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The week a list is published for on a given day: the last whole week (on Monday, the one that just ended). */
export function lastWeek(now: Date = new Date()): string {
  return isoWeekOf(addDays(mondayOf(beijingDay(now)), -7));
}

/** The week before or after (step -1 or 1). */
export function shiftWeek(week: string, step: number): string {
  return isoWeekOf(addDays(weekMondayOf(week), 7 * step));
}

/** The Monday of an ISO week like 2026-W49. */
export function weekMondayOf(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new RangeError(`not an ISO week: ${week}`);
  const jan4 = `${m[1]}-01-04`;
  return addDays(mondayOf(jan4), (Number(m[2]) - 1) * 7);
}

/** 2026-W49 → 2026年第49周 (the server's own label in the article and the picture). */
export function weekLabel(week: string): string {
  const [year, n] = week.split('-W');
  return `${year}年第${Number(n)}周`;
}

export const GROUP_LABELS: Record<LeagueTable['group'], string> = { town: '乡镇（街道）', department: '市级部门' };
export const LIST_LABELS: Record<NonNullable<LeagueRow['list']>, string> = { red: '红榜', black: '黑榜' };

/** One row of a table as shown: red and black said in words as well as colour. */
export interface LeagueLine {
  key: string;
  rank: string;
  name: string;
  score: string;
  list: string;
  className: string;
  /** The league's own explanation: which standards cost what. */
  explanation: string;
}

export function leagueLines(table: LeagueTable): LeagueLine[] {
  return table.rows.map((r) => ({
    key: r.unitId,
    rank: String(r.rank),
    name: r.name,
    score: `${r.score.toFixed(1)}分`,
    list: r.list ? LIST_LABELS[r.list] : '',
    className: r.list ? `league__row league__row--${r.list}` : 'league__row',
    explanation: r.explanation,
  }));
}

/** Units with nothing due that week, listed apart and not ranked. */
export function nothingDueText(table: LeagueTable): string {
  if (table.nothingDue.length === 0) return '';
  return `本周无到期诉求、不参加排名：${table.nothingDue.map((u) => u.name).join('、')}`;
}

/** A unit's place in a week: where it stands, out of how many, on which list, and what cost it points. */
export interface Standing {
  week: string;
  weekLabel: string;
  approved: boolean;
  group: string;
  rank: number | null;
  of: number;
  score: number | null;
  list: LeagueRow['list'];
  /** 第2名（共31个） · 黑榜 · 78.5分; or that the unit had nothing due. */
  headline: string;
  explanation: string;
}

/** The unit's row in a week's list, or null when the unit is in neither table (a village, the office). */
export function standingIn(week: LeagueWeek, unitId: string): Standing | null {
  for (const table of week.tables) {
    const row = table.rows.find((r) => r.unitId === unitId);
    const apart = table.nothingDue.find((u) => u.unitId === unitId);
    if (!row && !apart) continue;
    const base = { week: week.week, weekLabel: weekLabel(week.week), approved: week.status === 'approved', group: GROUP_LABELS[table.group], of: table.rows.length };
    if (!row) return { ...base, rank: null, score: null, list: null, headline: '本周无到期诉求，不参加排名', explanation: '' };
    const parts = [`${base.group}第${row.rank}名（共${table.rows.length}个）`, row.list ? LIST_LABELS[row.list] : '', `${row.score.toFixed(1)}分`];
    return { ...base, rank: row.rank, score: row.score, list: row.list, headline: parts.filter(Boolean).join(' · '), explanation: row.explanation };
  }
  return null;
}

/** The newest week a unit was on an approved list (the history is newest first), or null. */
export function latestWeek(history: LeagueHistory): string | null {
  return history.weeks[0]?.week ?? null;
}

/** The handler's one line above their queue. */
export function standingLine(s: Standing | null): string {
  if (!s) return '本单位暂无红黑榜排名';
  return `${s.weekLabel}红黑榜：${s.headline}`;
}

/** Where a week's list is in the office's hands: a draft, approved, or out on the Official Account. */
export type PublicationStage = 'draft' | 'approved' | 'publishing' | 'published' | 'failed';

export function publicationStage(week: LeagueWeek, publication: Publication | LeaguePublication | null): PublicationStage {
  if (week.status === 'draft') return 'draft';
  if (!publication) return 'approved';
  switch (publication.status) {
    case 'published':
      return 'published';
    case 'failed':
      return 'failed';
    case 'publishing':
    case 'submitted':
      return 'publishing';
  }
}

export const STAGE_LABELS: Record<PublicationStage, string> = {
  draft: '草稿，待审定',
  approved: '已审定，待发布',
  publishing: '正在发布，请稍后刷新',
  published: '已在公众号发布',
  failed: '发布没有成功，可以再试一次',
};

/** The publication record of a week among the office's publications (the server names it weekly_list:<week>). */
export function publicationOf(list: readonly Publication[], week: string): Publication | null {
  return list.find((p) => p.kind === `weekly_list:${week}`) ?? null;
}
