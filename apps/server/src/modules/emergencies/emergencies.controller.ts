import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { chinaDate } from '@msz/domain';
import { ANY_STAFF, CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { DutyService } from './duty.service';
import { EmergenciesService } from './emergencies.service';
import { AcknowledgeEmergencyDto, DutyDayDto, DutyDayParam, DutyDayQuery, EmergencyDto, EmergencyListQuery, SetDutyDto } from './dto/emergency.dto';

/** 值班 and 紧急提醒: who hears of an emergency, and saying it is in hand. */
@ApiTags('emergencies')
@ApiBearerAuth()
@Controller('api')
export class EmergenciesController {
  constructor(
    private readonly duty: DutyService,
    private readonly emergencies: EmergenciesService,
  ) {}

  @Get('duty')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: "A day's duty roster: the dispatchers an emergency goes to (everyone when nobody is set)" })
  @ApiOkResponse({ type: DutyDayDto })
  getDuty(@Query() q: DutyDayQuery): Promise<DutyDayDto> {
    return this.duty.day(q.day ?? chinaDate(new Date()));
  }

  @Put('duty/:day')
  @Roles('dispatcher')
  @ApiOperation({ summary: "Sets a day's duty roster (active dispatchers only; empty: everyone)" })
  @ApiOkResponse({ type: DutyDayDto })
  setDuty(@CurrentStaff() staff: StaffPrincipal, @Param() p: DutyDayParam, @Body() body: SetDutyDto): Promise<DutyDayDto> {
    return this.duty.setDay(staff, p.day, body.staffIds);
  }

  @Get('emergencies')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'Emergency alerts: the office sees all, a unit those of its town and its cases; open ones first' })
  @ApiOkResponse({ type: [EmergencyDto] })
  list(@CurrentStaff() staff: StaffPrincipal, @Query() q: EmergencyListQuery): Promise<EmergencyDto[]> {
    return this.emergencies.list(staff, q.open ?? true);
  }

  @Post('emergencies/:caseId/acknowledge')
  @HttpCode(200)
  @Roles('dispatcher', 'unit_leader', 'city_leader')
  @ApiOperation({ summary: '已知悉 / 已处置: takes the case off the top of every list; recorded with who and when' })
  @ApiOkResponse({ type: EmergencyDto })
  acknowledge(@CurrentStaff() staff: StaffPrincipal, @Param('caseId', new ParseUUIDPipe()) caseId: string, @Body() body: AcknowledgeEmergencyDto): Promise<EmergencyDto> {
    return this.emergencies.acknowledge(staff, caseId, body.outcome, body.note);
  }
}
