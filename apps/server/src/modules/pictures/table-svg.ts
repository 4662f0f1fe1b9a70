/**
 * A table drawn as SVG, for pictures a phone shows at 750 logical pixels wide (the weekly red and
 * black list, a top-ten, the reports' tables). Pure: no fonts are read here; text is measured by the
 * function given (the renderer's font), else estimated from the characters, generously.
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

/** How wide `text` is at font size `size`, in user units. */
export type TextMeasure = (text: string, size: number) => number;

/** Estimated advance of one character, in ems (generous: used only without the font's own widths). */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code >= 0x2e80) return 1; // CJK, full-width punctuation, kana
  if (ch === ' ') return 0.3;
  if (/[MW@%]/.test(ch)) return 0.85;
  if (/[A-Z]/.test(ch)) return 0.68;
  return 0.56;
}

/** A width estimated from the characters alone, for when the font's widths are not at hand. */
export const estimateWidth: TextMeasure = (text, size) => {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w * size;
};

/** Punctuation a Chinese line never begins with: it stays with the character before it. */
const CLOSING = new Set([...'）、，。；：！？」』》】〕〉…’”']);
/** Punctuation a Chinese line never ends with: it goes with the character after it. */
const OPENING = new Set([...'（「『《【〔〈‘“']);
/** Punctuation after which a line breaks best (a phrase ends there). */
const PHRASE_END = /[；，、。 ;,]$/;
/** Letters, digits and their signs (`-6.2`, `1,234`, `95.1%`): a run of them is one word, not broken. */
const isWordChar = (ch: string) => ch !== ' ' && (ch.codePointAt(0) ?? 0) < 0x2e80;

/**
 * The pieces a line may break between: one CJK character, or a word of letters and digits; closing
 * punctuation (and a space) joined to the piece before it, opening punctuation to the piece after.
 */
function breakUnits(text: string, words: boolean): string[] {
  const units: string[] = [];
  let opening = '';
  for (const ch of text) {
    const last = units.length - 1;
    if ((CLOSING.has(ch) || ch === ' ') && opening === '' && last >= 0) units[last] += ch;
    else if (CLOSING.has(ch) || ch === ' ' || OPENING.has(ch)) opening += ch;
    else if (words && opening === '' && last >= 0 && isWordChar(ch) && isWordChar(units[last].slice(-1))) units[last] += ch;
    else {
      units.push(opening + ch);
      opening = '';
    }
  }
  if (opening !== '') units.push(opening);
  return units;
}

/**
 * Breaks text into lines no wider than `max` as `measure` measures them (an explicit newline is kept).
 * Chinese breaks between characters, never before closing punctuation nor after opening punctuation,
 * and not inside a number or a Latin word unless the word alone is too wide; a line that must break
 * near a phrase's end (；，、。) breaks after it, so that the phrase stays whole.
 */
export function wrapText(text: string, size: number, max: number, measure: TextMeasure = estimateWidth): string[] {
  const fits = (line: string) => measure(line.trimEnd(), size) <= max + 0.01;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line: string[] = [];
    // The line's width as the sum of its pieces' (kerning aside): only near the limit is the whole line measured.
    let sum = 0;
    const fitsWith = (unit: string) => sum + measure(unit, size) <= max - size / 2 || fits(line.join('') + unit);
    const place = (unit: string) => {
      if (line.length > 0 && !fitsWith(unit)) {
        // Prefer to break after punctuation near the end, so that a phrase stays whole.
        let cut = line.length - 1;
        while (cut >= 0 && !PHRASE_END.test(line[cut])) cut--;
        const tail = line.slice(cut + 1);
        const keep = cut >= 0 && [...tail.join('')].length <= 8 && fits(tail.join('') + unit) ? tail : [];
        lines.push(line.slice(0, line.length - keep.length).join('').trimEnd());
        line = keep;
        sum = keep.reduce((w, u) => w + measure(u, size), 0);
      }
      line.push(unit);
      sum += measure(unit, size);
    };
    for (const unit of breakUnits(paragraph, true)) {
      // A word wider than a whole line is broken between its characters after all.
      if (fits(unit) || [...unit].length === 1) place(unit);
      else for (const piece of breakUnits(unit, false)) place(piece);
    }
    lines.push(line.join('').trimEnd());
  }
  return lines;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

const cellText = (v: TableCell): string => (v === null || v === undefined ? '' : String(v));

/** Column widths that fill the table: fixed ones as given, the others by what they hold, long text sharing what is left. */
export function columnWidths(columns: readonly TableColumn[], rows: readonly TableRow[], total: number, measure: TextMeasure = estimateWidth): number[] {
  const natural = columns.map((c) => {
    if (c.width) return c.width;
    const widest = Math.max(measure(c.label, HEAD_SIZE), ...rows.map((r) => Math.max(...cellText(r[c.key]).split('\n').map((l) => measure(l, BODY_SIZE)))));
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

/**
 * The table as an SVG document, TABLE_WIDTH wide and as tall as its rows need, its text measured
 * with `measure` (the renderer passes the widths of the font it draws with; bold advances the same).
 */
export function tableSvg(spec: TableSpec, measure: TextMeasure = estimateWidth): string {
  const widthOf = new Map<string, number>();
  const measured: TextMeasure = (text, size) => {
    const key = `${size}\u0000${text}`;
    let w = widthOf.get(key);
    if (w === undefined) widthOf.set(key, (w = measure(text, size)));
    return w;
  };
  const wrap = (text: string, size: number, max: number) => wrapText(text, size, max, measured);
  const inner = TABLE_WIDTH - 2 * PAD;
  const widths = columnWidths(spec.columns, spec.rows, inner, measured);
  const parts: string[] = [];
  let y = PAD;

  const titleLines = wrap(spec.title, 40, inner);
  for (const line of titleLines) {
    y += 48;
    parts.push(`<text x="${PAD}" y="${y - 10}" font-size="40" font-weight="bold" fill="#1a1a1a">${escapeXml(line)}</text>`);
  }
  if (spec.subtitle) {
    for (const line of wrap(spec.subtitle, 26, inner)) {
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
  const headLines = spec.columns.map((c, i) => wrap(c.label, HEAD_SIZE, widths[i] - 2 * CELL_PAD));
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
    const lines = spec.columns.map((c, i) => wrap(cellText(row[c.key]), BODY_SIZE, widths[i] - 2 * CELL_PAD));
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
    for (const line of wrap(spec.footer, 22, inner)) {
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
