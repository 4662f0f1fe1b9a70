import { TickBatch } from './tick-batch';

describe('TickBatch', () => {
  it('serves the calls of one turn of the event loop with one run, each its own answer', async () => {
    const runs: string[][] = [];
    const batch = new TickBatch<string, number>(async (keys) => {
      runs.push(keys);
      return new Map(keys.map((k) => [k, k.length]));
    });
    const answers = await Promise.all([batch.load('a'), batch.load('bb'), batch.load('a'), batch.load('ccc')]);
    expect(answers).toEqual([1, 2, 1, 3]);
    expect(runs).toEqual([['a', 'bb', 'ccc']]); // a key asked twice is run once
    expect(await batch.load('dddd')).toBe(4);
    expect(runs).toHaveLength(2); // a later turn, a new run
  });

  it('answers undefined for a key the run left out', async () => {
    const batch = new TickBatch<string, number>(async () => new Map([['known', 1]]));
    expect(await Promise.all([batch.load('known'), batch.load('unknown')])).toEqual([1, undefined]);
  });

  it('fails every call of a run that fails, and the next turn runs afresh', async () => {
    let fail = true;
    const batch = new TickBatch<string, string>(async (keys) => {
      if (fail) throw new Error('database away');
      return new Map(keys.map((k) => [k, k]));
    });
    const outcomes = await Promise.allSettled([batch.load('a'), batch.load('b')]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? (o.reason as Error).message : o.value))).toEqual(['database away', 'database away']);
    fail = false;
    expect(await batch.load('a')).toBe('a');
  });
});
