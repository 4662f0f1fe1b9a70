/** What a resident reads first when their demand is read as a danger to life: the numbers, before anything else. */
export const LIFE_AT_RISK_ADVICE = '如有生命危险，请马上拨打110（报警）、119（火警）、120（急救）。';

/** A red demand (特急): it raises an urgent alert at once, without waiting for the dispatcher. */
export const isEmergency = (urgency: string): boolean => urgency === 'critical';

/** How staff close an alert: 已知悉 (we are on it) or 已处置 (handled). */
export const ALERT_ACKNOWLEDGEMENTS = ['noted', 'handled'] as const;
export type AlertAcknowledgement = (typeof ALERT_ACKNOWLEDGEMENTS)[number];
export const ALERT_ACKNOWLEDGEMENT_LABELS: Record<AlertAcknowledgement, string> = { noted: '已知悉', handled: '已处置' };

/**
 * The dispatchers an alert goes to: those the office put on duty (值班) who can still act, or, when
 * nobody on the roster can, every active dispatcher, so that an alert never goes nowhere.
 */
export function dispatchersOnDuty<T extends { id: string; active: boolean }>(rostered: readonly string[], dispatchers: readonly T[]): T[] {
  const active = dispatchers.filter((d) => d.active);
  const onDuty = active.filter((d) => rostered.includes(d.id));
  return onDuty.length ? onDuty : active;
}

/** A place in the unit tree, as far as the alert needs it. */
export interface PlaceNode {
  id: string;
  level: string;
  parentId: string | null;
}

/**
 * The town (乡镇/街道) a case's place belongs to: the place itself when it is a town, else the
 * nearest town above it (a village's town). Null when the place is unknown or under no town.
 */
export function townOf(placeId: string | null, units: ReadonlyMap<string, PlaceNode>): string | null {
  let at = placeId ? units.get(placeId) : undefined;
  // A cycle in bad data must not hang the alert: the tree is at most a few levels deep.
  for (let hops = 0; at && hops < 8; hops++) {
    if (at.level === 'town') return at.id;
    at = at.parentId ? units.get(at.parentId) : undefined;
  }
  return null;
}
