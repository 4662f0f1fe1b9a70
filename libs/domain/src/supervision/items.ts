import { isCalendarDay } from '../calendar/work-calendar';
import { chinaDate } from '../shared/china-time';
import { DomainError } from '../shared/domain-error';

/**
 * 督办清单: the discipline inspectors' list (清单交办、跟踪督办、限期销号). An inspector opens an
 * item from a case, a group of cases, a warning, a confirmed anomaly flag or a field visit
 * (四不两直), assigns it to a unit with a deadline and the rectification required; the unit
 * reports with evidence; the inspector closes it or sends it back, and the unit reports again.
 */

export const SUPERVISION_SOURCES = ['case', 'cases', 'warning', 'flag', 'field_visit'] as const;
export type SupervisionSource = (typeof SUPERVISION_SOURCES)[number];

export const SUPERVISION_STATUSES = ['assigned', 'reported', 'sent_back', 'closed'] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

export const SUPERVISION_STATUS_LABELS: Record<SupervisionStatus, string> = { assigned: '已交办', reported: '已报告', sent_back: '已退回', closed: '已销号' };

export const SUPERVISION_ACTIONS = ['assign', 'report', 'close', 'send_back', 'escalate', 'accountability', 'exposure'] as const;
export type SupervisionAction = (typeof SUPERVISION_ACTIONS)[number];

/** Who acts on an item: a member of staff by role and unit. */
export interface SupervisionActor {
  readonly role: 'dispatcher' | 'handler' | 'unit_leader' | 'city_leader' | 'inspector' | 'admin';
  readonly unitId: string;
}

/** What an inspector asks for when opening an item, before anything is looked up. */
export interface NewSupervisionItem {
  readonly source: SupervisionSource;
  readonly caseIds?: readonly string[];
  readonly warningId?: string;
  readonly flagId?: string;
  readonly title: string;
  readonly requirement: string;
  readonly dueDate: string;
  readonly fieldNote?: string;
}

export const SUPERVISION_LIMITS = { title: 100, requirement: 2000, fieldNote: 2000, casesInGroup: 50 } as const;

const invalid = (message: string, details: Record<string, unknown> = {}) => new DomainError('SUPERVISION_INVALID', message, details);

/**
 * An item's opening checked against its source: one case for 'case', two or more for 'cases', the
 * warning or flag it comes from, a field note for a field visit (which names no case), and a
 * deadline that is a real date no earlier than today (Beijing). Returns the item with its texts trimmed.
 */
export function checkNewItem(input: NewSupervisionItem, today: string): NewSupervisionItem {
  const caseIds = [...new Set(input.caseIds ?? [])];
  const title = input.title.trim();
  const requirement = input.requirement.trim();
  const fieldNote = input.fieldNote?.trim() || undefined;
  if (!title) throw invalid('an item needs a title', { field: 'title' });
  if (!requirement) throw invalid('an item needs the rectification required', { field: 'requirement' });
  checkDeadline(input.dueDate, today);
  const linksCases = caseIds.length > 0;
  switch (input.source) {
    case 'case':
      if (caseIds.length !== 1) throw invalid('an item from a case names exactly one case', { field: 'caseIds' });
      break;
    case 'cases':
      if (caseIds.length < 2) throw invalid('an item from a group of cases names two or more cases', { field: 'caseIds' });
      if (caseIds.length > SUPERVISION_LIMITS.casesInGroup) throw invalid(`a group holds at most ${SUPERVISION_LIMITS.casesInGroup} cases`, { field: 'caseIds' });
      break;
    case 'warning':
      if (!input.warningId) throw invalid('an item from a warning names the warning', { field: 'warningId' });
      break;
    case 'flag':
      if (!input.flagId) throw invalid('an item from an anomaly flag names the flag', { field: 'flagId' });
      break;
    case 'field_visit':
      if (!fieldNote) throw invalid('an item from a field visit needs the field note', { field: 'fieldNote' });
      if (linksCases) throw invalid('a field visit names no case', { field: 'caseIds' });
      break;
  }
  if (input.source !== 'warning' && input.warningId) throw invalid(`an item from ${input.source} names no warning`, { field: 'warningId' });
  if (input.source !== 'flag' && input.flagId) throw invalid(`an item from ${input.source} names no flag`, { field: 'flagId' });
  return { ...input, caseIds, title, requirement, fieldNote };
}

/** A deadline is a real date, today (Beijing) or later. */
export function checkDeadline(dueDate: string, today: string): string {
  if (!isCalendarDay(dueDate)) throw invalid(`the deadline is not a date: ${dueDate}`, { field: 'dueDate' });
  if (dueDate < today) throw invalid(`the deadline ${dueDate} is already past (today is ${today})`, { field: 'dueDate' });
  return dueDate;
}

