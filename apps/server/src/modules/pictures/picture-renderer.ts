import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { renderAsync } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { existsSync } from 'node:fs';
import { AppError } from '../../common/errors/app-error';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { SvgTextOutliner, type OutlinedSvg } from './svg-text-outliner';
import { tableSvg, type TableSpec } from './table-svg';

/** A picture the server drew: the PNG to send, and how long it took (for the logs and the bench). */
export interface Picture {
  png: Buffer;
  width: number;
  height: number;
  ms: number;
}

/** The family name inside fonts-wqy-microhei; another font file brings its own, which resvg falls back to. */
const FONT_FAMILY = 'WenQuanYi Micro Hei';
/** Pictures are laid out 750 logical pixels wide (a phone's width in WeChat's rpx) and drawn at twice that, sharp on any screen. */
export const PICTURE_WIDTH = 750;
const SCALE = 2;

/**
 * Draws the pictures leaders read on their phones and the city publishes: ECharts rendered on the
 * server (SVG, no browser), and tables, both turned into PNG by resvg with the configured CJK font.
 * The text is drawn as outlines from that font, parsed once per process (resvg's own text layout
 * cost 2–3 ms a label); what the font cannot outline stays text for resvg. Without the font every
 * Chinese character would be lost, so a missing font is said at start and refused at render.
 */
@Injectable()
export class PictureRenderer implements OnModuleInit {
  private readonly logger = new Logger(PictureRenderer.name);
  private outliner: SvgTextOutliner | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  onModuleInit(): void {
    if (!existsSync(this.config.pictureFontFile)) this.logger.error(this.fontMissing());
  }

  /** An ECharts option drawn at `width` × `height` logical pixels. */
  async renderChart(option: echarts.EChartsCoreOption, size: { width?: number; height: number }): Promise<Picture> {
    const started = performance.now();
    return this.toPng(this.chartSvg(option, size), started);
  }

  /** An ECharts option as the SVG document ECharts renders on the server (text as text). */
  chartSvg(option: echarts.EChartsCoreOption, size: { width?: number; height: number }): string {
    const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: size.width ?? PICTURE_WIDTH, height: size.height });
    try {
      chart.setOption({ animation: false, textStyle: { fontFamily: FONT_FAMILY }, backgroundColor: '#ffffff', ...option });
      return chart.renderToSVGString();
    } finally {
      chart.dispose();
    }
  }

  /** A table (e.g. the weekly red and black list): title, header, rows, red and black rows coloured. */
  async renderTable(spec: TableSpec): Promise<Picture> {
    const started = performance.now();
    // Laid out with the widths of the font it is drawn with, so that a cell wraps only when its text does not fit.
    const font = this.textOutliner();
    return this.toPng(tableSvg(spec, (text, size) => font.advance(text, size)), started);
  }

  /** Any SVG document the renderer made, as PNG at twice its width; rasterised off the event loop (resvg's thread pool). */
  private async toPng(svg: string, started: number): Promise<Picture> {
    const outlined = this.outline(svg);
    const image = await renderAsync(outlined.svg, {
      fitTo: { mode: 'zoom', value: SCALE },
      background: '#ffffff',
      // resvg reads the font file on every render: only when some text was left for it to lay out.
      font:
        outlined.kept > 0
          ? { fontFiles: [this.config.pictureFontFile], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY }
          : { loadSystemFonts: false },
    });
    const png = image.asPng();
    return { png, width: image.width, height: image.height, ms: Math.round(performance.now() - started) };
  }

  /** The SVG as it is handed to resvg: its text outlined with the picture font (refused without the font). */
  outline(svg: string): OutlinedSvg {
    return this.textOutliner().outline(svg);
  }

  /** The picture font, parsed once (refused when the file is missing). */
  private textOutliner(): SvgTextOutliner {
    if (!existsSync(this.config.pictureFontFile)) throw new AppError('PICTURE_FONT_MISSING', this.fontMissing());
    this.outliner ??= SvgTextOutliner.open(this.config.pictureFontFile, FONT_FAMILY);
    return this.outliner;
  }

  private fontMissing(): string {
    return `the picture font ${this.config.pictureFontFile} does not exist: install fonts-wqy-microhei (apt-get install fonts-wqy-microhei) or set PICTURE_FONT_FILE to a font file with Chinese glyphs; without it pictures would have no text`;
  }
}
