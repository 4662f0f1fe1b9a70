import { Injectable } from '@nestjs/common';
import { CASE_KIND_LABELS, CASE_STATUS_LABELS, REVISIT_RATING_LABELS, type CaseKind, type CaseStatus, type RevisitRating } from '@msz/domain';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { PassThrough, Readable } from 'node:stream';
import { DataSource } from 'typeorm';
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
const WIDTHS = [18, 17, 9, 7, 16, 9, 16, 17, 17, 9, 14, 60];
/** Rows read per query: memory stays flat however long the ledger is. */
const BATCH = 5000;

interface LedgerRow {
  id: string;
  number: string;
  channel: string;
  kind: CaseKind;
  sub_item: string | null;
  status: CaseStatus;
  unit_id: string | null;
  resident_phone: string | null;
  text: string;
  revisit_rating: RevisitRating | null;
  accepted_at: Date;
  close_by: Date;
  closed_at: Date | null;
  /** accepted_at as PostgreSQL writes it (microseconds kept), for the next batch's start. */
  page_key: string;
}

/** The ledger's period: Beijing dates, both inclusive. */
export interface LedgerRange {
  from?: string;
  to?: string;
}

/** 电子台账: the ledger offices export, with residents' phone numbers masked, as CSV or xlsx, streamed with no row cap. */
@Injectable()
export class ExportsService {
  constructor(private readonly ds: DataSource) {}

  /** CSV with a BOM, so that Excel, which the offices use, reads the Chinese correctly. */
  ledgerCsv(range: LedgerRange = {}): Readable {
    const rows = this.rows(range);
    return Readable.from(
      (async function* csv() {
        yield `\ufeff${stringify([HEADER])}`;
        for await (const batch of rows) yield stringify(batch.map((row) => row.map(spreadsheetSafe)));
      })(),
    );
  }

  /** xlsx written row by row; every cell is a string cell, which a spreadsheet never evaluates. */
  ledgerXlsx(range: LedgerRange = {}): Readable {
    const out = new PassThrough();
    const write = async () => {
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
      const sheet = book.addWorksheet('电子台账', { views: [{ state: 'frozen', ySplit: 1 }] });
      sheet.columns = HEADER.map((header, i) => ({ header, width: WIDTHS[i] }));
      for await (const batch of this.rows(range)) {
        for (const row of batch) sheet.addRow(row).commit();
      }
      sheet.commit();
      await book.commit();
    };
    write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
    return out;
  }

  /** The ledger's rows in acceptance order, a batch at a time (keyset on accepted_at, id; raw rows, no entities to build). */
  private async *rows(range: LedgerRange): AsyncGenerator<string[][]> {
    const from = new Date(`${range.from ?? '2000-01-01'}T00:00:00+08:00`);
    const to = new Date(`${range.to ?? '2999-12-31'}T23:59:59.999+08:00`);
    const units = await this.ds.getRepository(UnitEntity).find({ select: { id: true, name: true } });
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    let after: LedgerRow | null = null;
    for (;;) {
      const batch: LedgerRow[] = await this.ds.query(
        `SELECT id, number, channel, kind, sub_item, status, unit_id, resident_phone, text, revisit_rating,
                accepted_at, close_by, closed_at, accepted_at::text AS page_key
           FROM case_file
          WHERE accepted_at BETWEEN $1 AND $2 ${after ? 'AND (accepted_at, id) > ($4::timestamptz, $5::uuid)' : ''}
          ORDER BY accepted_at, id
          LIMIT $3`,
        after ? [from, to, BATCH, after.page_key, after.id] : [from, to, BATCH],
      );
      if (batch.length === 0) return;
      yield batch.map((c) => [
        c.number,
        beijing(c.accepted_at),
        CHANNELS[c.channel] ?? c.channel,
        CASE_KIND_LABELS[c.kind],
        c.sub_item ?? '',
        CASE_STATUS_LABELS[c.status],
        c.unit_id ? (unitName.get(c.unit_id) ?? '') : '',
        beijing(c.close_by),
        beijing(c.closed_at),
        c.revisit_rating ? REVISIT_RATING_LABELS[c.revisit_rating] : '',
        c.resident_phone ? maskPhone(c.resident_phone) : '',
        c.text,
      ]);
      if (batch.length < BATCH) return;
      after = batch[batch.length - 1];
    }
  }
}
