import type { UnitLevel } from './unit.entity';

export const UNIT_LEVELS: readonly UnitLevel[] = ['city', 'region', 'town', 'village', 'department'];

/**
 * Which level a unit's parent may have ("1+7+N"): the command centre is the root; regional
 * sub-centres sit under it; towns under a region (or directly under the centre); villages and
 * communities under a town; departments under the centre or under another department
 * (e.g. a traffic police brigade under the public security bureau).
 */
export const PARENT_LEVELS: Readonly<Record<UnitLevel, readonly UnitLevel[]>> = {
  city: [],
  region: ['city'],
  town: ['region', 'city'],
  village: ['town'],
  department: ['city', 'department'],
};

/** Why a unit of this level cannot have that parent, or null when it can. */
export function parentProblem(level: UnitLevel, parentLevel: UnitLevel | null): string | null {
  const allowed = PARENT_LEVELS[level];
  if (parentLevel === null) return allowed.length === 0 ? null : `a ${level} needs a parent (${allowed.join(' or ')})`;
  if (allowed.length === 0) return `a ${level} has no parent`;
  return allowed.includes(parentLevel) ? null : `a ${level} cannot be under a ${parentLevel} (allowed: ${allowed.join(' or ')})`;
}

/** '13800000001' → '138****0001': enough to tell numbers apart, not to call them. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  if (phone.length < 8) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
