import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isWeek } from '@msz/domain';
import { IsOptional, IsUUID, ValidateBy } from 'class-validator';

/** 2026-W49, and a week that exists (no W60): a bad week is refused before anything is read. */
const IsIsoWeek = () => ValidateBy({ name: 'isIsoWeek', validator: { validate: (v: unknown) => typeof v === 'string' && isWeek(v), defaultMessage: () => 'week must be an ISO week like 2026-W49' } });

export class WhereToSitQuery {
  @ApiPropertyOptional({
    example: '2026-W49',
    description: 'ISO week (Monday first, Beijing time); this week when left out',
  })
  @IsOptional()
  @IsIsoWeek()
  week?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'one town (the office, city leaders and inspectors may pick any; a town’s staff only their own)',
  })
  @IsOptional()
  @IsUUID()
  townId?: string;
}

export class WhereToSitEntryDto {
  @ApiProperty({ format: 'uuid' }) villageId!: string;
  @ApiProperty({ example: '胜利村' }) villageName!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'water-supply',
    description: 'taxonomy sub-item to talk about; null for a village chosen because it is quiet',
  })
  topic!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '供水水利' })
  topicName!: string | null;
  @ApiProperty({ example: 12 }) score!: number;
  @ApiProperty({
    type: [String],
    example: ['供水水利：在办5件，超期2件，不满意1件'],
  })
  reasons!: string[];
}

export class TownWhereToSitDto {
  @ApiProperty({ format: 'uuid' }) townId!: string;
  @ApiProperty({ example: '井溪镇' }) townName!: string;
  @ApiProperty({ type: [WhereToSitEntryDto] }) entries!: WhereToSitEntryDto[];
}

export class WhereToSitDto {
  @ApiProperty({ example: '2026-W49' }) week!: string;
  @ApiProperty({
    example: '2026-11-10',
    description: 'first Beijing date the signals count from',
  })
  from!: string;
  @ApiProperty({
    example: '2026-12-07',
    description: 'last Beijing date the signals count to',
  })
  to!: string;
  @ApiProperty({ type: [TownWhereToSitDto] }) towns!: TownWhereToSitDto[];
}
