/**
 * 督办清单 on staff pages: statuses and steps in words, the buttons a role gets on an item, the
 * deadline said plainly, and the checks a form makes before it sends.
 */
import type { StaffRole } from '../api/core';
import type { Unit, UnitChoice } from '../api/staff';
import type { Exposure, ItemSource, ItemStatus, NewItem, SupervisionItem, SupervisionSummary } from '../api/supervision';

export const ITEM_STATUS_LABELS: Record<ItemStatus, string> = {
  assigned: '待整改',
  reported: '已报告，待核验',
  sent_back: '退回重新整改',
  closed: '已销号',
};

export const SOURCE_LABELS: Record<ItemSource, string> = {
  case: '来自一件诉求',
  cases: '来自多件诉求',
  warning: '来自三色预警',
  flag: '来自异常线索',
  field_visit: '来自四不两直暗访',
};

const HISTORY_LABELS: Record<string, string> = {
  assign: '交办',
  report: '单位报告整改',
  close: '核验销号',
  send_back: '退回重新整改',
  escalate: '逾期，已报告领导',
  accountability: '问责',
  exposure: '媒体曝光',
};

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export function itemStatusLabel(status: string): string {
  return has(ITEM_STATUS_LABELS, status) ? ITEM_STATUS_LABELS[status as ItemStatus] : status;
}
export function sourceLabel(source: string): string {
  return has(SOURCE_LABELS, source) ? SOURCE_LABELS[source as ItemSource] : '';
}
export function historyLabel(action: string): string {
  return has(HISTORY_LABELS, action) ? HISTORY_LABELS[action] : action;
}

/** The staff of the unit an item is assigned to (the server scopes them to their unit's items). */
export function isUnitRole(role: StaffRole | null): boolean {
  return role === 'handler' || role === 'unit_leader';
}

/** Items the unit still has to answer: new ones and those sent back. */
export function awaitsUnit(item: Pick<SupervisionItem, 'status'>): boolean {
  return item.status === 'assigned' || item.status === 'sent_back';
}

export type ItemButton = 'report' | 'close' | 'send_back' | 'accountability' | 'exposure';

/**
 * The buttons on an item: the unit reports while it awaits them; the inspector verifies a report
 * (销号 or 退回) and may record accountability and a media exposure at any time. The server checks too.
 */
export function itemButtons(item: Pick<SupervisionItem, 'status'>, role: StaffRole | null): ItemButton[] {
  if (isUnitRole(role)) return awaitsUnit(item) ? ['report'] : [];
  if (role !== 'inspector') return [];
  return item.status === 'reported' ? ['close', 'send_back', 'accountability', 'exposure'] : ['accountability', 'exposure'];
}

/** Today's Beijing date, YYYY-MM-DD. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A Beijing date `days` after today's. */
export function dateAfter(days: number, now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** 2026-12-31 → 2026年12月31日 (as given, if it is not such a date). */
export function chinaDateText(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
}

/** The deadline in words: by when, or how many days late while the unit still owes its report. */
export function dueText(item: Pick<SupervisionItem, 'dueDate' | 'status' | 'overdue'>, now: Date = new Date()): string {
  if (item.status === 'closed') return `限期 ${chinaDateText(item.dueDate)}`;
  if (item.overdue) {
    const late = Math.round((Date.parse(chinaToday(now)) - Date.parse(item.dueDate)) / 86_400_000);
    return late > 0 ? `已逾期 ${late} 天（限期 ${chinaDateText(item.dueDate)}）` : `已逾期（限期 ${chinaDateText(item.dueDate)}）`;
  }
  return `请在 ${chinaDateText(item.dueDate)} 前整改到位`;
}

export const ITEM_LIMITS = { title: 100, requirement: 2000, report: 2000, note: 1000, photos: 9 } as const;

/** What is wrong with a new item's fields, or null. */
export function checkNewItem(d: { unitId: string | null; title: string; requirement: string; dueDate: string }, now: Date = new Date()): string | null {
  if (!d.unitId) return '请选择交办单位';
  if (!d.title.trim()) return '请写督办事项的标题';
  if (d.title.trim().length > ITEM_LIMITS.title) return `标题最多${ITEM_LIMITS.title}个字`;
  if (!d.requirement.trim()) return '请写整改要求';
  if (d.requirement.trim().length > ITEM_LIMITS.requirement) return `整改要求最多${ITEM_LIMITS.requirement}个字`;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.dueDate)) return '请选择整改期限';
  if (d.dueDate < chinaToday(now)) return '整改期限不能早于今天';
  return null;
}

