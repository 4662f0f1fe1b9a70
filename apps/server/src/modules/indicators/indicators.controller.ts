import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANY_STAFF, CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { IndicatorQueryDto, IndicatorReportDto, LeagueHistoryDto, LeagueWeekDto, WeekParamDto } from './dto/indicators.dto';
import { IndicatorsService } from './indicators.service';
import { LeagueService } from './league.service';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('api')
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly league: LeagueService,
  ) {}

  /** Indicators for the caller's scope (a unit's staff: their unit, a town's with its villages). */
  @Get('indicators')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: IndicatorReportDto })
  async report(@CurrentStaff() staff: StaffPrincipal, @Query() q: IndicatorQueryDto): Promise<IndicatorReportDto> {
    return IndicatorReportDto.from(await this.indicators.report(staff, { ...q, period: q.period ?? 'week', groupBy: q.groupBy ?? 'none' }));
  }

  /** The week's 红黑榜: approved (frozen) if it is, else the draft (the office, leaders and inspectors only). */
  @Get('league/weeks/:week')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: LeagueWeekDto })
  async week(@CurrentStaff() staff: StaffPrincipal, @Param() p: WeekParamDto): Promise<LeagueWeekDto> {
    return LeagueWeekDto.from(await this.league.week(staff, p.week));
  }

  /** 民声直达办公室 approves a finished week's list; it is frozen from then on. */
  @Post('league/weeks/:week/approve')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: LeagueWeekDto })
  async approve(@CurrentStaff() staff: StaffPrincipal, @Param() p: WeekParamDto): Promise<LeagueWeekDto> {
    return LeagueWeekDto.from(await this.league.approve(staff, p.week));
  }

  /** A unit's approved weeks: rank, score, list. A unit's staff see their own unit's. */
  @Get('league/units/:unitId/history')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: LeagueHistoryDto })
  async history(@CurrentStaff() staff: StaffPrincipal, @Param('unitId', new ParseUUIDPipe()) unitId: string): Promise<LeagueHistoryDto> {
    return LeagueHistoryDto.from(await this.league.history(staff, unitId));
  }
}
