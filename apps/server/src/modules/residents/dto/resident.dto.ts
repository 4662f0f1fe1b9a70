import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBase64, IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { REVISIT_RATINGS, type RevisitRating } from '@msz/domain';
import { acceptedFormats, UPLOAD_LIMITS, type UploadKind } from '../../media/upload-type';

export class ResidentLoginDto {
  @ApiProperty({ description: 'the code from wx.login()' }) @IsString() @Matches(/^[\w.-]{1,128}$/) code!: string;
}

export class ResidentSessionDto {
  @ApiProperty() token!: string;
}

/** Where the problem is, as the resident picked it on the map (Taro.chooseLocation). */
export class ResidentLocationDto {
  @ApiProperty({ minimum: -90, maximum: 90 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-90) @Max(90) lat!: number;
  @ApiProperty({ minimum: -180, maximum: 180 }) @IsNumber({ allowNaN: false, allowInfinity: false }) @Min(-180) @Max(180) lng!: number;
  @ApiPropertyOptional({ maxLength: 200, description: "the place's name or address" }) @IsOptional() @IsString() @MaxLength(200) label?: string;
}

export class ResidentFileDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) text!: string;
  @ApiProperty({ format: 'uuid', description: 'made by the app once per demand, so a retried submit files once' }) @IsUUID() clientKey!: string;
  @ApiPropertyOptional({ description: "the sub-item the resident chose (a hint for the dispatcher, who decides)" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subItem?: string;
  @ApiPropertyOptional({ type: ResidentLocationDto, description: 'mapped to the nearest configured town or village, as a location sent in the Official Account chat is' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResidentLocationDto)
  location?: ResidentLocationDto;
}

export class SuggestDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) text!: string;
}

/** What the app shows while the resident types: the category the system would suggest, and the choices. */
export class SuggestionDto {
  @ApiPropertyOptional({ nullable: true }) subItem!: string | null;
  @ApiPropertyOptional({ nullable: true }) subItemName!: string | null;
  @ApiProperty() kind!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, category: { type: 'string' } } } })
  choices!: Array<{ code: string; name: string; category: string }>;
}

export class ResidentRevisitDto {
  @ApiProperty({ enum: REVISIT_RATINGS }) @IsIn(REVISIT_RATINGS) rating!: RevisitRating;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() solved?: boolean;
}

export class ResidentCaseLocationDto {
  @ApiProperty() lat!: number;
  @ApiProperty() lng!: number;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
}

/** A stored photo, voice or video of the case, to fetch from GET /api/my/cases/{id}/media/{attachmentId}. */
export class ResidentMediaDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['image', 'voice', 'video'] }) kind!: 'image' | 'voice' | 'video';
  @ApiProperty({ enum: ['resident', 'staff'], description: "staff: the handler's evidence (现场照片), shown with the answer" }) source!: 'resident' | 'staff';
  @ApiProperty({ type: String, nullable: true }) contentType!: string | null;
}

/** A public step of the case's history, in plain words. */
export class ResidentStepDto {
  @ApiProperty({ example: '已受理' }) label!: string;
  @ApiProperty({ type: String, nullable: true, example: '八台镇', description: 'the unit that took the step (no person is named)' }) unitName!: string | null;
  @ApiProperty({ description: 'ISO 8601' }) at!: string;
}

