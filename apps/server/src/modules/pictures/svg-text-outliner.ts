import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import * as fontkit from 'fontkit';

/**
 * Turns the `<text>` of an SVG document into `<path>` outlines drawn from one font, parsed once.
 *
 * Why: resvg lays out every `<text>` through its own font database, which costs 2–3 ms an element
 * with a 5 MB CJK collection (and ~100 ms to load the font on each render); a heat map has a few
 * hundred labels. Outlines are plain paths to resvg. The layout follows resvg's: the font's own
 * advances and kerning (fontkit's shaping), `text-anchor` over a chunk, `dominant-baseline` shifts
 * from the font's ascent, descent and x-height as resvg computes them.
 *
 * What is not covered stays text, so that resvg draws it as before: an element using a character
 * the font has no glyph for, per-character positions (several numbers in x, y, dx, dy), `rotate`,
 * `textLength`, `letter-spacing`, `word-spacing`, italics, vertical writing, relative font sizes,
 * `<textPath>` and anything else nested but `<tspan>`.
 *
 * Bold: the font has no bold face (resvg drew bold text regular); here it is made bold by a stroke
 * of the fill's colour, 1/24 em wide (about what FreeType's synthetic emboldening adds).
 */

type Attrs = Record<string, string>;
/** fast-xml-parser's ordered form: `{ tag: children, ':@': attributes }`, `{ '#text': text }`, `{ '#cdata': … }`. */
type XmlNode = Record<string, unknown>;

const ATTRS = ':@';
const TEXT = '#text';

/** Text properties an element passes on to the text inside it. */
interface TextStyle {
  fontSize: number;
  fontWeight: string;
  fontStyle: string;
  textAnchor: string;
  dominantBaseline: string;
  fill: string;
  preserveSpace: boolean;
  /** A property here that the outliner does not lay out (letter-spacing, vertical writing, …): the text stays text. */
  unsupported: boolean;
}

const ROOT_STYLE: TextStyle = {
  fontSize: 16,
  fontWeight: 'normal',
  fontStyle: 'normal',
  textAnchor: 'start',
  dominantBaseline: 'auto',
  fill: '#000000',
  preserveSpace: false,
  unsupported: false,
};

/** Properties that only place or shape text: a path made from it does not carry them. */
const TEXT_ONLY = new Set([
  'x',
  'y',
  'dx',
  'dy',
  'rotate',
  'textLength',
  'lengthAdjust',
  'xml:space',
  'font',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'font-stretch',
  'font-size-adjust',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'baseline-shift',
  'letter-spacing',
  'word-spacing',
  'text-rendering',
  'writing-mode',
  'direction',
  'unicode-bidi',
  'text-decoration',
]);

/** Properties whose non-default values the outliner does not lay out. */
const UNSUPPORTED: Record<string, (value: string) => boolean> = {
  'letter-spacing': (v) => v !== 'normal' && parseFloat(v) !== 0,
  'word-spacing': (v) => v !== 'normal' && parseFloat(v) !== 0,
  'writing-mode': (v) => !['lr', 'lr-tb', 'horizontal-tb'].includes(v),
  direction: (v) => v !== 'ltr',
  'baseline-shift': (v) => v !== 'baseline' && parseFloat(v) !== 0,
  'alignment-baseline': (v) => v !== 'auto' && v !== 'baseline',
  'text-decoration': (v) => v !== 'none',
  textLength: () => true,
  rotate: () => true,
};

/** An element's presentation: its attributes, overridden by its `style` declarations (as in CSS). */
function presentation(attrs: Attrs): Attrs {
  const style = attrs.style;
  if (!style) return attrs;
  const merged: Attrs = { ...attrs };
  for (const declaration of style.split(';')) {
    const colon = declaration.indexOf(':');
    if (colon > 0) merged[declaration.slice(0, colon).trim()] = declaration.slice(colon + 1).trim();
  }
  return merged;
}

/** A length in user units (px or a plain number); null for units relative to something else. */
function userLength(value: string): number | null {
  const m = /^\s*(-?[\d.]+(?:e-?\d+)?)(px)?\s*$/i.exec(value);
  return m ? Number(m[1]) : null;
}

