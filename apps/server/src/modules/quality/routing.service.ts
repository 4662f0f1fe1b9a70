import { Injectable } from '@nestjs/common';
import { defaultRoute } from '@msz/domain';
import { DataSource } from 'typeorm';
import type { CaseEntity } from '../cases/case.entity';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { UnitEntity } from '../units/unit.entity';

export interface RoutingSuggestion {
  unitId: string | null;
  unitName: string | null;
  tier: 'village' | 'town' | 'city' | null;
  reason: string;
}

/**
 * 三级响应、属地管理: the sub-item says which tier owns the problem (village handles directly, town
 * undertakes, city tackles); the place says which village or town. The dispatcher confirms.
 */
@Injectable()
export class RoutingService {
  constructor(
    private readonly ds: DataSource,
    private readonly taxonomy: TaxonomyService,
  ) {}

  async suggest(c: CaseEntity): Promise<RoutingSuggestion> {
    const subItem = c.subItem ?? ((c.suggestion as { subItem?: string | null } | null)?.subItem ?? null);
    const route = subItem ? defaultRoute(this.taxonomy.current(), subItem) : undefined;
    if (!route) return { unitId: null, unitName: null, tier: null, reason: '未分类：请先确认分类' };
    // Until the dispatcher classifies, the classifier's suggestion stands in.
    const units = this.ds.getRepository(UnitEntity);

    const name = this.taxonomy.current().subItems.find((x) => x.code === route.subItem)?.name ?? route.subItem;
    if (route.tier === 'city') {
      const dept = route.departmentCode ? await units.findOneBy({ code: route.departmentCode }) : null;
      return dept
        ? { unitId: dept.id, unitName: dept.name, tier: 'city', reason: `市级攻坚：${name}由${dept.name}主办` }
        : { unitId: null, unitName: null, tier: 'city', reason: `市级攻坚：未找到部门${route.departmentCode ?? ''}` };
    }
    const place = c.placeUnitId ? await units.findOneBy({ id: c.placeUnitId }) : null;
    if (!place) return { unitId: null, unitName: null, tier: route.tier, reason: '不知道在哪个镇村：请看诉求内容选择' };
    if (route.tier === 'village' && place.level === 'village') {
      return { unitId: place.id, unitName: place.name, tier: 'village', reason: `村级直办：${place.name}` };
    }
    // Town tier, or a village-tier problem placed only to a town: the town undertakes it.
    const town = place.level === 'town' ? place : place.parentId ? await units.findOneBy({ id: place.parentId }) : null;
    return town
      ? { unitId: town.id, unitName: town.name, tier: 'town', reason: `镇级承办：${town.name}` }
      : { unitId: null, unitName: null, tier: route.tier, reason: '未找到所属乡镇' };
  }
}
