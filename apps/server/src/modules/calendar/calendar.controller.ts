import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { CalendarService } from './calendar.service';
import { CalendarCoverageDto, CalendarYearDto } from './dto/calendar.dto';

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('coverage')
  @Roles('dispatcher', 'city_leader')
  @ApiOkResponse({ type: CalendarCoverageDto })
  coverage(): CalendarCoverageDto {
    return this.calendar.coverage(new Date());
  }

  @Put('years/:year')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ type: CalendarCoverageDto })
  async setYear(@CurrentStaff() staff: StaffPrincipal, @Param('year', ParseIntPipe) year: number, @Body() body: CalendarYearDto): Promise<CalendarCoverageDto> {
    await this.calendar.setYear(year, body.days, staff.username);
    return this.calendar.coverage(new Date());
  }
}
