import { Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { DataSource } from 'typeorm';
import { FilingLimitsService } from './filing-limits.service';
import { LoginLimitsService } from './login-limits.service';
import { PgThrottlerStorage } from './pg-throttler-storage';
import { notLimitedBy } from './rate-limit.decorator';
import { RateLimitStore } from './rate-limit.store';

const MINUTE = 60_000;

/**
 * Limits against floods, all counted in PostgreSQL so that every process shares them: staff
 * sign-in failures (LoginLimitsService), residents' filings (FilingLimitsService) and, through
 * @nestjs/throttler, the public routes marked @RateLimit(name).
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [DataSource],
      useFactory: (ds: DataSource) => ({
        storage: new PgThrottlerStorage(new RateLimitStore(ds)),
        errorMessage: '请求太频繁，请稍后再试',
        throttlers: [
          // A resident looks up their own case now and then; walking the numbers takes thousands.
          { name: 'public-lookup', limit: 20, ttl: MINUTE, blockDuration: 5 * MINUTE, skipIf: notLimitedBy('public-lookup') },
          // Each wx.login code is WeChat's to check; this only keeps one address from hammering WeChat through us.
          { name: 'resident-login', limit: 60, ttl: MINUTE, blockDuration: 5 * MINUTE, skipIf: notLimitedBy('resident-login') },
        ],
      }),
    }),
  ],
  providers: [RateLimitStore, LoginLimitsService, FilingLimitsService],
  exports: [RateLimitStore, LoginLimitsService, FilingLimitsService],
})
export class LimitsModule {}
