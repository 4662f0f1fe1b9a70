import { Global, Module } from '@nestjs/common';
import { StaffSessions } from '../../common/auth/staff-sessions';
import { AuthController } from './auth.controller';

/** Staff sign-in and sign-out, and the check that a token's session is still current (used by the global guard). */
@Global()
@Module({
  controllers: [AuthController],
  providers: [StaffSessions],
  exports: [StaffSessions],
})
export class AuthModule {}
