import type { ActorKind } from './timeline-entry.entity';
import type { StaffPrincipal } from '../../common/auth/principal';

/** Who did a step, as the timeline records it. */
export interface Actor {
  kind: ActorKind;
  id: string | null;
  name: string | null;
}

export const SYSTEM: Actor = { kind: 'system', id: null, name: '系统' };
export const staffActor = (s: StaffPrincipal): Actor => ({ kind: 'staff', id: s.id, name: s.name });
export const residentActor = (openid: string): Actor => ({ kind: 'resident', id: openid, name: '群众' });
