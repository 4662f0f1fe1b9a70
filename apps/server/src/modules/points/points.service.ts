import { Injectable } from '@nestjs/common';
import {
  affordable,
  awardMove,
  checkCatalogueItem,
  checkCriteria,
  checkIdempotencyKey,
  correctionMove,
  DomainError,
  FIVE_RESPONSIBILITIES,
  planRedemption,
  replayOrConflict,
  scoreReview,
  type CatalogueItemInput,
  type ReviewCriterion,
} from '@msz/domain';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { ResidentPrincipal, StaffPrincipal } from '../../common/auth/principal';
import { AppError, notFound } from '../../common/errors/app-error';
import { UnitEntity } from '../units/unit.entity';
import { CatalogueItemEntity, HouseholdEntity, HouseholdMemberEntity, PointsEntryEntity, VillageCriteriaEntity } from './points.entities';
import { assertVillageReader, assertVillageWriter } from './points-scope';

export interface MemberInput {
  name: string;
  phone?: string;
  isHead?: boolean;
}

export interface HouseholdView {
  household: HouseholdEntity;
  members: HouseholdMemberEntity[];
}

export interface RedemptionResult {
  redemptionId: string;
  entryId: string;
  householdId: string;
  itemId: string;
  quantity: number;
  points: number;
  balance: number;
  stock: number;
}

export interface ReviewResult {
  reviewId: string;
  awards: Array<{ householdId: string; points: number; balance: number; entryId: string }>;
}

export interface CorrectionResult {
  entryId: string;
  householdId: string;
  delta: number;
  balance: number;
}

/** A hash of what an operation asked for, so a retry with the same key is recognised and a reuse refused. */
const fingerprint = (kind: string, body: unknown): string => createHash('sha256').update(kind).update(JSON.stringify(body)).digest('hex');

/** The rows of a statement: UPDATE … RETURNING is wrapped in a CTE so every statement answers with rows alone. */
type Rows<T> = T[];

@Injectable()
export class PointsService {
  constructor(private readonly ds: DataSource) {}

  // ---- households -------------------------------------------------------------------------

  async createHousehold(staff: StaffPrincipal, villageId: string, input: { name: string; address?: string; members: MemberInput[] }): Promise<HouseholdView> {
    assertVillageWriter(staff, villageId);
    await this.village(villageId);
    return this.ds.transaction(async (m) => {
      const household = await m.save(m.create(HouseholdEntity, { villageId, name: input.name.trim(), address: input.address?.trim() ?? '' }));
      const members = await m.save(input.members.map((mem) => m.create(HouseholdMemberEntity, { householdId: household.id, name: mem.name.trim(), phone: mem.phone ?? null, isHead: mem.isHead ?? false })));
      return { household, members };
    });
  }

  async addMember(staff: StaffPrincipal, householdId: string, input: MemberInput): Promise<HouseholdView> {
    const household = await this.household(householdId);
    assertVillageWriter(staff, household.villageId);
    await this.ds.getRepository(HouseholdMemberEntity).save({ householdId, name: input.name.trim(), phone: input.phone ?? null, isHead: input.isHead ?? false });
    return this.view(household);
  }

