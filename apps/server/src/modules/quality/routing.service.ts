import { Injectable } from '@nestjs/common';
import { defaultRoute, orderUnitChoices, routeByTier } from '@msz/domain';
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
    // Until the dispatcher classifies, the classifier's suggestion stands in.
    const subItem = c.subItem ?? ((c.suggestion as { subItem?: string | null } | null)?.subItem ?? null);
    const route = subItem ? defaultRoute(this.taxonomy.current(), subItem) : undefined;
    const units = this.ds.getRepository(UnitEntity);
    const subItemName = route ? (this.taxonomy.current().subItems.find((x) => x.code === route.subItem)?.name ?? route.subItem) : '';
    const department = route?.tier === 'city' && route.departmentCode ? await units.findOneBy({ code: route.departmentCode }) : null;
    const place = route && route.tier !== 'city' && c.placeUnitId ? await units.findOneBy({ id: c.placeUnitId }) : null;
    // The town is looked up only when the rule may need it (not for a village handling its own).
    const townNeeded = place !== null && !(route?.tier === 'village' && place.level === 'village');
    const placeTown = !townNeeded ? null : place.level === 'town' ? place : place.parentId ? await units.findOneBy({ id: place.parentId }) : null;
    return routeByTier({ route, subItemName, department, place, placeTown });
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
