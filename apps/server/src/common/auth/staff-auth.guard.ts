import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppError } from '../errors/app-error';
import { StaffSessions } from './staff-sessions';
import { PUBLIC_ROUTE, RESIDENT_ROUTE, ROLES, type ResidentPrincipal, type StaffPrincipal } from './principal';
import type { StaffRole } from '../../modules/units/staff-user.entity';

/** Tokens are signed and checked with this algorithm only (no "none", no confusion with others). */
export const TOKEN_ALGORITHM = 'HS256';

/**
 * Registered globally: every route needs a staff token unless it is marked @Public() or
 * @ResidentRoute(); staff routes then check the roles they declare, resident routes take residents only.
 */
@Injectable()
export class StaffAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly sessions: StaffSessions,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const req = ctx.switchToHttp().getRequest<Request & { staff?: StaffPrincipal; resident?: ResidentPrincipal }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token) throw new AppError('UNAUTHENTICATED', 'a token is required');
    let principal: (StaffPrincipal | ResidentPrincipal) & { exp?: unknown };
    try {
      principal = await this.jwt.verifyAsync<StaffPrincipal | ResidentPrincipal>(token, { algorithms: [TOKEN_ALGORITHM] });
    } catch {
      throw new AppError('UNAUTHENTICATED', 'the token is invalid or expired');
    }
    // jsonwebtoken accepts a token without exp; ours always carry one, so one without was not ours.
    if (typeof principal.exp !== 'number') throw new AppError('UNAUTHENTICATED', 'the token has no expiry');
    if (principal.kind !== 'resident' && !(await this.sessions.isCurrent(principal.id, principal.ver))) {
      throw new AppError('UNAUTHENTICATED', 'the session has ended (signed out, or the account was changed): sign in again');
    }

    if (this.reflector.getAllAndOverride<boolean>(RESIDENT_ROUTE, targets)) {
      if (principal.kind !== 'resident') throw new AppError('FORBIDDEN', 'this route is for residents');
      req.resident = principal;
      return true;
    }
    if (principal.kind === 'resident') throw new AppError('FORBIDDEN', 'this route is for staff');
    req.staff = principal;
    const roles = this.reflector.getAllAndOverride<StaffRole[] | undefined>(ROLES, targets);
    if (!roles) throw new AppError('FORBIDDEN', 'this route declares no roles'); // least privilege: undeclared means nobody
    if (principal.role !== 'admin' && !roles.includes(principal.role)) {
      throw new AppError('FORBIDDEN', `this needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
