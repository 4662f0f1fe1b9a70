import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import type { CatalogueItemEntity, HouseholdMemberEntity, PointsEntryEntity, RewardEntity, RewardEventEntity } from '../points.entities';
import type { HouseholdView } from '../points.service';
import { maskPhone } from '../../cases/dto/case.dto';

const KEY = /^[A-Za-z0-9_.:-]{8,64}$/;
const KEY_DOC = { description: 'idempotency key chosen by the client (8-64 of A-Za-z0-9_.:-); a retry with the same key returns the first result', example: 'redeem-7f1c2a9e' };

export class MemberInputDto {
  @ApiProperty({ example: '张明' }) @IsString() @IsNotEmpty() @MaxLength(40) name!: string;
  @ApiPropertyOptional({ example: '13800001234', description: 'links the member to a resident who verified this phone in the mini-program' })
  @IsOptional() @Matches(/^1\d{10}$/, { message: '手机号应为11位' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() isHead?: boolean;
}

export class CreateHouseholdDto {
  @ApiProperty({ example: '张明家' }) @IsString() @IsNotEmpty() @MaxLength(60) name!: string;
  @ApiPropertyOptional({ example: '三组12号' }) @IsOptional() @IsString() @MaxLength(100) address?: string;
  @ApiProperty({ type: [MemberInputDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => MemberInputDto) members!: MemberInputDto[];
}

export class MemberDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'masked (138****1234)' }) phone!: string | null;
  @ApiProperty() isHead!: boolean;

  static of(m: HouseholdMemberEntity): MemberDto {
    return { id: m.id, name: m.name, phone: m.phone ? maskPhone(m.phone) : null, isHead: m.isHead };
  }
}

export class HouseholdDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) villageId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() address!: string;
  @ApiProperty({ description: 'points held now' }) balance!: number;
  @ApiProperty({ type: [MemberDto] }) members!: MemberDto[];

  static of(v: HouseholdView): HouseholdDto {
    const h = v.household;
    return { id: h.id, villageId: h.villageId, name: h.name, address: h.address, balance: h.balance, members: v.members.map((m) => MemberDto.of(m)) };
  }
}

export class EntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['award', 'redemption', 'correction'] }) kind!: string;
  @ApiProperty({ description: 'signed: awards add, redemptions take' }) delta!: number;
  @ApiProperty() balanceAfter!: number;
  @ApiProperty({ example: '三月门前五包评议：包卫生、包绿化' }) note!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) correctsEntryId!: string | null;
  @ApiProperty() createdAt!: string;

  static of(e: PointsEntryEntity): EntryDto {
    return { id: e.id, kind: e.kind, delta: e.delta, balanceAfter: e.balanceAfter, note: e.note, correctsEntryId: e.correctsEntryId, createdAt: e.createdAt.toISOString() };
  }
}

export class HouseholdDetailDto extends HouseholdDto {
  @ApiProperty({ type: [EntryDto], description: 'newest first, at most 100' }) entries!: EntryDto[];
}

export class CriterionDto {
  @ApiProperty({ example: 'hygiene' }) @Matches(/^[a-z0-9-]{1,32}$/) code!: string;
  @ApiProperty({ example: '包卫生' }) @IsString() @IsNotEmpty() @MaxLength(40) name!: string;
  @ApiProperty({ example: 10 }) @IsInt() @Min(1) @Max(100) points!: number;
}

