import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { Staff } from './support/staff';

/**
 * Redemptions racing on one household and one shelf, on a real PostgreSQL server (many
 * connections at once; PGlite is one connection and cannot race). The guarded updates must let
 * exactly as many through as the points and the stock allow.
 */
describe('redemptions at once', () => {
  let sut: TestApp;
  let cadre: Staff;
  let village: string;

  beforeAll(async () => {
    sut = await createTestApp();
    cadre = await Staff.login(sut.baseUrl, 'cadre-jingxi-1');
    const units: Array<{ id: string; code: string }> = (await (await Staff.login(sut.baseUrl, 'dispatcher')).call('GET', '/api/units')).body;
    village = units.find((u) => u.code === 'village-jingxi-1')!.id;
    await cadre.call('PUT', `/api/villages/${village}/review-criteria`, { criteria: [{ code: 'hygiene', name: '包卫生', points: 100 }] });
  });
  afterAll(() => sut?.close());

  const household = async (name: string, reviews: number): Promise<string> => {
    const id = (await cadre.call('POST', `/api/villages/${village}/households`, { name, members: [{ name }] })).body.id as string;
    for (let i = 0; i < reviews; i++) await cadre.call('POST', `/api/villages/${village}/reviews`, { key: `r-${randomUUID()}`, title: '评议', heldOn: '2026-03-01', results: [{ householdId: id, met: ['hygiene'] }] });
    return id;
  };
  const item = async (pointsPrice: number, stock: number): Promise<string> => (await cadre.call('POST', `/api/villages/${village}/catalogue`, { name: '化肥', unit: '袋', pointsPrice, stock })).body.id;
  const redeem = (householdId: string, itemId: string, key = `k-${randomUUID()}`) => cadre.call('POST', `/api/villages/${village}/redemptions`, { key, householdId, itemId, quantity: 1 });
  const state = async (householdId: string, itemId: string) => {
    const [row] = await sut.ds.query(
      `SELECT h.balance, i.stock, (SELECT COALESCE(SUM(delta), 0)::int FROM points_entry WHERE household_id = h.id) AS ledger, (SELECT COUNT(*)::int FROM redemption WHERE household_id = h.id) AS redemptions
         FROM household h, catalogue_item i WHERE h.id = $1 AND i.id = $2`,
      [householdId, itemId],
    );
    return row as { balance: number; stock: number; ledger: number; redemptions: number };
  };

  it('never overdraws a household: 100 points, 30 redemptions of 10 at once, exactly 10 pass', async () => {
    const h = await household('并发户', 1);
    const i = await item(10, 1000);
    const results = await Promise.all(Array.from({ length: 30 }, () => redeem(h, i)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.message === '积分不够')).toBe(true);
    expect(await state(h, i)).toEqual({ balance: 0, stock: 990, ledger: 0, redemptions: 10 });
  });

  it('never empties a shelf below zero: stock 5, 20 redemptions at once, exactly 5 pass', async () => {
    const h = await household('大户', 10);
    const i = await item(1, 5);
    const results = await Promise.all(Array.from({ length: 20 }, () => redeem(h, i)));
    expect(results.filter((r) => r.status === 200)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.message === '库存不够了')).toBe(true);
    expect(await state(h, i)).toEqual({ balance: 995, stock: 0, ledger: 995, redemptions: 5 });
  });

  it('takes one redemption once when a phone retries it ten times at once', async () => {
    const h = await household('重试户', 1);
    const i = await item(10, 100);
    const key = `retry-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 10 }, () => redeem(h, i, key)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.redemptionId)).size).toBe(1);
    expect(await state(h, i)).toEqual({ balance: 90, stock: 99, ledger: 90, redemptions: 1 });
  });
});