  /** A village's households, by name, phone digits or member name (the station's search box). */
  async searchHouseholds(staff: StaffPrincipal, villageId: string, q: string | undefined): Promise<HouseholdView[]> {
    assertVillageReader(staff, villageId);
    const term = q?.trim() ? `%${q.trim().replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
    const households: HouseholdEntity[] = await this.ds
      .getRepository(HouseholdEntity)
      .createQueryBuilder('h')
      .where('h.village_id = :villageId', { villageId })
      .andWhere(term ? `(h.name LIKE :term OR h.address LIKE :term OR EXISTS (SELECT 1 FROM household_member mm WHERE mm.household_id = h.id AND (mm.name LIKE :term OR mm.phone LIKE :term)))` : 'TRUE', { term })
      .orderBy('h.name')
      .limit(50)
      .getMany();
    return this.withMembers(households);
  }

  async getHousehold(staff: StaffPrincipal, householdId: string): Promise<{ view: HouseholdView; entries: PointsEntryEntity[] }> {
    const household = await this.household(householdId);
    assertVillageReader(staff, household.villageId);
    return { view: await this.view(household), entries: await this.entries(householdId) };
  }

  // ---- review criteria and reviews ------------------------------------------------------

  async criteria(staff: StaffPrincipal, villageId: string): Promise<ReviewCriterion[]> {
    assertVillageReader(staff, villageId);
    return this.criteriaOf(villageId);
  }

  async setCriteria(staff: StaffPrincipal, villageId: string, items: ReviewCriterion[]): Promise<ReviewCriterion[]> {
    assertVillageWriter(staff, villageId);
    await this.village(villageId);
    const criteria = checkCriteria(items);
    await this.ds.getRepository(VillageCriteriaEntity).save({ villageId, criteria, updatedAt: new Date() });
    return criteria;
  }

  /**
   * A village review: each household's points for the criteria it met, as award entries, in one
   * transaction. Households are locked in id order so two reviews never deadlock.
   */
  async recordReview(staff: StaffPrincipal, villageId: string, input: { key: string; title: string; heldOn: string; results: Array<{ householdId: string; met: string[] }> }): Promise<ReviewResult> {
    assertVillageWriter(staff, villageId);
    const key = checkIdempotencyKey(input.key);
    const criteria = await this.criteriaOf(villageId);
    const scores = scoreReview(criteria, input.results);
    const print = fingerprint('review', { villageId, title: input.title, heldOn: input.heldOn, results: input.results });
    return this.once<ReviewResult>(key, print, async (m) => {
      const ids = input.results.map((r) => r.householdId);
      const found: Rows<{ id: string }> = await m.query(`SELECT id FROM household WHERE id = ANY($1::uuid[]) AND village_id = $2`, [ids, villageId]);
      if (found.length !== new Set(ids).size) throw new DomainError('REVIEW_INVALID', 'a household is not of this village');
      const [review]: Rows<{ id: string }> = await m.query(
        `INSERT INTO village_review (village_id, title, held_on, criteria, results, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [villageId, input.title.trim(), input.heldOn, JSON.stringify(criteria), JSON.stringify(input.results), staff.id],
      );
      const awards: ReviewResult['awards'] = [];
      for (const s of [...scores].sort((a, b) => a.householdId.localeCompare(b.householdId))) {
        const move = awardMove(s.points);
        const entry = await this.append(m, s.householdId, move.kind, move.delta, `${input.title.trim()}：${s.note}`, staff.id, { reviewId: review.id });
        awards.push({ householdId: s.householdId, points: s.points, balance: entry.balance, entryId: entry.id });
      }
      return { reviewId: review.id, awards };
    });
  }

  /** A counter-entry for a mistaken award or redemption; the original stays as it was. */
  async correct(staff: StaffPrincipal, householdId: string, input: { key: string; entryId: string; delta: number; reason: string }): Promise<CorrectionResult> {
    const household = await this.household(householdId);
    assertVillageWriter(staff, household.villageId);
    const key = checkIdempotencyKey(input.key);
    const print = fingerprint('correction', { householdId, entryId: input.entryId, delta: input.delta, reason: input.reason });
    return this.once<CorrectionResult>(key, print, async (m) => {
      const [original]: Rows<{ id: string; delta: number; kind: string }> = await m.query(`SELECT id, delta, kind FROM points_entry WHERE id = $1 AND household_id = $2`, [input.entryId, householdId]);
      if (!original || original.kind === 'correction') throw notFound('ledger entry');
      // What is left to correct: the original less every correction already made to it.
      const [{ corrected }]: Rows<{ corrected: number }> = await m.query(`SELECT COALESCE(SUM(delta), 0)::int AS corrected FROM points_entry WHERE corrects_entry_id = $1`, [original.id]);
      const move = correctionMove({ id: original.id, delta: original.delta + corrected }, input.delta, input.reason);
      const entry = await this.append(m, householdId, move.kind, move.delta, `更正：${input.reason.trim()}`, staff.id, { correctsEntryId: original.id });
      return { entryId: entry.id, householdId, delta: move.delta, balance: entry.balance };
    });
  }

  // ---- the station: catalogue and redemption --------------------------------------------

  async catalogue(staff: StaffPrincipal, villageId: string): Promise<CatalogueItemEntity[]> {
    assertVillageReader(staff, villageId);
    return this.ds.getRepository(CatalogueItemEntity).find({ where: { villageId }, order: { pointsPrice: 'ASC', name: 'ASC' } });
  }

  async addItem(staff: StaffPrincipal, villageId: string, input: CatalogueItemInput): Promise<CatalogueItemEntity> {
    assertVillageWriter(staff, villageId);
    await this.village(villageId);
    const item = checkCatalogueItem(input);
    return this.ds.getRepository(CatalogueItemEntity).save({ villageId, ...item, active: true });
  }

  /** Stock arrives or is counted again: a signed change that never takes the shelf below zero. */
  async restock(staff: StaffPrincipal, itemId: string, change: number): Promise<CatalogueItemEntity> {
    const item = await this.ds.getRepository(CatalogueItemEntity).findOneBy({ id: itemId });
    if (!item) throw notFound('item');
    assertVillageWriter(staff, item.villageId);
    if (!Number.isInteger(change) || change === 0) throw new DomainError('CATALOGUE_ITEM_INVALID', 'a stock change is a non-zero whole number');
    const [row]: Rows<{ stock: number }> = await this.ds.query(`WITH u AS (UPDATE catalogue_item SET stock = stock + $2 WHERE id = $1 AND stock + $2 >= 0 RETURNING stock) SELECT stock FROM u`, [itemId, change]);
    if (!row) throw new DomainError('STOCK_INSUFFICIENT', 'stock would go below zero');
    return { ...item, stock: row.stock };
  }

  /**
   * Goods handed over for points, all or nothing in one transaction: the shelf and the balance
   * are each taken by one guarded UPDATE (stock >= q, balance >= cost), so two redemptions at
   * once can never overdraw either; a retry with the same key returns the first result.
   */
  async redeem(staff: StaffPrincipal, villageId: string, input: { key: string; householdId: string; itemId: string; quantity: number }): Promise<RedemptionResult> {
    assertVillageWriter(staff, villageId);
    const key = checkIdempotencyKey(input.key);
    planRedemption({ pointsPrice: 1, stock: Number.MAX_SAFE_INTEGER }, input.quantity); // the quantity's own bounds, before any lock
    const print = fingerprint('redemption', { villageId, householdId: input.householdId, itemId: input.itemId, quantity: input.quantity });
    return this.once<RedemptionResult>(key, print, async (m) => {
      const [item]: Rows<{ stock: number; points_price: number; name: string; unit: string }> = await m.query(
        `WITH u AS (UPDATE catalogue_item SET stock = stock - $3 WHERE id = $1 AND village_id = $2 AND active AND stock >= $3 RETURNING stock, points_price, name, unit) SELECT * FROM u`,
        [input.itemId, villageId, input.quantity],
      );
      if (!item) {
        const [exists]: Rows<{ stock: number }> = await m.query(`SELECT stock FROM catalogue_item WHERE id = $1 AND village_id = $2 AND active`, [input.itemId, villageId]);
        if (!exists) throw notFound('item');
        throw new DomainError('STOCK_INSUFFICIENT', 'not enough on the shelf', { stock: exists.stock, quantity: input.quantity });
      }
      const cost = item.points_price * input.quantity;
      const [household]: Rows<{ balance: number }> = await m.query(
        `WITH u AS (UPDATE household SET balance = balance - $3 WHERE id = $1 AND village_id = $2 AND balance >= $3 RETURNING balance) SELECT balance FROM u`,
        [input.householdId, villageId, cost],
      );
      if (!household) {
        const [exists]: Rows<{ balance: number }> = await m.query(`SELECT balance FROM household WHERE id = $1 AND village_id = $2`, [input.householdId, villageId]);
        if (!exists) throw notFound('household');
        throw new DomainError('POINTS_INSUFFICIENT', 'not enough points', { balance: exists.balance, needed: cost });
      }
      const [redemption]: Rows<{ id: string }> = await m.query(
        `INSERT INTO redemption (household_id, item_id, quantity, points, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [input.householdId, input.itemId, input.quantity, cost, staff.id],
      );
      const [entry]: Rows<{ id: string }> = await m.query(
        `INSERT INTO points_entry (household_id, kind, delta, balance_after, note, redemption_id, recorded_by) VALUES ($1, 'redemption', $2, $3, $4, $5, $6) RETURNING id`,
        [input.householdId, -cost, household.balance, `兑换 ${item.name} ${input.quantity}${item.unit}`, redemption.id, staff.id],
      );
      return { redemptionId: redemption.id, entryId: entry.id, householdId: input.householdId, itemId: input.itemId, quantity: input.quantity, points: cost, balance: household.balance, stock: item.stock };
    });
  }

  /** Per village: households, points awarded, redeemed and held, redemptions made (the office's view). */
  async summary(): Promise<Array<{ villageId: string; villageName: string; households: number; awarded: number; redeemed: number; balance: number; redemptions: number }>> {
    const rows: Rows<{ village_id: string; village_name: string; households: number; awarded: number; redeemed: number; balance: number; redemptions: number }> = await this.ds.query(`
      SELECT h.village_id, u.name AS village_name, COUNT(*)::int AS households, COALESCE(SUM(h.balance), 0)::int AS balance,
             COALESCE(SUM(e.awarded), 0)::int AS awarded, COALESCE(SUM(e.redeemed), 0)::int AS redeemed, COALESCE(SUM(e.redemptions), 0)::int AS redemptions
        FROM household h
        JOIN unit u ON u.id = h.village_id
        LEFT JOIN LATERAL (
          SELECT SUM(delta) FILTER (WHERE kind = 'award') AS awarded, -SUM(delta) FILTER (WHERE kind = 'redemption') AS redeemed, COUNT(*) FILTER (WHERE kind = 'redemption') AS redemptions
            FROM points_entry WHERE household_id = h.id) e ON TRUE
       GROUP BY h.village_id, u.name ORDER BY u.name`);
    return rows.map((r) => ({ villageId: r.village_id, villageName: r.village_name, households: r.households, awarded: r.awarded, redeemed: r.redeemed, balance: r.balance, redemptions: r.redemptions }));
  }

  // ---- residents ------------------------------------------------------------------------

  /** The households a resident belongs to: a member with their openid, or with the phone they verified. */
  async residentHouseholds(resident: ResidentPrincipal): Promise<Array<{ view: HouseholdView; villageName: string; entries: PointsEntryEntity[]; canGet: Array<CatalogueItemEntity & { canTake: number }> }>> {
    const households: HouseholdEntity[] = await this.ds
      .getRepository(HouseholdEntity)
      .createQueryBuilder('h')
      .where(
        `EXISTS (SELECT 1 FROM household_member mm LEFT JOIN resident_account ra ON ra.openid = :openid
                  WHERE mm.household_id = h.id AND (mm.resident_openid = :openid OR (ra.phone IS NOT NULL AND mm.phone = ra.phone)))`,
        { openid: resident.openid },
      )
      .getMany();
    const out = [];
    for (const view of await this.withMembers(households)) {
      const village = await this.ds.getRepository(UnitEntity).findOneBy({ id: view.household.villageId });
      const items = await this.ds.getRepository(CatalogueItemEntity).find({ where: { villageId: view.household.villageId, active: true }, order: { pointsPrice: 'ASC' } });
      out.push({ view, villageName: village?.name ?? '', entries: await this.entries(view.household.id), canGet: affordable(items, view.household.balance) });
    }
    return out;
  }

  // ---- internals ------------------------------------------------------------------------

  /**
   * Runs an operation once per idempotency key, in one transaction with its effects. A second
   * request with the key waits on the first's row lock and then replays its committed result.
   */
  private async once<T extends object>(key: string, print: string, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      const claimed: Rows<{ key: string }> = await m.query(`INSERT INTO points_operation (key, fingerprint, result) VALUES ($1, $2, '{}') ON CONFLICT (key) DO NOTHING RETURNING key`, [key, print]);
      if (claimed.length === 0) {
        const [existing]: Rows<{ fingerprint: string; result: T }> = await m.query(`SELECT fingerprint, result FROM points_operation WHERE key = $1`, [key]);
        const replay = replayOrConflict(existing ?? null, print);
        if (replay) return replay;
        throw new AppError('CONFLICT', 'operation in progress');
      }
      const result = await work(m);
      await m.query(`UPDATE points_operation SET result = $2 WHERE key = $1`, [key, JSON.stringify(result)]);
      return result;
    });
  }

  /** Appends one entry and moves the kept balance by one guarded statement (never below zero). */
  private async append(
    m: EntityManager,
    householdId: string,
    kind: string,
    delta: number,
    note: string,
    recordedBy: string,
    refs: { reviewId?: string; correctsEntryId?: string },
  ): Promise<{ id: string; balance: number }> {
    const [row]: Rows<{ balance: number }> = await m.query(`WITH u AS (UPDATE household SET balance = balance + $2 WHERE id = $1 AND balance + $2 >= 0 RETURNING balance) SELECT balance FROM u`, [householdId, delta]);
    if (!row) {
      const [exists]: Rows<{ balance: number }> = await m.query(`SELECT balance FROM household WHERE id = $1`, [householdId]);
      if (!exists) throw notFound('household');
      throw new DomainError('POINTS_INSUFFICIENT', 'the balance would go below zero', { balance: exists.balance, delta });
    }
    const [entry]: Rows<{ id: string }> = await m.query(
      `INSERT INTO points_entry (household_id, kind, delta, balance_after, note, review_id, corrects_entry_id, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [householdId, kind, delta, row.balance, note.slice(0, 200), refs.reviewId ?? null, refs.correctsEntryId ?? null, recordedBy],
    );
    return { id: entry.id, balance: row.balance };
  }

  private async criteriaOf(villageId: string): Promise<ReviewCriterion[]> {
    const row = await this.ds.getRepository(VillageCriteriaEntity).findOneBy({ villageId });
    return row?.criteria ?? FIVE_RESPONSIBILITIES;
  }

  private async village(villageId: string): Promise<UnitEntity> {
    const unit = await this.ds.getRepository(UnitEntity).findOneBy({ id: villageId });
    if (!unit || unit.level !== 'village') throw notFound('village');
    return unit;
  }

  async household(id: string): Promise<HouseholdEntity> {
    const h = await this.ds.getRepository(HouseholdEntity).findOneBy({ id });
    if (!h) throw notFound('household');
    return h;
  }

  async member(id: string): Promise<HouseholdMemberEntity> {
    const mem = await this.ds.getRepository(HouseholdMemberEntity).findOneBy({ id });
    if (!mem) throw notFound('member');
    return mem;
  }

  private entries(householdId: string): Promise<PointsEntryEntity[]> {
    return this.ds.getRepository(PointsEntryEntity).find({ where: { householdId }, order: { createdAt: 'DESC' }, take: 100 });
  }

  private async view(household: HouseholdEntity): Promise<HouseholdView> {
    return (await this.withMembers([household]))[0];
  }

  private async withMembers(households: HouseholdEntity[]): Promise<HouseholdView[]> {
    if (households.length === 0) return [];
    const members = await this.ds
      .getRepository(HouseholdMemberEntity)
      .createQueryBuilder('m')
      .where('m.household_id IN (:...ids)', { ids: households.map((h) => h.id) })
      .orderBy('m.is_head', 'DESC')
      .addOrderBy('m.name')
      .getMany();
    return households.map((household) => ({ household, members: members.filter((mm) => mm.householdId === household.id) }));
  }
}