/** What a resident sees of their own case: no staff names, no internal notes. */
export class ResidentCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ type: String, nullable: true, example: '048213', description: '查询码: with the number, it lets anyone the resident tells look the case up (GET /api/public/cases/{number}?code=)' })
  queryCode!: string | null;
  @ApiProperty({ description: 'how it was filed: miniprogram, wechat_oa, or by staff for the resident (phone, walk_in, bench_meeting)' }) channel!: string;
  @ApiProperty() text!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() closeBy!: string;
  @ApiProperty({ type: String, nullable: true }) answer!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['satisfied', 'basically_satisfied', 'unsatisfied'], description: "the resident's own rating at the revisit; null until given" })
  revisitRating!: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
  @ApiProperty({ type: Boolean, nullable: true, description: 'whether the resident said it was solved; null when not said' }) revisitSolved!: boolean | null;
  @ApiProperty({ description: 'the resident is asked whether they are satisfied now (a merged case too, once the case it joined is answered)' })
  awaitsRevisit!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'set while an open demand reads as a danger to life: what the resident must read first (call 110/119/120)' })
  lifeAtRiskAdvice!: string | null;
  @ApiProperty({ type: [ResidentStepDto] }) steps!: ResidentStepDto[];
  @ApiProperty({ type: ResidentCaseLocationDto, nullable: true, description: 'where the resident said it is' }) location!: ResidentCaseLocationDto | null;
  @ApiProperty({ type: String, nullable: true, example: '八台镇 香炉村', description: 'the place in words (town, village, what the resident called it); never coordinates' })
  placeLabel!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the point on a map (a web link); null when no point was given' }) mapUrl!: string | null;
  @ApiProperty({ type: [ResidentMediaDto], description: 'stored attachments, oldest first, the handler’s evidence included' }) media!: ResidentMediaDto[];
}

export class ResidentPhotoDto {
  @ApiProperty({ enum: ['image/jpeg', 'image/png'], description: "what the app thinks it is; the server reads the type from the bytes" })
  @IsIn(['image/jpeg', 'image/png'])
  contentType!: 'image/jpeg' | 'image/png';
  @ApiProperty({ description: 'the photo, base64; at most 4 MB' }) @IsBase64() @MaxLength(5_600_000) base64!: string;
}

export class ResidentPhotoResultDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() sizeBytes!: number;
}

/** One line of the 干群连心卡: whom a household calls in its village, its town and the city. */
export class ContactDto {
  @ApiProperty({ enum: ['village', 'town', 'city'] }) level!: string;
  @ApiProperty() unitName!: string;
  @ApiProperty() contactName!: string;
  @ApiPropertyOptional({ nullable: true }) phone!: string | null;
}

export class VillageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() townName!: string;
}

/** The multipart fields of POST /api/my/cases/{id}/media besides `file` (which multer takes). */
export class ResidentMediaUploadDto {
  @ApiProperty({ enum: ['voice', 'video'] }) @IsIn(['voice', 'video']) kind!: UploadKind;
  @ApiPropertyOptional({ description: 'the recording’s length as the app measured it' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  durationMs?: number;
}

/** The OpenAPI description of the multipart body (multer reads it, not the validation pipe). */
export const RESIDENT_MEDIA_UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: ['kind', 'file'],
    properties: {
      kind: { type: 'string', enum: ['voice', 'video'] },
      file: {
        type: 'string',
        format: 'binary',
        description:
          `the recording; its type is read from the bytes. voice: ${acceptedFormats('voice').join(', ')}, at most ${UPLOAD_LIMITS.voice.maxBytes / 1024 / 1024} MB, ${UPLOAD_LIMITS.voice.perCase} per case; ` +
          `video: ${acceptedFormats('video').join(', ')}, at most ${UPLOAD_LIMITS.video.maxBytes / 1024 / 1024} MB, ${UPLOAD_LIMITS.video.perCase} per case`,
      },
      durationMs: { type: 'integer', minimum: 1, maximum: 3_600_000 },
    },
  },
};

export class ResidentMediaResultDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['voice', 'video'] }) kind!: UploadKind;
  @ApiProperty() sizeBytes!: number;
}

export class ResidentPhoneCodeDto {
  @ApiProperty({ description: 'the code from the getPhoneNumber button (open-type="getPhoneNumber")' }) @IsString() @Matches(/^[\w.-]{1,128}$/) code!: string;
}

export class ResidentPhoneDto {
  @ApiProperty({ example: '138****0000', description: 'masked' }) phone!: string;
}

export class ResidentProfileDto {
  @ApiProperty({ type: String, nullable: true, example: '138****0000', description: 'the bound phone number, masked; null when none is bound' }) phone!: string | null;
}
