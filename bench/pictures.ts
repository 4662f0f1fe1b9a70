/**
 * pnpm bench:pictures [--repeat 20] [--out DIR] [--build]
 *
 * A benchmark, not a test: what drawing the server's pictures costs, without a database. It draws,
 * with the built server's own `PictureRenderer` and option builders, the pictures the platform
 * serves — the heat map as a towns × categories grid (the `.png` that `bench:analytics` times
 * through HTTP), the grid by sub-item (19 upright column names), the place map, and a weekly
 * 红黑榜 table — over the demo organisation's 31 towns and 92 villages and the default taxonomy.
 * Every run draws other counts (cold: nothing of the last picture can be reused), timed from the
 * option to the PNG. `--out DIR` writes the first picture of each kind there, to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { boundedInt, eachFlag } from './lib/cli';
import { machineCpuSeconds } from './lib/processes';
import { readyBuild, ROOT } from './lib/workspace';

type Domain = typeof import('../libs/domain/src');
type RendererModule = typeof import('../apps/server/src/modules/pictures/picture-renderer');
type HeatmapModule = typeof import('../apps/server/src/modules/analytics/heatmap');
type ConfigModule = typeof import('../apps/server/src/config/app-config');
type Heatmap = import('../apps/server/src/modules/analytics/heatmap').Heatmap;
type TableSpec = import('../apps/server/src/modules/pictures/table-svg').TableSpec;
type AppConfig = import('../apps/server/src/config/app-config').AppConfig;

const fromServer = createRequire(join(ROOT, 'apps/server/package.json'));
const built = <T>(p: string): T => fromServer(join(ROOT, 'apps/server/dist', p)) as T;

interface OrgUnit {
  code: string;
  name: string;
  level: string;
  parent?: string;
  center?: { lat: number; lng: number };
}

interface Options {
  repeat: number;
  out: string | null;
  build: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { repeat: 20, out: null, build: false };
  eachFlag(argv, (flag, value, arg) => {
    if (flag === '--repeat') opts.repeat = boundedInt('repeat', value(), 3, 1_000);
    else if (flag === '--out') opts.out = resolve(value() ?? '.');
    else if (flag === '--build') opts.build = true;
    else if (flag !== '--') throw new Error(`unknown argument ${arg} (use --repeat R, --out DIR, --build)`);
  });
  return opts;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (!readyBuild(opts.build)) return 1;
  const domain = fromServer('@msz/domain') as Domain;
  const { PictureRenderer } = built<RendererModule>('modules/pictures/picture-renderer.js');
  const { heatGridOption, placeMapOption } = built<HeatmapModule>('modules/analytics/heatmap.js');
  const { DEFAULT_PICTURE_FONT } = built<ConfigModule>('config/app-config.js');
  const units = fromServer(join(ROOT, 'apps/server/data/org/units.json')) as OrgUnit[];
  const towns = units.filter((u) => u.level === 'town');
  const places = units.filter((u) => (u.level === 'town' || u.level === 'village') && u.center);
  const departments = units.filter((u) => u.level === 'department');
  const taxonomy = domain.defaultTaxonomy();

  const before = machineCpuSeconds();
  await sleep(1000);
  const busy = machineCpuSeconds().busy - before.busy;
  console.log(`machine: ${os.cpus().length} cores, ${fmt(busy, 1)} busy with other work, load average ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}`);

  const sut = new PictureRenderer({ pictureFontFile: DEFAULT_PICTURE_FONT } as AppConfig);
  // One picture before timing: the process's first draw loads ECharts' and resvg's code.
  await sut.renderTable({ title: '预热', columns: [{ key: 'a', label: '甲' }], rows: [{ a: 1 }] });

  /** A heat map of other counts for each run: Zipf-like towns and columns, as the bench's cases are. */
  const heatmap = (run: number, by: 'category' | 'subItem'): Heatmap => {
    const rnd = domain.seededRandom(1000 + run);
    const columns = (by === 'category' ? taxonomy.categories : taxonomy.subItems).map((c) => ({ code: c.code, name: c.name }));
    if (by === 'category') columns.push({ code: 'unclassified', name: '未分类' });
    const rows = towns.map((t, i) => {
      const cells = columns.map((_, j) => Math.floor((rnd() * 900) / (1 + i / 4) / (1 + j / 2)));
      return { id: t.code, name: t.name, total: cells.reduce((a, b) => a + b, 0), cells };
    });
    rows.sort((a, b) => b.total - a.total);
    const located = places.map((p, i) => {
      const count = Math.floor((rnd() * 400) / (1 + i / 8));
      return { id: p.code, name: p.name, town: p.name, level: p.level as 'town' | 'village', lat: p.center!.lat, lng: p.center!.lng, count, topColumn: columns[0].name, topCount: count };
    });
    located.sort((a, b) => b.count - a.count);
    const total = rows.reduce((a, r) => a + r.total, 0);
    return { query: { from: '2026-11-07', to: '2026-12-06', groupBy: by }, columns, towns: rows, places: located, topColumns: [], total, unplaced: 0 };
  };

  /** The weekly 红黑榜 of the departments, shaped as the league's picture is (five columns, the reason wrapping). */
  const league = (run: number): TableSpec => {
    const rnd = domain.seededRandom(2000 + run);
    const reasons = ['按时签收率', '按时办结率', '满意率', '重复投诉率', '退单率'];
    const rows = departments
      .map((d) => ({ name: d.name, score: 60 + rnd() * 40, reason: reasons[Math.floor(rnd() * reasons.length)], lost: rnd() * 8 }))
      .sort((a, b) => b.score - a.score)
      .map((r, i, all) => ({
        rank: i + 1,
        name: r.name,
        score: r.score.toFixed(1),
        list: i < 3 ? '红榜' : i >= all.length - 3 ? '黑榜' : '',
        reason: r.score > 99 ? '各项满分' : `${r.reason} 扣${r.lost.toFixed(1)}分`,
      }));
    return {
      title: '市级部门红黑榜',
      subtitle: '2026年第49周（2026-11-30至2026-12-06）　草稿，未审定',
      columns: [
        { key: 'rank', label: '名次', align: 'center', width: 72 },
        { key: 'name', label: '单位', width: 180 },
        { key: 'score', label: '得分', align: 'right', width: 112 },
        { key: 'list', label: '榜单', align: 'center', width: 80 },
        { key: 'reason', label: '扣分最多' },
      ],
      rows,
      rowTone: (row) => (row.list === '红榜' ? 'red' : row.list === '黑榜' ? 'black' : null),
      footer: '另有2个单位本周无到期诉求，不参加排名。\n民声直达办公室',
    };
  };

  const kinds: Array<[string, string, (run: number) => Promise<{ png: Buffer; ms: number }>]> = [
    ['heat map grid, 31 towns × 5 categories (bench:analytics .png)', 'heatmap-grid', (run) => {
      const b = heatGridOption(heatmap(run, 'category'), '民生诉求热力图');
      return sut.renderChart(b.option, { height: b.height });
    }],
    ['heat map grid, 31 towns × 19 sub-items', 'heatmap-subitems', (run) => {
      const b = heatGridOption(heatmap(run, 'subItem'), '民生诉求热力图');
      return sut.renderChart(b.option, { height: b.height });
    }],
    ['place map, 123 places, 12 named', 'heatmap-places', (run) => {
      const b = placeMapOption(heatmap(run, 'category'), '诉求分布图');
      return sut.renderChart(b.option, { height: b.height });
    }],
    ['红黑榜 table, 45 departments', 'league-table', (run) => sut.renderTable(league(run))],
  ];

  if (opts.out) mkdirSync(opts.out, { recursive: true });
  console.log(`${opts.repeat} runs each, other counts every run (cold), option → PNG, ms:`);
  console.log('| picture | p50 | p95 | max | PNG |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [label, file, draw] of kinds) {
    const ms: number[] = [];
    let size = 0;
    for (let run = 0; run < opts.repeat; run++) {
      const started = performance.now();
      const picture = await draw(run);
      ms.push(performance.now() - started);
      size = picture.png.length;
      if (run === 0 && opts.out) writeFileSync(join(opts.out, `${file}.png`), picture.png);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
    console.log(`| ${label} | ${fmt(at(0.5))} | ${fmt(at(0.95))} | ${fmt(ms[ms.length - 1])} | ${fmt(size / 1024)} kB |`);
  }
  if (opts.out) console.log(`pictures written to ${opts.out}`);
  console.log(`load average after: ${os.loadavg().map((l) => fmt(l, 1)).join(' ')}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
