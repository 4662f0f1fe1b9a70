import { distanceMetres, nearestPlace } from './nearest-place';

const places = [
  { id: 'jingxi', lat: 32.1, lng: 108.0 },
  { id: 'batai', lat: 31.95, lng: 108.2 },
];

describe(nearestPlace.name, () => {
  it('measures distance on the globe', () => {
    // One degree of latitude is about 111 km.
    expect(distanceMetres({ lat: 32, lng: 108 }, { lat: 33, lng: 108 })).toBeGreaterThan(110_000);
    expect(distanceMetres({ lat: 32, lng: 108 }, { lat: 33, lng: 108 })).toBeLessThan(112_000);
  });

  it('picks the nearest centre', () => {
    expect(nearestPlace({ lat: 32.09, lng: 108.01 }, places)?.id).toBe('jingxi');
    expect(nearestPlace({ lat: 31.96, lng: 108.18 }, places)?.id).toBe('batai');
  });

  it('finds nothing far away, with no places, or for an impossible point', () => {
    expect(nearestPlace({ lat: 39.9, lng: 116.4 }, places)).toBeNull(); // Beijing
    expect(nearestPlace({ lat: 32.1, lng: 108 }, [])).toBeNull();
    expect(nearestPlace({ lat: 132, lng: 108 }, places)).toBeNull();
  });
});
