import { Injectable } from '@nestjs/common';
import { formatPlace, nearestPlace, type GeoPoint, type PlaceNames, type PlaceView } from '@msz/domain';
import { DataSource, Not, IsNull, type EntityManager } from 'typeorm';
import { UnitEntity } from './unit.entity';

/** The location columns a case keeps. */
export interface StoredLocation {
  placeUnitId: string | null;
  locationLat: number | null;
  locationLng: number | null;
  locationLabel: string | null;
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
    const point = c.locationLat !== null && c.locationLng !== null ? { lat: c.locationLat, lng: c.locationLng } : null;
    return formatPlace({ names: await this.names(c.placeUnitId), spot: c.locationLabel, point });
  }
}
