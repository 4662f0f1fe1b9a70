import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import { PUBLIC_ROUTE, ROLES, type StaffPrincipal } from './principal';
import type { StaffRole } from '../../modules/units/staff-user.entity';

/** Registered globally: every route needs a staff token unless it is marked @Public(). */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const req = ctx.switchToHttp().getRequest<Request & { staff?: StaffPrincipal }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) throw new AppError('UNAUTHENTICATED', 'a staff token is required');
    let staff: StaffPrincipal;
    try {
      staff = await this.jwt.verifyAsync<StaffPrincipal>(token);
    } catch {
      throw new AppError('UNAUTHENTICATED', 'the staff token is invalid or expired');
    }
    req.staff = staff;

    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets);
    if (roles && staff.role !== 'admin' && !roles.includes(staff.role)) {
      throw new AppError('FORBIDDEN', `this needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
