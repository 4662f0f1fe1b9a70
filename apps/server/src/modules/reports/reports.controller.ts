import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { DayParamDto, MonthParamDto, MonthPictureQueryDto, ReportWeekParamDto } from './dto/report-params.dto';
import { ReportsService } from './reports.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsx = (stream: Readable, name: string) => new StreamableFile(stream, { type: XLSX, disposition: `attachment; filename="${name}"` });
const png = (bytes: Buffer, name: string) => new StreamableFile(bytes, { type: 'image/png', disposition: `inline; filename="${name}"` });

/**
 * 日调度、周会商、月考评: the office's report packs, city-wide, for the office, city leaders and
 * inspectors. A unit's staff are refused: their own unit's day and week come to them as digests.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('daily/:date.xlsx')
  @Roles('dispatcher', 'city_leader', 'inspector')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: '日调度: yesterday’s intake, due today, overdue, by unit and as lists (xlsx, streamed)' })
  async dailyXlsx(@CurrentStaff() staff: StaffPrincipal, @Param() p: DayParamDto): Promise<StreamableFile> {
    return xlsx(await this.reports.dailyXlsx(staff, p.date), `daily-${p.date}.xlsx`);
  }

  @Get('daily/:date.png')
  @Roles('dispatcher', 'city_leader', 'inspector')
  @ApiProduces('image/png')
  @ApiOperation({ summary: '日调度 as a picture: each unit’s intake yesterday, due today and overdue' })
  async dailyPng(@CurrentStaff() staff: StaffPrincipal, @Param() p: DayParamDto): Promise<StreamableFile> {
    return png((await this.reports.dailyPng(staff, p.date)).png, `daily-${p.date}.png`);
  }

  @Get('weekly/:week.xlsx')
  @Roles('dispatcher', 'city_leader', 'inspector')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: '周会商: the week’s figures, indicators by unit, overdue, returned, repeats, warnings and the red and black list (xlsx)' })
  async weeklyXlsx(@CurrentStaff() staff: StaffPrincipal, @Param() p: ReportWeekParamDto): Promise<StreamableFile> {
    return xlsx(await this.reports.weeklyXlsx(staff, p.week), `weekly-${p.week}.xlsx`);
  }

  @Get('weekly/:week.png')
  @Roles('dispatcher', 'city_leader', 'inspector')
  @ApiProduces('image/png')
  @ApiOperation({ summary: '周会商 summary as a picture' })
  async weeklyPng(@CurrentStaff() staff: StaffPrincipal, @Param() p: ReportWeekParamDto): Promise<StreamableFile> {
    return png((await this.reports.weeklyPng(staff, p.week)).png, `weekly-${p.week}.png`);
  }

  @Get('monthly/:month.xlsx')
  @Roles('dispatcher', 'city_leader', 'inspector')
  @ApiProduces(XLSX)
  @ApiOperation({ summary: '月考评: the month scored on the 12 standards, weeks on each list, indicators by unit (xlsx)' })
  async monthlyXlsx(@CurrentStaff() staff: StaffPrincipal, @Param() p: MonthParamDto): Promise<StreamableFile> {
    return xlsx(await this.reports.monthlyXlsx(staff, p.month), `monthly-${p.month}.xlsx`);
  }

  @Get('monthly/:month.png')
  @Roles('dispatcher', 'city_leader', 'inspector')
  @ApiProduces('image/png')
  @ApiOperation({ summary: '月考评 of the towns or the departments as a picture' })
  async monthlyPng(@CurrentStaff() staff: StaffPrincipal, @Param() p: MonthParamDto, @Query() q: MonthPictureQueryDto): Promise<StreamableFile> {
    const group = q.group ?? 'town';
    return png((await this.reports.monthlyPng(staff, p.month, group)).png, `monthly-${p.month}-${group}.png`);
  }
}
