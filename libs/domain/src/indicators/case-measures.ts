import { countWorkdays, workdayDeadline, type WorkCalendar } from '../calendar/work-calendar';
import type { CaseKind } from '../case/case-kind';
import type { CaseStatus } from '../case/case-lifecycle';
import type { CaseStep } from '../case/case';
import { computeDeadlines, DEFAULT_DEADLINE_POLICY, type DeadlinePolicy } from '../case/deadlines';
import { readRevisitNote, type RevisitRating } from '../case/revisit';
import { readExtensionNote } from '../sla/extension';
import { chinaDate } from '../shared/china-time';

/** One timeline entry as the indicators read it: what happened, when, and the note it left. */
export interface TimelineRecord {
  readonly action: CaseStep;
  readonly fromStatus: CaseStatus | null;
  readonly toStatus: CaseStatus;
  readonly at: Date;
  readonly note: string | null;
}

/** What a case is, apart from its history: the keys indicators are grouped by. */
export interface CaseFacts {
  readonly channel: string;
  readonly kind: CaseKind;
  readonly category: string | null;
  readonly subItem: string | null;
  /** The lead unit (主办) as the case stands: the unit its indicators count for. */
  readonly unitId: string | null;
  /** The town and village the case is about (its place, else the lead unit's own town or village). */
  readonly townId: string | null;
  readonly villageId: string | null;
  /** Earlier reports of the same problem within 30 days (the domain's same-problem rule). */
  readonly earlierSameProblem: number;
}

/** A handler signs for an assigned case within this many working days (the same day as the return window). */
export const SIGN_FOR_WORKDAYS = 1;

/** The measures of one case, read off its timeline on the official calendar. Dates are instants; days are Beijing dates. */
export interface CaseMeasures {
  readonly acceptedAt: Date;
  /** Rejected as invalid or merged into another case: counted in volume, in nothing else. */
  readonly excluded: boolean;
  readonly assignBy: Date;
  readonly firstAssignedAt: Date | null;
  readonly assignments: readonly Date[];
  /** Each assignment's sign-for deadline and when it was signed for (null: not yet). */
  readonly signFors: ReadonlyArray<{ readonly by: Date; readonly at: Date | null }>;
  readonly returns: readonly Date[];
  readonly extensions: ReadonlyArray<{ readonly at: Date; readonly workdays: number }>;
  /** The deadline with every approved extension. */
  readonly closeBy: Date;
  /** The answer that stands: the last one. */
  readonly answeredAt: Date | null;
  /** Working days from acceptance to the standing answer (0: answered the day it came). */
  readonly cycleWorkdays: number | null;
  /** Every revisit answer on the case's own revisit, in order (a reopened case may have several). */
  readonly revisits: ReadonlyArray<{ readonly at: Date; readonly rating: RevisitRating; readonly closes: boolean }>;
  readonly reopens: readonly Date[];
  readonly repeat: boolean;
  /** The third or later report of the same problem (专项治理 level). */
  readonly repeatMany: boolean;
}

export interface MeasureRules {
  readonly calendar: WorkCalendar;
  readonly deadlines?: DeadlinePolicy;
}

/**
 * A case's measures from its timeline alone (with its kind and the calendar): anyone holding the
 * timeline gets the same numbers. Deadlines are recomputed from acceptance, the kind and the
 * approved extensions, the way the case itself computes them.
 */
export function measureCase(
  timeline: readonly TimelineRecord[],
  facts: Pick<CaseFacts, 'kind' | 'earlierSameProblem'> & { acceptedAt?: Date },
  rules: MeasureRules,
): CaseMeasures {
  const steps = [...timeline].sort((a, b) => a.at.getTime() - b.at.getTime());
  const filed = steps.find((s) => s.action === 'file');
  if (!filed) throw new RangeError('a timeline starts with its filing');
  // The case's acceptance (a chat message's arrival) may precede the step's write by a moment; it is the fact the deadlines run from.
  const acceptedAt = facts.acceptedAt ?? filed.at;
  const { assignBy, closeBy: baseCloseBy } = computeDeadlines(acceptedAt, facts.kind, rules.calendar, rules.deadlines ?? DEFAULT_DEADLINE_POLICY);
  const assignments: Date[] = [];
  const signFors: Array<{ by: Date; at: Date | null }> = [];
  const returns: Date[] = [];
  const extensions: Array<{ at: Date; workdays: number }> = [];
  const revisits: Array<{ at: Date; rating: RevisitRating; closes: boolean }> = [];
  const reopens: Date[] = [];
  let answeredAt: Date | null = null;
  let excluded = false;
  // A reopened case must be signed for again: it has its own sign-for deadline from the reopening.
  const awaitSignFor = (from: Date) => signFors.push({ by: workdayDeadline(from, SIGN_FOR_WORKDAYS, rules.calendar), at: null });
  for (const s of steps) {
    switch (s.action) {
      case 'assign':
        assignments.push(s.at);
        awaitSignFor(s.at);
        break;
      case 'sign_for': {
        const open = signFors.find((f) => f.at === null);
        if (open) open.at = s.at;
        break;
      }
      case 'return': {
        returns.push(s.at);
        // Returned before anyone signed for it (a return comes only from 'assigned'): that sign-for is not owed.
        const open = signFors.findIndex((f) => f.at === null);
        if (open >= 0) signFors.splice(open, 1);
        break;
      }
      case 'extend':
        extensions.push({ at: s.at, workdays: readExtensionNote(s.note) ?? 0 });
        break;
      case 'answer':
        answeredAt = s.at;
        break;
      case 'close':
      case 'reopen': {
        const read = readRevisitNote(s.note);
        if (read) revisits.push({ at: s.at, rating: read.rating, closes: s.action === 'close' });
        if (s.action === 'reopen') {
          reopens.push(s.at);
          awaitSignFor(s.at);
        }
        break;
      }
      case 'reject':
      case 'merge':
        excluded = true;
        break;
      // A merged case's own revisit answer ('revisit') is the main case's outcome, counted there.
      case 'file':
      case 'add_info':
      case 'main_answered':
      case 'revisit':
      case 'classify':
      case 'note':
      case 'request_extension':
      case 'refuse_extension':
      case 'escalate':
      case 'start_revisit':
        break;
    }
  }
  const extended = extensions.reduce((n, e) => n + e.workdays, 0);
  const closeBy = extended > 0 ? workdayDeadline(acceptedAt, (rules.deadlines ?? DEFAULT_DEADLINE_POLICY).closeWorkdays(facts.kind) + extended, rules.calendar) : baseCloseBy;
  const answered: Date | null = answeredAt;
  return {
    acceptedAt,
    excluded,
    assignBy,
    firstAssignedAt: assignments[0] ?? null,
    assignments,
    signFors,
    returns,
    extensions,
    closeBy,
    answeredAt: answered,
    cycleWorkdays: answered ? countWorkdays(chinaDate(acceptedAt), chinaDate(answered), rules.calendar) : null,
    revisits,
    reopens,
    repeat: facts.earlierSameProblem >= 1,
    repeatMany: facts.earlierSameProblem >= 2,
  };
}
