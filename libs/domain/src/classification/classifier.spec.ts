import rulesJson from '../../data/classifier-rules.json';
import { classify, normaliseForMatching } from './classifier';
import { defaultClassifierRules, defaultTaxonomy } from './default-data';
import { parseClassifierRules, type ClassifierRules, type RuleGroup } from './rules';
import { bigramSegmenter, type Segmenter } from './segmenter';
import { TaxonomyError } from './taxonomy';

const taxonomy = defaultTaxonomy();
const rules = defaultClassifierRules();
const sut = (text: string, segment: Segmenter = bigramSegmenter) => classify(text, { segment, rules, taxonomy });

const group = (terms: Record<string, number>): RuleGroup => ({ terms: Object.entries(terms).map(([term, weight]) => ({ term, weight })), patterns: [] });
/** The shipped rules with the sub-item terms replaced: for checking the arithmetic on a small, known rule set. */
function withSubItemTerms(terms: Record<string, Record<string, number>>): ClassifierRules {
  return { ...rules, subItems: rules.subItems.map(({ code }) => ({ code, rules: group(terms[code] ?? {}) })) };
}

describe(classify.name, () => {
  describe('proposes the sub-item (default rules, bigram segmenter)', () => {
    it.each([
      ['黄钟镇青岩村的村道塌方了，车子过不去', 'roads-transport'],
      ['我们组的自来水管爆了，一天没得水', 'water-supply'],
      ['场镇上的路灯全部不亮了', 'power-telecom'],
      ['房屋墙体开裂，怕是危房', 'housing-safety'],
      ['医保报销要带哪些材料', 'social-insurance'],
      ['娃儿转学到镇中心校要啥子手续', 'education'],
      ['村卫生室的医生看病还乱收费', 'healthcare'],
      ['申请低保需要啥子条件', 'elderly-assistance'],
      ['身份证掉了咋个补办', 'policy-services'],
      ['邻居占了我家的宅基地，还骂人', 'disputes'],
      ['包工头欠了我们三个月工资', 'labour-wages'],
      ['村干部优亲厚友，把名额给关系户', 'conduct-efficiency'],
      ['建议发展中药材种植，搞个合作社', 'industry-development'],
      ['养猪场的粪水排到河里，污染严重', 'ecology-environment'],
      ['村里整酒风太盛，建议定个村规民约', 'village-governance'],
      ['农资店卖假化肥', 'market-order'],
    ])('%s → %s', (text, subItem) => {
      const r = sut(text);
      expect(r.subItem).toBe(subItem);
      expect(r.category).toBe(taxonomy.subItems.find((s) => s.code === subItem)?.category);
      expect(r.alternatives[0].subItem).toBe(subItem);
    });
  });

  describe('proposes the kind', () => {
    it.each([
      ['请问养老保险在哪里交？', 'consultation'],
      ['我家老人病了没人照顾，求助', 'help'],
      ['举报有人偷砍集体的树', 'report'],
      ['建议在村口修个公厕', 'suggestion'],
      ['村里的垃圾堆了一个月都没人管', 'complaint'],
      ['凭什么我家的补贴被扣了？', 'complaint'],
    ])('%s → %s', (text, kind) => expect(sut(text).kind).toBe(kind));
  });

  describe('puts safety and life first', () => {
    it.each([
      ['后山垮塌了，有人被压在下面', 'critical'],
      ['邻居家着火了，快来人！', 'critical'],
      ['有个娃儿走丢了，找了一下午', 'critical'],
      ['闻到好大一股煤气味，怕是燃气泄漏', 'critical'],
      // The guide's emergencies without a fire, flood or collapse word: a trapped lift, a threat to jump, a faint.
      ['我妈被关在电梯里头半个钟头了', 'critical'],
      ['他爬到楼顶上说不想活了', 'critical'],
      ['娃儿吃了东西昏过去了', 'critical'],
      ['停水三天了，老人没得水吃', 'urgent'],
      ['路灯坏了一个星期', 'normal'],
      ['建议多种点树', 'normal'],
    ])('%s → %s', (text, urgency) => expect(sut(text).urgency).toBe(urgency));

    it('does not count a negated danger ("没有人受伤")', () => {
      const r = sut('车子撞了护栏，没有人受伤');
      expect(r.urgency).toBe('normal');
      expect(r.matchedTerms).toContainEqual(expect.objectContaining({ term: '受伤', group: 'urgency', negated: true }));
      expect(sut('车子撞了护栏，有人受伤').urgency).toBe('critical');
    });

    it('does not count prevention ("防溺水") as an emergency', () => {
      expect(sut('建议学校加强防溺水教育').urgency).toBe('normal');
    });

    it('treats an emergency as a call for help', () => {
      expect(sut('着火了').kind).toBe('help');
      expect(sut('着火了').matchedTerms).toContainEqual(expect.objectContaining({ group: 'kind', target: 'help', term: '(critical)' }));
    });
  });

  describe('falls back so that the dispatcher chooses', () => {
    it('proposes no sub-item, a complaint and normal urgency for text with no known term', () => {
      expect(sut('今天天气不错')).toEqual({
        kind: 'complaint',
        kindScore: 0,
        subItem: null,
        category: null,
        subItemScore: 0,
        urgency: 'normal',
        urgencyEvidence: { urgent: 0, critical: 0 },
        alternatives: [],
        matchedTerms: [],
        needsReview: true,
      });
    });

    it('copes with empty text', () => {
      expect(sut('   ')).toMatchObject({ kind: 'complaint', subItem: null, needsReview: true, alternatives: [] });
    });

    it('keeps weak evidence as an alternative without proposing it', () => {
      const r = sut('我家老人说的');
      expect(r.subItem).toBeNull();
      expect(r.needsReview).toBe(true);
      expect(r.alternatives.map((a) => a.subItem)).toEqual(['elderly-assistance']);
    });

    it('flags a split decision for review and shares the score between the rivals', () => {
      const r = classify('停水了，修路的也不来', {
        segment: bigramSegmenter,
        taxonomy,
        rules: withSubItemTerms({ 'water-supply': { 停水: 3 }, 'roads-transport': { 修路: 3 } }),
      });
      expect(r.alternatives.map((a) => [a.subItem, a.score])).toEqual([
        ['water-supply', 0.5],
        ['roads-transport', 0.5],
      ]);
      expect(r.subItemScore).toBe(0.25); // half the evidence, and 3 of the 6 needed for full confidence
      expect(r.needsReview).toBe(true);
    });

    it('breaks a tie by what the resident mentioned first', () => {
      const tied = withSubItemTerms({ 'water-supply': { 停水: 3 }, 'roads-transport': { 修路: 3 } });
      const first = (text: string) => classify(text, { segment: bigramSegmenter, taxonomy, rules: tied }).subItem;
      expect(first('停水了，修路的也不来')).toBe('water-supply');
      expect(first('修路的把管子挖断了，停水了')).toBe('roads-transport');
    });

    it('is confident when one sub-item has all the evidence', () => {
      const r = sut('自来水停水好几天了，水管也爆了，水质还浑浊');
      expect(r.subItem).toBe('water-supply');
      expect(r.subItemScore).toBe(1);
      expect(r.needsReview).toBe(false);
    });
  });

  it('lists at most 3 alternatives, strongest first, with scores between 0 and 1', () => {
    const r = sut('村小学门口的公路烂了，娃儿上学要过河，水管也漏水，路灯也不亮');
    expect(r.alternatives.length).toBeLessThanOrEqual(3);
    expect(r.alternatives.length).toBeGreaterThan(1);
    const scores = r.alternatives.map((a) => a.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const s of [...scores, r.subItemScore, r.kindScore]) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('matches single-character terms only as words from the segmenter', () => {
    const waterOnly = withSubItemTerms({ 'water-supply': { 水: 2 } });
    const words: Segmenter = (t) => (t === '井里没有水了' ? ['井里', '没有', '水', '了'] : ['修', '水泥路']);
    expect(classify('井里没有水了', { segment: bigramSegmenter, taxonomy, rules: waterOnly }).subItem).toBeNull();
    expect(classify('井里没有水了', { segment: words, taxonomy, rules: waterOnly }).subItem).toBe('water-supply');
    expect(classify('修水泥路', { segment: words, taxonomy, rules: waterOnly }).subItem).toBeNull();
  });

  it('reads full-width characters and letters in any case', () => {
    expect(normaliseForMatching('ＫＴＶ 噪音\n１２０')).toBe('ktv噪音120');
    expect(sut('楼下ＫＴＶ噪音大').subItem).toBe('ecology-environment');
    expect(sut('老人晕倒了快打１２０').matchedTerms).toContainEqual(expect.objectContaining({ term: '120', target: 'healthcare' }));
  });

  it('proposes only sub-items of the taxonomy it is given', () => {
    const edited = { ...taxonomy, subItems: taxonomy.subItems.filter((s) => s.code !== 'water-supply') };
    const r = classify('自来水停水好几天了，水管也爆了', { segment: bigramSegmenter, rules, taxonomy: edited });
    expect(r.subItem).not.toBe('water-supply');
    expect(r.alternatives.map((a) => a.subItem)).not.toContain('water-supply');
  });

  it('says which terms it matched', () => {
    const r = sut('举报有人电鱼');
    expect(r.matchedTerms).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ term: '电鱼', group: 'subItem', target: 'ecology-environment' }),
        expect.objectContaining({ term: '举报', group: 'kind', target: 'report' }),
      ]),
    );
  });

  it('is deterministic', () => {
    const text = '石窝镇金竹村停电两天了，冰箱里的肉都臭了，请问啥时候来电？';
    expect(sut(text)).toEqual(sut(text));
  });
});

