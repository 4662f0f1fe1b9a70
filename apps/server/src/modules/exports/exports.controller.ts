import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { Roles } from '../../common/auth/principal';
import { ExportsService } from './exports.service';

class LedgerQuery {
  @ApiPropertyOptional({ example: '2026-11-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 电子台账: the ledger offices export, with residents' phone numbers masked. Dispatchers only. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('cases.csv')
  @Roles('dispatcher')
  @ApiOperation({ summary: 'Cases accepted between two Beijing dates (inclusive), every one of them, as CSV (streamed)' })
  @ApiProduces('text/csv')
  ledger(@Query() q: LedgerQuery): StreamableFile {
    return new StreamableFile(this.exports.ledgerCsv(q), { type: 'text/csv; charset=utf-8', disposition: 'attachment; filename="ledger.csv"' });
  }

  @Get('cases.xlsx')
  @Roles('dispatcher')
  @ApiOperation({ summary: 'The same ledger as an Excel workbook (streamed); every cell is text' })
  @ApiProduces(XLSX)
  ledgerXlsx(@Query() q: LedgerQuery): StreamableFile {
    return new StreamableFile(this.exports.ledgerXlsx(q), { type: XLSX, disposition: 'attachment; filename="ledger.xlsx"' });
  }
}
