import { applyDecorators, SetMetadata, UseGuards, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** The throttled public routes, each with its own budget per address (see limits.module.ts). */
export type RateLimitName = 'public-lookup' | 'resident-login';
const RATE_LIMIT = 'msz:rate-limit';

/** Throttles a route by one named budget; the other budgets do not apply to it. */
export const RateLimit = (name: RateLimitName) => applyDecorators(SetMetadata(RATE_LIMIT, name), UseGuards(ThrottlerGuard));

/** For a throttler's skipIf: true on routes that do not use that budget. */
export const notLimitedBy =
  (name: RateLimitName) =>
  (ctx: ExecutionContext): boolean =>
    Reflect.getMetadata(RATE_LIMIT, ctx.getHandler()) !== name;
