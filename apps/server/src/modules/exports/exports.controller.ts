import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Roles } from '../../common/auth/principal';
import { ExportsService } from './exports.service';

class LedgerQuery {
  @ApiPropertyOptional({ example: '2026-11-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
}

/** 电子台账: the ledger offices export, with residents' phone numbers masked. Dispatchers only. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('cases.csv')
  @Roles('dispatcher')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="ledger.csv"')
  @ApiProduces('text/csv')
  ledger(@Query() q: LedgerQuery): Promise<string> {
    return this.exports.ledgerCsv(q.from, q.to);
  }
}
