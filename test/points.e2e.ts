import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

/** Household points end to end: a village review awards, the station redeems, the ledger balances. */
describe('household points', () => {
  let sut: TestApp;
  let cadre: Staff;
  let otherCadre: Staff;
  let office: Staff;
  let leader: Staff;
  let village: string;
  let otherVillage: string;
  const key = (what: string) => `${what}-${randomUUID()}`;

  beforeAll(async () => {
    sut = await createTestApp();
    cadre = await Staff.login(sut.baseUrl, 'cadre-jingxi-1');
    otherCadre = await Staff.login(sut.baseUrl, 'cadre-batai-1');
    office = await Staff.login(sut.baseUrl, 'dispatcher');
    leader = await Staff.login(sut.baseUrl, 'leader-zhou');
    const units: Array<{ id: string; code: string }> = (await office.call('GET', '/api/units')).body;
    village = units.find((u) => u.code === 'village-jingxi-1')!.id;
    otherVillage = units.find((u) => u.code === 'village-batai-1')!.id;
  });
  afterAll(() => sut?.close());

  const count = async (table: string): Promise<number> => Number((await sut.ds.query(`SELECT COUNT(*)::int AS n FROM ${table}`))[0].n);
  const newHousehold = async (name: string, phone?: string) => {
    const res = await cadre.call('POST', `/api/villages/${village}/households`, { name, address: '三组', members: [{ name: `${name}户主`, isHead: true, ...(phone ? { phone } : {}) }] });
    expect(res.status).toBe(201);
    return res.body as { id: string; balance: number; members: Array<{ id: string; phone: string | null }> };
  };
  const review = (results: Array<{ householdId: string; met: string[] }>, k = key('review')) =>
    cadre.call('POST', `/api/villages/${village}/reviews`, { key: k, title: '三月门前五包评议', heldOn: '2026-03-15', results });
  const ledgerSum = async (householdId: string) => Number((await sut.ds.query(`SELECT COALESCE(SUM(delta), 0)::int AS s FROM points_entry WHERE household_id = $1`, [householdId]))[0].s);

  it('lets only the village’s own cadres keep its households, with phones masked', async () => {
    const h = await newHousehold('张明家', '13800002001');
    expect(h.members[0].phone).toBe('138****2001');
    expect((await otherCadre.call('POST', `/api/villages/${village}/households`, { name: '外村', members: [{ name: '甲' }] })).status).toBe(403);
    expect((await office.call('POST', `/api/villages/${village}/households`, { name: '办公室', members: [{ name: '甲' }] })).status).toBe(403);
    expect((await otherCadre.call('GET', `/api/villages/${village}/households`)).status).toBe(403);
    expect((await office.call('GET', `/api/villages/${village}/households?q=张明`)).body.map((x: { id: string }) => x.id)).toContain(h.id);
    expect((await leader.call('GET', `/api/households/${h.id}`)).status).toBe(200);

    const before = await count('household');
    expect((await cadre.call('POST', `/api/villages/${village}/households`, { name: '', members: [] })).status).toBe(400);
    expect((await cadre.call('POST', `/api/villages/${village}/households`, { name: '李家', members: [{ name: '李', phone: '12345' }] })).status).toBe(400);
    expect((await cadre.call('POST', `/api/villages/${otherVillage}/households`, { name: '李家', members: [{ name: '李' }] })).status).toBe(403);
    expect(await count('household')).toBe(before);
  });

  it('awards a review’s points by the village’s criteria, once per key', async () => {
    const a = await newHousehold('王家');
    const b = await newHousehold('赵家');
    const criteria = await cadre.call('PUT', `/api/villages/${village}/review-criteria`, {
      criteria: [
        { code: 'hygiene', name: '包卫生', points: 10 },
        { code: 'greening', name: '包绿化', points: 5 },
      ],
    });
    expect(criteria.status).toBe(200);
    const k = key('review');
    const first = await review([{ householdId: a.id, met: ['hygiene', 'greening'] }, { householdId: b.id, met: [] }], k);
    expect(first.status).toBe(200);
    expect(first.body.awards).toEqual([expect.objectContaining({ householdId: a.id, points: 15, balance: 15 })]);

    const entries = await count('points_entry');
    const retry = await review([{ householdId: a.id, met: ['hygiene', 'greening'] }, { householdId: b.id, met: [] }], k);
    expect(retry).toEqual(first);
    expect(await count('points_entry')).toBe(entries);
    expect((await review([{ householdId: a.id, met: ['hygiene'] }], k)).status).toBe(409);

    expect((await review([{ householdId: a.id, met: ['singing'] }])).status).toBe(422);
    expect((await otherCadre.call('POST', `/api/villages/${village}/reviews`, { key: key('r'), title: 't', heldOn: '2026-03-15', results: [{ householdId: a.id, met: [] }] })).status).toBe(403);
    expect((await cadre.call('PUT', `/api/villages/${village}/review-criteria`, { criteria: [{ code: 'x', name: '甲', points: 500 }] })).status).toBe(400);
    expect(await count('points_entry')).toBe(entries);
    const detail = (await cadre.call('GET', `/api/households/${a.id}`)).body;
    expect(detail.balance).toBe(15);
    expect(detail.entries[0]).toMatchObject({ kind: 'award', delta: 15, note: expect.stringContaining('包卫生、包绿化') });
  });

  it('redeems goods for points, taking stock and balance together and never below zero', async () => {
    const h = await newHousehold('孙家');
    await cadre.call('PUT', `/api/villages/${village}/review-criteria`, { criteria: [{ code: 'hygiene', name: '包卫生', points: 50 }] });
    await review([{ householdId: h.id, met: ['hygiene'] }]);
    const item = (await cadre.call('POST', `/api/villages/${village}/catalogue`, { name: '复合肥', unit: '袋', pointsPrice: 20, stock: 3 })).body;
    expect(item).toMatchObject({ stock: 3, pointsPrice: 20 });

    const k = key('redeem');
    const first = await cadre.call('POST', `/api/villages/${village}/redemptions`, { key: k, householdId: h.id, itemId: item.id, quantity: 2 });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ points: 40, balance: 10, stock: 1 });
    expect(await cadre.call('POST', `/api/villages/${village}/redemptions`, { key: k, householdId: h.id, itemId: item.id, quantity: 2 })).toEqual(first);

    const redemptions = await count('redemption');
    const poor = await cadre.call('POST', `/api/villages/${village}/redemptions`, { key: key('redeem'), householdId: h.id, itemId: item.id, quantity: 1 });
    expect(poor.status).toBe(409);
    expect(poor.body.message).toBe('积分不够');
    const empty = await cadre.call('POST', `/api/villages/${village}/redemptions`, { key: key('redeem'), householdId: h.id, itemId: item.id, quantity: 2 });
    expect(empty.status).toBe(409);
    expect(empty.body.message).toBe('库存不够了');
    expect((await cadre.call('POST', `/api/villages/${village}/redemptions`, { key: 'short', householdId: h.id, itemId: item.id, quantity: 1 })).status).toBe(400);
    expect((await cadre.call('POST', `/api/villages/${village}/redemptions`, { key: key('redeem'), householdId: h.id, itemId: item.id, quantity: 0 })).status).toBe(400);
    expect((await otherCadre.call('POST', `/api/villages/${village}/redemptions`, { key: key('redeem'), householdId: h.id, itemId: item.id, quantity: 1 })).status).toBe(403);
    expect(await count('redemption')).toBe(redemptions);
    expect((await cadre.call('GET', `/api/villages/${village}/catalogue`)).body.find((i: { id: string }) => i.id === item.id).stock).toBe(1);
    expect((await cadre.call('GET', `/api/households/${h.id}`)).body.balance).toBe(10);
    expect(await ledgerSum(h.id)).toBe(10);

    expect((await cadre.call('POST', `/api/catalogue/${item.id}/restock`, { change: -2 })).status).toBe(409);
    expect((await cadre.call('POST', `/api/catalogue/${item.id}/restock`, { change: 5 })).body.stock).toBe(6);
  });

  it('corrects by counter-entries, never beyond the original, and the ledger refuses edits', async () => {
    const h = await newHousehold('钱家');
    await cadre.call('PUT', `/api/villages/${village}/review-criteria`, { criteria: [{ code: 'hygiene', name: '包卫生', points: 30 }] });
    const award = (await review([{ householdId: h.id, met: ['hygiene'] }])).body.awards[0];
    const k = key('fix');
    const fix = await cadre.call('POST', `/api/households/${h.id}/corrections`, { key: k, entryId: award.entryId, delta: -20, reason: '包卫生评错了' });
    expect(fix.status).toBe(200);
    expect(fix.body).toMatchObject({ delta: -20, balance: 10 });
    expect(await cadre.call('POST', `/api/households/${h.id}/corrections`, { key: k, entryId: award.entryId, delta: -20, reason: '包卫生评错了' })).toEqual(fix);
    // Only 10 of the 30 are left to take back.
    expect((await cadre.call('POST', `/api/households/${h.id}/corrections`, { key: key('fix'), entryId: award.entryId, delta: -11, reason: '再扣' })).status).toBe(422);
    expect((await cadre.call('POST', `/api/households/${h.id}/corrections`, { key: key('fix'), entryId: award.entryId, delta: -10, reason: '再扣' })).body.balance).toBe(0);
    expect(await ledgerSum(h.id)).toBe(0);

    await expect(sut.ds.query(`UPDATE points_entry SET delta = 999 WHERE id = $1`, [award.entryId])).rejects.toThrow(/append-only/);
    await expect(sut.ds.query(`DELETE FROM points_entry WHERE id = $1`, [award.entryId])).rejects.toThrow(/append-only/);
    await expect(sut.ds.query(`UPDATE household SET balance = -1 WHERE id = $1`, [h.id])).rejects.toThrow(/household_balance_never_negative/);
  });

  it('shows residents their household’s points, history and what they can get', async () => {
    const h = await newHousehold('周家', '13800002077');
    await cadre.call('PUT', `/api/villages/${village}/review-criteria`, { criteria: [{ code: 'hygiene', name: '包卫生', points: 25 }] });
    await review([{ householdId: h.id, met: ['hygiene'] }]);
    await cadre.call('POST', `/api/villages/${village}/catalogue`, { name: '洗衣粉', unit: '袋', pointsPrice: 10, stock: 100 });

    const token = await residentToken(sut.baseUrl, 'o_points_zhou');
    expect((await callApi(sut.baseUrl, token, 'POST', '/api/my/phone', { code: `phone-13800002077.${randomUUID()}` })).status).toBe(200);
    const mine = await callApi(sut.baseUrl, token, 'GET', '/api/my/points');
    expect(mine.status).toBe(200);
    expect(mine.body).toHaveLength(1);
    expect(mine.body[0]).toMatchObject({ id: h.id, balance: 25, villageName: expect.any(String) });
    expect(mine.body[0].entries[0]).toMatchObject({ kind: 'award', delta: 25 });
    expect(mine.body[0].canGet).toEqual(expect.arrayContaining([expect.objectContaining({ name: '洗衣粉', canTake: 2 })]));

    const stranger = await residentToken(sut.baseUrl, 'o_points_stranger');
    expect((await callApi(sut.baseUrl, stranger, 'GET', '/api/my/points')).body).toEqual([]);
    expect((await callApi(sut.baseUrl, token, 'GET', `/api/households/${h.id}`)).status).toBe(403);
  });

  it('gives the office and leaders every village’s totals, and no one else', async () => {
    const totals = await leader.call('GET', '/api/points/villages');
    expect(totals.status).toBe(200);
    const mine = totals.body.find((v: { villageId: string }) => v.villageId === village);
    expect(mine).toMatchObject({ households: expect.any(Number), redemptions: expect.any(Number) });
    expect(mine.awarded - mine.redeemed).toBeGreaterThanOrEqual(0);
    expect((await cadre.call('GET', '/api/points/villages')).status).toBe(403);
  });
});
