import { Inject, Injectable } from '@nestjs/common';
import { addCalendarDays, DomainError, LEAGUE_GROUP_LABELS, LEAGUE_GROUPS, LEAGUE_LIST_LABELS, type LeagueGroup, type LeagueTable } from '@msz/domain';
import ExcelJS from 'exceljs';
import { PassThrough, type Readable } from 'node:stream';
import { DataSource, In, IsNull, Not } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { TimelineAnchorsService, type DailyAnchor } from '../integrity/timeline-anchors.service';
import { spreadsheetSafe } from '../exports/exports.service';
import { OutboxService } from '../notifications/outbox.service';
import { leagueLine } from '../notifications/templates';
import { PictureRenderer, type Picture } from '../pictures/picture-renderer';
import type { TableRow } from '../pictures/table-svg';
import { PublicationEntity } from '../publication/publication.entity';
import { PublicationService } from '../publication/publication.service';
import { StaffUserEntity } from '../units/staff-user.entity';
import { LeagueService, type LeagueWeek } from './league.service';

/** 2026-W49 → 2026年第49周 */
export function weekLabel(week: string): string {
  const [year, w] = week.split('-W');
  return `${year}年第${Number(w)}周`;
}

/** The standard that cost a row the most points, or null when it lost nothing. */
function costliest(row: LeagueTable['rows'][number]): string | null {
  const worst = [...row.standards].sort((a, b) => b.lost - a.lost)[0];
  return worst && worst.lost >= 0.05 ? worst.name : null;
}

/** The publication record's kind: one per week, so a week is found again and never published twice. */
const publicationKind = (week: string) => `weekly_list:${week}`;

/**
 * 红黑榜 publication: an approved week drawn as two pictures (towns, departments), published as an
 * article on the Official Account, and each ranked unit's leaders told their own line by template
 * message; and the same pictures and an xlsx for a city that publishes by hand.
 */
@Injectable()
export class LeaguePublicationService {
  /** One publication per week at a time in this process; the record guards across retries. */
  private readonly running = new Map<string, Promise<{ publication: PublicationEntity; published: boolean }>>();

