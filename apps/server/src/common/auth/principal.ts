import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { StaffRole } from '../../modules/units/staff-user.entity';

/** Who is calling: a member of staff, from a verified token. */
export interface StaffPrincipal {
  id: string;
  username: string;
  name: string;
  role: StaffRole;
  unitId: string;
}

export const PUBLIC_ROUTE = 'msz:public';
export const ROLES = 'msz:roles';

/** Opens a route to callers without a staff token. Use sparingly and say why at the route. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/** Restricts a route to these roles (admins always pass). */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES, roles);

export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffPrincipal => {
  return ctx.switchToHttp().getRequest<{ staff: StaffPrincipal }>().staff;
});
