import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { REVISIT_RATINGS, type RevisitRating } from '@msz/domain';

export class ResidentLoginDto {
  @ApiProperty({ description: 'the code from wx.login()' }) @IsString() @Matches(/^[\w.-]{1,128}$/) code!: string;
}

export class ResidentSessionDto {
  @ApiProperty() token!: string;
}

export class ResidentFileDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) text!: string;
  @ApiProperty({ format: 'uuid', description: 'made by the app once per demand, so a retried submit files once' }) @IsUUID() clientKey!: string;
  @ApiPropertyOptional({ description: "the sub-item the resident chose (a hint for the dispatcher, who decides)" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  subItem?: string;
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

/** What a resident sees of their own case: no staff names, no internal notes. */
export class ResidentCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: string;
  @ApiProperty() text!: string;
  @ApiProperty() status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() closeBy!: string;
  @ApiPropertyOptional({ nullable: true }) answer!: string | null;
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, at: { type: 'string' } } } })
  steps!: Array<{ label: string; at: string }>;
}

export class ResidentPhotoDto {
  @ApiProperty({ enum: ['image/jpeg', 'image/png'] }) @IsIn(['image/jpeg', 'image/png']) contentType!: 'image/jpeg' | 'image/png';
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
