import { isValidPoint, type GeoPoint } from './nearest-place';

/** The configured town and village a point maps to (either may be unknown). */
export interface PlaceNames {
  town: string | null;
  village: string | null;
}

/** How a place is shown to a person: names to read, coordinates only behind a map link. */
export interface PlaceView {
  /** 「八台镇 香炉村」, with the resident's own words after it when they gave some; null when nothing is known. */
  label: string | null;
  /** Opens the point on a map (Amap's public marker page, which reads WeChat's GCJ-02 coordinates as they are). */
  mapUrl: string | null;
}

/** Shown when only a point is known: better than numbers nobody can read. */
export const POINT_ONLY_LABEL = '地图上标的位置';

const round = (n: number) => Math.round(n * 1e6) / 1e6;

export function mapUrl(point: GeoPoint, name: string): string {
  const position = `${round(point.lng)},${round(point.lat)}`;
  return `https://uri.amap.com/marker?position=${position}&name=${encodeURIComponent(name)}&coordinate=gaode&callnative=0`;
}

/**
 * The one formatter for a place a person reads (resident, staff, sandbox, the chat): town then
 * village, then what the resident called the spot, unless it only repeats those names.
 */
export function formatPlace(input: { names?: PlaceNames | null; spot?: string | null; point?: GeoPoint | null }): PlaceView {
  const names = [input.names?.town, input.names?.village].map((n) => n?.trim()).filter((n): n is string => Boolean(n));
  const base = names.join(' ');
  const spot = input.spot?.replace(/\s+/g, ' ').trim() ?? '';
  const spotAddsSomething = spot !== '' && !names.some((n) => spot === n) && spot !== base;
  let label: string | null = base || (spotAddsSomething ? spot : null);
  // 「八台镇中学」 already says 八台镇: the resident's words alone read best.
  if (base && spotAddsSomething) label = names.every((n) => spot.includes(n)) ? spot : `${base}（${spot}）`;
  const point = input.point && isValidPoint(input.point) ? input.point : null;
  if (!label && point) label = POINT_ONLY_LABEL;
  return { label, mapUrl: point ? mapUrl(point, label ?? POINT_ONLY_LABEL) : null };
}
