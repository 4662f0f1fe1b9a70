import { Injectable } from '@nestjs/common';
import { splitMonths } from '@msz/domain';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import type { StaffPrincipal } from '../../common/auth/principal';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import { UnitEntity } from '../units/unit.entity';
import { PictureCache } from '../pictures/picture-cache';
import { PictureRenderer, type Picture } from '../pictures/picture-renderer';
import { PublicationService } from '../publication/publication.service';
import type { PublicationEntity } from '../publication/publication.entity';
import { heatGridOption, heatmapArticle, placeMapOption, type Heatmap, type HeatmapPlace, type HeatmapQuery, type HeatmapTown } from './heatmap';

interface CountRow {
  place_id: string | null;
  sub_item: string | null;
  n: string;
}

/** Who may see which cases on the heat map: all of them, the places of one town, or one department's cases. */
type Scope = { kind: 'all' } | { kind: 'places'; ids: string[] } | { kind: 'handledBy'; ids: string[] };

/**
 * 民生诉求热力图: demands counted by place (town and village) and sub-item, summed in SQL from the
 * heat map's daily and monthly rollups (heatmap_daily, heatmap_monthly: kept with the indicators
 * from the timeline, so it lags the cases by the rollup job's minute), then folded into towns and
 * categories here — a few thousand groups at most, however many cases. Reads only.
 */
@Injectable()
export class HeatmapService {
  /**
   * Drawing the picture costs several times reading its data (rasterising a grid of a few hundred
   * cells at 1500 pixels), and leaders open the same picture again and again between two passes of
   * the rollup job: the PNG of the same data is drawn once.
   */
  private readonly drawn = new PictureCache(32, 5 * 60_000);

  constructor(
    private readonly ds: DataSource,
    private readonly taxonomy: TaxonomyService,
    private readonly pictures: PictureRenderer,
    private readonly publications: PublicationService,
  ) {}

  /** Publishes the city-wide heat map of a period on the Official Account, as approved by `by`. */
  async publish(q: HeatmapQuery, by: StaffPrincipal): Promise<PublicationEntity> {
    const heatmap = await this.heatmap(q);
    const [grid, map] = await Promise.all([this.draw(heatmap, 'grid'), this.draw(heatmap, 'map')]);
    const article = heatmapArticle(heatmap);
    return this.publications.publishArticle({
      kind: 'heatmap',
      ...article,
      pictures: [
        { png: grid.png, alt: '各乡镇各类诉求数量热力图' },
        { png: map.png, alt: '各村（社区）诉求分布图' },
      ],
      approvedBy: { id: by.id, name: by.name },
    });
  }

  /** The heat map drawn: the towns × categories grid, or the places on their coordinates. */
  async picture(q: HeatmapQuery, view: 'grid' | 'map', viewer: StaffPrincipal | null = null): Promise<Picture & { cached: boolean; heatmap: Heatmap; period: string }> {
    const heatmap = await this.heatmap(q, viewer);
    return { ...(await this.draw(heatmap, view)), heatmap, period: q.from === q.to ? q.from : `${q.from}_${q.to}` };
  }

  /** A computed heat map as a picture; titled with the town and category it was narrowed to. */
  draw(heatmap: Heatmap, view: 'grid' | 'map'): Promise<Picture & { cached: boolean }> {
    const q = heatmap.query;
    const town = q.townId ? heatmap.towns.find((t) => t.id === q.townId)?.name : undefined;
    const category = q.category ? this.taxonomy.current().categories.find((c) => c.code === q.category)?.name : undefined;
    const prefix = [town, category].filter(Boolean).join('·');
    // The picture is drawn from these alone: the view, its title and the heat map's data.
    return this.drawn.get(PictureCache.keyOf({ view, prefix, heatmap }), () => {
      const built = view === 'map' ? placeMapOption(heatmap, `${prefix}诉求分布图`) : heatGridOption(heatmap, `${prefix}民生诉求热力图`);
      return this.pictures.renderChart(built.option, { height: built.height });
    });
  }

