import { Injectable } from '@nestjs/common';
import {
  addCalendarDays,
  chinaDate,
  DEFAULT_WHERE_TO_SIT_WEIGHTS,
  DomainError,
  endOfChinaDay,
  findSubItem,
  isoWeek,
  isoWeekDays,
  isWeek,
  OPEN_STATUSES,
  whereToSit,
  type VillageFacts,
  type VillageTopicSignal,
} from '@msz/domain';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { AppError } from '../../common/errors/app-error';
import { TaxonomyService } from '../taxonomy/taxonomy.service';
import type { WhereToSitDto, WhereToSitQuery } from './dto/where-to-sit.dto';

/** Channels a resident uses alone, from a phone: what a village with many elderly may not reach. */
const ONLINE_CHANNELS = ['wechat_oa', 'miniprogram'];
const OPEN = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * 下一场板凳会坐哪里: reads aggregates of the cases placed in each village (open, overdue, unsatisfied,
 * repeated, online), the towns' live area warnings and the meetings held lately, and lets the domain rank them.
 * Open and overdue are counted as they stand now; a past week's list is therefore today's view of that window.
 */
@Injectable()
export class WhereToSitService {
  constructor(
    private readonly ds: DataSource,
    private readonly taxonomy: TaxonomyService,
  ) {}

  async list(staff: StaffPrincipal, q: WhereToSitQuery, now = new Date()): Promise<WhereToSitDto> {
    const week = q.week ?? isoWeek(chinaDate(now));
    if (!isWeek(week)) throw new DomainError('PERIOD_INVALID', `no such ISO week: ${week}`);
    const towns = await this.townsFor(staff, q.townId);
    const weights = DEFAULT_WHERE_TO_SIT_WEIGHTS;
    const weekEnd = endOfChinaDay(isoWeekDays(week).to);
    const asOf = weekEnd < now ? weekEnd : now;
    const to = chinaDate(asOf);
    const from = addCalendarDays(to, -(weights.weeks * 7 - 1));
    const since = new Date(`${from}T00:00:00+08:00`);
    const visitedSince = new Date(asOf.getTime() - weights.visited.weeks * 7 * 86_400_000);
    const townIds = towns.map((t) => t.id);

    const villages: Array<{
      id: string;
      name: string;
      town_id: string;
      elderly: number | null;
      online: string;
      visited: boolean;
    }> = await this.ds.query(
      `SELECT v.id, v.name, v.parent_id AS town_id, v.elderly,
              (SELECT count(*) FROM case_file c
                WHERE c.place_unit_id = v.id AND c.channel = ANY($2) AND c.accepted_at >= $3 AND c.accepted_at <= $4
                  AND c.status NOT IN ('invalid', 'merged')) AS online,
              EXISTS (SELECT 1 FROM bench_meeting m
                WHERE m.village_unit_id = v.id AND m.status IN ('held', 'closed') AND m.held_at >= $5 AND m.held_at <= $4) AS visited
         FROM unit v WHERE v.level = 'village' AND v.parent_id = ANY($1)`,
      [townIds, ONLINE_CHANNELS, since, asOf, visitedSince],
    );
    // A case is the village's when it is placed there, or when the village itself handles it.
    const rows: Array<{
      village_id: string;
      sub_item: string;
      open: string;
      overdue: string;
      unsatisfied: string;
      repeats: string;
    }> = await this.ds.query(
      `SELECT v.id AS village_id, c.sub_item,
              count(*) FILTER (WHERE c.status IN (${OPEN})) AS open,
              count(*) FILTER (WHERE c.status IN (${OPEN}) AND c.close_by < $4) AS overdue,
              count(*) FILTER (WHERE c.revisit_rating = 'unsatisfied' AND c.accepted_at >= $2) AS unsatisfied,
              count(COALESCE(c.resident_openid, c.resident_phone)) FILTER (WHERE c.accepted_at >= $2)
                - count(DISTINCT COALESCE(c.resident_openid, c.resident_phone)) FILTER (WHERE c.accepted_at >= $2) AS repeats
         FROM case_file c JOIN unit v ON v.id = COALESCE(c.place_unit_id, c.unit_id) AND v.level = 'village'
        WHERE v.parent_id = ANY($1) AND c.sub_item IS NOT NULL AND c.status NOT IN ('invalid', 'merged')
          AND c.accepted_at <= $3 AND (c.status IN (${OPEN}) OR c.accepted_at >= $2)
        GROUP BY v.id, c.sub_item`,
      [townIds, since, asOf, asOf],
    );
    const warnings: Array<{ town_id: string | null; category: string }> = await this.ds.query(
      `SELECT DISTINCT town_id, category FROM area_warning
        WHERE status <> 'closed' AND raised_at <= $2 AND (town_id = ANY($1) OR scope = 'city')`,
      [townIds, asOf],
    );

    const taxonomy = this.taxonomy.current();
    const townOf = new Map(villages.map((v) => [v.id, v.town_id]));
    const warned = (villageId: string, subItem: string) => warnings.some((w) => w.category === subItem && (w.town_id === null || w.town_id === townOf.get(villageId)));
    const facts: VillageFacts[] = villages.map((v) => ({
      townId: v.town_id,
      villageId: v.id,
      villageName: v.name,
      elderly: v.elderly,
      onlineDemands: Number(v.online),
      visitedLately: v.visited,
    }));
    const signals: VillageTopicSignal[] = rows.map((r) => ({
      villageId: r.village_id,
      topic: r.sub_item,
      topicName: findSubItem(taxonomy, r.sub_item)?.name ?? r.sub_item,
      open: Number(r.open),
      overdue: Number(r.overdue),
      unsatisfied: Number(r.unsatisfied),
      repeats: Number(r.repeats),
      warning: warned(r.village_id, r.sub_item),
    }));
    const ranked = new Map(whereToSit(facts, signals, weights).map((t) => [t.townId, t.entries]));
    return {
      week,
      from,
      to,
      towns: towns.map((t) => ({
        townId: t.id,
        townName: t.name,
        entries: (ranked.get(t.id) ?? []).map((e) => ({
          ...e,
          reasons: [...e.reasons],
        })),
      })),
    };
  }

  /** A town's unit leader and staff see their town; the office, city leaders and inspectors any town. */
  private async townsFor(staff: StaffPrincipal, townId: string | undefined): Promise<Array<{ id: string; name: string }>> {
    const all: Array<{ id: string; name: string }> = await this.ds.query(`SELECT id, name FROM unit WHERE level = 'town' ORDER BY code`);
    switch (staff.role) {
      case 'dispatcher':
      case 'city_leader':
      case 'inspector': {
        if (townId === undefined) return all;
        const one = all.filter((t) => t.id === townId);
        if (one.length === 0) throw new AppError('NOT_FOUND', 'no such town');
        return one;
      }
      case 'handler':
      case 'unit_leader': {
        const own = all.filter((t) => t.id === staff.unitId);
        if (own.length === 0 || (townId !== undefined && townId !== staff.unitId)) throw new AppError('FORBIDDEN', 'only the office, leaders and a town’s own staff see where to sit next');
        return own;
      }
      case 'admin':
        throw new AppError('FORBIDDEN', 'only the office, leaders and a town’s own staff see where to sit next');
    }
  }
}
