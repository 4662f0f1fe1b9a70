import type { LeagueHistory, LeagueWeek, Publication } from '../api/staff';
import { isoWeekOf, lastWeek, latestWeek, leagueLines, nothingDueText, publicationOf, publicationStage, shiftWeek, standingIn, standingLine, weekLabel, weekMondayOf } from './league';

const row = (unitId: string, name: string, rank: number, score: number, list: 'red' | 'black' | null, explanation: string) => ({
  unitId,
  name,
  rank,
  score,
  list,
  due: 3,
  standards: [],
  explanation,
});

const week: LeagueWeek = {
  week: '2026-W50',
  from: '2026-12-07',
  to: '2026-12-13',
  status: 'approved',
  approvedBy: '王调度',
  approvedAt: '2026-12-14T01:00:00.000Z',
  standardsVersion: 1,
  excludedCases: [],
  tables: [
    {
      group: 'town',
      rows: [row('jx', '井溪镇', 1, 96.5, 'red', '各项满分'), row('mid', '黄钟镇', 2, 90, null, '满意率 扣3.0分'), row('bt', '八台镇', 3, 71.25, 'black', '按时办结率 扣12.5分；满意率 扣4.0分')],
      nothingDue: [
        { unitId: 'hy', name: '花园镇' },
        { unitId: 'gc', name: '固军镇' },
      ],
      means: {},
    },
    { group: 'department', rows: [row('water', '市水利局', 1, 88, 'red', '平均办理时长 扣2.0分')], nothingDue: [], means: {} },
  ],
};

describe('weeks', () => {
  it('numbers weeks as the server does (ISO: Monday first, week 1 holds the first Thursday)', () => {
    expect(isoWeekOf('2026-12-07')).toBe('2026-W50');
    expect(isoWeekOf('2026-12-13')).toBe('2026-W50');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
    expect(weekMondayOf('2026-W50')).toBe('2026-12-07');
    expect(weekMondayOf('2026-W01')).toBe('2025-12-29');
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52');
    expect(shiftWeek('2026-W53', 1)).toBe('2027-W01');
    expect(weekLabel('2026-W09')).toBe('2026年第9周');
  });

  it('publishes on Monday the week that just ended, by the Beijing calendar', () => {
    // Monday 14 December 00:30 in Beijing is still Sunday in UTC.
    expect(lastWeek(new Date('2026-12-13T16:30:00Z'))).toBe('2026-W50');
    expect(lastWeek(new Date('2026-12-13T15:30:00Z'))).toBe('2026-W49');
    expect(lastWeek(new Date('2026-12-20T12:00:00Z'))).toBe('2026-W50');
  });
});

describe('a week as the phone shows it', () => {
  it('says red and black in words beside the colour, with the score and the league’s own explanation', () => {
    expect(leagueLines(week.tables[0])).toEqual([
      { key: 'jx', rank: '1', name: '井溪镇', score: '96.5分', list: '红榜', className: 'league__row league__row--red', explanation: '各项满分' },
      { key: 'mid', rank: '2', name: '黄钟镇', score: '90.0分', list: '', className: 'league__row', explanation: '满意率 扣3.0分' },
      { key: 'bt', rank: '3', name: '八台镇', score: '71.3分', list: '黑榜', className: 'league__row league__row--black', explanation: '按时办结率 扣12.5分；满意率 扣4.0分' },
    ]);
  });

  it('lists units with nothing due apart, and nothing when every unit was ranked', () => {
    expect(nothingDueText(week.tables[0])).toBe('本周无到期诉求、不参加排名：花园镇、固军镇');
    expect(nothingDueText(week.tables[1])).toBe('');
  });
});

describe("a unit's standing", () => {
  it('gives its place out of its own table, the list it is on, and what cost it points', () => {
    const s = standingIn(week, 'bt');
    expect(s).toMatchObject({ week: '2026-W50', rank: 3, of: 3, list: 'black', approved: true, explanation: '按时办结率 扣12.5分；满意率 扣4.0分' });
    expect(s?.headline).toBe('乡镇（街道）第3名（共3个） · 黑榜 · 71.3分');
    expect(standingLine(s)).toBe('2026年第50周红黑榜：乡镇（街道）第3名（共3个） · 黑榜 · 71.3分');
    expect(standingIn(week, 'water')?.headline).toBe('市级部门第1名（共1个） · 红榜 · 88.0分');
    expect(standingIn(week, 'mid')?.headline).toBe('乡镇（街道）第2名（共3个） · 90.0分');
  });

  it('says a unit with nothing due was not ranked, and a unit in neither table has no standing', () => {
    expect(standingIn(week, 'hy')).toMatchObject({ rank: null, list: null, headline: '本周无到期诉求，不参加排名' });
    expect(standingIn(week, 'village-1')).toBeNull();
    expect(standingLine(null)).toBe('本单位暂无红黑榜排名');
  });
});

describe('the office’s publication', () => {
  const pub = (kind: string, status: Publication['status']): Publication => ({
    id: `${kind}-${status}`,
    kind,
    title: '民声直达红黑榜',
    status,
    failedStep: null,
    error: null,
    approvedByName: '王调度',
    draftMediaId: null,
    publishId: null,
    articleUrl: null,
    createdAt: '2026-12-14T01:00:00.000Z',
    publishedAt: null,
  });

  it('goes draft → approved → published, and can be tried again after a failure', () => {
    expect(publicationStage({ ...week, status: 'draft' }, null)).toBe('draft');
    expect(publicationStage(week, null)).toBe('approved');
    expect(publicationStage(week, pub('weekly_list:2026-W50', 'submitted'))).toBe('publishing');
    expect(publicationStage(week, pub('weekly_list:2026-W50', 'failed'))).toBe('failed');
    expect(publicationStage(week, pub('weekly_list:2026-W50', 'published'))).toBe('published');
  });

  it("finds the week's newest publication among the office's, not another week's or the heat map's", () => {
    const list = [pub('heatmap', 'published'), pub('weekly_list:2026-W49', 'published'), pub('weekly_list:2026-W50', 'published'), pub('weekly_list:2026-W50', 'failed')];
    expect(publicationOf(list, '2026-W50')?.id).toBe('weekly_list:2026-W50-published');
    expect(publicationOf(list, '2026-W51')).toBeNull();
  });

  it('reads the newest approved week from a unit’s history', () => {
    const history: LeagueHistory = { unitId: 'bt', name: '八台镇', red: 0, black: 1, weeks: [{ week: '2026-W50', group: 'town', rank: 3, score: 71.25, list: 'black', due: 3, explanation: '' }] };
    expect(latestWeek(history)).toBe('2026-W50');
    expect(latestWeek({ ...history, weeks: [] })).toBeNull();
  });
});