function inherit(parent: TextStyle, p: Attrs): TextStyle {
  const style = { ...parent };
  if (p['font-size'] !== undefined) {
    const size = userLength(p['font-size']);
    if (size === null) style.unsupported = true;
    else style.fontSize = size;
  }
  if (p['font-weight'] !== undefined) style.fontWeight = p['font-weight'];
  if (p['font-style'] !== undefined) style.fontStyle = p['font-style'];
  if (p['text-anchor'] !== undefined) style.textAnchor = p['text-anchor'];
  if (p['dominant-baseline'] !== undefined) style.dominantBaseline = p['dominant-baseline'];
  if (p.fill !== undefined) style.fill = p.fill;
  if (p['xml:space'] !== undefined) style.preserveSpace = p['xml:space'] === 'preserve';
  for (const [name, isUnsupported] of Object.entries(UNSUPPORTED)) {
    if (p[name] !== undefined && isUnsupported(p[name])) style.unsupported = true;
  }
  if (style.fontStyle === 'italic' || style.fontStyle === 'oblique') style.unsupported = true;
  return style;
}

const isBold = (weight: string) => weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;

/** One run of text inside a `<text>`: its own characters, attributes and style. */
interface Span {
  text: string;
  attrs: Attrs;
  style: TextStyle;
  /** Absolute positions start a new chunk (anchored on its own); relative ones move the pen. */
  x: number | null;
  y: number | null;
  dx: number;
  dy: number;
}

/** A single number, or null for none; undefined when there are several (per-character positions). */
function single(value: string | undefined): number | null | undefined {
  if (value === undefined || value.trim() === '') return null;
  const parts = value.trim().split(/[\s,]+/);
  if (parts.length !== 1) return undefined;
  const n = userLength(parts[0]);
  return n === null ? undefined : n;
}

type GlyphCommand = { command: string; args: number[] };

export interface OutlinedSvg {
  svg: string;
  /** `<text>` elements turned into paths. */
  outlined: number;
  /** `<text>` elements left as text (a character the font lacks, or a feature not laid out here). */
  kept: number;
}

/** What the parser and the builder must agree on, so a document comes back as it went in. */
const XML_SHAPE = {
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  processEntities: true,
} as const;

export class SvgTextOutliner {
  private readonly parser = new XMLParser({
    ...XML_SHAPE,
    // Numeric character references (ECharts writes &#39;) are decoded only with this on; off, a round trip would double-escape them.
    htmlEntities: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
  });
  private readonly builder = new XMLBuilder({ ...XML_SHAPE, suppressEmptyNode: false, format: false });
  /** Each glyph's outline in font units, read once. */
  private readonly outlines = new Map<number, GlyphCommand[]>();

  constructor(private readonly font: fontkit.Font) {}

  /** The face of `family` in a font file (a .ttc collection holds several), else the file's first face. */
  static open(file: string, family: string): SvgTextOutliner {
    const opened = fontkit.openSync(file);
    const font = 'fonts' in opened ? (opened.fonts.find((f) => f.familyName === family) ?? opened.fonts[0]) : opened;
    return new SvgTextOutliner(font);
  }

  /**
   * How far `text` advances at `size` user units, laid out as `outline` lays it out (the font's
   * advances and kerning). Bold text advances the same: its emboldening is a stroke around the glyphs.
   */
  advance(text: string, size: number): number {
    return (this.font.layout(text).advanceWidth * size) / this.font.unitsPerEm;
  }

  outline(svg: string): OutlinedSvg {
    const doc = this.parser.parse(svg) as XmlNode[];
    const count = { outlined: 0, kept: 0 };
    this.walk(doc, ROOT_STYLE, count);
    return { svg: this.builder.build(doc) as string, ...count };
  }

