import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANY_STAFF, CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import {
  BenchDemandDto,
  BenchKindDto,
  BenchTotalsDto,
  BenchTotalsQuery,
  CancelMeetingDto,
  CloseMeetingDto,
  DemandFiledDto,
  EvaluateIdeaDto,
  HoldMeetingDto,
  IdeaDetailDto,
  IdeaDto,
  IdeaMilestoneDto,
  ProposeIdeaRewardDto,
  IdeaTotalsDto,
  ListIdeasQuery,
  ListMeetingsQuery,
  MeetingDetailDto,
  MeetingDto,
  PhotoDto,
  PhotoUploadDto,
  PlanMeetingDto,
  TakeUpIdeaDto,
} from './dto/bench.dto';
import { WhereToSitDto, WhereToSitQuery } from './dto/where-to-sit.dto';
import { IdeasService } from './ideas.service';
import { MeetingsService } from './meetings.service';
import { WhereToSitService } from './where-to-sit.service';

const Id = () => Param('id', new ParseUUIDPipe());
const privateImage = (res: Response) => {
  res.setHeader('cache-control', 'private, max-age=3600');
  res.setHeader('x-content-type-options', 'nosniff');
};

/** 板凳会: village cadres and the town's staff record their area's meetings; the office and leaders read all. */
@ApiTags('bench')
@ApiBearerAuth()
@Controller('api/bench')
export class BenchController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly places: WhereToSitService,
  ) {}

  @Get('kinds')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'The kinds of bench meeting the city lists' })
  @ApiOkResponse({ type: [BenchKindDto] })
  kinds(): BenchKindDto[] {
    return [...this.meetings.kinds().kinds];
  }

  @Get('meetings')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'Meetings of the caller’s area (all for the office and leaders), latest planned first' })
  @ApiOkResponse({ type: [MeetingDto] })
  list(@CurrentStaff() staff: StaffPrincipal, @Query() q: ListMeetingsQuery): Promise<MeetingDto[]> {
    return this.meetings.list(staff, q);
  }

  @Post('meetings')
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'Plan a meeting in a village of the caller’s area' })
  @ApiCreatedResponse({ type: MeetingDto })
  plan(@CurrentStaff() staff: StaffPrincipal, @Body() body: PlanMeetingDto): Promise<MeetingDto> {
    return this.meetings.plan(staff, body);
  }

  @Get('totals')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'Meetings held, attendances, demands raised and settled, completion rate, by kind, town or month' })
  @ApiOkResponse({ type: BenchTotalsDto })
  totals(@CurrentStaff() staff: StaffPrincipal, @Query() q: BenchTotalsQuery): Promise<BenchTotalsDto> {
    return this.meetings.totals(staff, q);
  }

  @Get('where-to-sit')
  @Roles('dispatcher', 'city_leader', 'inspector', 'handler', 'unit_leader')
  @ApiOperation({ summary: 'Where to sit next: per town, the week’s villages and topics for bench meetings, ranked, with reasons (a town’s staff see their town only)' })
  @ApiOkResponse({ type: WhereToSitDto })
  @ApiBadRequestResponse({ description: 'not an ISO week' })
  @ApiForbiddenResponse({ description: 'not the office, a leader, an inspector or the town’s own staff' })
  whereToSit(@CurrentStaff() staff: StaffPrincipal, @Query() q: WhereToSitQuery): Promise<WhereToSitDto> {
    return this.places.list(staff, q);
  }

  @Get('meetings/:id')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'A meeting with its demands’ progress and its photos' })
  @ApiOkResponse({ type: MeetingDetailDto })
  @ApiNotFoundResponse({ description: 'no such meeting in the caller’s area' })
  detail(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<MeetingDetailDto> {
    return this.meetings.detail(staff, id);
  }

  @Post('meetings/:id/hold')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: MeetingDto })
  hold(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: HoldMeetingDto): Promise<MeetingDto> {
    return this.meetings.hold(staff, id, body);
  }

  @Post('meetings/:id/close')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: MeetingDto })
  close(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: CloseMeetingDto): Promise<MeetingDto> {
    return this.meetings.close(staff, id, body);
  }

  @Post('meetings/:id/cancel')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: MeetingDto })
  cancel(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: CancelMeetingDto): Promise<MeetingDto> {
    return this.meetings.cancel(staff, id, body);
  }

  @Post('meetings/:id/demands')
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'A demand raised at the meeting becomes a case (channel bench_meeting); the same clientKey again returns the first filing' })
  @ApiCreatedResponse({ type: DemandFiledDto })
  addDemand(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: BenchDemandDto): Promise<DemandFiledDto> {
    return this.meetings.addDemand(staff, id, body);
  }

  @Post('meetings/:id/photos')
  @Roles('handler', 'unit_leader')
  @ApiCreatedResponse({ type: PhotoDto })
  addPhoto(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: PhotoUploadDto): Promise<PhotoDto> {
    return this.meetings.addPhoto(staff, id, body.base64);
  }

  @Get('meetings/:id/photos/:photoId')
  @Roles(...ANY_STAFF)
  @ApiProduces('image/jpeg', 'image/png')
  async photo(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Param('photoId', new ParseUUIDPipe()) photoId: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.meetings.photo(staff, id, photoId);
    privateImage(res);
    return file;
  }
}

