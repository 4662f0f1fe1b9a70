import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { StaffRole } from '../../modules/units/staff-user.entity';

/** Who is calling: a member of staff, from a verified token. */
export interface StaffPrincipal {
  kind?: 'staff';
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  unitId: string;
  /** The account's token version when the token was issued (see StaffSessions). */
  ver: number;
}

/** A resident signed in through the mini-program (wx.login → jscode2session). */
export interface ResidentPrincipal {
  kind: 'resident';
  openid: string;
}

export const PUBLIC_ROUTE = 'msz:public';
export const ROLES = 'msz:roles';
export const RESIDENT_ROUTE = 'msz:resident';

/** Opens a route to callers without a staff token. Use sparingly and say why at the route. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Restricts a route to these staff roles (admins always pass). Every staff route declares its roles. */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES, roles);
/** Every staff role: for routes any member of staff may call (still scoped to their unit in the service). */
export const ANY_STAFF: StaffRole[] = ['dispatcher', 'handler', 'unit_leader', 'city_leader', 'inspector'];
/** A route for residents only (their own cases); staff tokens are refused there. */
export const ResidentRoute = () => SetMetadata(RESIDENT_ROUTE, true);

export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal => {
  return ctx.switchToHttp().getRequest<{ staff: StaffPrincipal }>().staff;
});

export const CurrentResident = createParamDecorator((_: unknown, ctx: ExecutionContext): ResidentPrincipal => {
  return ctx.switchToHttp().getRequest<{ resident: ResidentPrincipal }>().resident;
});