/** A report, a verdict's note, a follow-up: words, not blanks. */
export function requiredText(text: string, field: string): string {
  const t = text.trim();
  if (!t) throw invalid(`${field} is empty`, { field });
  return t;
}

const isUnitStaff = (a: SupervisionActor) => a.role === 'handler' || a.role === 'unit_leader';
const isInspector = (a: SupervisionActor) => a.role === 'inspector' || a.role === 'admin';

/** Sees the item at all: inspectors, the office and city leaders see every item; a unit's staff only their unit's. */
export function maySeeItem(actor: SupervisionActor, item: { unitId: string }): boolean {
  return isUnitStaff(actor) ? actor.unitId === item.unitId : true;
}

/** The statuses in which the unit owes a report. */
const AWAITING_UNIT: readonly SupervisionStatus[] = ['assigned', 'sent_back'];

/**
 * One step on an item: who may take it and what status follows. The unit (its handlers and
 * leader) reports while the item is assigned or sent back; the inspector closes or sends back a
 * reported item; accountability and exposure records are the inspector's, at any status.
 */
export function supervisionStep(item: { status: SupervisionStatus; unitId: string }, action: 'report' | 'close' | 'send_back' | 'accountability' | 'exposure', actor: SupervisionActor): SupervisionStatus {
  const forbidden = () => new DomainError('SUPERVISION_NOT_ALLOWED', `a ${actor.role} may not ${action} this item`, { action, role: actor.role });
  const illegal = () => new DomainError('SUPERVISION_ILLEGAL_TRANSITION', `cannot ${action} an item that is ${item.status}`, { action, status: item.status });
  switch (action) {
    case 'report':
      if (!isUnitStaff(actor) || actor.unitId !== item.unitId) throw forbidden();
      if (!AWAITING_UNIT.includes(item.status)) throw illegal();
      return 'reported';
    case 'close':
    case 'send_back':
      if (!isInspector(actor)) throw forbidden();
      if (item.status !== 'reported') throw illegal();
      return action === 'close' ? 'closed' : 'sent_back';
    case 'accountability':
    case 'exposure':
      if (!isInspector(actor)) throw forbidden();
      return item.status;
  }
}

/**
 * 逾期: the unit still owes its report (assigned or sent back) and the Beijing date is past the
 * deadline. The deadline is a plain date the inspector chose on the calendar (限期), not a count
 * of working days: it ends at midnight Beijing time after that date, whatever the day of the week.
 * A reported item waits on the inspector and is not the unit's delay.
 */
export function isItemOverdue(item: { status: SupervisionStatus; dueDate: string }, now: Date): boolean {
  return AWAITING_UNIT.includes(item.status) && chinaDate(now) > item.dueDate;
}

/**
 * 逾期督办: an overdue item is escalated once (to the unit's leader and the city leader in charge)
 * and marked; a new deadline given on sending it back clears the mark, so it can escalate again.
 */
export function escalationDue(item: { status: SupervisionStatus; dueDate: string; escalatedAt: Date | null }, now: Date): boolean {
  return item.escalatedAt === null && isItemOverdue(item, now);
}

/** 按期销号: closed on the strength of a report the unit made by the end of the deadline's day. */
export function closedOnTime(item: { status: SupervisionStatus; dueDate: string; reportedAt: Date | null }): boolean {
  return item.status === 'closed' && item.reportedAt !== null && chinaDate(item.reportedAt) <= item.dueDate;
}

/** 督-2026-0001: the year of opening (Beijing) and the item's place in that year. */
export function supervisionNumber(year: number, seq: number): string {
  return `督-${year}-${String(seq).padStart(4, '0')}`;
}

export interface SupervisionCounts {
  readonly open: number;
  readonly overdue: number;
  readonly closed: number;
  readonly closedOnTime: number;
}

export interface SupervisionSummaryRow {
  readonly unitId: string;
  readonly status: SupervisionStatus;
  readonly dueDate: string;
  readonly reportedAt: Date | null;
}

/** The office's counts: open (not yet closed), overdue, closed and closed on time, in all and by unit. */
export function supervisionCounts(items: readonly SupervisionSummaryRow[], now: Date): { total: SupervisionCounts; byUnit: Map<string, SupervisionCounts> } {
  const zero = (): { open: number; overdue: number; closed: number; closedOnTime: number } => ({ open: 0, overdue: 0, closed: 0, closedOnTime: 0 });
  const total = zero();
  const byUnit = new Map<string, ReturnType<typeof zero>>();
  for (const item of items) {
    const unit = byUnit.get(item.unitId) ?? zero();
    byUnit.set(item.unitId, unit);
    for (const c of [total, unit]) {
      if (item.status === 'closed') {
        c.closed += 1;
        if (closedOnTime(item)) c.closedOnTime += 1;
      } else c.open += 1;
      if (isItemOverdue(item, now)) c.overdue += 1;
    }
  }
  return { total, byUnit };
}
