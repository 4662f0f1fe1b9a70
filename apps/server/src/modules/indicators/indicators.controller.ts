import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANY_STAFF, CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { IndicatorQueryDto, IndicatorReportDto, LeagueHistoryDto, LeaguePictureQueryDto, LeaguePublicationDto, LeagueWeekDto, WeekParamDto } from './dto/indicators.dto';
import { PublicationDto } from '../publication/dto/publication.dto';
import { LeaguePublicationService } from './league-publication.service';
import { IndicatorsService } from './indicators.service';
import { LeagueService } from './league.service';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('api')
export class IndicatorsController {
  constructor(
    private readonly indicators: IndicatorsService,
    private readonly league: LeagueService,
    private readonly publication: LeaguePublicationService,
  ) {}

  /** Indicators for the caller's scope (a unit's staff: their unit, a town's with its villages). */
  @Get('indicators')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: IndicatorReportDto })
  async report(@CurrentStaff() staff: StaffPrincipal, @Query() q: IndicatorQueryDto): Promise<IndicatorReportDto> {
    return IndicatorReportDto.from(await this.indicators.report(staff, { ...q, period: q.period ?? 'week', groupBy: q.groupBy ?? 'none' }));
  }

  // Declared before league/weeks/:week, which would otherwise take "2026-W49.png" as its week.
  /**
   * The week's table as a picture (towns or departments), for a city that publishes by hand; seen as the list is.
   * An approved week is frozen and may be kept a minute; a draft changes (and is approved) under the office's eyes.
   */
  @Get('league/weeks/:week.png')
  @Roles(...ANY_STAFF)
  @ApiProduces('image/png')
  @ApiOperation({ summary: 'The week\'s red and black list of towns or departments as a PNG' })
  async weekPng(
    @CurrentStaff() staff: StaffPrincipal,
    @Param() p: WeekParamDto,
    @Query() q: LeaguePictureQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const group = q.group ?? 'town';
    const picture = await this.publication.picture(staff, p.week, group);
    res.setHeader('Cache-Control', picture.approved ? 'private, max-age=60' : 'private, no-cache');
    return new StreamableFile(picture.png, { type: 'image/png', disposition: `inline; filename="league-${p.week}-${group}.png"` });
  }

  /** The week's list as a spreadsheet: towns and departments as two sheets, the 12 standards as columns. */
  @Get('league/weeks/:week.xlsx')
  @Roles(...ANY_STAFF)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The week\'s red and black list as xlsx (one sheet per table)' })
  async weekXlsx(@CurrentStaff() staff: StaffPrincipal, @Param() p: WeekParamDto): Promise<StreamableFile> {
    return new StreamableFile(await this.publication.xlsx(staff, p.week), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="league-${p.week}.xlsx"`,
    });
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

  /**
   * 民声直达办公室 publishes an approved week on the Official Account (two pictures in an article) and
   * each ranked unit's leaders get their line. Again after a failure, it retries; after a success, it does nothing new.
   */
  @Post('league/weeks/:week/publish')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: LeaguePublicationDto })
  async publish(@CurrentStaff() staff: StaffPrincipal, @Param() p: WeekParamDto): Promise<LeaguePublicationDto> {
    const { publication, published } = await this.publication.publish(staff, p.week);
    return { ...PublicationDto.from(publication), published };
  }

  /** A unit's approved weeks: rank, score, list. A unit's staff see their own unit's. */
  @Get('league/units/:unitId/history')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: LeagueHistoryDto })
  async history(@CurrentStaff() staff: StaffPrincipal, @Param('unitId', new ParseUUIDPipe()) unitId: string): Promise<LeagueHistoryDto> {
    return LeagueHistoryDto.from(await this.league.history(staff, unitId));
  }
}