describe(parseClassifierRules.name, () => {
  const raw = (): any => JSON.parse(JSON.stringify(rulesJson));
  const problems = (r: unknown): string => {
    try {
      parseClassifierRules(r, taxonomy);
    } catch (e) {
      if (e instanceof TaxonomyError) return e.problems.join('\n');
      throw e;
    }
    throw new Error('the rules were accepted');
  };

  it('reads the shipped rules: one group per sub-item in taxonomy order, every kind, both urgency levels', () => {
    expect(rules.subItems.map((s) => s.code)).toEqual(taxonomy.subItems.map((s) => s.code));
    for (const s of rules.subItems) expect(s.rules.terms.length).toBeGreaterThan(5);
    expect(Object.keys(rules.kinds).sort()).toEqual(['complaint', 'consultation', 'help', 'report', 'suggestion']);
    expect(rules.urgency.critical.terms.length).toBeGreaterThan(10);
  });

  it.each<[string, (r: any) => void, RegExp]>([
    ['rules for an unknown sub-item', (r) => (r.subItems.weather = { terms: { 下雨: 1 } }), /sub-item "weather" that is not in the taxonomy/],
    ['no rules for a sub-item', (r) => delete r.subItems['market-order'], /sub-item "market-order" has no rules/],
    ['a negative weight', (r) => (r.subItems['disputes'].terms['纠纷'] = -1), /term "纠纷" has an invalid weight/],
    ['a padded term', (r) => (r.kinds.help.terms[' 帮忙'] = 1), /blank or padded term/],
    ['a broken pattern', (r) => (r.kinds.consultation.patterns['[吗'] = 1), /not a valid regular expression/],
    ['an unknown urgency level', (r) => (r.urgency.red = { terms: { 火: 1 } }), /urgency level "red" is unknown/],
    ['an unknown kind', (r) => (r.kinds.praise = { terms: { 感谢: 1 } }), /unknown kind "praise"/],
    ['a missing threshold', (r) => delete r.thresholds.critical, /thresholds.critical/],
  ])('rejects %s', (_what, breakIt, message) => {
    const r = raw();
    breakIt(r);
    expect(problems(r)).toMatch(message);
  });
});
