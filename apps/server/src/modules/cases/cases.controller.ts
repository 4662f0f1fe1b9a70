import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RESIDENT_STATUS_LABELS } from '@msz/domain';
import { ANY_STAFF, CurrentStaff, Public, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { notFound } from '../../common/errors/app-error';
import { MediaService } from '../media/media.service';
import { PlacesService } from '../units/places.service';
import { CaseQueriesService } from './case-queries.service';
import { CasesService } from './cases.service';
import { AttachmentDto, CaseDetailDto, CaseDto, CasePageDto, PublicCaseQuery, PublicCaseStatusDto, TimelineEntryDto } from './dto/case.dto';
import { RateLimit } from '../limits/rate-limit.decorator';
import { AnswerCaseDto, AssignCaseDto, EvidenceDto, ListCasesQuery, ReasonDto, StaffFileCaseDto, VersionedActionDto } from './dto/case-requests.dto';

const Id = () => Param('id', new ParseUUIDPipe({ version: undefined }));

@ApiTags('cases')
@ApiBearerAuth()
@Controller('api/cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly queries: CaseQueriesService,
    private readonly media: MediaService,
    private readonly places: PlacesService,
  ) {}

  @Get()
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: 'The cases the caller may see, a page at a time in the server\'s order; follow nextCursor for the next page' })
  @ApiOkResponse({ type: CasePageDto })
  async list(@CurrentStaff() staff: StaffPrincipal, @Query() q: ListCasesQuery): Promise<CasePageDto> {
    const page = await this.queries.list(staff, q);
    const items = (await this.cases.views(staff, page.items)).map((c) => ({ ...c, emergency: page.pinned.has(c.id) }));
    return { items, total: page.total, nextCursor: page.nextCursor };
  }

  @Post()
  @Roles('dispatcher', 'handler')
  @ApiOkResponse({ type: CaseDto })
  async fileForResident(@CurrentStaff() staff: StaffPrincipal, @Body() body: StaffFileCaseDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.cases.fileForResident(staff, body));
  }

  @Post(':id/evidence')
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: AttachmentDto })
  async evidence(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: EvidenceDto): Promise<AttachmentDto> {
    return AttachmentDto.from(await this.cases.addEvidence(staff, id, Buffer.from(body.base64, 'base64')));
  }

  @Get(':id')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: CaseDetailDto })
  async get(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<CaseDetailDto> {
    const c = await this.cases.get(staff, id);
    const [timeline, attachments, coUnits, place, pinned] = await Promise.all([
      this.cases.timelineOf(c.id),
      this.media.listForCase(c.id),
      this.cases.coUnits(c.id),
      this.places.view(c),
      this.queries.pinnedAmong([c.id]),
    ]);
    const actors = await this.cases.timelineActors(timeline);
    return {
      ...(await this.cases.view(staff, c, coUnits.map((u) => u.unitId))),
      emergency: pinned.has(c.id),
      placeLabel: place.label,
      mapUrl: place.mapUrl,
      coUnitIds: coUnits.map((u) => u.unitId),
      timeline: timeline.map((e) => TimelineEntryDto.from(e, e.actorId ? actors.get(e.actorId) : undefined)),
      attachments: attachments.map(AttachmentDto.from),
    };
  }

  @Get(':id/attachments/:attachmentId')
  @Roles(...ANY_STAFF)
  @ApiProduces('image/jpeg', 'audio/amr', 'video/mp4', 'application/octet-stream')
  async attachment(
    @CurrentStaff() staff: StaffPrincipal,
    @Id() id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    await this.cases.get(staff, id); // the caller must be allowed to see the case
    const found = await this.media.read(id, attachmentId);
    if (!found) throw notFound('attachment');
    res.setHeader('cache-control', 'private, max-age=3600');
    res.setHeader('x-content-type-options', 'nosniff');
    return found;
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: CaseDto })
  async assign(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: AssignCaseDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.cases.assign(staff, id, body.unitId, body.note, body.expectedVersion, body.coUnitIds));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles('dispatcher')
  @ApiOkResponse({ type: CaseDto })
  async reject(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: ReasonDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.cases.reject(staff, id, body.reason, body.expectedVersion));
  }

  @Post(':id/sign-for')
  @HttpCode(200)
  @Roles('handler')
  @ApiOkResponse({ type: CaseDto })
  async signFor(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: VersionedActionDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.cases.signFor(staff, id, body.expectedVersion));
  }

  @Post(':id/return')
  @HttpCode(200)
  @Roles('handler')
  @ApiOkResponse({ type: CaseDto })
  async returnCase(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: ReasonDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.cases.returnToDispatcher(staff, id, body.reason, body.expectedVersion));
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('handler')
  @ApiOkResponse({ type: CaseDto })
  async answer(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: AnswerCaseDto): Promise<CaseDto> {
    return this.cases.view(staff, await this.cases.answer(staff, id, body.text, body.expectedVersion));
  }
}

@ApiTags('public')
@Controller('api/public/cases')
export class PublicCasesController {
  constructor(private readonly cases: CasesService) {}

  // Public on purpose: the number and its query code (or the phone's last 4 digits) work like a parcel's
  // tracking number and PIN; numbers are sequential, so the number alone is not enough. Throttled per address.
  @Public()
  @RateLimit('public-lookup')
  @Get(':number')
  @ApiOperation({ summary: "A case's status, for whoever has its number and query code (or the resident's phone's last 4 digits); 20 a minute per address" })
  @ApiOkResponse({ type: PublicCaseStatusDto })
  @ApiNotFoundResponse({ description: 'no such case, or the code does not match (the same answer)' })
  @ApiTooManyRequestsResponse({ description: 'too many lookups from this address (Retry-After-public-lookup)' })
  async status(@Param('number') number: string, @Query() q: PublicCaseQuery): Promise<PublicCaseStatusDto> {
    const c = await this.cases.findByNumberAndCode(number, q.code);
    return { number: c.number, status: c.status, statusLabel: RESIDENT_STATUS_LABELS[c.status], deadline: c.closeBy.toISOString() };
  }
}
