import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CASE_STATUS_LABELS, isCaseNumber } from '@msz/domain';
import { CurrentStaff, Public, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { notFound } from '../../common/errors/app-error';
import { CasesService } from './cases.service';
import { CaseDetailDto, CaseDto, CasePageDto, PublicCaseStatusDto, TimelineEntryDto } from './dto/case.dto';
import { AnswerCaseDto, AssignCaseDto, ListCasesQuery, ReasonDto } from './dto/case-requests.dto';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @ApiOkResponse({ type: CasePageDto })
  async list(@CurrentStaff() staff: StaffPrincipal, @Query() q: ListCasesQuery): Promise<CasePageDto> {
    const [items, total] = await this.cases.list(staff, q);
    return { items: items.map(CaseDto.from), total };
  }

  @Get(':id')
  @ApiOkResponse({ type: CaseDetailDto })
  async get(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<CaseDetailDto> {
    const [c, timeline] = [await this.cases.get(staff, id), await this.cases.timeline(staff, id)];
    return { ...CaseDto.from(c), timeline: timeline.map(TimelineEntryDto.from) };
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: CaseDto })
  async assign(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: AssignCaseDto): Promise<CaseDto> {
    return CaseDto.from(await this.cases.assign(staff, id, body.unitId, body.note));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: CaseDto })
  async reject(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: ReasonDto): Promise<CaseDto> {
    return CaseDto.from(await this.cases.reject(staff, id, body.reason));
  }

  @Post(':id/sign-for')
  @HttpCode(200)
  @Roles('handler')
  @ApiOkResponse({ type: CaseDto })
  async signFor(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<CaseDto> {
    return CaseDto.from(await this.cases.signFor(staff, id));
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('handler')
  @ApiOkResponse({ type: CaseDto })
  async returnCase(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: ReasonDto): Promise<CaseDto> {
    return CaseDto.from(await this.cases.returnToDispatcher(staff, id, body.reason));
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('handler')
  @ApiOkResponse({ type: CaseDto })
  async answer(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: AnswerCaseDto): Promise<CaseDto> {
    return CaseDto.from(await this.cases.answer(staff, id, body.text));
  }
}

@ApiTags('public')
@Controller('api/public/cases')
export class PublicCasesController {
  constructor(private readonly cases: CasesService) {}

  // Public on purpose: a 受理编号 works like a parcel tracking number, and the answer holds no text and no person.
  @Public()
  @Get(':number')
  @ApiOkResponse({ type: PublicCaseStatusDto })
  async status(@Param('number') number: string): Promise<PublicCaseStatusDto> {
    const c = isCaseNumber(number) ? await this.cases.findByNumber(number) : null;
    if (!c) throw notFound('case');
    return { number: c.number, status: c.status, statusLabel: CASE_STATUS_LABELS[c.status], deadline: c.closeBy.toISOString() };
  }
}
