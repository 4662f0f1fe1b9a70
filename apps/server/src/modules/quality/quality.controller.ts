import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { CasesService } from '../cases/cases.service';
import { CaseDto } from '../cases/dto/case.dto';
import { ClassifyDto, GovernanceItemDto, MergeDto, PhoneRevisitDto, RevisitTaskDto, RoutingSuggestionDto, TraceItemDto, UnitChoicesDto } from './dto/quality.dto';
import { QualityService } from './quality.service';
import { RoutingService } from './routing.service';

const Id = () => Param('id', new ParseUUIDPipe());

@ApiTags('quality')
@ApiBearerAuth()
@Controller('api')
export class QualityController {
  constructor(
    private readonly quality: QualityService,
    private readonly routing: RoutingService,
    private readonly cases: CasesService,
  ) {}

  @Post('cases/:id/classify')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: CaseDto })
  async classify(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: ClassifyDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.quality.classify(staff, id, body, body.expectedVersion));
  }

  @Get('cases/:id/routing-suggestion')
  @Roles('dispatcher')
  @ApiOkResponse({ type: RoutingSuggestionDto })
  async routingSuggestion(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<RoutingSuggestionDto> {
    return this.routing.suggest(await this.cases.get(staff, id));
  }

  @Get('cases/:id/unit-choices')
  @Roles('dispatcher')
  @ApiOperation({ summary: 'The units to route this case to (dispatcher): the suggestion first, then recent and same-town units, villages under their town' })
  @ApiOkResponse({ type: UnitChoicesDto })
  async unitChoices(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<UnitChoicesDto> {
    return this.routing.choices(staff, await this.cases.get(staff, id));
  }

  @Post('cases/:id/revisit')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: CaseDto })
  async phoneRevisit(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: PhoneRevisitDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.cases.phoneRevisit(staff, id, body.rating, body.solved, body.note));
  }

  @Post('cases/:id/merge')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: CaseDto })
  async merge(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: MergeDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.quality.merge(staff, id, body.intoCaseId));
  }

  @Get('revisit-tasks')
  @Roles('dispatcher')
  @ApiOkResponse({ type: [RevisitTaskDto] })
  async revisitTasks(): Promise<RevisitTaskDto[]> {
    return (await this.quality.openRevisitTasks()).map(({ task, case: c }) => ({ caseId: c.id, number: c.number, createdAt: task.createdAt.toISOString(), answer: c.answer }));
  }

  @Get('trace-items')
  @Roles('dispatcher', 'inspector', 'city_leader')
  @ApiOkResponse({ type: [TraceItemDto] })
  async traceItems(@Query('unitId', new ParseUUIDPipe({ optional: true })) unitId?: string): Promise<TraceItemDto[]> {
    return (await this.quality.traceItems(unitId)).map((t) => ({ ...t, createdAt: t.createdAt.toISOString() }));
  }

  @Get('governance-items')
  @Roles('dispatcher', 'inspector', 'city_leader')
  @ApiOkResponse({ type: [GovernanceItemDto] })
  async governance(): Promise<GovernanceItemDto[]> {
    return (await this.quality.governanceItems()).map(({ item, caseIds }) => ({
      id: item.id,
      title: item.title,
      subItem: item.subItem,
      status: item.status,
      caseIds,
      createdAt: item.createdAt.toISOString(),
    }));
  }
}
