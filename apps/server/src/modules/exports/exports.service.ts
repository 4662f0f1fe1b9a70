import { Injectable } from '@nestjs/common';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS, REVISIT_RATING_LABELS } from '@msz/domain';
import { stringify } from 'csv-stringify/sync';
import { Between, DataSource } from 'typeorm';
import { CaseEntity } from '../cases/case.entity';
import { maskPhone } from '../cases/dto/case.dto';
import { UnitEntity } from '../units/unit.entity';

const CHANNELS: Record<string, string> = { wechat_oa: '公众号', miniprogram: '小程序', phone: '专线电话', walk_in: '网格站', bench_meeting: '板凳会' };
const beijing = (d: Date | null) => (d ? new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');
/**
 * A cell a spreadsheet would evaluate (=, +, -, @, or a leading tab or carriage return, which Excel
 * strips before looking) gets a leading apostrophe: residents' text must never become a formula.
 */
export function spreadsheetSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

const HEADER = ['受理编号', '受理时间', '渠道', '类型', '分类', '状态', '承办单位', '办结时限', '办结时间', '回访评价', '联系电话', '诉求内容'];

/** 电子台账: the ledger offices export, with residents' phone numbers masked. */
@Injectable()
export class ExportsService {
  constructor(private readonly ds: DataSource) {}

  /** Cases accepted between two Beijing dates (inclusive), as CSV. */
  async ledgerCsv(fromDay = '2000-01-01', toDay = '2999-12-31'): Promise<string> {
    const from = new Date(`${fromDay}T00:00:00+08:00`);
    const to = new Date(`${toDay}T23:59:59.999+08:00`);
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
    return `\ufeff${stringify([HEADER, ...rows.map((row) => row.map(spreadsheetSafe))])}`;
  }
}