export class SetCriteriaDto {
  @ApiProperty({ type: [CriterionDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => CriterionDto) criteria!: CriterionDto[];
}

export class ReviewResultInputDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID() householdId!: string;
  @ApiProperty({ type: [String], example: ['hygiene', 'safety'], description: 'codes of the criteria the household met' })
  @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(32, { each: true }) met!: string[];
}

export class RecordReviewDto {
  @ApiProperty(KEY_DOC) @Matches(KEY) key!: string;
  @ApiProperty({ example: '三月门前五包评议' }) @IsString() @IsNotEmpty() @MaxLength(60) title!: string;
  @ApiProperty({ example: '2026-03-15' }) @IsISO8601({ strict: true }) @Matches(/^\d{4}-\d{2}-\d{2}$/) heldOn!: string;
  @ApiProperty({ type: [ReviewResultInputDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => ReviewResultInputDto) results!: ReviewResultInputDto[];
}

export class AwardDto {
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty() points!: number;
  @ApiProperty() balance!: number;
  @ApiProperty({ format: 'uuid' }) entryId!: string;
}

export class ReviewRecordedDto {
  @ApiProperty({ format: 'uuid' }) reviewId!: string;
  @ApiProperty({ type: [AwardDto], description: 'households that met none of the criteria get no entry' }) awards!: AwardDto[];
}

export class CorrectionDto {
  @ApiProperty(KEY_DOC) @Matches(KEY) key!: string;
  @ApiProperty({ format: 'uuid', description: 'the award or redemption being corrected' }) @IsUUID() entryId!: string;
  @ApiProperty({ example: -10, description: 'signed, against the original: negative takes back an award, positive gives back a redemption' }) @IsInt() delta!: number;
  @ApiProperty({ example: '包绿化评错了' }) @IsString() @IsNotEmpty() @MaxLength(100) reason!: string;
}

export class CorrectionRecordedDto {
  @ApiProperty({ format: 'uuid' }) entryId!: string;
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty() delta!: number;
  @ApiProperty() balance!: number;
}

export class CatalogueItemInputDto {
  @ApiProperty({ example: '复合肥' }) @IsString() @IsNotEmpty() @MaxLength(40) name!: string;
  @ApiProperty({ example: '袋' }) @IsString() @IsNotEmpty() @MaxLength(8) unit!: string;
  @ApiProperty({ example: 50 }) @IsInt() @Min(1) @Max(10000) pointsPrice!: number;
  @ApiProperty({ example: 20 }) @IsInt() @Min(0) @Max(1000000) stock!: number;
}

export class RestockDto {
  @ApiProperty({ example: 10, description: 'signed change; the shelf never goes below zero' }) @IsInt() @Min(-1000000) @Max(1000000) change!: number;
}

export class CatalogueItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) villageId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() unit!: string;
  @ApiProperty() pointsPrice!: number;
  @ApiProperty() stock!: number;
  @ApiProperty() active!: boolean;

