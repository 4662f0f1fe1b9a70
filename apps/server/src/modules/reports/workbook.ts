import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import { spreadsheetSafe } from '../exports/exports.service';

/**
 * What a column holds, and so how its cells are written: text (never a formula), whole numbers,
 * shares (0..1 shown as a percentage), working days (one decimal), Beijing date-times and dates
 * (real date cells a spreadsheet can sort and filter).
 */
export type ColumnKind = 'text' | 'int' | 'rate' | 'days' | 'score' | 'datetime' | 'date';

export interface ColumnSpec {
  header: string;
  /** In characters (a Chinese character is about two). */
  width: number;
  kind: ColumnKind;
}

export type Cell = string | number | Date | null | undefined;

export interface SheetSpec {
  name: string;
  columns: readonly ColumnSpec[];
  rows: Iterable<readonly Cell[]> | AsyncIterable<readonly Cell[]>;
  /** Lines under the table (the period, the source, what a figure means), after an empty row. */
  notes?: readonly string[];
  /** Printed landscape, one page wide (wide tables). */
  landscape?: boolean;
}

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: '@',
  int: '0',
  rate: '0.0%',
  days: '0.0',
  score: '0.0',
  datetime: 'yyyy-mm-dd hh:mm',
  date: 'yyyy-mm-dd',
};

const BEIJING_MS = 8 * 3600_000;

/**
 * A date cell showing the Beijing wall-clock time: a spreadsheet date has no time zone, and
 * exceljs writes an instant's UTC fields, so the instant is moved by eight hours first.
 */
export function beijingCell(at: Date): Date {
  return new Date(at.getTime() + BEIJING_MS);
}

/** One cell as written: strings defused (never a formula), numbers as numbers, instants as Beijing dates. */
export function cellValue(kind: ColumnKind, value: Cell): string | number | Date | null {
  if (value === null || value === undefined || value === '') return null;
  switch (kind) {
    case 'text':
      return spreadsheetSafe(String(value));
    case 'int':
    case 'rate':
    case 'days':
    case 'score':
      return typeof value === 'number' ? value : spreadsheetSafe(String(value));
    case 'datetime':
      return value instanceof Date ? beijingCell(value) : spreadsheetSafe(String(value));
    case 'date':
      // A Beijing day (YYYY-MM-DD) is midnight of that day, as a spreadsheet counts days.
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : value instanceof Date ? beijingCell(value) : spreadsheetSafe(String(value));
  }
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F4E79' } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

/**
 * A workbook written sheet by sheet and row by row to a stream (exceljs's streaming writer, so
 * memory stays flat however many rows): Chinese headers on a frozen first row, column widths,
 * formats by column kind. An error while writing destroys the stream, which ends the download.
 */
export function streamWorkbook(sheets: () => AsyncIterable<SheetSpec> | Iterable<SheetSpec>): Readable {
  const out = new PassThrough();
  const write = async () => {
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    book.creator = '民声直达';
    for await (const spec of sheets()) await writeSheet(book, spec);
    await book.commit();
  };
  write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

async function writeSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, spec: SheetSpec): Promise<void> {
  const sheet = book.addWorksheet(spec.name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: spec.landscape ? { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } : { paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width, style: FORMATS[c.kind] ? { numFmt: FORMATS[c.kind] } : {} }));
  const header = sheet.getRow(1);
  header.font = HEADER_FONT;
  header.fill = HEADER_FILL;
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 20;
  header.commit();
  for await (const row of spec.rows) {
    sheet.addRow(spec.columns.map((c, i) => cellValue(c.kind, row[i]))).commit();
  }
  if (spec.notes?.length) {
    sheet.addRow([]).commit();
    for (const note of spec.notes) sheet.addRow([spreadsheetSafe(note)]).commit();
  }
  sheet.commit();
}

/** A whole workbook in memory, for tests and small packs. */
export async function workbookBuffer(sheets: Iterable<SheetSpec> | AsyncIterable<SheetSpec>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of streamWorkbook(() => sheets)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
