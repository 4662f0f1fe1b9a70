import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { verifyPassword } from '../../common/auth/password';
import { Public, type StaffPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { StaffUserEntity } from '../units/staff-user.entity';
import { LoginDto, StaffSessionDto } from './dto/login.dto';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly ds: DataSource,
    private readonly jwt: JwtService,
  ) {}

  // Public: this is how staff get a token at all.
  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffSessionDto })
  async login(@Body() body: LoginDto): Promise<StaffSessionDto> {
    const user = await this.ds.getRepository(StaffUserEntity).findOneBy({ username: body.username, active: true });
    // One answer for an unknown name and a wrong password: no hint which it was.
    if (!user || !(await verifyPassword(body.password, user.passwordHash))) {
      throw new AppError('INVALID_CREDENTIALS', 'wrong username or password');
    }
    const principal: StaffPrincipal = { kind: 'staff', id: user.id, username: user.username, name: user.displayName, role: user.role, unitId: user.unitId };
    return { token: await this.jwt.signAsync(principal), name: user.displayName, role: user.role, unitId: user.unitId };
  }
}
