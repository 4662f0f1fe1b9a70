import { Injectable } from '@nestjs/common';
import { formatPlace, nearestPlace, type GeoPoint, type PlaceNames, type PlaceView } from '@msz/domain';
import { DataSource, In, Not, IsNull, type EntityManager } from 'typeorm';
import { UnitEntity } from './unit.entity';

/** The location columns a case keeps. */
export interface StoredLocation {
  placeUnitId: string | null;
  locationLat: number | null;
  locationLng: number | null;
  locationLabel: string | null;
}

function placeView(c: StoredLocation, names: PlaceNames | null): PlaceView {
  const point = c.locationLat !== null && c.locationLng !== null ? { lat: c.locationLat, lng: c.locationLng } : null;
  return formatPlace({ names, spot: c.locationLabel, point });
}

/** Maps a resident's location to a configured town or village (nearest centre until boundaries exist), and names it. */
@Injectable()
export class PlacesService {
  constructor(private readonly ds: DataSource) {}

  async locate(manager: EntityManager, point: GeoPoint): Promise<UnitEntity | null> {
    const units = await manager.getRepository(UnitEntity).find({ where: { centerLat: Not(IsNull()), centerLng: Not(IsNull()) } });
    const places = units
      .filter((u) => u.level === 'town' || u.level === 'village')
      .map((u) => ({ id: u.id, lat: u.centerLat as number, lng: u.centerLng as number, unit: u }));
    return nearestPlace(point, places)?.unit ?? null;
  }

  /** The town and village names of a mapped place (a village's town is its parent). */
  async names(placeUnitId: string | null, manager: EntityManager = this.ds.manager): Promise<PlaceNames | null> {
    if (!placeUnitId) return null;
    const units = manager.getRepository(UnitEntity);
    const place = await units.findOneBy({ id: placeUnitId });
    if (!place) return null;
    if (place.level !== 'village') return { town: place.name, village: null };
    const town = place.parentId ? await units.findOneBy({ id: place.parentId }) : null;
    return { town: town?.name ?? null, village: place.name };
  }

  /** What a person reads for a case's place: names, and the point only as a map link. */
  async view(c: StoredLocation): Promise<PlaceView> {
    return placeView(c, await this.names(c.placeUnitId));
  }

  /** view() for many cases in two queries (their places, then the villages' towns), however many there are. */
  async viewMany(cases: readonly StoredLocation[]): Promise<PlaceView[]> {
    const units = this.ds.getRepository(UnitEntity);
    const placeIds = [...new Set(cases.map((c) => c.placeUnitId).filter((id): id is string => id !== null))];
    const places = new Map((placeIds.length ? await units.findBy({ id: In(placeIds) }) : []).map((u) => [u.id, u]));
    const townIds = [...new Set([...places.values()].filter((p) => p.level === 'village' && p.parentId).map((p) => p.parentId as string))];
    const towns = new Map((townIds.length ? await units.findBy({ id: In(townIds) }) : []).map((u) => [u.id, u]));
    return cases.map((c) => {
      const place = c.placeUnitId ? places.get(c.placeUnitId) : undefined;
      if (!place) return placeView(c, null);
      if (place.level !== 'village') return placeView(c, { town: place.name, village: null });
      return placeView(c, { town: place.parentId ? (towns.get(place.parentId)?.name ?? null) : null, village: place.name });
    });
  }
}
