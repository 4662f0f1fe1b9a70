import type { DefaultRoute, Tier } from '../classification/taxonomy';

/** A unit as the routing rule sees it. */
export interface RouteUnit {
  id: string;
  name: string;
  level: 'city' | 'region' | 'town' | 'village' | 'department';
}

/** What the dispatcher's form preselects, and why in words they read. */
export interface TierRoute {
  unitId: string | null;
  unitName: string | null;
  tier: Tier | null;
  reason: string;
}

/** The units the rule may need, looked up by the caller: the sub-item's department, the case's place and that place's town. */
export interface TierRouteInput {
  route: DefaultRoute | undefined;
  subItemName: string;
  department: RouteUnit | null;
  place: RouteUnit | null;
  /** The place itself when it is a town; its parent town when it is a village. */
  placeTown: RouteUnit | null;
}

/**
 * 三级响应、属地管理: the sub-item says which tier owns the problem (village handles directly, town
 * undertakes, city tackles); the place says which village or town. The dispatcher confirms.
 */
export function routeByTier({ route, subItemName, department, place, placeTown }: TierRouteInput): TierRoute {
  if (!route) return { unitId: null, unitName: null, tier: null, reason: '未分类：请先确认分类' };
  if (route.tier === 'city') {
    return department
      ? { unitId: department.id, unitName: department.name, tier: 'city', reason: `市级攻坚：${subItemName}由${department.name}主办` }
      : { unitId: null, unitName: null, tier: 'city', reason: `市级攻坚：未找到部门${route.departmentCode ?? ''}` };
  }
  if (!place) return { unitId: null, unitName: null, tier: route.tier, reason: '不知道在哪个镇村：请看诉求内容选择' };
  if (route.tier === 'village' && place.level === 'village') {
    return { unitId: place.id, unitName: place.name, tier: 'village', reason: `村级直办：${place.name}` };
  }
  // Town tier, or a village-tier problem placed only to a town: the town undertakes it.
  return placeTown
    ? { unitId: placeTown.id, unitName: placeTown.name, tier: 'town', reason: `镇级承办：${placeTown.name}` }
    : { unitId: null, unitName: null, tier: route.tier, reason: '未找到所属乡镇' };
}
