import { ANOMALY_KINDS } from '@msz/domain';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { runNormalActivity, scanAfter } from './support/normal-activity';
import { SimClock } from './support/sim-clock';

interface FlagRow {
  kind: string;
  case_id: string | null;
  unit_id: string | null;
}

/** Monday 2026-10-12, 00:00 Beijing time: two ordinary working weeks follow. */
const START = new Date('2026-10-12T00:00:00+08:00');
const WEEK = 7 * 86_400_000;
// Two city departments only: small enough for a busy machine, and the office's weekly sample of
// ten then always calls one of them at least five times (the satisfaction-gap rule's minimum).
const UNITS = ['dept-water', 'dept-transport'];

describe('anomaly flags on normal activity (issue 16)', () => {
  let sut: TestApp;
  let clock: SimClock;
  const flags = async (): Promise<FlagRow[]> => (await sut.ds.query(`SELECT kind, case_id, unit_id FROM anomaly_flag`)) as FlagRow[];

  beforeAll(async () => {
    clock = SimClock.install(START);
    sut = await createTestApp();
  });
  afterAll(async () => {
    await sut?.close();
    clock?.restore();
  });

  it('raises no flag on two weeks of honest handling, then raises each kind on one scripted misbehaviour', async () => {
    const normal = await runNormalActivity(sut.app, sut.baseUrl, clock, { start: START, weeks: 2, cases: 36, seed: 16, units: UNITS });
    expect(normal.cases).toBe(36);
    expect(normal.answers).toBeGreaterThanOrEqual(30);
    expect(normal.examined.sample_disagrees.n).toBeGreaterThan(0);
    await scanAfter(sut.app, clock);
    expect(await flags()).toEqual([]);

    // The control: the same activity a week on, with one misbehaviour per kind.
    const next = new Date(START.getTime() + Math.ceil((normal.end.getTime() - START.getTime()) / WEEK) * WEEK);
    const control = await runNormalActivity(sut.app, sut.baseUrl, clock, { start: next, weeks: 2, cases: 30, seed: 17, units: UNITS, misbehave: true, skip: new Set(normal.demandIds) });
    await scanAfter(sut.app, clock);
    const raised = await flags();
    const [water] = (await sut.ds.query(`SELECT id FROM unit WHERE code = 'dept-water'`)) as Array<{ id: string }>;
    // Every case a misbehaviour was scripted on (a copied answer is off the subject too).
    const scriptedCases = Object.values(control.scripted).flat();
    for (const kind of ANOMALY_KINDS) {
      const unitWide = kind === 'deadline_burst' || kind === 'satisfaction_gap';
      // Where this kind's misbehaviour was scripted: its cases, or its unit for the unit-wide kinds.
      const where = kind === 'deadline_burst' ? [water.id] : kind === 'satisfaction_gap' ? [control.gapUnitId] : (control.scripted[kind] ?? []);
      const on = raised.filter((f) => f.kind === kind).map((f) => (unitWide ? f.unit_id : f.case_id));
      expect({ kind, scripted: where.length > 0 && where[0] !== null, raised: on.some((x) => where.includes(x)) }).toEqual({ kind, scripted: true, raised: true });
      // Nothing else of the activity is flagged.
      expect({ kind, elsewhere: on.filter((x) => !(unitWide ? where : scriptedCases).includes(x)) }).toEqual({ kind, elsewhere: [] });
    }
  });
});