  async heatmap(q: HeatmapQuery, viewer: StaffPrincipal | null = null): Promise<Heatmap> {
    const taxonomy = this.taxonomy.current();
    // The organisation is small (hundreds of units): read whole, once per request.
    const units = await this.ds.getRepository(UnitEntity).find();
    const byId = new Map(units.map((u) => [u.id, u]));
    const townOf = (u: UnitEntity): UnitEntity | undefined => (u.level === 'town' ? u : u.level === 'village' && u.parentId ? byId.get(u.parentId) : undefined);

    if (q.category && !taxonomy.categories.some((c) => c.code === q.category)) {
      throw new AppError('INVALID_INPUT', `没有这个分类：${q.category}`);
    }
    if (q.townId && byId.get(q.townId)?.level !== 'town') throw new AppError('INVALID_INPUT', '没有这个乡镇');

    const scope = this.scope(viewer, units, byId);
    const placesOfTown = (townId: string) => units.filter((u) => u.id === townId || (u.level === 'village' && u.parentId === townId)).map((u) => u.id);

    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (q.category) add((n) => `sub_item = ANY($${n})`, taxonomy.subItems.filter((s) => s.category === q.category).map((s) => s.code));
    if (q.kind) add((n) => `kind = $${n}`, q.kind);
    if (q.channel) add((n) => `channel = $${n}`, q.channel);
    // A case's place is where the resident said it is; failing that, the town or village that handles it (the rollup's place_id).
    if (q.townId) add((n) => `place_id = ANY($${n}::uuid[])`, placesOfTown(q.townId));
    if (scope.kind === 'places') add((n) => `place_id = ANY($${n}::uuid[])`, scope.ids);
    if (scope.kind === 'handledBy') add((n) => `unit_id = ANY($${n}::uuid[])`, scope.ids);

    // Read from the heat map's rollups (kept by the indicator rollup job from the timeline): the
    // whole months inside the period from the monthly rows, the days at either end from the daily ones.
    const split = splitMonths(q.from, q.to);
    const parts: string[] = [];
    const select = (table: string, column: string, ranges: Array<[string, string]>) => {
      const between = ranges.map(([a, b]) => `${column} BETWEEN $${params.push(a)}::date AND $${params.push(b)}::date`).join(' OR ');
      parts.push(`SELECT place_id, sub_item, sum(cases)::bigint AS n FROM ${table} WHERE ${[...where, `(${between})`].join(' AND ')} GROUP BY 1, 2`);
    };
    if (split.days.length) select('heatmap_daily', 'day', split.days);
    if (split.months) select('heatmap_monthly', 'month', [split.months]);
    const rows: CountRow[] = (await this.ds.query(parts.join(' UNION ALL '), params)).filter((r: CountRow) => Number(r.n) !== 0);

    const columns =
      q.groupBy === 'subItem'
        ? taxonomy.subItems.filter((s) => !q.category || s.category === q.category).map((s) => ({ code: s.code, name: s.name }))
        : taxonomy.categories.filter((c) => !q.category || c.code === q.category).map((c) => ({ code: c.code, name: c.name }));
    const unclassified = { code: 'unclassified', name: '未分类' };
    const columnOf = (subItem: string | null): string => {
      const s = subItem ? taxonomy.subItems.find((x) => x.code === subItem) : undefined;
      if (!s) return unclassified.code;
      return q.groupBy === 'subItem' ? s.code : s.category;
    };
    if (!q.category && rows.some((r) => columnOf(r.sub_item) === unclassified.code)) columns.push(unclassified);
    const index = new Map(columns.map((c, i) => [c.code, i]));

    let total = 0;
    let unplaced = 0;
    const towns = new Map<string, HeatmapTown>();
    const places = new Map<string, { unit: UnitEntity; town: UnitEntity; cells: number[]; count: number }>();
    const columnTotals = columns.map(() => 0);
    for (const row of rows) {
      const n = Number(row.n);
      total += n;
      const col = index.get(columnOf(row.sub_item));
      if (col !== undefined) columnTotals[col] += n;
      const unit = row.place_id ? byId.get(row.place_id) : undefined;
      const town = unit ? townOf(unit) : undefined;
      if (!unit || !town || col === undefined) {
        unplaced += n;
        continue;
      }
      const t = towns.get(town.id) ?? { id: town.id, name: town.name, total: 0, cells: columns.map(() => 0) };
      t.total += n;
      t.cells[col] += n;
      towns.set(town.id, t);
      const p = places.get(unit.id) ?? { unit, town, cells: columns.map(() => 0), count: 0 };
      p.count += n;
      p.cells[col] += n;
      places.set(unit.id, p);
    }
    // A town asked for is shown even with nothing in it: "nothing" is an answer too.
    const askedTown = q.townId ?? (scope.kind === 'places' ? scope.ids.find((id) => byId.get(id)?.level === 'town') : undefined);
    if (askedTown && !towns.has(askedTown)) {
      const t = byId.get(askedTown) as UnitEntity;
      towns.set(t.id, { id: t.id, name: t.name, total: 0, cells: columns.map(() => 0) });
    }

    const placeList: HeatmapPlace[] = [...places.values()].map(({ unit, town, cells, count }) => {
      const best = cells.reduce((b, v, i) => (v > cells[b] ? i : b), 0);
      return {
        id: unit.id,
        name: unit.name,
        town: town.name,
        level: unit.level as 'town' | 'village',
        lat: unit.centerLat,
        lng: unit.centerLng,
        count,
        topColumn: cells[best] > 0 ? columns[best].name : null,
        topCount: cells[best],
      };
    });
    const byCount = <T extends { name: string }>(count: (x: T) => number) => (a: T, b: T) => count(b) - count(a) || a.name.localeCompare(b.name, 'zh');

    return {
      query: q,
      columns,
      towns: [...towns.values()].sort(byCount((t) => t.total)),
      places: placeList.sort(byCount((p) => p.count)),
      topColumns: columns.map((c, i) => ({ ...c, count: columnTotals[i] })).filter((c) => c.count > 0).sort(byCount((c) => c.count)),
      total,
      unplaced,
    };
  }

  /** Leaders, the office and inspectors see everything; a unit leader sees their town's places, or their department's cases. */
  private scope(viewer: StaffPrincipal | null, units: UnitEntity[], byId: Map<string, UnitEntity>): Scope {
    if (!viewer || viewer.role !== 'unit_leader') return { kind: 'all' };
    const own = byId.get(viewer.unitId);
    if (!own) return { kind: 'places', ids: [] };
    if (own.level === 'department') {
      // A department and the bodies under it (e.g. a traffic police brigade under public security).
      const ids = new Set([own.id]);
      for (let grew = true; grew; ) {
        grew = false;
        for (const u of units) if (u.level === 'department' && u.parentId && ids.has(u.parentId) && !ids.has(u.id)) grew = Boolean(ids.add(u.id));
      }
      return { kind: 'handledBy', ids: [...ids] };
    }
    // A regional sub-centre's leader sees its towns; a village's, their town.
    const towns = new Set(
      own.level === 'town' ? [own.id] : own.level === 'village' && own.parentId ? [own.parentId] : units.filter((u) => u.level === 'town' && u.parentId === own.id).map((u) => u.id),
    );
    return { kind: 'places', ids: units.filter((u) => towns.has(u.id) || (u.level === 'village' && u.parentId !== null && towns.has(u.parentId))).map((u) => u.id) };
  }
}
