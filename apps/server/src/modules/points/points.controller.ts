import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentResident, CurrentStaff, ResidentRoute, Roles, type ResidentPrincipal, type StaffPrincipal } from '../../common/auth/principal';
import {
  CatalogueItemDto,
  CatalogueItemInputDto,
  CorrectionDto,
  CorrectionRecordedDto,
  CreateHouseholdDto,
  CriterionDto,
  EntryDto,
  HouseholdDetailDto,
  HouseholdDto,
  MemberInputDto,
  MyHouseholdDto,
  RecordReviewDto,
  RedeemDto,
  RedemptionDto,
  RestockDto,
  ReviewRecordedDto,
  SetCriteriaDto,
  VillagePointsDto,
} from './dto/points.dto';
import { PointsService } from './points.service';

const Village = () => Param('villageId', new ParseUUIDPipe());
const Id = () => Param('id', new ParseUUIDPipe());

/** Household points (积分): village reviews award, the station redeems; the office and leaders read. */
@ApiTags('points')
@ApiBearerAuth()
@Controller('api')
export class PointsController {
  constructor(private readonly points: PointsService) {}

  @Get('points/villages')
  @Roles('dispatcher', 'city_leader')
  @ApiOperation({ summary: 'Per village: households, points awarded, redeemed and held, redemptions (office and leaders)' })
  @ApiOkResponse({ type: [VillagePointsDto] })
  summary(): Promise<VillagePointsDto[]> {
    return this.points.summary();
  }

  @Get('villages/:villageId/households')
  @Roles('handler', 'unit_leader', 'dispatcher', 'city_leader')
  @ApiQuery({ name: 'q', required: false, description: 'name, address, member or phone digits' })
  @ApiOkResponse({ type: [HouseholdDto] })
  async households(@CurrentStaff() staff: StaffPrincipal, @Village() villageId: string, @Query('q') q?: string): Promise<HouseholdDto[]> {
    return (await this.points.searchHouseholds(staff, villageId, typeof q === 'string' ? q.slice(0, 40) : undefined)).map((v) => HouseholdDto.of(v));
  }

  @Post('villages/:villageId/households')
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: HouseholdDto })
  async createHousehold(@CurrentStaff() staff: StaffPrincipal, @Village() villageId: string, @Body() body: CreateHouseholdDto): Promise<HouseholdDto> {
    return HouseholdDto.of(await this.points.createHousehold(staff, villageId, body));
  }

  @Post('households/:id/members')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: HouseholdDto })
  async addMember(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: MemberInputDto): Promise<HouseholdDto> {
    return HouseholdDto.of(await this.points.addMember(staff, id, body));
  }

  @Get('households/:id')
  @Roles('handler', 'unit_leader', 'dispatcher', 'city_leader')
  @ApiOkResponse({ type: HouseholdDetailDto })
  async household(@CurrentStaff() staff: StaffPrincipal, @Id() id: string): Promise<HouseholdDetailDto> {
    const { view, entries } = await this.points.getHousehold(staff, id);
    return { ...HouseholdDto.of(view), entries: entries.map((e) => EntryDto.of(e)) };
  }

  @Get('villages/:villageId/review-criteria')
  @Roles('handler', 'unit_leader', 'dispatcher', 'city_leader')
  @ApiOkResponse({ type: [CriterionDto] })
  criteria(@CurrentStaff() staff: StaffPrincipal, @Village() villageId: string): Promise<CriterionDto[]> {
    return this.points.criteria(staff, villageId);
  }

  @Put('villages/:villageId/review-criteria')
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'The village sets what its reviews score (门前五包 by default) and what each item is worth' })
  @ApiOkResponse({ type: [CriterionDto] })
  setCriteria(@CurrentStaff() staff: StaffPrincipal, @Village() villageId: string, @Body() body: SetCriteriaDto): Promise<CriterionDto[]> {
    return this.points.setCriteria(staff, villageId, body.criteria);
  }

  @Post('villages/:villageId/reviews')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'Record a village review: which households met which criteria; awards their points (idempotent by key)' })
  @ApiOkResponse({ type: ReviewRecordedDto })
  review(@CurrentStaff() staff: StaffPrincipal, @Village() villageId: string, @Body() body: RecordReviewDto): Promise<ReviewRecordedDto> {
    return this.points.recordReview(staff, villageId, body);
  }

  @Post('households/:id/corrections')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'Correct an award or redemption by a counter-entry (the original is never edited)' })
  @ApiOkResponse({ type: CorrectionRecordedDto })
  correct(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: CorrectionDto): Promise<CorrectionRecordedDto> {
    return this.points.correct(staff, id, body);
  }

  @Get('villages/:villageId/catalogue')
  @Roles('handler', 'unit_leader', 'dispatcher', 'city_leader')
  @ApiOkResponse({ type: [CatalogueItemDto] })
  async catalogue(@CurrentStaff() staff: StaffPrincipal, @Village() villageId: string): Promise<CatalogueItemDto[]> {
    return (await this.points.catalogue(staff, villageId)).map((i) => CatalogueItemDto.of(i));
  }

  @Post('villages/:villageId/catalogue')
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: CatalogueItemDto })
  async addItem(@CurrentStaff() staff: StaffPrincipal, @Village() villageId: string, @Body() body: CatalogueItemInputDto): Promise<CatalogueItemDto> {
    return CatalogueItemDto.of(await this.points.addItem(staff, villageId, body));
  }

  @Post('catalogue/:id/restock')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOkResponse({ type: CatalogueItemDto })
  async restock(@CurrentStaff() staff: StaffPrincipal, @Id() id: string, @Body() body: RestockDto): Promise<CatalogueItemDto> {
    return CatalogueItemDto.of(await this.points.restock(staff, id, body.change));
  }

  @Post('villages/:villageId/redemptions')
  @HttpCode(200)
  @Roles('handler', 'unit_leader')
  @ApiOperation({ summary: 'The station hands over goods for points: stock and balance taken together, never below zero (idempotent by key)' })
  @ApiOkResponse({ type: RedemptionDto })
  redeem(@CurrentStaff() staff: StaffPrincipal, @Village() villageId: string, @Body() body: RedeemDto): Promise<RedemptionDto> {
    return this.points.redeem(staff, villageId, body);
  }

  @ResidentRoute()
  @Get('my/points')
  @ApiOperation({ summary: 'The resident’s household points, history and what they can get (a member with their openid or verified phone)' })
  @ApiOkResponse({ type: [MyHouseholdDto] })
  async mine(@CurrentResident() resident: ResidentPrincipal): Promise<MyHouseholdDto[]> {
    return (await this.points.residentHouseholds(resident)).map(({ view, villageName, entries, canGet }) => ({
      ...HouseholdDto.of(view),
      villageName,
      entries: entries.map((e) => EntryDto.of(e)),
      canGet: canGet.map((i) => ({ ...CatalogueItemDto.of(i), canTake: i.canTake })),
    }));
  }
}
