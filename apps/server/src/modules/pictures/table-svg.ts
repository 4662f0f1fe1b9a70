/**
 * A table drawn as SVG, for pictures a phone shows at 750 logical pixels wide (the weekly red and
 * black list, a top-ten). Pure: no fonts are read here; widths are estimated from the characters
 * (CJK glyphs are one em, Latin letters and digits about half), generously, so text never spills.
 */

export type RowTone = 'red' | 'black' | null;

export interface TableColumn {
  /** The row field shown in this column. */
  key: string;
  /** The header text. */
  label: string;
  align?: 'left' | 'center' | 'right';
  /** A fixed width in logical pixels; else the column takes what its content needs (long text wraps). */
  width?: number;
}

export type TableCell = string | number | null | undefined;
export type TableRow = Record<string, TableCell>;

export interface TableSpec {
  title: string;
  subtitle?: string;
  columns: TableColumn[];
  rows: TableRow[];
  /** Which rows are on the red list (红榜) and which on the black list (黑榜); null: neither. */
  rowTone?: (row: TableRow, index: number) => RowTone;
  /** A line under the table, e.g. the data's source and date. */
  footer?: string;
}

export const TABLE_WIDTH = 750;
const PAD = 24;
const CELL_PAD = 12;
const BODY_SIZE = 26;
const HEAD_SIZE = 24;
const LINE = 36;
const FONT = "'WenQuanYi Micro Hei', sans-serif";

const TONES = {
  red: { fill: '#fdecea', bar: '#c62828', text: '#7f1d1d' },
  black: { fill: '#e8e8e8', bar: '#212121', text: '#111111' },
} as const;

/** Estimated advance of one character, in ems. */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x2e80) return 1; // CJK, full-width punctuation, kana
  if (ch === ' ') return 0.3;
  if (/[MW@%]/.test(ch)) return 0.85;
  if (/[A-Z]/.test(ch)) return 0.68;
  return 0.56;
}

export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w * size;
}

/** Breaks text into lines no wider than `max` (Chinese breaks anywhere; an explicit newline is kept). */
export function wrapText(text: string, size: number, max: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    let width = 0;
    for (const ch of paragraph) {
      const w = charWidth(ch) * size;
      if (width + w > max && line !== '') {
        // Prefer to break after punctuation near the end, so that a phrase stays whole.
        const cut = Math.max(...[...'；，、。 ;,'].map((p) => line.lastIndexOf(p)));
        const keep = cut >= 0 && line.length - cut - 1 <= 8 ? line.slice(cut + 1) : '';
        lines.push(line.slice(0, line.length - keep.length));
        line = keep;
        width = textWidth(keep, size);
      }
      line += ch;
      width += w;
    }
    lines.push(line);
  }
  return lines;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const cellText = (v: TableCell): string => (v === null || v === undefined ? '' : String(v));

/** Column widths that fill the table: fixed ones as given, the others by what they hold, long text sharing what is left. */
export function columnWidths(columns: readonly TableColumn[], rows: readonly TableRow[], total: number): number[] {
  const natural = columns.map((c) => {
    if (c.width) return c.width;
    const widest = Math.max(textWidth(c.label, HEAD_SIZE), ...rows.map((r) => textWidth(cellText(r[c.key]), BODY_SIZE)));
    return Math.ceil(widest) + 2 * CELL_PAD;
  });
  const sum = natural.reduce((a, b) => a + b, 0);
  const flexible = columns.map((c, i) => (c.width ? 0 : natural[i]));
  const flexSum = flexible.reduce((a, b) => a + b, 0);
  if (sum <= total || flexSum === 0) {
    // Room to spare: give it to the flexible columns, evenly.
    const free = total - sum;
    const n = flexible.filter((w) => w > 0).length || columns.length;
    return natural.map((w, i) => (flexible[i] > 0 || flexSum === 0 ? w + free / n : w));
  }
  // Too wide: narrow columns (a rank, a score) keep their width; wide ones share the rest and wrap.
  const fixed = natural.reduce((a, w, i) => a + (flexible[i] === 0 ? w : 0), 0);
  const fair = (total - fixed) / flexible.filter((w) => w > 0).length;
  const keep = flexible.map((w) => (w > 0 && w <= fair ? w : 0));
  const kept = keep.reduce((a, b) => a + b, 0);
  const wide = flexible.map((w, i) => (w > 0 && keep[i] === 0 ? w : 0));
  const wideSum = wide.reduce((a, b) => a + b, 0);
  const rest = total - fixed - kept;
  return natural.map((w, i) => (flexible[i] === 0 ? w : keep[i] > 0 ? keep[i] : Math.max(4 * BODY_SIZE, (rest * wide[i]) / wideSum)));
}

