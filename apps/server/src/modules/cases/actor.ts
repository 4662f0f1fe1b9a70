import { residentCaseActor, SYSTEM_ACTOR, type CaseActor } from '@msz/domain';
import type { StaffPrincipal } from '../../common/auth/principal';

/** Who did a step, as the case's rules and its timeline see them. */
export type Actor = CaseActor;

export const SYSTEM: Actor = SYSTEM_ACTOR;
export const staffActor = (s: StaffPrincipal): Extract<Actor, { kind: 'staff' }> => ({ kind: 'staff', id: s.id, name: s.name, role: s.role, unitId: s.unitId });
export const residentActor = (openid: string): Actor => residentCaseActor(openid);