/** What is wrong with the unit's report, or null. */
export function checkReport(text: string, photos: number): string | null {
  if (!text.trim()) return '请写一写整改了什么';
  if (text.trim().length > ITEM_LIMITS.report) return `最多${ITEM_LIMITS.report}个字`;
  if (photos > ITEM_LIMITS.photos) return `最多${ITEM_LIMITS.photos}张照片`;
  return null;
}

/** The inspector's verification needs a finding; a new deadline on a send-back is today or later. */
export function checkVerify(note: string, newDueDate: string | null = null, now: Date = new Date()): string | null {
  if (!note.trim()) return '请写一写核验情况';
  if (note.trim().length > ITEM_LIMITS.note) return `最多${ITEM_LIMITS.note}个字`;
  if (newDueDate !== null && newDueDate < chinaToday(now)) return '新的整改期限不能早于今天';
  return null;
}

/** The unit's list: what it still owes first (the server's order within each), then the rest. */
export function unitOrder<T extends Pick<SupervisionItem, 'status'>>(items: readonly T[]): { toAnswer: T[]; others: T[] } {
  return { toAnswer: items.filter(awaitsUnit), others: items.filter((i) => !awaitsUnit(i)) };
}

/** Who sees the counts of all items: inspectors, the office and city leaders. */
export function seesSummary(role: StaffRole | null): boolean {
  return role === 'inspector' || role === 'dispatcher' || role === 'city_leader';
}

/**
 * The counts in words: the whole list, then the units with overdue items (the server puts the
 * most overdue first), at most `max` of them.
 */
export function summaryLines(s: SupervisionSummary, max = 5): { total: string; onTime: string; units: string[] } {
  const t = s.total;
  return {
    total: `在办 ${t.open} 项，其中逾期 ${t.overdue} 项；已销号 ${t.closed} 项`,
    onTime: t.closed ? `按期整改销号 ${t.closedOnTime} 项（${Math.round((t.closedOnTime / t.closed) * 100)}%）` : '还没有销号的事项',
    units: s.byUnit
      .filter((u) => u.overdue > 0)
      .slice(0, max)
      .map((u) => `${u.unit.name}：逾期 ${u.overdue} 项，在办 ${u.open} 项`),
  };
}

/** Where a new item comes from, read from the page's query: a flag, a case, a warning or a field visit. */
export type ItemOrigin =
  | { source: 'flag'; flagId: string }
  | { source: 'case'; caseId: string }
  | { source: 'warning'; warningId: string }
  | { source: 'field_visit' };

/** `?flagId=`, `?caseId=`, `?warningId=` or `?mode=field_visit`; null when the query names none of them. */
export function itemOrigin(params: Partial<Record<string, string>>): ItemOrigin | null {
  const v = (k: string) => (params[k] ? decodeURIComponent(params[k]) : '');
  if (v('flagId')) return { source: 'flag', flagId: v('flagId') };
  if (v('caseId')) return { source: 'case', caseId: v('caseId') };
  if (v('warningId')) return { source: 'warning', warningId: v('warningId') };
  if (v('mode') === 'field_visit') return { source: 'field_visit' };
  return null;
}

/** The page that opens an item from this origin. */
export function newItemUrl(origin: ItemOrigin): string {
  const base = '/pages/staff/supervision/new';
  switch (origin.source) {
    case 'flag':
      return `${base}?flagId=${encodeURIComponent(origin.flagId)}`;
    case 'case':
      return `${base}?caseId=${encodeURIComponent(origin.caseId)}`;
    case 'warning':
      return `${base}?warningId=${encodeURIComponent(origin.warningId)}`;
    case 'field_visit':
      return `${base}?mode=field_visit`;
  }
}

/** Only inspectors (纪委监委) open items. */
export function opensItems(role: StaffRole | null): boolean {
  return role === 'inspector';
}

type UnitLike = Pick<Unit, 'id' | 'name' | 'level' | 'parentId'>;

/** Units an item may go to: towns and departments (villages answer through their town). */
export function assignableUnits<T extends UnitLike>(units: readonly T[]): T[] {
  return units.filter((u) => u.level === 'town' || u.level === 'department');
}

