import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ANY_STAFF, CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { CaseDto } from '../cases/dto/case.dto';
import { CasesService } from '../cases/cases.service';
import { DashboardDto, ExtensionDecisionDto, ExtensionDto, ExtensionRequestDto, NoteDto, PendingExtensionDto } from './dto/workflow.dto';
import { DashboardService } from './dashboard.service';
import { WorkflowService } from './workflow.service';

const Id = () => Param('id', new ParseUUIDPipe());

@ApiTags('workflow')
@ApiBearerAuth()
@Controller('api')
export class WorkflowController {
  constructor(
    private readonly workflow: WorkflowService,
    private readonly dashboards: DashboardService,
    private readonly cases: CasesService,
  ) {}

  @Post('cases/:id/notes')
  @HttpCode(204)
  @Roles('handler', 'unit_leader')
  async note(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: NoteDto): Promise<void> {
    await this.workflow.addNote(staff, id, body.text);
  }

  @Post('cases/:id/extensions')
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: ExtensionDto })
  async requestExtension(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: ExtensionRequestDto): Promise<ExtensionDto> {
    return ExtensionDto.from(await this.workflow.requestExtension(staff, id, body.workdays, body.reason));
  }

  @Get('cases/:id/extensions')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: [ExtensionDto] })
  async extensions(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<ExtensionDto[]> {
    await this.workflow.assertVisible(staff, id);
    return (await this.workflow.listExtensions(id)).map(ExtensionDto.from);
  }

  @Post('cases/:id/extensions/:requestId/decision')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: CaseDto })
  async decide(
    @CurrentStaff() staff: StaffPrincipal,
    @Id() id: string,
    @Param('requestId', new ParseUUIDPipe()) requestId: string,
    @Body() body: ExtensionDecisionDto,
  ): Promise<CaseDto> {
    return this.cases.view(staff, await this.workflow.decideExtension(staff, id, requestId, body.approve, body.note));
  }

  @Get('extensions/pending')
  @Roles('dispatcher')
  @ApiOkResponse({ type: [PendingExtensionDto] })
  async pending(): Promise<PendingExtensionDto[]> {
    return (await this.workflow.pendingExtensions()).map(PendingExtensionDto.fromPending);
  }

  @Get('dashboard')
  @Roles('dispatcher', 'city_leader', 'unit_leader')
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@CurrentStaff() staff: StaffPrincipal): Promise<DashboardDto> {
    return this.dashboards.dashboard(staff);
  }
}
