import {
  isSameProblem,
  problemSignature,
  problemText,
  repeatedProblem,
  sameProblemScore,
  signatureSimilarity,
  SKETCH_SIZE,
  type ProblemReport,
} from './same-problem';

const at = new Date('2026-11-20T10:00:00+08:00');
const report = (id: string, text: string, over: Partial<ProblemReport> = {}): ProblemReport => ({
  id,
  subItem: 'water-supply',
  placeUnitId: 'village-1',
  location: null,
  signature: problemSignature(text, ['青杠村', '井溪镇']),
  acceptedAt: at,
  ...over,
});

describe('the same problem reported again', () => {
  it('reads dialect, 组 and place names out of the text', () => {
    const { folded, groups, concepts } = problemText('井溪镇青杠村3组没得水吃好几天了，水管爆了', ['青杠村', '井溪镇']);
    expect(folded).not.toMatch(/青杠|井溪|没得/);
    expect(groups).toEqual([3]);
    expect(concepts).toEqual(['fault:leak', 'fault:no-water', 'thing:water-main']);
    expect(problemText('五组和十二社都停电', []).groups).toEqual([5, 12]);
  });

  it('compares sketches: 1 for the same words, 0 for nothing in common, the share of the shorter one otherwise', () => {
    const a = problemSignature('二组停水三天了');
    expect(signatureSimilarity(a, problemSignature('二组停水三天了'))).toBe(1);
    expect(signatureSimilarity(a, problemSignature('路灯坏了很久'))).toBe(0);
    const share = signatureSimilarity(problemSignature('停水三天'), problemSignature('停水三天了，水管破了没人修，老人挑水好恼火'));
    expect(share).toBe(1);
  });

  it('keeps at most SKETCH_SIZE hashes and still estimates a long text against itself and a stranger', () => {
    const long =
      '村里的机耕道被大雨冲出好几条深沟三轮车和农用车都开不上去收苞谷只能靠人背老年人背不动希望村上组织劳力来修补一下再铺点碎石子' +
      '另外场口那几盏路灯不亮了晚上赶场回来看不清楚去年冬天还有人摔断过腿村医说这种事情每年都有建议把灯换成太阳能的省电又耐用';
    const sig = problemSignature(long);
    expect(sig.sketch.length).toBe(SKETCH_SIZE);
    expect(sig.shingles).toBeGreaterThan(SKETCH_SIZE);
    expect(signatureSimilarity(sig, problemSignature(long))).toBe(1);
    expect(signatureSimilarity(sig, problemSignature('学校门口的红绿灯要修'))).toBeLessThan(0.2);
  });

  it.each<[string, string, string, Partial<ProblemReport>, boolean]>([
    ['a paraphrase in dialect', '青杠村2组停水四天了，修路把水管挖断了', '我们二组没得水吃好几天了 挖机把管子挖爆了', {}, true],
    ['a short report and a detailed one', '二组停水了', '青杠村二组自来水断了快一个礼拜，施工队挖断的水管一直没接上，老人只有去河沟挑水', {}, true],
    ['no water and dirty water in one 组', '一组停水三天了', '一组的自来水是浑的，黄泥巴水', {}, false],
    ['the same words in two 组', '三组停水两天了', '五组停水两天了', {}, false],
    ['another place', '二组停水四天了', '二组停水四天了', { placeUnitId: 'village-2' }, false],
    ['another sub-item', '二组停水四天了', '二组停水四天了', { subItem: 'roads-transport' }, false],
    ['more than 30 days apart', '二组停水四天了', '二组停水四天了', { acceptedAt: new Date('2026-10-01T10:00:00+08:00') }, false],
    ['not classified yet', '二组停水四天了', '二组停水四天了', { subItem: null }, false],
  ])('%s', (_, first, second, over, expected) => {
    expect(isSameProblem(report('a', first), report('b', second, over))).toBe(expected);
  });

  it('does not link a road and the drain beside it, or two wages owed to different people, for naming one thing in common', () => {
    const road = { subItem: 'roads-transport' };
    expect(isSameProblem(report('a', '二组出来那条路烂得不成样子了 到处是坑', road), report('b', '路边的水沟堵起了，下雨水都从路上流', road))).toBe(false);
    expect(isSameProblem(report('a', '二组出来那条路烂得不成样子了 到处是坑', road), report('b', '我们组去场上的路面坑太多了', road))).toBe(true);
    const wages = { subItem: 'labour-wages' };
    expect(isSameProblem(report('a', '修产业路的工资还没发，我们十几个人都在等', wages), report('b', '村里请的护林员半年没发工资了', wages))).toBe(false);
  });

  it('adds for the names two reports share in proportion to all they name', () => {
    const [a, b, c] = [report('a', '水管爆了停水'), report('b', '停水了 水管破了'), report('c', '停水了，水池里没水')];
    const alone = (x: ProblemReport, y: ProblemReport) => signatureSimilarity(x.signature, y.signature);
    // a and b name the same pipe, leak and outage; a and c share only the outage among four names.
    expect((sameProblemScore(a, b) ?? 0) - alone(a, b)).toBeGreaterThan((sameProblemScore(a, c) ?? 0) - alone(a, c));
  });

  it('counts places by distance when both have a location', () => {
    const here = report('a', '二组停水三天了', { placeUnitId: null, location: { lat: 32.16, lng: 108.06 } });
    expect(sameProblemScore(here, report('b', '二组停水三天了', { placeUnitId: null, location: { lat: 32.163, lng: 108.06 } }))).toBe(1); // ~330 m
    expect(sameProblemScore(here, report('c', '二组停水三天了', { placeUnitId: null, location: { lat: 32.17, lng: 108.06 } }))).toBeNull(); // ~1.1 km
  });

  it('opens governance at the third report, not the second', () => {
    const first = report('a', '二组停水了，水管破了没人修');
    const second = report('b', '我们二组没得水吃好几天了');
    const third = report('c', '2组还是莫得水，管子爆了没人来修');
    expect(repeatedProblem(second, [first])).toEqual([]);
    expect(repeatedProblem(third, [first, second]).map((r) => r.id)).toEqual(['a', 'b']);
  });
});
