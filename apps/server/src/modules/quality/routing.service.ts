import { Injectable } from '@nestjs/common';
import { defaultRoute, orderUnitChoices } from '@msz/domain';
import { DataSource, In, Not } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { CaseEntity } from '../cases/case.entity';
import { TimelineEntryEntity } from '../cases/timeline-entry.entity';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { UnitEntity } from '../units/unit.entity';
import type { UnitChoicesDto } from './dto/quality.dto';
import { unitInitials } from './unit-initials';

/** How many of a dispatcher's recent units come before the rest. */
const RECENT_UNITS = 5;

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

  /** The units to choose from when routing this case, best first, with the suggestion to preselect. */
  async choices(staff: StaffPrincipal, c: CaseEntity): Promise<UnitChoicesDto> {
    const [suggestion, units, recentIds] = await Promise.all([
      this.suggest(c),
      // The command centre routes cases; it does not take them.
      this.ds.getRepository(UnitEntity).find({ where: { level: Not('city') } }),
      this.recentUnits(staff),
    ]);
    const place = c.placeUnitId ? units.find((u) => u.id === c.placeUnitId) : undefined;
    const placeTownId = place?.level === 'village' ? place.parentId : place?.level === 'town' ? place.id : null;
    const ordered = orderUnitChoices(units, { suggestedId: suggestion.unitId, recentIds, placeTownId });
    return {
      suggestion,
      units: ordered.map(({ unit, group, town }) => ({
        id: unit.id,
        name: unit.name,
        level: unit.level,
        townName: town?.name ?? null,
        initials: unitInitials(unit.name),
        group,
      })),
    };
  }

  /** The lead units of the cases this dispatcher assigned last, most recent first. */
  private async recentUnits(staff: StaffPrincipal): Promise<string[]> {
    const steps = await this.ds.getRepository(TimelineEntryEntity).find({
      where: { action: 'assign', actorKind: 'staff', actorId: staff.id },
      order: { id: 'DESC' },
      take: 30,
      select: { caseId: true, id: true },
    });
    if (!steps.length) return [];
    const cases = await this.ds.getRepository(CaseEntity).find({ where: { id: In(steps.map((s) => s.caseId)) }, select: { id: true, unitId: true } });
    const unitOf = new Map(cases.map((x) => [x.id, x.unitId]));
    const recent = [...new Set(steps.map((s) => unitOf.get(s.caseId)).filter((u): u is string => Boolean(u)))];
    return recent.slice(0, RECENT_UNITS);
  }
}