/** 金点子: the office takes up suggestions; the owning unit evaluates and follows them to delivery. */
@ApiTags('ideas')
@ApiBearerAuth()
@Controller('api/ideas')
export class IdeasController {
  constructor(private readonly ideas: IdeasService) {}

  @Get()
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'Golden ideas the caller may see (a unit’s own; all for the office), earliest evaluation deadline first' })
  @ApiOkResponse({ type: [IdeaDto] })
  list(@CurrentStaff() staff: StaffPrincipal, @Query() q: ListIdeasQuery): Promise<IdeaDto[]> {
    return this.ideas.list(staff, q);
  }

  @Post()
  @Roles('dispatcher')
  @ApiOperation({ summary: 'Take up a suggestion as a golden idea and send it to the unit that owns its subject' })
  @ApiCreatedResponse({ type: IdeaDto })
  takeUp(@CurrentStaff() staff: StaffPrincipal, @Body() body: TakeUpIdeaDto): Promise<IdeaDto> {
    return this.ideas.takeUp(staff, body);
  }

  @Get('totals')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: IdeaTotalsDto })
  totals(@CurrentStaff() staff: StaffPrincipal): Promise<IdeaTotalsDto> {
    return this.ideas.totals(staff);
  }

  @Get(':id')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: IdeaDetailDto })
  detail(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<IdeaDetailDto> {
    return this.ideas.detail(staff, id);
  }

  @Post(':id/evaluate')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'Adopt, adopt in part (say which part) or decline (say why)' })
  @ApiOkResponse({ type: IdeaDto })
  evaluate(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: EvaluateIdeaDto): Promise<IdeaDto> {
    return this.ideas.evaluate(staff, id, body);
  }

  @Post(':id/milestones')
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'A step towards delivery; delivered: true ends it' })
  @ApiCreatedResponse({ type: IdeaDetailDto })
  addMilestone(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: IdeaMilestoneDto): Promise<IdeaDetailDto> {
    return this.ideas.addMilestone(staff, id, body);
  }

  @Post(':id/reward')
  @Roles('handler', 'unit_leader', 'dispatcher')
  @ApiOperation({ summary: 'Propose a cash reward for an adopted or delivered idea, paid to its proposer; another person approves it (POST /api/rewards/{id}/approve)' })
  @ApiCreatedResponse({ type: IdeaDetailDto })
  proposeReward(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: ProposeIdeaRewardDto): Promise<IdeaDetailDto> {
    return this.ideas.proposeReward(staff, id, body);
  }

  @Post(':id/milestones/:milestoneId/photos')
  @Roles('handler', 'unit_leader')
  @ApiCreatedResponse({ type: PhotoDto })
  addPhoto(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Param('milestoneId', new ParseUUIDPipe()) milestoneId: string, @Body() body: PhotoUploadDto): Promise<PhotoDto> {
    return this.ideas.addMilestonePhoto(staff, id, milestoneId, body.base64);
  }

  @Get(':id/photos/:photoId')
  @Roles(...ANY_STAFF)
  @ApiProduces('image/jpeg', 'image/png')
  async photo(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Param('photoId', new ParseUUIDPipe()) photoId: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.ideas.photo(staff, id, photoId);
    privateImage(res);
    return file;
  }
}
