import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { hashPassword, verifyPassword } from '../../common/auth/password';
import { ANY_STAFF, CurrentStaff, Public, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { StaffSessions } from '../../common/auth/staff-sessions';
import { AppError } from '../../common/errors/app-error';
import { LoginLimitsService } from '../limits/login-limits.service';
import { StaffUserEntity } from '../units/staff-user.entity';
import { UnitEntity } from '../units/unit.entity';
import { LoginDto, StaffSessionDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  /** Checked when the name is unknown, so that an unknown name takes as long as a wrong password. */
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
    private readonly limits: LoginLimitsService,
    private readonly sessions: StaffSessions,
  ) {}

  // Public: this is how staff get a token at all.
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; 5 failures lock the account for 1 minute, then 2, 4… (20 per address lock the address)' })
  @ApiOkResponse({ type: StaffSessionDto })
  @ApiTooManyRequestsResponse({ description: 'the account or the address is locked for a while (Retry-After)' })
  async login(@Body() body: LoginDto, @Ip() address: string): Promise<StaffSessionDto> {
    await this.limits.assertMayTry(body.username, address);
    const user = await this.ds.getRepository(StaffUserEntity).findOneBy({ username: body.username, active: true });
    const passwordOk = await verifyPassword(body.password, user?.passwordHash ?? (await this.dummyHash));
    // One answer for an unknown name and a wrong password: no hint which it was.
    if (!user || !passwordOk) {
      await this.limits.failed(body.username, address);
      throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
    }
    await this.limits.succeeded(body.username);
    const principal: StaffPrincipal = { kind: 'staff', id: user.id, username: user.username, name: user.displayName, role: user.role, unitId: user.unitId, ver: user.tokenVersion };
    // The app shows village work (points, reviews) only to staff of a village or town.
    const unit = await this.ds.getRepository(UnitEntity).findOneBy({ id: user.unitId });
    return { token: await this.jwt.signAsync(principal), name: user.displayName, role: user.role, unitId: user.unitId, unitLevel: unit?.level ?? '' };
  }

  @Post('logout')
  @HttpCode(204)
  @Roles(...ANY_STAFF)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Sign out: ends this token and every other of the account' })
  @ApiNoContentResponse()
  async logout(@CurrentStaff() staff: StaffPrincipal): Promise<void> {
    await this.sessions.revokeAll(staff.id);
  }
}
