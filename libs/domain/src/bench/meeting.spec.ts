import { DomainError } from '../shared/domain-error';
import { defaultBenchKinds, parseBenchKinds } from './bench-kinds';
import { cancelMeeting, closeMeeting, holdMeeting, meetingActions, planMeeting, type MeetingState } from './meeting';
import { isSettled, sumTotals, withRate } from './totals';

const kinds = defaultBenchKinds();
const now = new Date('2026-12-07T12:00:00+08:00');
const plan = (over: Partial<Parameters<typeof planMeeting>[0]> = {}): MeetingState =>
  planMeeting({ kind: 'night_talk', villageUnitId: 'v1', place: ' 村委会院坝 ', hostStaffId: 's1', plannedAt: now, topics: ['饮水', '饮水', ' 道路 '], ...over }, kinds);
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof DomainError ? e.code : 'OTHER';
  }
  return undefined;
};

describe(parseBenchKinds.name, () => {
  it('ships the five kinds of the seed, two of them themed', () => {
    expect(kinds.kinds.map((k) => k.name)).toEqual(['政策宣讲', '板凳夜谈', '田埂板凳会', '交通板凳会', '乡风评议会']);
    expect(kinds.kinds.filter((k) => k.themed).map((k) => k.code)).toEqual(['traffic_meeting', 'custom_review']);
  });

  it.each([
    ['no kinds', { version: 1, kinds: [] }],
    ['a doubled code', { version: 1, kinds: [{ code: 'a', name: '甲' }, { code: 'a', name: '乙' }] }],
    ['a bad code', { version: 1, kinds: [{ code: 'Night Talk', name: '夜谈' }] }],
    ['an empty name', { version: 1, kinds: [{ code: 'a', name: ' ' }] }],
    ['a misspelt field', { version: 1, kinds: [{ code: 'a', name: '甲', themd: true }] }],
    ['no version', { kinds: [{ code: 'a', name: '甲' }] }],
  ])('refuses %s', (_, doc) => {
    expect(codeOf(() => parseBenchKinds(doc))).toBe('BENCH_KINDS_INVALID');
  });
});

describe(planMeeting.name, () => {
  it('plans a meeting with trimmed place and distinct topics', () => {
    expect(plan()).toMatchObject({ status: 'planned', place: '村委会院坝', topics: ['饮水', '道路'], heldAt: null, attendance: null });
  });

  it.each([
    ['an unknown kind', { kind: 'party' }],
    ['no place', { place: '  ' }],
    ['a place too long', { place: '院'.repeat(101) }],
    ['too many topics', { topics: Array.from({ length: 11 }, (_, i) => `议题${i}`) }],
    ['no time', { plannedAt: new Date('nope') }],
  ])('refuses %s', (_, over) => {
    expect(codeOf(() => plan(over))).toBe('BENCH_MEETING_INVALID');
  });
});

describe('a meeting’s life', () => {
  it('is planned, held, then closed with its report', () => {
    const held = holdMeeting(plan(), { heldAt: now, attendance: 42, outcomes: '修水池' }, now);
    expect(held).toMatchObject({ status: 'held', attendance: 42, outcomes: '修水池', topics: ['饮水', '道路'] });
    const closed = closeMeeting(held, { report: '群众提了3件事，1件当场解决' });
    expect(closed).toMatchObject({ status: 'closed', report: '群众提了3件事，1件当场解决', outcomes: '修水池' });
  });

  it('offers the buttons each state allows', () => {
    expect(meetingActions('planned')).toEqual(['hold', 'cancel']);
    expect(meetingActions('held')).toEqual(['close', 'add_demand']);
    expect(meetingActions('closed')).toEqual(['add_demand']);
    expect(meetingActions('cancelled')).toEqual([]);
  });

  it.each([
    ['no one came', { attendance: 0 }],
    ['a fraction of a person', { attendance: 2.5 }],
    ['held tomorrow', { heldAt: new Date(now.getTime() + 86_400_000) }],
  ])('refuses to record it held when %s', (_, over) => {
    expect(codeOf(() => holdMeeting(plan(), { heldAt: now, attendance: 10, ...over }, now))).toBe('BENCH_MEETING_INVALID');
  });

  it('needs a report to close and a reason to cancel', () => {
    const held = holdMeeting(plan(), { heldAt: now, attendance: 5 }, now);
    expect(codeOf(() => closeMeeting(held, { report: ' ' }))).toBe('BENCH_MEETING_INVALID');
    expect(codeOf(() => cancelMeeting(plan(), ''))).toBe('REASON_REQUIRED');
    expect(cancelMeeting(plan(), '下大雨')).toMatchObject({ status: 'cancelled', cancelReason: '下大雨' });
  });

  it.each([
    ['close a planned meeting', () => closeMeeting(plan(), { report: '小结' })],
    ['hold a held meeting', () => holdMeeting(holdMeeting(plan(), { heldAt: now, attendance: 5 }, now), { heldAt: now, attendance: 5 }, now)],
    ['cancel a held meeting', () => cancelMeeting(holdMeeting(plan(), { heldAt: now, attendance: 5 }, now), '晚了')],
    ['hold a cancelled meeting', () => holdMeeting(cancelMeeting(plan(), '下雨'), { heldAt: now, attendance: 5 }, now)],
  ])('refuses to %s', (_, act) => {
    expect(codeOf(act)).toBe('BENCH_ILLEGAL_TRANSITION');
  });
});

describe('bench totals', () => {
  it('counts answered and closed demands as settled, nothing else', () => {
    expect(['revisiting', 'closed'].every((s) => isSettled(s as never))).toBe(true);
    expect(['accepted', 'assigned', 'in_progress', 'invalid', 'merged'].some((s) => isSettled(s as never))).toBe(false);
  });

  it('adds groups into a whole and recomputes the rate from the sums', () => {
    const a = { key: 'a', meetingsHeld: 2, attendance: 80, demandsRaised: 3, demandsSettled: 3, solvedOnTheSpot: 1 };
    const b = { key: 'b', meetingsHeld: 1, attendance: 20, demandsRaised: 1, demandsSettled: 0, solvedOnTheSpot: 0 };
    expect(sumTotals([a, b])).toEqual({ key: 'all', meetingsHeld: 3, attendance: 100, demandsRaised: 4, demandsSettled: 3, solvedOnTheSpot: 1, completionRate: 0.75 });
    expect(withRate({ ...b, demandsRaised: 0 }).completionRate).toBeNull();
  });
});
