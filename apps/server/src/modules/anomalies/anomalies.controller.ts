import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { AnomaliesService } from './anomalies.service';
import { AnomalyFlagDto, FlagQueryDto, FlagReviewDto } from './dto/anomaly.dto';

const Id = () => Param('id', new ParseUUIDPipe());

/** 异常线索: inspectors and the office review; units see nothing here (a confirmed flag reaches them as a supervision item). */
@ApiTags('anomalies')
@ApiBearerAuth()
@Controller('api/anomaly-flags')
export class AnomaliesController {
  constructor(private readonly anomalies: AnomaliesService) {}

  @Get()
  @Roles('inspector', 'dispatcher')
  @ApiOperation({ summary: 'Anomaly flags, newest first (inspectors and the office)' })
  @ApiOkResponse({ type: [AnomalyFlagDto] })
  async list(@Query() q: FlagQueryDto): Promise<AnomalyFlagDto[]> {
    return (await this.anomalies.list(q)).map(AnomalyFlagDto.from);
  }

  @Get(':id')
  @Roles('inspector', 'dispatcher')
  @ApiOkResponse({ type: AnomalyFlagDto })
  async one(@Id() id: string): Promise<AnomalyFlagDto> {
    return AnomalyFlagDto.from(await this.anomalies.get(id));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles('inspector')
  @ApiOperation({ summary: 'The inspector confirms the flag, with a note' })
  @ApiOkResponse({ type: AnomalyFlagDto })
  async confirm(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: FlagReviewDto): Promise<AnomalyFlagDto> {
    return AnomalyFlagDto.from(await this.anomalies.review(staff, id, 'confirmed', body.note));
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @Roles('inspector')
  @ApiOperation({ summary: 'The inspector dismisses the flag, with a note' })
  @ApiOkResponse({ type: AnomalyFlagDto })
  async dismiss(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: FlagReviewDto): Promise<AnomalyFlagDto> {
    return AnomalyFlagDto.from(await this.anomalies.review(staff, id, 'dismissed', body.note));
  }
}
