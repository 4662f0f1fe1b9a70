import { DomainError } from '../shared/domain-error';
import { DEFAULT_WHERE_TO_SIT_WEIGHTS, parseWhereToSitWeights, whereToSit, type VillageFacts, type VillageTopicSignal } from './where-to-sit';

const w = DEFAULT_WHERE_TO_SIT_WEIGHTS;
const village = (id: string, over: Partial<VillageFacts> = {}): VillageFacts => ({ townId: 't1', villageId: id, villageName: `${id}村`, elderly: null, onlineDemands: 0, visitedLately: false, ...over });
const signal = (villageId: string, over: Partial<VillageTopicSignal> = {}): VillageTopicSignal => ({
  villageId,
  topic: 'water-supply',
  topicName: '供水水利',
  open: 0,
  overdue: 0,
  unsatisfied: 0,
  repeats: 0,
  warning: false,
  ...over,
});

describe(whereToSit.name, () => {
  it('ranks the village with many open and overdue demands of one topic first, with its reasons in plain Chinese', () => {
    const [town] = whereToSit([village('a'), village('b')], [signal('b', { open: 1 }), signal('a', { open: 5, overdue: 2, unsatisfied: 1 })]);
    expect(town.townId).toBe('t1');
    expect(town.entries.map((e) => e.villageId)).toEqual(['a', 'b']);
    expect(town.entries[0]).toMatchObject({ topic: 'water-supply', score: 5 * w.open + 2 * w.overdue + 1 * w.unsatisfied, reasons: ['供水水利：在办5件，超期2件，不满意1件'] });
  });

  it.each<[string, Partial<VillageTopicSignal>, number, string[]]>([
    ['open only', { open: 3 }, 3 * w.open, ['供水水利：在办3件']],
    ['unsatisfied and repeated', { unsatisfied: 2, repeats: 1 }, 2 * w.unsatisfied + w.repeats, ['供水水利：不满意2件，重复反映1件']],
    ['a warning', { open: 1, warning: true }, w.open + w.warning, ['供水水利：在办1件', '供水水利有区域预警']],
  ])('scores %s', (_, over, score, reasons) => {
    const [town] = whereToSit([village('a')], [signal('a', over)]);
    expect(town.entries).toEqual([{ villageId: 'a', villageName: 'a村', topic: 'water-supply', topicName: '供水水利', score, reasons }]);
  });

  it('leaves out topics with nothing to talk about and signals of unknown villages', () => {
    const [town] = whereToSit([village('a')], [signal('a'), signal('zz', { open: 9 })]);
    expect(town.entries).toEqual([]);
  });

  it('ranks a village visited lately lower and says so', () => {
    const [town] = whereToSit([village('a', { visitedLately: true }), village('b')], [signal('a', { open: 4 }), signal('b', { open: 3 })]);
    expect(town.entries.map((e) => [e.villageId, e.score])).toEqual([
      ['b', 3],
      ['a', 4 * w.visited.factor],
    ]);
    expect(town.entries[1].reasons).toContain(`近${w.visited.weeks}周已开过板凳会（排后一些）`);
  });

  it.each<[string, VillageFacts[], string[]]>([
    ['many elderly and no online demands', [village('a', { elderly: 400, onlineDemands: 8 }), village('b', { elderly: 300, onlineDemands: 5 }), village('q', { elderly: 500, onlineDemands: 0 })], ['q']],
    ['few elderly: not flagged', [village('a', { elderly: 400, onlineDemands: 8 }), village('q', { elderly: w.quiet.minElderly - 1, onlineDemands: 0 })], []],
    ['no elderly figure: not judged', [village('a', { elderly: 400, onlineDemands: 8 }), village('q', { onlineDemands: 0 })], []],
    ['everyone quiet (median 0): nobody stands out', [village('a', { elderly: 400 }), village('q', { elderly: 500 })], []],
    ['near the median: not flagged', [village('a', { elderly: 400, onlineDemands: 8 }), village('q', { elderly: 400, onlineDemands: 6 })], []],
  ])('finds quiet villages: %s', (_, villages, quiet) => {
    const [town] = whereToSit(villages, []);
    expect(town.entries.map((e) => e.villageId)).toEqual(quiet);
    for (const e of town.entries) expect(e).toMatchObject({ topic: null, score: w.quiet.score, reasons: [`近${w.weeks}周网上诉求少，老人多（可能听不到他们的声音）`] });
  });

  it('keeps towns apart and caps each town’s list', () => {
    const villages = [village('a'), village('x', { townId: 't2' })];
    const signals = Array.from({ length: w.perTown + 3 }, (_, i) => signal('a', { topic: `s${i}`, open: 1 })).concat(signal('x', { open: 2 }));
    const towns = whereToSit(villages, signals);
    expect(towns.map((t) => [t.townId, t.entries.length])).toEqual([
      ['t1', w.perTown],
      ['t2', 1],
    ]);
  });
});

describe(parseWhereToSitWeights.name, () => {
  const good = { version: 1, weeks: 4, open: 1, overdue: 2, unsatisfied: 3, repeats: 1, warning: 5, quiet: { ratio: 0.5, minElderly: 50, score: 6 }, visited: { weeks: 4, factor: 0.5 }, perTown: 10 };
  it('reads a good document', () => expect(parseWhereToSitWeights(good)).toEqual(good));
  it.each<[string, Record<string, unknown>]>([
    ['a negative weight', { ...good, overdue: -1 }],
    ['no weeks', { ...good, weeks: 0 }],
    ['a visited factor above 1', { ...good, visited: { weeks: 4, factor: 2 } }],
    ['no quiet section', { ...good, quiet: undefined }],
  ])('refuses %s', (_, doc) => {
    expect(() => parseWhereToSitWeights(doc)).toThrow(DomainError);
  });
});
