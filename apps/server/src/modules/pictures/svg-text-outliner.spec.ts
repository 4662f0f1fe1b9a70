import { Resvg } from '@resvg/resvg-js';
import { DEFAULT_PICTURE_FONT } from '../../config/app-config';
import { SvgTextOutliner } from './svg-text-outliner';

const FAMILY = 'WenQuanYi Micro Hei';
const BAND = 80;
const WIDTH = 420;

/** Each text in its own band of the picture, so that where its ink falls can be compared band by band. */
const document = (texts: string[]) =>
  [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${texts.length * BAND}" font-family="'${FAMILY}', sans-serif">`,
    ...texts.map((t, i) => `<g transform="translate(0 ${i * BAND})">${t}</g>`),
    '</svg>',
  ].join('\n');

/** Drawn by resvg at twice the size, as the pictures are; with the font only when asked (outlines need none). */
function draw(svg: string, withFont: boolean): { width: number; height: number; pixels: Buffer } {
  const image = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    background: '#ffffff',
    font: withFont ? { fontFiles: [DEFAULT_PICTURE_FONT], loadSystemFonts: false, defaultFontFamily: FAMILY } : { loadSystemFonts: false },
  }).render();
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/** The box of the ink (pixels clearly darker than the white ground) in each band, in device pixels. */
function inkBoxes(image: { width: number; height: number; pixels: Buffer }, bands: number) {
  return Array.from({ length: bands }, (_, band) => {
    const box = { left: Infinity, top: Infinity, right: -Infinity, bottom: -Infinity };
    for (let y = band * BAND * 2; y < (band + 1) * BAND * 2; y++) {
      for (let x = 0; x < image.width; x++) {
        const i = (y * image.width + x) * 4;
        if (image.pixels[i] + image.pixels[i + 1] + image.pixels[i + 2] < 3 * 160) {
          box.left = Math.min(box.left, x);
          box.right = Math.max(box.right, x);
          box.top = Math.min(box.top, y);
          box.bottom = Math.max(box.bottom, y);
        }
      }
    }
    return box;
  });
}

const countTags = (svg: string, tag: string) => svg.split(`<${tag}`).length - 1;