  /** Replaces the `<text>` elements among `nodes` (and below them) in place. */
  private walk(nodes: XmlNode[], parent: TextStyle, count: { outlined: number; kept: number }): void {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const tag = Object.keys(node).find((k) => k !== ATTRS);
      if (!tag || tag.startsWith('#')) continue;
      const attrs = (node[ATTRS] ?? {}) as Attrs;
      const style = inherit(parent, presentation(attrs));
      if (tag === 'text') {
        const paths = this.textToPaths(node[tag] as XmlNode[], attrs, style);
        if (paths) {
          nodes.splice(i, 1, ...paths);
          i += paths.length - 1;
          count.outlined++;
        } else {
          count.kept++;
        }
      } else if (tag !== 'style' && tag !== 'script') {
        this.walk(node[tag] as XmlNode[], style, count);
      }
    }
  }

  /** The paths drawing a `<text>` element, or null when it must stay text. */
  private textToPaths(children: XmlNode[], attrs: Attrs, style: TextStyle): XmlNode[] | null {
    const spans = this.spans(children, attrs, style);
    if (!spans) return null;
    collapseWhitespace(spans);
    for (const span of spans) {
      if (span.style.unsupported) return null;
      for (const ch of span.text) if (!this.font.hasGlyphForCodePoint(ch.codePointAt(0) as number)) return null;
    }

    // Lay out: chunks start at absolute positions; each chunk is anchored as a whole.
    const placed: Array<{ span: Span; d: string }> = [];
    let penX = 0;
    let penY = 0;
    let chunk: Array<{ span: Span; glyphs: Array<{ id: number; x: number; y: number }>; size: number }> = [];
    let chunkStart = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      const width = penX - chunkStart;
      const anchor = chunk[0].span.style.textAnchor;
      const shift = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
      for (const { span, glyphs, size } of chunk) {
        const d = glyphs.map((g) => this.glyphPath(g.id, g.x + shift, g.y, size / this.font.unitsPerEm)).join('');
        if (d) placed.push({ span, d });
      }
      chunk = [];
    };
    for (const span of spans) {
      if (span.x !== null || span.y !== null) {
        flush();
        if (span.x !== null) penX = span.x;
        if (span.y !== null) penY = span.y;
        chunkStart = penX;
      }
      penX += span.dx;
      penY += span.dy;
      if (span.text === '') continue;
      const size = span.style.fontSize;
      const scale = size / this.font.unitsPerEm;
      const baseline = penY + this.baselineShift(span.style.dominantBaseline, size);
      const run = this.font.layout(span.text);
      const glyphs = run.glyphs.map((g, k) => {
        const p = run.positions[k];
        const at = { id: g.id, x: penX + p.xOffset * scale, y: baseline - p.yOffset * scale };
        penX += p.xAdvance * scale;
        return at;
      });
      chunk.push({ span, glyphs, size });
    }
    flush();

    return placed.flatMap(({ span, d }) => this.pathElements(span, d));
  }

  /** The text's spans: its own text, and its `<tspan>`s; null when it holds anything else. */
  private spans(children: XmlNode[], attrs: Attrs, style: TextStyle): Span[] | null {
    const own = position(attrs);
    if (!own) return null;
    const spans: Span[] = [];
    let first = true;
    for (const child of children) {
      if (TEXT in child) {
        spans.push({ text: String(child[TEXT]), attrs, style, ...(first ? own : { x: null, y: null, dx: 0, dy: 0 }) });
        first = false;
        continue;
      }
      const tag = Object.keys(child).find((k) => k !== ATTRS);
      if (tag === '#comment') continue;
      if (tag !== 'tspan') return null;
      const tAttrs = (child[ATTRS] ?? {}) as Attrs;
      const tStyle = inherit(style, presentation(tAttrs));
      const at = position(tAttrs);
      const inner = child[tag] as XmlNode[];
      if (!at || inner.some((n) => !(TEXT in n))) return null;
      const text = inner.map((n) => String(n[TEXT])).join('');
      if (first) {
        // The text's own position holds until a span gives its own.
        spans.push({ text: '', attrs, style, ...own });
        first = false;
      }
      // A tspan's path carries the text's attributes, overridden by its own.
      spans.push({ text, attrs: { ...attrs, ...tAttrs, style: [attrs.style, tAttrs.style].filter(Boolean).join(';') }, style: tStyle, ...at });
    }
    if (first) spans.push({ text: '', attrs, style, ...own });
    return spans;
  }

  /** How far below `y` the alphabetic baseline is drawn, for a dominant baseline; as resvg computes it from the font's metrics. */
  private baselineShift(baseline: string, size: number): number {
    const scale = size / this.font.unitsPerEm;
    const ascent = this.font.ascent * scale;
    const descent = this.font.descent * scale; // negative
    switch (baseline) {
      case 'central':
        return ascent - (ascent - descent) / 2;
      case 'middle':
        return (this.font.xHeight * scale) / 2;
      case 'hanging':
        return ascent * 0.8;
      case 'mathematical':
        return ascent / 2;
      case 'text-before-edge':
      case 'before-edge':
        return ascent;
      case 'text-after-edge':
      case 'after-edge':
      case 'ideographic':
        return descent;
      default:
        return 0;
    }
  }

  /** A glyph's outline as path data, placed with its origin at (x, y) and scaled (font units are y-up). */
  private glyphPath(id: number, x: number, y: number, scale: number): string {
    let commands = this.outlines.get(id);
    if (!commands) {
      commands = this.font.getGlyph(id).path.commands.map((c) => ({ command: c.command, args: [...c.args] }));
      this.outlines.set(id, commands);
    }
    const pt = (args: number[], from: number) => `${round(x + args[from] * scale)} ${round(y - args[from + 1] * scale)}`;
    let d = '';
    for (const c of commands) {
      switch (c.command) {
        case 'moveTo':
          d += `M${pt(c.args, 0)}`;
          break;
        case 'lineTo':
          d += `L${pt(c.args, 0)}`;
          break;
        case 'quadraticCurveTo':
          d += `Q${pt(c.args, 0)} ${pt(c.args, 2)}`;
          break;
        case 'bezierCurveTo':
          d += `C${pt(c.args, 0)} ${pt(c.args, 2)} ${pt(c.args, 4)}`;
          break;
        case 'closePath':
          d += 'Z';
          break;
      }
    }
    return d;
  }

  /** The `<path>` for a span: the text's own drawing attributes (fill, stroke, opacity, transform, class …) kept, bold as a stroke. */
  private pathElements(span: Span, d: string): XmlNode[] {
    const attrs: Attrs = {};
    for (const [name, value] of Object.entries(span.attrs)) if (!TEXT_ONLY.has(name) && name !== 'style') attrs[name] = value;
    const declarations = (span.attrs.style ?? '').split(';').filter((declaration) => {
      const name = declaration.slice(0, declaration.indexOf(':')).trim();
      return name !== '' && !TEXT_ONLY.has(name);
    });
    const path = (extra: Attrs, keep: (declaration: string) => boolean): XmlNode => {
      const style = declarations.filter(keep).join(';');
      return { path: [], [ATTRS]: { d, ...attrs, ...(style ? { style } : {}), ...extra } };
    };
    const all = () => true;
    const { fill, fontSize, fontWeight } = span.style;
    if (!isBold(fontWeight) || fill === 'none') return [path({}, all)];
    const bold = { stroke: fill, 'stroke-width': String(round(fontSize / 24)), 'stroke-linejoin': 'round' };
    const ownStroke = presentation(span.attrs).stroke;
    if (!ownStroke || ownStroke === 'none') return [path(bold, all)];
    // A text with a stroke of its own (a halo) keeps it; the emboldening goes on a copy drawn over it.
    const noStroke = (declaration: string) => !/^\s*(stroke|paint-order)/.test(declaration);
    return [path({}, all), path({ ...bold, 'stroke-opacity': '1', 'stroke-dasharray': 'none', 'paint-order': 'normal' }, noStroke)];
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** The text's position attributes, or null for per-character lists (not laid out here). */
function position(attrs: Attrs): Pick<Span, 'x' | 'y' | 'dx' | 'dy'> | null {
  const [x, y, dx, dy] = [single(attrs.x), single(attrs.y), single(attrs.dx), single(attrs.dy)];
  if (x === undefined || y === undefined || dx === undefined || dy === undefined) return null;
  return { x, y, dx: dx ?? 0, dy: dy ?? 0 };
}

/**
 * SVG 1.1's white space rules, over the whole text: by default newlines go, tabs become spaces,
 * runs of spaces become one and the text's ends are trimmed; with xml:space="preserve" newlines and
 * tabs become spaces and nothing is removed.
 */
function collapseWhitespace(spans: Span[]): void {
  let previousSpace = true; // trims the start
  for (const span of spans) {
    if (span.style.preserveSpace) {
      span.text = span.text.replace(/[\n\r\t]/g, ' ');
      previousSpace = span.text.endsWith(' ');
      continue;
    }
    let out = '';
    for (const ch of span.text.replace(/[\n\r]/g, '').replace(/\t/g, ' ')) {
      if (ch === ' ' && previousSpace) continue;
      out += ch;
      previousSpace = ch === ' ';
    }
    span.text = out;
  }
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i];
    if (span.style.preserveSpace) break;
    span.text = span.text.replace(/ +$/, '');
    if (span.text !== '') break;
  }
}
