import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS, REVISIT_RATING_LABELS } from '@msz/domain';
import { stringify } from 'csv-stringify/sync';
import { IsOptional, Matches } from 'class-validator';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Between, DataSource } from 'typeorm';
import { Roles } from '../../common/auth/principal';
import { CaseEntity } from '../cases/case.entity';
import { maskPhone } from '../cases/dto/case.dto';
import { UnitEntity } from '../units/unit.entity';

class LedgerQuery {
  @ApiPropertyOptional({ example: '2026-11-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) from?: string;
  @ApiPropertyOptional({ example: '2026-11-30' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) to?: string;
}

const CHANNELS: Record<string, string> = { wechat_oa: '公众号', miniprogram: '小程序', phone: '专线电话', walk_in: '网格站', bench_meeting: '板凳会' };
const beijing = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

/** 电子台账: the ledger offices export, with residents' phone numbers masked. Dispatchers only. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/exports')
export class ExportsController {
  constructor(private readonly ds: DataSource) {}

  @Get('cases.csv')
  @Roles('dispatcher')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="ledger.csv"')
  @ApiProduces('text/csv')
  async ledger(@Query() q: LedgerQuery): Promise<string> {
    const from = new Date(`${q.from ?? '2000-01-01'}T00:00:00+08:00`);
    const to = new Date(`${q.to ?? '2999-12-31'}T23:59:59.999+08:00`);
    const [cases, units] = await Promise.all([
      this.ds.getRepository(CaseEntity).find({ where: { acceptedAt: Between(from, to) }, order: { acceptedAt: 'ASC' }, take: 50_000 }),
      this.ds.getRepository(UnitEntity).find(),
    ]);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const rows = cases.map((c) => [
      c.number,
      beijing(c.acceptedAt),
      CHANNELS[c.channel] ?? c.channel,
      CASE_KIND_LABELS[c.kind],
      c.subItem ?? '',
      CASE_STATUS_LABELS[c.status],
      c.unitId ? (unitName.get(c.unitId) ?? '') : '',
      beijing(c.closeBy),
      beijing(c.closedAt),
      c.revisitRating ? REVISIT_RATING_LABELS[c.revisitRating] : '',
      c.residentPhone ? maskPhone(c.residentPhone) : '',
      c.text,
    ]);
    // A BOM so that Excel, which the offices use, reads the Chinese correctly.
    return `\ufeff${stringify([['受理编号', '受理时间', '渠道', '类型', '分类', '状态', '承办单位', '办结时限', '办结时间', '回访评价', '联系电话', '诉求内容'], ...rows])}`;
  }
}
