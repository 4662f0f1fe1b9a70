import { Controller, Get, HttpException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/principal';

@ApiTags('health')
@Controller('healthz')
export class HealthController {
  constructor(private readonly ds: DataSource) {}

  // Public: load balancers and monitors call it without credentials; it reveals nothing.
  @Public()
  @Get()
  async health(): Promise<{ status: 'ok' }> {
    try {
      await this.ds.query('SELECT 1');
      return { status: 'ok' };
    } catch {
      throw new HttpException({ status: 'database unavailable' }, 503);
    }
  }
}
