import { Injectable } from '@nestjs/common';
import { nearestPlace, type GeoPoint } from '@msz/domain';
import { Not, IsNull, type EntityManager } from 'typeorm';
import { UnitEntity } from './unit.entity';

/** Maps a resident's location to a configured town or village (nearest centre until boundaries exist). */
@Injectable()
export class PlacesService {
  async locate(manager: EntityManager, point: GeoPoint): Promise<UnitEntity | null> {
    const units = await manager.getRepository(UnitEntity).find({ where: { centerLat: Not(IsNull()), centerLng: Not(IsNull()) } });
    const places = units
      .filter((u) => u.level === 'town' || u.level === 'village')
      .map((u) => ({ id: u.id, lat: u.centerLat as number, lng: u.centerLng as number, unit: u }));
    return nearestPlace(point, places)?.unit ?? null;
  }
}
