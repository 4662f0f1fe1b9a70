import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FailedNotificationDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) caseId!: string | null;
  @ApiProperty({ description: 'masked openid' }) touser!: string;
  @ApiProperty() attempts!: number;
  @ApiPropertyOptional({ nullable: true, description: 'why WeChat refused it' }) lastError!: string | null;
  @ApiProperty() createdAt!: string;
}

export class ContactTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiPropertyOptional({ nullable: true, format: 'uuid' }) caseId!: string | null;
  @ApiProperty() kind!: string;
  @ApiProperty() reason!: string;
  @ApiProperty() createdAt!: string;
}
