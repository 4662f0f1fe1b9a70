import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANY_STAFF, CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import {
  AccountabilityInputDto,
  CreateSupervisionItemDto,
  ExposureDto,
  ExposureInputDto,
  FollowUpInputDto,
  ListSupervisionItemsQuery,
  SupervisionItemDto,
  SupervisionMediaDto,
  SupervisionPhotoUploadDto,
  SupervisionReportDto,
  SupervisionSummaryDto,
  SupervisionVerifyDto,
} from './dto/supervision.dto';
import { SupervisionService } from './supervision.service';

const Id = () => Param('id', new ParseUUIDPipe());

/**
 * 督办清单: inspectors open, verify, close or send back items; the unit an item is assigned to
 * answers it; the office and city leaders read everything. A unit's staff see only their unit's items.
 */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('api/supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Post('items')
  @Roles('inspector')
  @ApiOperation({ summary: 'The inspector opens an item from a case, cases, a warning, a confirmed flag or a field visit, and assigns it to a unit' })
  @ApiCreatedResponse({ type: SupervisionItemDto })
  create(@CurrentStaff() staff: StaffPrincipal, @Body() body: CreateSupervisionItemDto): Promise<SupervisionItemDto> {
    return this.supervision.create(staff, body);
  }

  @Get('items')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: "Items, most urgent deadline first: all of them for inspectors, the office and city leaders; a unit's own for its staff" })
  @ApiOkResponse({ type: [SupervisionItemDto] })
  list(@CurrentStaff() staff: StaffPrincipal, @Query() q: ListSupervisionItemsQuery): Promise<SupervisionItemDto[]> {
    return this.supervision.list(staff, q);
  }

  @Get('summary')
  @Roles('inspector', 'dispatcher', 'city_leader')
  @ApiOperation({ summary: 'Items open, overdue, closed and closed on time, in all and by unit' })
  @ApiOkResponse({ type: SupervisionSummaryDto })
  summary(): Promise<SupervisionSummaryDto> {
    return this.supervision.summary();
  }

  @Get('exposures')
  @Roles(...ANY_STAFF)
  @ApiOperation({ summary: "媒体曝光: every exposure with the unit head's public commitment and its follow-ups, newest first" })
  @ApiOkResponse({ type: [ExposureDto] })
  exposures(): Promise<ExposureDto[]> {
    return this.supervision.exposures();
  }

  @Get('items/:id')
  @Roles(...ANY_STAFF)
  @ApiOkResponse({ type: SupervisionItemDto })
  one(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<SupervisionItemDto> {
    return this.supervision.view(staff, id);
  }

  @Post('items/:id/media')
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'The unit uploads an evidence photo; its id goes into the report' })
  @ApiCreatedResponse({ type: SupervisionMediaDto })
  upload(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: SupervisionPhotoUploadDto): Promise<SupervisionMediaDto> {
    return this.supervision.addPhoto(staff, id, body.base64);
  }

  @Get('items/:id/media/:mediaId')
  @Roles(...ANY_STAFF)
  @ApiProduces('image/jpeg', 'image/png')
  async photo(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Param('mediaId', new ParseUUIDPipe()) mediaId: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.supervision.photo(staff, id, mediaId);
    res.setHeader('cache-control', 'private, max-age=3600');
    res.setHeader('x-content-type-options', 'nosniff');
    return file;
  }

  @Post('items/:id/report')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'The unit reports its rectification, with evidence photos' })
  @ApiOkResponse({ type: SupervisionItemDto })
  report(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: SupervisionReportDto): Promise<SupervisionItemDto> {
    return this.supervision.report(staff, id, body);
  }

  @Post('items/:id/verify')
  @HttpCode(200)
  @Roles('inspector')
  @ApiOperation({ summary: 'The inspector closes the item (销号) or sends it back, with a note' })
  @ApiOkResponse({ type: SupervisionItemDto })
  verify(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: SupervisionVerifyDto): Promise<SupervisionItemDto> {
    return this.supervision.verify(staff, id, body);
  }

  @Post('items/:id/accountability')
  @Roles('inspector')
  @ApiOperation({ summary: '问责: who was held accountable, recorded with the item' })
  @ApiCreatedResponse({ type: SupervisionItemDto })
  accountability(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: AccountabilityInputDto): Promise<SupervisionItemDto> {
    return this.supervision.addAccountability(staff, id, body);
  }

  @Post('items/:id/exposures')
  @Roles('inspector')
  @ApiOperation({ summary: "媒体曝光: the outlet, the unit head's public commitment and its deadline, recorded with the item" })
  @ApiCreatedResponse({ type: SupervisionItemDto })
  exposure(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: ExposureInputDto): Promise<SupervisionItemDto> {
    return this.supervision.addExposure(staff, id, body);
  }

  @Post('exposures/:id/follow-ups')
  @Roles('inspector', 'dispatcher', 'handler', 'unit_leader')
  @ApiOperation({ summary: "A follow-up on an exposure's commitment: inspectors and the office, or the exposed unit's own staff" })
  @ApiCreatedResponse({ type: ExposureDto })
  followUp(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: FollowUpInputDto): Promise<ExposureDto> {
    return this.supervision.addFollowUp(staff, id, body.text);
  }
}