  static of(i: CatalogueItemEntity): CatalogueItemDto {
    return { id: i.id, villageId: i.villageId, name: i.name, unit: i.unit, pointsPrice: i.pointsPrice, stock: i.stock, active: i.active };
  }
}

export class RedeemDto {
  @ApiProperty(KEY_DOC) @Matches(KEY) key!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() householdId!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() itemId!: string;
  @ApiProperty({ example: 1 }) @IsInt() @Min(1) @Max(100) quantity!: number;
}

export class RedemptionDto {
  @ApiProperty({ format: 'uuid' }) redemptionId!: string;
  @ApiProperty({ format: 'uuid' }) entryId!: string;
  @ApiProperty({ format: 'uuid' }) householdId!: string;
  @ApiProperty({ format: 'uuid' }) itemId!: string;
  @ApiProperty() quantity!: number;
  @ApiProperty({ description: 'points taken' }) points!: number;
  @ApiProperty({ description: 'the household’s points after' }) balance!: number;
  @ApiProperty({ description: 'left on the shelf' }) stock!: number;
}

export class VillagePointsDto {
  @ApiProperty({ format: 'uuid' }) villageId!: string;
  @ApiProperty() villageName!: string;
  @ApiProperty() households!: number;
  @ApiProperty() awarded!: number;
  @ApiProperty() redeemed!: number;
  @ApiProperty() balance!: number;
  @ApiProperty() redemptions!: number;
}

export class AffordableItemDto extends CatalogueItemDto {
  @ApiProperty({ description: 'how many the household can take now (points and stock)' }) canTake!: number;
}

export class MyHouseholdDto extends HouseholdDetailDto {
  @ApiProperty() villageName!: string;
  @ApiProperty({ type: [AffordableItemDto], description: 'what the points can get now' }) canGet!: AffordableItemDto[];
}

// ---- rewards -----------------------------------------------------------------------------

export const REWARD_REASONS = ['golden_idea', 'model_household', 'other'] as const;
/** A golden idea's reward goes through POST /api/ideas/:id/reward, which checks the idea was adopted. */
export const PROPOSABLE_REWARD_REASONS = ['model_household', 'other'] as const;

export class ProposeRewardDto {
  @ApiProperty({ format: 'uuid', description: 'the household member to pay (must have a mini-program account)' }) @IsUUID() memberId!: string;
  @ApiProperty({ example: 5000, description: 'in fen (分): 30 to 200000' }) @IsInt() @Min(1) @Max(10_000_000) amountFen!: number;
  @ApiProperty({ enum: PROPOSABLE_REWARD_REASONS, description: 'a golden idea is rewarded through POST /api/ideas/{id}/reward' })
  @IsIn(PROPOSABLE_REWARD_REASONS, { message: '金点子奖励请在金点子页面发起' })
  reason!: (typeof PROPOSABLE_REWARD_REASONS)[number];
  @ApiProperty({ example: '门前五包示范户', description: 'what the payee reads in WeChat (≤ 32)' }) @IsString() @IsNotEmpty() @MaxLength(32) remark!: string;
  @ApiPropertyOptional({ description: 'what it rewards (a review, an event…)' }) @IsOptional() @IsString() @MaxLength(64) sourceRef?: string;
}

export class RejectRewardDto {
  @ApiProperty({ example: '材料不全' }) @IsString() @IsNotEmpty() @MaxLength(200) reason!: string;
}

export class RewardDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) householdId!: string | null;
  @ApiProperty() payeeName!: string;
  @ApiProperty() amountFen!: number;
  @ApiProperty({ enum: REWARD_REASONS }) reason!: string;
  @ApiProperty() remark!: string;
  @ApiProperty({ enum: ['proposed', 'approved', 'rejected', 'transferring', 'wait_user_confirm', 'succeeded', 'failed', 'cancelled'] }) state!: string;
  @ApiProperty() outBillNo!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) transferBillNo!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'WeChat Pay’s code when refused or failed (NOT_ENOUGH…)' }) failCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'what the refusal means, plainly' }) failMessage!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'the golden idea it rewards' }) ideaId!: string | null;
  @ApiProperty() createdAt!: string;

  static of(r: RewardEntity): RewardDto {
    return {
      id: r.id,
      householdId: r.householdId,
      payeeName: r.payeeName,
      amountFen: r.amountFen,
      reason: r.reason,
      remark: r.remark,
      state: r.state,
      outBillNo: r.outBillNo,
      transferBillNo: r.transferBillNo,
      failCode: r.failCode,
      failMessage: r.failMessage,
      ideaId: r.ideaId,
      createdAt: r.createdAt.toISOString(),
    };
  }
}

export class RewardEventDto {
  @ApiProperty({ nullable: true, type: String }) fromState!: string | null;
  @ApiProperty() toState!: string;
  @ApiProperty({ enum: ['staff', 'callback', 'query', 'transfer'] }) source!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) actorId!: string | null;
  @ApiProperty() detail!: string;
  @ApiProperty() at!: string;

  static of(e: RewardEventEntity): RewardEventDto {
    return { fromState: e.fromState, toState: e.toState, source: e.source, actorId: e.actorId, detail: e.detail, at: e.at.toISOString() };
  }
}

export class RewardDetailDto extends RewardDto {
  @ApiProperty({ type: [RewardEventDto] }) events!: RewardEventDto[];
}

/** What the mini-program passes to wx.requestMerchantTransfer while the resident must confirm. */
export class MyRewardDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() amountFen!: number;
  @ApiProperty() remark!: string;
  @ApiProperty({ enum: ['transferring', 'wait_user_confirm', 'succeeded', 'failed', 'cancelled'] }) state!: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'wx.requestMerchantTransfer’s package, while waiting for the resident' }) packageInfo!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) mchId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) appId!: string | null;
  @ApiProperty() createdAt!: string;
}
