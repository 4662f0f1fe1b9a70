export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface Place extends GeoPoint {
  id: string;
}

const EARTH_RADIUS_M = 6_371_000;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine): plenty for places a few kilometres apart. */
export function distanceMetres(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function isValidPoint(p: GeoPoint): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}

/**
 * The configured place whose centre is nearest, within maxMetres. A stand-in until the city
 * loads real boundaries: in the mountains the nearest centre is usually the right township.
 */
export function nearestPlace<P extends Place>(point: GeoPoint, places: readonly P[], maxMetres = 30_000): P | null {
  if (!isValidPoint(point)) return null;
  let best: P | null = null;
  let bestDistance = Infinity;
  for (const place of places) {
    const d = distanceMetres(point, place);
    if (d < bestDistance) {
      best = place;
      bestDistance = d;
    }
  }
  return bestDistance <= maxMetres ? best : null;
}