  constructor(
    private readonly ds: DataSource,
    private readonly league: LeagueService,
    private readonly pictures: PictureRenderer,
    private readonly publications: PublicationService,
    private readonly outbox: OutboxService,
    private readonly anchors: TimelineAnchorsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Publishes an approved week. A week already published (or being published) is returned as it is
   * (`published: false`); one whose last attempt failed is tried again from the start.
   */
  publish(staff: StaffPrincipal, week: string): Promise<{ publication: PublicationEntity; published: boolean }> {
    const pending = this.running.get(week);
    if (pending) return pending;
    const run = this.publishOnce(staff, week).finally(() => this.running.delete(week));
    this.running.set(week, run);
    return run;
  }

  private async publishOnce(staff: StaffPrincipal, week: string): Promise<{ publication: PublicationEntity; published: boolean }> {
    const list = await this.league.week(staff, week);
    if (list.status !== 'approved') throw new DomainError('LEAGUE_NOT_APPROVED', `week ${week} must be approved before it is published`, { week });
    const kind = publicationKind(week);
    const repo = this.ds.getRepository(PublicationEntity);
    const earlier = await repo.findOne({ where: { kind, status: Not('failed') }, order: { createdAt: 'DESC' } });
    if (earlier) return { publication: await this.publications.refresh(earlier), published: false };

    const [towns, departments] = await Promise.all(LEAGUE_GROUPS.map((g) => this.draw(list, g)));
    const label = weekLabel(week);
    const publication = await this.publications.publishArticle({
      kind,
      title: `民声直达红黑榜（${label}）`,
      digest: digest(list),
      html:
        `<p>${label}（${list.from}至${list.to}）各乡镇（街道）和市级部门办理群众诉求的得分与排名，经民声直达办公室审定，现予公布。</p>` +
        `<p>红榜为得分最高的单位，黑榜为得分最低的单位。得分按响应速度、办理质量、群众满意度、重复投诉四个方面共12项标准计算。</p>` +
        `<h3>乡镇（街道）</h3>{{picture:0}}<h3>市级部门</h3>{{picture:1}}` +
        anchorsHtml(await this.weekAnchors(list)),
      pictures: [
        { png: towns.png, alt: `${label}乡镇（街道）红黑榜` },
        { png: departments.png, alt: `${label}市级部门红黑榜` },
      ],
      approvedBy: { id: staff.id, name: staff.name },
    });
    await this.tellLeaders(list);
    return { publication, published: true };
  }

  /** The week's sealed daily anchors, Monday to Sunday; a day not sealed yet is null. */
  private async weekAnchors(list: LeagueWeek): Promise<Array<{ day: string; anchor: DailyAnchor | null }>> {
    const days = Array.from({ length: 7 }, (_, i) => addCalendarDays(list.from, i)).filter((d) => d <= list.to);
    return Promise.all(days.map(async (day) => ({ day, anchor: await this.anchors.anchorFor(day) })));
  }

  /** Each ranked unit's leaders hear their own line; the key makes a retried publication send nothing twice. */
  private async tellLeaders(list: LeagueWeek): Promise<void> {
    const rows = list.tables.flatMap((t) => t.rows.map((row) => ({ row, of: t.rows.length })));
    if (rows.length === 0) return;
    const leaders = await this.ds
      .getRepository(StaffUserEntity)
      .findBy({ active: true, openid: Not(IsNull()), role: 'unit_leader', unitId: In(rows.map((r) => r.row.unitId)) });
    const label = weekLabel(list.week);
    await this.ds.transaction(async (m) => {
      for (const leader of leaders) {
        const { row, of } = rows.find((r) => r.row.unitId === leader.unitId)!;
        const body = leagueLine(this.config.wechat, {
          weekLabel: label,
          unitName: row.name,
          rank: row.rank,
          of,
          score: row.score,
          listLabel: row.list ? LEAGUE_LIST_LABELS[row.list] : '未上榜',
          costliest: costliest(row),
        });
        await this.outbox.enqueue(m, {
          kind: 'league_line',
          caseId: null,
          touser: leader.openid as string,
          channels: [{ via: 'template', body }],
          idempotencyKey: `league_line:${list.week}:${leader.id}`,
        });
      }
    });
  }

  /** One group's table as a picture for a phone: rank, unit, score, list, the top reason; red and black rows toned. */
  async picture(staff: StaffPrincipal, week: string, group: LeagueGroup): Promise<Picture & { approved: boolean }> {
    const list = await this.league.week(staff, week);
    return { ...(await this.draw(list, group)), approved: list.status === 'approved' };
  }

  private draw(list: LeagueWeek, group: LeagueGroup): Promise<Picture> {
    const table = list.tables.find((t) => t.group === group)!;
    const rows: TableRow[] = table.rows.map((r) => ({
      rank: r.rank,
      name: r.name,
      score: r.score.toFixed(1),
      list: r.list ? LEAGUE_LIST_LABELS[r.list] : '',
      reason: costliest(r) ? `${costliest(r)} 扣${[...r.standards].sort((a, b) => b.lost - a.lost)[0].lost.toFixed(1)}分` : '各项满分',
    }));
    const apart = table.nothingDue.length;
    return this.pictures.renderTable({
      title: `${LEAGUE_GROUP_LABELS[group]}红黑榜`,
      subtitle: `${weekLabel(list.week)}（${list.from}至${list.to}）${list.status === 'approved' ? '' : '　草稿，未审定'}`,
      columns: [
        // Narrow fixed columns leave the reason one line on a phone; a long department name wraps instead.
        { key: 'rank', label: '名次', align: 'center', width: 72 },
        { key: 'name', label: '单位', width: 180 },
        { key: 'score', label: '得分', align: 'right', width: 112 }, // 100.0 on one line
        { key: 'list', label: '榜单', align: 'center', width: 80 },
        { key: 'reason', label: '扣分最多' },
      ],
      rows: rows.length ? rows : [{ rank: '', name: '本周没有单位有到期诉求', score: '', list: '', reason: '' }],
      rowTone: (row) => (row.list === LEAGUE_LIST_LABELS.red ? 'red' : row.list === LEAGUE_LIST_LABELS.black ? 'black' : null),
      footer: `${apart ? `另有${apart}个单位本周无到期诉求，不参加排名。\n` : ''}${list.excludedCases.length ? `${list.excludedCases.length}件诉求的办理记录未通过防篡改校验，未计入。\n` : ''}民声直达办公室${list.approvedBy ? `，${list.approvedBy}审定` : ''}`,
    });
  }

  /** The week as an xlsx: one sheet per group, the 12 standards' points as columns, every cell a string. */
  async xlsx(staff: StaffPrincipal, week: string): Promise<Readable> {
    const { week: list, lines } = await this.league.lines(staff, week);
    const standards = this.league.standards().cores.flatMap((c) => c.standards);
    const out = new PassThrough();
    const write = async () => {
      const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
      for (const group of LEAGUE_GROUPS) {
        // Printed (or turned into PDF) landscape, one page wide: a leader reads a unit's whole line at once.
        const sheet = book.addWorksheet(LEAGUE_GROUP_LABELS[group], {
          views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }],
          pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
        });
        sheet.columns = [
          { header: '名次', width: 6 },
          { header: '单位', width: 16 },
          { header: '得分', width: 8 },
          { header: '榜单', width: 6 },
          { header: '到期件数', width: 9 },
          ...standards.map((s) => ({ header: `${s.name}（${s.weight}分）`, width: 2 * [...s.name].length + 8 })),
          { header: '扣分说明', width: 48 },
        ];
        for (const l of lines.filter((x) => x.group === group)) {
          const cells = [
            l.rank === null ? '' : String(l.rank),
            l.unitName,
            l.score === null ? '' : l.score.toFixed(1),
            l.listLabel,
            String(l.due),
            ...standards.map((s) => (l.points[s.code] === undefined ? '' : l.points[s.code].toFixed(1))),
            l.explanation,
          ];
          sheet.addRow(cells.map(spreadsheetSafe)).commit();
        }
        sheet.addRow([]).commit();
        sheet.addRow([`${weekLabel(list.week)}（${list.from}至${list.to}）${list.status === 'approved' ? `，${list.approvedBy ?? ''}审定` : '，草稿，未审定'}`]).commit();
        sheet.commit();
      }
      await book.commit();
    };
    write().catch((err: unknown) => out.destroy(err instanceof Error ? err : new Error(String(err))));
    return out;
  }
}

