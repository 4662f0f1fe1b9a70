import { dispatchersOnDuty, isEmergency, townOf, type PlaceNode } from './emergency';

describe('emergencies', () => {
  const wang = { id: 'wang', active: true };
  const li = { id: 'li', active: true };
  const gone = { id: 'gone', active: false };

  describe(dispatchersOnDuty.name, () => {
    it.each([
      ['the rostered dispatcher alone', ['li'], [wang, li], ['li']],
      ['every rostered dispatcher', ['li', 'wang'], [wang, li], ['wang', 'li']],
      ['everybody when nobody is rostered', [], [wang, li], ['wang', 'li']],
      ['everybody active when the rostered one was disabled', ['gone'], [wang, gone], ['wang']],
      ['everybody when the rostered one is not a dispatcher any more', ['someone-else'], [wang, li], ['wang', 'li']],
      ['nobody when the office has no active dispatcher', [], [gone], []],
    ])('alerts %s', (_what, rostered, dispatchers, expected) => {
      expect(dispatchersOnDuty(rostered, dispatchers).map((d) => d.id)).toEqual(expected);
    });
  });

  describe(townOf.name, () => {
    const units = new Map<string, PlaceNode>(
      [
        { id: 'city', level: 'city', parentId: null },
        { id: 'region', level: 'region', parentId: 'city' },
        { id: 'town', level: 'town', parentId: 'region' },
        { id: 'village', level: 'village', parentId: 'town' },
        { id: 'dept', level: 'department', parentId: 'city' },
      ].map((u) => [u.id, u]),
    );

    it.each([
      ['a village', 'village', 'town'],
      ['a town', 'town', 'town'],
      ['a department', 'dept', null],
      ['no place', null, null],
      ['a place that no longer exists', 'missing', null],
    ])('finds the town of %s', (_what, place, town) => {
      expect(townOf(place, units)).toBe(town);
    });

    it('stops on a cycle in bad data', () => {
      const loop = new Map<string, PlaceNode>([
        ['a', { id: 'a', level: 'village', parentId: 'b' }],
        ['b', { id: 'b', level: 'village', parentId: 'a' }],
      ]);
      expect(townOf('a', loop)).toBeNull();
    });
  });

  it('reads only red as an emergency', () => {
    expect(['normal', 'urgent', 'critical'].filter(isEmergency)).toEqual(['critical']);
  });
});
