import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { AnchorCheck, SealedAnchor } from '../timeline-anchors.service';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class AnchorRangeQueryDto {
  @ApiProperty({ example: '2026-12-01', description: 'first Beijing day' }) @Matches(DAY) from!: string;
  @ApiProperty({ example: '2026-12-07', description: 'last Beijing day' }) @Matches(DAY) to!: string;
}

export class AnchorDto {
  @ApiProperty({ example: '2026-12-07' }) day!: string;
  @ApiProperty({ description: 'hash of the day’s chain heads and the day before’s anchor (hex SHA-256)' }) anchor!: string;
  @ApiPropertyOptional({ nullable: true }) prevAnchor!: string | null;
  @ApiProperty({ description: 'cases with entries that day' }) heads!: number;
  @ApiProperty() sealedAt!: string;

  static from(a: SealedAnchor): AnchorDto {
    return { day: a.day, anchor: a.anchor, prevAnchor: a.prevAnchor, heads: a.heads, sealedAt: a.sealedAt.toISOString() };
  }
}

export class AnchorCheckDto extends AnchorDto {
  @ApiProperty({ description: 'the sealed heads still give the anchor' }) sealIntact!: boolean;
  @ApiProperty({ description: 'it links to the anchor of the day sealed before it' }) linked!: boolean;
  @ApiProperty({ description: 'the file kept outside the database holds the same anchor' }) inFile!: boolean;
  @ApiProperty({ description: 'all three hold' }) verified!: boolean;
  @ApiProperty({ description: 'what the checks mean, in plain words' }) summary!: string;

  static fromCheck(c: AnchorCheck): AnchorCheckDto {
    return {
      ...AnchorDto.from(c),
      sealIntact: c.sealIntact,
      linked: c.linked,
      inFile: c.inFile,
      verified: c.verified,
      summary: c.verified
        ? `${c.day}的时间线锚定值核验一致：与前一天相连，与数据库外保存的记录相同。可与每周红黑榜文章中公布的锚定值比对。`
        : `${c.day}的时间线锚定值核验不一致，请联系民声直达办公室和纪委监委。`,
    };
  }
}