/**
 * 防篡改: the week's timeline anchors printed in the article, so a copy of them lives outside the
 * database, on the Official Account, where anyone can compare them with the platform's check page.
 */
function anchorsHtml(days: ReadonlyArray<{ day: string; anchor: DailyAnchor | null }>): string {
  const lines = days.map(({ day, anchor }) => `${day}：${anchor ? anchor.anchor : '尚未封存'}`);
  return (
    `<h3>办理记录锚定值</h3><p>本周每天全部诉求办理记录的锚定值（SHA-256）如下。记录一旦被改动，锚定值就对不上，可随时核验。</p>` +
    `<p style="font-family:monospace;font-size:12px;word-break:break-all">${lines.join('<br/>')}</p>`
  );
}

/** The feed's summary: how many were ranked and who is on each list, cut to WeChat's 120 characters. */
function digest(list: LeagueWeek): string {
  const names = (l: 'red' | 'black') => list.tables.flatMap((t) => t.rows.filter((r) => r.list === l).map((r) => r.name)).join('、') || '无';
  const count = (g: LeagueGroup) => list.tables.find((t) => t.group === g)?.rows.length ?? 0;
  const text = `本周共排名${count('town')}个乡镇（街道）、${count('department')}个市级部门。红榜：${names('red')}。黑榜：${names('black')}。`;
  return [...text].length > 120 ? `${[...text].slice(0, 119).join('')}…` : text;
}
