import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { ClassificationExamplesService } from '@msz/server/modules/quality/classification-examples.service';
import { parseOfficeExamples } from '@msz/domain';
import { caseByNumber } from './support/cases';
import { CASE_NUMBER, numberIn, Resident } from './support/resident';
import { Staff } from './support/staff';

/** The learned classifier through the chat and the API: how sure it is, non-demands, and learning from the office. */
describe('classification with the learned model', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let n = 0;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
  });
  afterAll(() => sut?.close());

  const resident = () => new Resident(sut.baseUrl, `o_classify_${++n}`);
  const examples = (caseId: string) => sut.ds.query(`SELECT * FROM classification_example WHERE case_id = $1 ORDER BY step_id`, [caseId]);
  const caseCount = async () => Number((await sut.ds.query(`SELECT count(*)::int AS n FROM case_file`))[0].n);

  it('answers thanks and greetings in the chat with its guide and files nothing', async () => {
    const before = await caseCount();
    for (const text of ['谢谢你们，辛苦了', '早上好呀大家']) {
      const { reply } = await resident().say(text);
      expect(reply).toContain('回复“查询”');
      expect(reply).not.toMatch(CASE_NUMBER);
    }
    expect(await caseCount()).toBe(before);
    // A real demand, as short, is still filed.
    const { reply } = await resident().say('路灯坏了');
    expect(reply).toMatch(CASE_NUMBER);
    expect(await caseCount()).toBe(before + 1);
  });

  it('adds a plea to the case just filed, and answers thanks after it with the guide', async () => {
    const r = resident();
    const number = numberIn((await r.say('村口的路灯坏了一个星期了')).reply);
    const steps = async () => Number((await sut.ds.query(`SELECT count(*)::int AS n FROM case_timeline t JOIN case_file c ON c.id = t.case_id WHERE c.number = $1`, [number]))[0].n);
    const before = await steps();
    // The model alone reads this plea as chatter; it asks someone to come, so it stays with the case.
    expect((await r.say('你们快来看看嘛')).reply).toContain(`已补充到受理编号${number}`);
    expect(await steps()).toBe(before + 1);
    const { reply } = await r.say('谢谢你们，辛苦了');
    expect(reply).toContain('回复“查询”');
    expect(await steps()).toBe(before + 1);
  });

  it('raises an emergency to red with its confidence, and keeps a danger that may happen from being red', async () => {
    const fire = await caseByNumber(dispatcher, numberIn((await resident().say('家里电线着火了冒烟了快来人')).reply));
    expect(fire.urgency).toBe('critical');
    // A fire happening now is a safety hazard (安全隐患) in the taxonomy the corpus was labelled with.
    expect(fire.suggestion).toMatchObject({ urgency: 'critical', outcome: 'help', subItem: 'safety-hazards' });
    expect(fire.suggestion.confidence.urgency).toBeGreaterThan(0.5);

    const maybe = await caseByNumber(dispatcher, numberIn((await resident().say('万一哪天电线着火了咋办，建议把村里的老电线换一下')).reply));
    expect(maybe.urgency).not.toBe('critical');
    expect(maybe.suggestion.outcome).toBe('suggestion');
  });

  it('says when it is unsure, with the alternatives', async () => {
    // No subject at all: the model leans to "not a demand" but is not sure, so the dispatcher reviews it.
    const vague = await caseByNumber(dispatcher, numberIn((await resident().say('麻烦问一下这个事情找哪个')).reply));
    expect(vague.suggestion.uncertain).toBe(true);
    expect(vague.suggestion.needsReview).toBe(true);
    expect(vague.suggestion.reasons.length).toBeGreaterThan(0);

    // Money "on the village" could be a cadre's conduct or the village's affairs: both are shown, the likelier first.
    // Whether the two are close enough to flag moves with every retraining (the fourth round's model put them
    // 0.48/0.41, the fifth's 0.68/0.22; both readings are right by the corpus guide); the flag is tested in suggest.spec.
    const between = await caseByNumber(dispatcher, numberIn((await resident().say('村上那个钱的事情到底咋个说')).reply));
    expect(between.suggestion.alternatives.map((a: { subItem: string }) => a.subItem).slice(0, 2).sort()).toEqual(['conduct-efficiency', 'village-governance']);
  });

  it('keeps every dispatcher confirmation and override as a labelled example, the latest per case for training', async () => {
    const water = await caseByNumber(dispatcher, numberIn((await resident().say('井溪镇二村的自来水停了三天，家家户户没水吃')).reply));
    const { kind, subItem, urgency } = water.suggestion;
    expect((await dispatcher.call('POST', `/api/cases/${water.id}/classify`, { kind, subItem, urgency })).status).toBe(200);
    const confirmed = await examples(water.id);
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]).toMatchObject({ text: water.text, kind, sub_item: subItem, urgency, suggested_sub_item: subItem, agreed: true });

    // The dispatcher thinks again: an override, kept beside the confirmation; training reads the latest.
    expect((await dispatcher.call('POST', `/api/cases/${water.id}/classify`, { kind: 'help', subItem: 'elderly-assistance', urgency: 'urgent' })).status).toBe(200);
    const both = await examples(water.id);
    expect(both).toHaveLength(2);
    expect(both[1]).toMatchObject({ kind: 'help', sub_item: 'elderly-assistance', urgency: 'urgent', suggested_sub_item: subItem, agreed: false });

    const exported = await sut.app.get(ClassificationExamplesService).exportJsonl(sut.ds.manager);
    const { items, faults } = parseOfficeExamples(exported, (await dispatcher.call('GET', '/api/taxonomy')).body);
    expect(faults).toEqual([]);
    const mine = items.filter((i) => i.text === water.text);
    expect(mine).toEqual([{ text: water.text, kind: 'help', subItem: 'elderly-assistance', urgency: 'urgent' }]);
  });

  it('keeps no example when nobody on the staff classified', async () => {
    const c = await caseByNumber(dispatcher, numberIn((await resident().say('村里的垃圾好久没人收了，臭得很')).reply));
    expect(await examples(c.id)).toEqual([]);
  });
});