describe(SvgTextOutliner.name, () => {
  const sut = SvgTextOutliner.open(DEFAULT_PICTURE_FONT, FAMILY);

  it('draws each text where resvg drew it: anchors, baselines, transforms, spans and white space', () => {
    const texts = [
      `<text x="40" y="50" font-size="24">城东街道 12</text>`,
      `<text x="210" y="40" font-size="24" text-anchor="middle" dominant-baseline="central">井溪镇（-6.2）</text>`,
      // As ECharts writes its labels: style, a transform, the y of a line.
      `<text dominant-baseline="central" text-anchor="end" style="font-size:24px;font-family:${FAMILY};" transform="translate(400 40)" fill="#1a1a1a">城南街道</text>`,
      `<text dominant-baseline="central" text-anchor="start" style="font-size:24px;font-family:${FAMILY};" xml:space="preserve" y="12" transform="translate(25 19)" fill="#555555">2026-11-07 至 2026-11-30\u3000共 9874 件</text>`,
      `<text dominant-baseline="central" text-anchor="middle" style="font-size:22px;" transform="matrix(0,-1,1,0,210,40)" fill="#333333">多少</text>`,
      `<text x="400" y="50" font-size="26" text-anchor="end">  多个   空格 A  B  </text>`,
      `<text x="20" y="50" font-size="26">名次<tspan fill="#c62828">红榜</tspan> 99.5<tspan dx="30">黑榜</tspan></text>`,
      `<text x="20" y="40" font-size="20" dominant-baseline="middle">Middle 中<tspan x="300" y="60" text-anchor="end">新行</tspan></text>`,
      `<text x="210" y="10" font-size="24" text-anchor="middle" dominant-baseline="hanging">&lt;&amp;&#39;挂&#x4E2D;</text>`,
    ];
    const svg = document(texts);
    const outlined = sut.outline(svg);
    expect(outlined).toMatchObject({ outlined: texts.length, kept: 0 });
    expect(countTags(outlined.svg, 'text')).toBe(0);
    expect(countTags(outlined.svg, 'path')).toBe(texts.length + 4); // a path per span: four in one text, two in another

    const byResvg = inkBoxes(draw(svg, true), texts.length);
    const byOutlines = inkBoxes(draw(outlined.svg, false), texts.length);
    byResvg.forEach((box, band) => {
      expect(Number.isFinite(box.left)).toBe(true); // resvg drew something there
      // Within a pixel and a half of the 2× picture: sub-pixel rounding, not a misplaced label.
      for (const side of ['left', 'top', 'right', 'bottom'] as const) {
        expect({ band, side, off: Math.abs(byOutlines[band][side] - box[side]) <= 1.5 }).toEqual({ band, side, off: true });
      }
    });
  });

  it('keeps the look of the text: its fill, opacity, class and transform go on the path', () => {
    const { svg } = sut.outline(document([`<text x="10" y="40" class="label" fill="#c62828" fill-opacity="0.5" transform="translate(3 4)" font-size="24" text-anchor="start">红</text>`]));
    expect(svg).toMatch(/<path d="M[^"]+" class="label" fill="#c62828" fill-opacity="0.5" transform="translate\(3 4\)"><\/path>/);
    expect(svg).not.toContain('font-size');
    expect(svg).not.toContain('text-anchor');
  });

  it('makes bold text bold with a stroke of its own colour, and keeps a halo under it', () => {
    const { svg } = sut.outline(
      document([
        `<text x="10" y="40" style="font-size:24px;font-weight:bold;" fill="#1a1a1a">标题</text>`,
        `<text x="10" y="40" font-size="48" font-weight="700" fill="#ffffff" stroke="#000000" stroke-width="4" paint-order="stroke">标题</text>`,
      ]),
    );
    expect(svg).toMatch(/<path d="[^"]+" fill="#1a1a1a" stroke="#1a1a1a" stroke-width="1" stroke-linejoin="round">/);
    // The halo's path as it was, then the emboldened fill over it.
    expect(svg).toMatch(/<path d="[^"]+" fill="#ffffff" stroke="#000000" stroke-width="4" paint-order="stroke"><\/path>/);
    expect(svg).toMatch(/<path d="[^"]+" fill="#ffffff" stroke="#ffffff" stroke-width="2" paint-order="normal" stroke-linejoin="round"/);
  });

  it('leaves a text with a character the font lacks as text, for resvg to try, and outlines the rest', () => {
    const lacking = String.fromCodePoint(0x1f600);
    const outlined = sut.outline(document([`<text x="10" y="40" font-size="24">井溪镇${lacking}</text>`, `<text x="10" y="40" font-size="24">井溪镇</text>`]));
    expect(outlined).toMatchObject({ outlined: 1, kept: 1 });
    expect(outlined.svg).toContain(`<text x="10" y="40" font-size="24">井溪镇${lacking}</text>`);
  });

  it('leaves text it does not lay out as text: per-character positions, letter spacing, italics, relative sizes', () => {
    const outlined = sut.outline(
      document([
        `<text x="10 30 50" y="40">甲乙丙</text>`,
        `<text x="10" y="40" letter-spacing="4">甲乙丙</text>`,
        `<text x="10" y="40" font-style="italic">甲乙丙</text>`,
        `<text x="10" y="40" font-size="2em">甲乙丙</text>`,
        `<text x="10" y="40"><textPath href="#p">甲乙丙</textPath></text>`,
      ]),
    );
    expect(outlined).toMatchObject({ outlined: 0, kept: 5 });
  });

  it('leaves everything else of the document as it was', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><style><![CDATA[.a > b {}]]></style><!-- note --><rect width="10" height="10" fill="#fff"></rect></svg>`;
    expect(sut.outline(svg)).toEqual({ svg, outlined: 0, kept: 0 });
  });
});