/** The table as an SVG document, TABLE_WIDTH wide and as tall as its rows need. */
export function tableSvg(spec: TableSpec): string {
  const inner = TABLE_WIDTH - 2 * PAD;
  const widths = columnWidths(spec.columns, spec.rows, inner);
  const parts: string[] = [];
  let y = PAD;

  const titleLines = wrapText(spec.title, 40, inner);
  for (const line of titleLines) {
    y += 48;
    parts.push(`<text x="${PAD}" y="${y - 10}" font-size="40" font-weight="bold" fill="#1a1a1a">${escapeXml(line)}</text>`);
  }
  if (spec.subtitle) {
    for (const line of wrapText(spec.subtitle, 26, inner)) {
      y += 38;
      parts.push(`<text x="${PAD}" y="${y - 10}" font-size="26" fill="#555555">${escapeXml(line)}</text>`);
    }
  }
  y += 16;

  const xs = widths.reduce<number[]>((acc, w, i) => [...acc, (acc[i] ?? PAD) + w], [PAD]);
  const textX = (i: number, align: TableColumn['align']) =>
    align === 'right' ? xs[i + 1] - CELL_PAD : align === 'center' ? (xs[i] + xs[i + 1]) / 2 : xs[i] + CELL_PAD;
  const anchor = (align: TableColumn['align']) => (align === 'right' ? 'end' : align === 'center' ? 'middle' : 'start');

  // Header
  const headLines = spec.columns.map((c, i) => wrapText(c.label, HEAD_SIZE, widths[i] - 2 * CELL_PAD));
  const headHeight = Math.max(...headLines.map((l) => l.length)) * 32 + 20;
  parts.push(`<rect x="${PAD}" y="${y}" width="${inner}" height="${headHeight}" fill="#1f4e79"/>`);
  spec.columns.forEach((c, i) => {
    headLines[i].forEach((line, k) => {
      parts.push(
        `<text x="${textX(i, c.align)}" y="${y + 10 + 32 * k + 24}" font-size="${HEAD_SIZE}" font-weight="bold" fill="#ffffff" text-anchor="${anchor(c.align)}">${escapeXml(line)}</text>`,
      );
    });
  });
  y += headHeight;

  // Rows
  spec.rows.forEach((row, r) => {
    const tone = spec.rowTone?.(row, r) ?? null;
    const lines = spec.columns.map((c, i) => wrapText(cellText(row[c.key]), BODY_SIZE, widths[i] - 2 * CELL_PAD));
    const height = Math.max(1, ...lines.map((l) => l.length)) * LINE + 20;
    const fill = tone ? TONES[tone].fill : r % 2 === 0 ? '#ffffff' : '#f5f7fa';
    parts.push(`<rect x="${PAD}" y="${y}" width="${inner}" height="${height}" fill="${fill}"/>`);
    if (tone) parts.push(`<rect x="${PAD}" y="${y}" width="8" height="${height}" fill="${TONES[tone].bar}"/>`);
    spec.columns.forEach((c, i) => {
      lines[i].forEach((line, k) => {
        parts.push(
          `<text x="${textX(i, c.align) + (i === 0 && tone && c.align !== 'right' && c.align !== 'center' ? 6 : 0)}" y="${y + 10 + LINE * k + 27}" font-size="${BODY_SIZE}" fill="${tone ? TONES[tone].text : '#1a1a1a'}" text-anchor="${anchor(c.align)}">${escapeXml(line)}</text>`,
        );
      });
    });
    parts.push(`<line x1="${PAD}" y1="${y + height}" x2="${PAD + inner}" y2="${y + height}" stroke="#d0d7de" stroke-width="1"/>`);
    y += height;
  });
  if (spec.rows.length === 0) {
    parts.push(`<text x="${TABLE_WIDTH / 2}" y="${y + 50}" font-size="${BODY_SIZE}" fill="#555555" text-anchor="middle">暂无数据</text>`);
    y += 80;
  }

  if (spec.footer) {
    y += 12;
    for (const line of wrapText(spec.footer, 22, inner)) {
      y += 32;
      parts.push(`<text x="${PAD}" y="${y - 8}" font-size="22" fill="#666666">${escapeXml(line)}</text>`);
    }
  }
  y += PAD;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${TABLE_WIDTH}" height="${Math.ceil(y)}" viewBox="0 0 ${TABLE_WIDTH} ${Math.ceil(y)}" font-family="${FONT}">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
