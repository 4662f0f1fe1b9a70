import { defaultRoute } from '../classification/taxonomy';
import { defaultTaxonomy } from '../classification/default-data';
import { routeByTier, type RouteUnit } from './tier-route';

const taxonomy = defaultTaxonomy();
const town: RouteUnit = { id: 'town', name: '八台镇', level: 'town' };
const village: RouteUnit = { id: 'village', name: '花楼村', level: 'village' };
const dept: RouteUnit = { id: 'dept', name: '水务局', level: 'department' };

describe(routeByTier.name, () => {
  it.each<[string, string | null, RouteUnit | null, RouteUnit | null, RouteUnit | null, string | null, string]>([
    // case                                 sub-item           department place    town   → unit    reason
    ['unclassified', null, null, null, null, null, '未分类：请先确认分类'],
    ['city tier: the department leads', 'water-supply', dept, null, null, 'dept', '市级攻坚：供水水利由水务局主办'],
    ['city tier, department not set up', 'water-supply', null, null, null, null, '市级攻坚：未找到部门dept-water'],
    ['village tier in a village: it handles directly', 'disputes', null, village, town, 'village', '村级直办：花楼村'],
    ['village tier placed only to a town: the town', 'disputes', null, town, town, 'town', '镇级承办：八台镇'],
    ['town tier in a village: its town', 'housing-safety', null, village, town, 'town', '镇级承办：八台镇'],
    ['town tier, no place', 'housing-safety', null, null, null, null, '不知道在哪个镇村：请看诉求内容选择'],
    ['town tier, village without a town', 'housing-safety', null, village, null, null, '未找到所属乡镇'],
  ])('%s', (_, subItem, department, place, placeTown, unitId, reason) => {
    const route = subItem ? defaultRoute(taxonomy, subItem) : undefined;
    const name = taxonomy.subItems.find((s) => s.code === subItem)?.name ?? '';
    const sut = routeByTier({ route, subItemName: name, department, place, placeTown });
    expect(sut.unitId).toBe(unitId);
    expect(sut.reason).toBe(reason);
  });
});
