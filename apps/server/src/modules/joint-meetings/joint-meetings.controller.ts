import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import {
  CompleteJointTaskDto,
  ConveneJointMeetingDto,
  JointMeetingDto,
  JointTaskDto,
  JointTaskQueryDto,
  JointTotalsDto,
  JointTotalsQueryDto,
  RecordJointTasksDto,
} from './dto/joint-meeting.dto';
import { JointMeetingsService } from './joint-meetings.service';

const Id = () => Param('id', new ParseUUIDPipe());
const UNIT_STAFF = ['handler', 'unit_leader'] as const;

/** 联席会议: the office convenes and records decisions; invited units see the meeting and answer their own tasks. */
@ApiTags('joint-meetings')
@ApiBearerAuth()
@Controller('api/joint-meetings')
export class JointMeetingsController {
  constructor(private readonly meetings: JointMeetingsService) {}

  @Post()
  @Roles('dispatcher')
  @ApiOperation({ summary: 'The office convenes a joint meeting on one or more cases, with the units invited (and any decisions as tasks)' })
  @ApiOkResponse({ type: JointMeetingDto })
  convene(@CurrentStaff() staff: StaffPrincipal, @Body() body: ConveneJointMeetingDto): Promise<JointMeetingDto> {
    return this.meetings.convene(staff, { ...body, heldAt: new Date(body.heldAt) });
  }

  @Get()
  @Roles('dispatcher', 'city_leader', 'inspector', ...UNIT_STAFF)
  @ApiOperation({ summary: 'Meetings, newest first (a unit: the ones it was invited to)' })
  @ApiOkResponse({ type: [JointMeetingDto] })
  list(@CurrentStaff() staff: StaffPrincipal): Promise<JointMeetingDto[]> {
    return this.meetings.list(staff);
  }

  @Get('tasks')
  @Roles('dispatcher', 'city_leader', 'inspector', ...UNIT_STAFF)
  @ApiOperation({ summary: "Meeting tasks (a unit: its own), open ones by deadline first" })
  @ApiOkResponse({ type: [JointTaskDto] })
  tasks(@CurrentStaff() staff: StaffPrincipal, @Query() q: JointTaskQueryDto): Promise<JointTaskDto[]> {
    return this.meetings.tasks(staff, q.status);
  }

  @Get('totals')
  @Roles('dispatcher', 'city_leader', 'inspector')
  @ApiOperation({ summary: 'Meetings held in the period and the cases they solved' })
  @ApiOkResponse({ type: JointTotalsDto })
  totals(@Query() q: JointTotalsQueryDto): Promise<JointTotalsDto> {
    return this.meetings.totals(q.from, q.to);
  }

  @Post('tasks/:id/done')
  @HttpCode(200)
  @Roles(...UNIT_STAFF)
  @ApiOperation({ summary: "The task's unit reports it done, with a note" })
  @ApiOkResponse({ type: JointTaskDto })
  complete(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: CompleteJointTaskDto): Promise<JointTaskDto> {
    return this.meetings.complete(staff, id, body.note);
  }

  @Get(':id')
  @Roles('dispatcher', 'city_leader', 'inspector', ...UNIT_STAFF)
  @ApiOkResponse({ type: JointMeetingDto })
  detail(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<JointMeetingDto> {
    return this.meetings.detail(staff, id);
  }

  @Post(':id/tasks')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOperation({ summary: "The meeting's decisions, each a task for an invited unit with a deadline" })
  @ApiOkResponse({ type: JointMeetingDto })
  recordTasks(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: RecordJointTasksDto): Promise<JointMeetingDto> {
    return this.meetings.recordTasks(staff, id, body.tasks);
  }
}
