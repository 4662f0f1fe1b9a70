import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { ExtensionRequestEntity } from '../extension-request.entity';
import type { PendingExtension } from '../workflow.service';

export class NoteDto {
  @ApiProperty({ maxLength: 1000 }) @IsString() @IsNotEmpty() @MaxLength(1000) text!: string;
}

export class ExtensionRequestDto {
  @ApiProperty({ minimum: 1, maximum: 10, description: 'working days; all extensions of a case add up to at most 10' })
  @IsInt()
  @Min(1)
  @Max(10)
  workdays!: number;
  @ApiProperty({ maxLength: 500 }) @IsString() @IsNotEmpty() @MaxLength(500) reason!: string;
}

export class ExtensionDecisionDto {
  @ApiProperty() @IsBoolean() approve!: boolean;
  @ApiPropertyOptional({ maxLength: 500 }) @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class ExtensionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() workdays!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status!: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({ nullable: true }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true }) decisionNote!: string | null;

  static from(e: ExtensionRequestEntity): ExtensionDto {
    return {
      id: e.id,
      caseId: e.caseId,
      workdays: e.workdays,
      reason: e.reason,
      status: e.status,
      createdAt: e.createdAt.toISOString(),
      decidedAt: e.decidedAt ? e.decidedAt.toISOString() : null,
      decisionNote: e.decisionNote,
    };
  }
}

/** A request waiting for the dispatcher, with what the list shows of its case (read in the same query). */
export class PendingExtensionDto extends ExtensionDto {
  @ApiProperty() caseNumber!: string;
  @ApiPropertyOptional({ nullable: true, description: 'the unit handling the case' }) unitName!: string | null;

  static fromPending(p: PendingExtension): PendingExtensionDto {
    return { ...ExtensionDto.from(p.request), caseNumber: p.caseNumber, unitName: p.unitName };
  }
}

export class DashboardDto {
  @ApiProperty() open!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) byStatus!: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'green / yellow / orange / red' }) bySla!: Record<string, number>;
  @ApiProperty() pendingExtensions!: number;
  @ApiPropertyOptional({ nullable: true, description: 'set when the next 90 days are not all on the official calendar' }) calendarWarning!: string | null;
}