/**
 * The units for the unit picker, towns first then departments, in one 全部单位 section. /api/units
 * carries no pinyin initials, so here the search goes by name only.
 */
export function unitChoicesOf(units: readonly UnitLike[]): UnitChoice[] {
  const rank = (u: UnitLike) => (u.level === 'town' ? 0 : 1);
  return [...assignableUnits(units)]
    .sort((a, b) => rank(a) - rank(b))
    .map((u) => ({ id: u.id, name: u.name, level: u.level, townName: null, initials: '', group: 'other' as const }));
}

/** The unit to preselect for a case's unit: itself if it may take items, a village's town, else none. */
export function prefillUnit(units: readonly UnitLike[], unitId: string | null | undefined): string | null {
  const unit = units.find((u) => u.id === unitId);
  if (!unit) return null;
  if (unit.level === 'town' || unit.level === 'department') return unit.id;
  const parent = unit.level === 'village' ? units.find((u) => u.id === unit.parentId && u.level === 'town') : undefined;
  return parent?.id ?? null;
}

/** A warning's unit when it names exactly one town; a city-wide or many-town warning leaves the choice to the inspector. */
export function warningUnit(w: { evidence: { towns: readonly { townId: string }[] } }): string | null {
  return w.evidence.towns.length === 1 ? w.evidence.towns[0].townId : null;
}

/** The proposed title of an item from a case: its number and the start of what the resident said. */
export function itemTitleFromCase(c: { number: string; text: string }, max = 30): string {
  const text = c.text.replace(/\s+/g, ' ').trim();
  const head = text.length > max ? `${text.slice(0, max)}…` : text;
  return head ? `${c.number}：${head}` : c.number;
}

/** The proposed title of an item from a warning: where, what, and the level. */
export function itemTitleFromWarning(w: { towns: readonly string[]; categoryName: string; levelLabel: string }): string {
  const place = w.towns.length ? w.towns.join('、') : '全市';
  return `${place}${w.categoryName}${w.levelLabel}`.slice(0, ITEM_LIMITS.title);
}

export const FIELD_NOTE_MAX = 2000;

/** A field visit must say what the inspector found; other sources send no field note. */
export function checkFieldNote(note: string): string | null {
  if (!note.trim()) return '请写一写现场看到的情况';
  if (note.trim().length > FIELD_NOTE_MAX) return `现场情况最多${FIELD_NOTE_MAX}个字`;
  return null;
}

export interface ItemDraft {
  unitId: string;
  title: string;
  requirement: string;
  dueDate: string;
  fieldNote: string;
}

/** The body of POST /api/supervision/items for this origin: the ids its source needs and nothing else. */
export function newItemBody(origin: ItemOrigin, d: ItemDraft, caseIds: readonly string[] = []): NewItem {
  const base = { unitId: d.unitId, title: d.title.trim(), requirement: d.requirement.trim(), dueDate: d.dueDate };
  switch (origin.source) {
    case 'flag':
      return { source: 'flag', flagId: origin.flagId, ...base, ...(caseIds.length ? { caseIds: [...caseIds] } : {}) };
    case 'case':
      return { source: 'case', caseIds: [origin.caseId], ...base };
    case 'warning':
      return { source: 'warning', warningId: origin.warningId, ...base };
    case 'field_visit':
      return { source: 'field_visit', ...base, fieldNote: d.fieldNote.trim() };
  }
}

/** Who may add a follow-up to an exposure: inspectors, the office, and the exposed unit's own staff. */
export function canFollowUp(exposure: Pick<Exposure, 'unit'>, role: StaffRole | null, myUnitId: string | null | undefined): boolean {
  if (role === 'inspector' || role === 'dispatcher') return true;
  return isUnitRole(role) && Boolean(myUnitId) && exposure.unit.id === myUnitId;
}

/** The unit head's commitment and its deadline in words. */
export function commitmentText(e: Pick<Exposure, 'commitment' | 'commitmentDue'>): string {
  return `承诺：${e.commitment}（${chinaDateText(e.commitmentDue)} 前）`;
}

/** What is wrong with a follow-up note, or null. */
export function checkFollowUp(text: string): string | null {
  if (!text.trim()) return '请写一写跟进情况';
  if (text.trim().length > ITEM_LIMITS.note) return `最多${ITEM_LIMITS.note}个字`;
  return null;
}
