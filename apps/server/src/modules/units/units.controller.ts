import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { UnitDto } from './dto/unit.dto';
import { UnitEntity } from './unit.entity';

@ApiTags('units')
@ApiBearerAuth()
@Controller('api/units')
export class UnitsController {
  constructor(private readonly ds: DataSource) {}

  @Get()
  @ApiOkResponse({ type: [UnitDto] })
  async list(): Promise<UnitDto[]> {
    const units = await this.ds.getRepository(UnitEntity).find({ order: { code: 'ASC' } });
    return units.map(UnitDto.from);
  }
}
