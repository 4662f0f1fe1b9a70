import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The integer counters a daily rollup row carries, one column each (the domain's COUNTERS, in snake case). */
export const COUNTER_COLUMNS = {
  accepted: 'accepted',
  valid: 'valid',
  complaints: 'complaints',
  repeats: 'repeats',
  repeatsMany: 'repeats_many',
  repeatComplaints: 'repeat_complaints',
  assignDue: 'assign_due',
  assignOnTime: 'assign_on_time',
  signDue: 'sign_due',
  signOnTime: 'sign_on_time',
  closeDue: 'close_due',
  closeOnTime: 'close_on_time',
  extendedCases: 'extended_cases',
  extendedOnTime: 'extended_on_time',
  extensions: 'extensions',
  extensionWorkdays: 'extension_workdays',
  assignments: 'assignments',
  returns: 'returns',
  answered: 'answered',
  cycleWorkdays: 'cycle_workdays',
  answeredRevisited: 'answered_revisited',
  revisited: 'revisited',
  satisfied: 'satisfied',
  basicallySatisfied: 'basically_satisfied',
  unsatisfied: 'unsatisfied',
  solved: 'solved',
  firstSatisfied: 'first_satisfied',
  revisitAnswers: 'revisit_answers',
  unsatisfiedAnswers: 'unsatisfied_answers',
  reopens: 'reopens',
} as const;

const counter = (name: string) => Column({ name, type: 'integer', default: 0 });

/** The counters and the cycle histogram every indicator rollup row carries (one column each). */
export abstract class CounterColumns {
  @counter('accepted') accepted!: number;
  @counter('valid') valid!: number;
  @counter('complaints') complaints!: number;
  @counter('repeats') repeats!: number;
  @counter('repeats_many') repeatsMany!: number;
  @counter('repeat_complaints') repeatComplaints!: number;
  @counter('assign_due') assignDue!: number;
  @counter('assign_on_time') assignOnTime!: number;
  @counter('sign_due') signDue!: number;
  @counter('sign_on_time') signOnTime!: number;
  @counter('close_due') closeDue!: number;
  @counter('close_on_time') closeOnTime!: number;
  @counter('extended_cases') extendedCases!: number;
  @counter('extended_on_time') extendedOnTime!: number;
  @counter('extensions') extensions!: number;
  @counter('extension_workdays') extensionWorkdays!: number;
  @counter('assignments') assignments!: number;
  @counter('returns') returns!: number;
  @counter('answered') answered!: number;
  @counter('cycle_workdays') cycleWorkdays!: number;
  @counter('answered_revisited') answeredRevisited!: number;
  @counter('revisited') revisited!: number;
  @counter('satisfied') satisfied!: number;
  @counter('basically_satisfied') basicallySatisfied!: number;
  @counter('unsatisfied') unsatisfied!: number;
  @counter('solved') solved!: number;
  @counter('first_satisfied') firstSatisfied!: number;
  @counter('revisit_answers') revisitAnswers!: number;
  @counter('unsatisfied_answers') unsatisfiedAnswers!: number;
  @counter('reopens') reopens!: number;
  /** Cases answered that day by working days from acceptance: 0 … 20, and 21 or more. */
  @Column({ name: 'cycle_histogram', type: 'integer', array: true }) cycleHistogram!: number[];
}

/** The keys and counters a wide rollup row carries, daily or monthly (one column each). */
export abstract class IndicatorCountersColumns extends CounterColumns {
  /** unit|town|village|category|kind|channel: the row's keys in one column, so an upsert has one conflict target. */
  @PrimaryColumn({ type: 'varchar', length: 200 }) keys!: string;
  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId!: string | null;
  @Column({ name: 'town_id', type: 'uuid', nullable: true }) townId!: string | null;
  @Column({ name: 'village_id', type: 'uuid', nullable: true }) villageId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) category!: string | null;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ type: 'varchar', length: 16 }) channel!: string;
}

/**
 * One Beijing day's counters for one combination of keys. Kept incrementally by IndicatorRollup:
 * each changed case takes back what it added before and adds what it adds now. Reads sum rows, never
 * the timeline. The unit and town ride on every row (the distribution key for a sharded database).
 * Two bases: 'event' files each count on the day it happened (the indicators); 'due' files all of a
 * case's counts on the day it fell due (the weekly list judges the cases due that week).
 */
@Entity('indicator_daily')
@Index('idx_indicator_daily_unit_day', ['basis', 'unitId', 'day'])
@Index('idx_indicator_daily_town_day', ['basis', 'townId', 'day'])
export class IndicatorDailyEntity extends IndicatorCountersColumns {
  @PrimaryColumn({ type: 'varchar', length: 8 }) basis!: 'event' | 'due';
  @PrimaryColumn({ type: 'date' }) day!: string;
}

/**
 * The same counters summed over a Beijing month (`month` is its first day), kept by the same job in
 * the same transaction as the daily rows: a year's view reads 12 rows per key instead of 365.
 */
@Entity('indicator_monthly')
@Index('idx_indicator_monthly_unit_month', ['basis', 'unitId', 'month'])
@Index('idx_indicator_monthly_town_month', ['basis', 'townId', 'month'])
export class IndicatorMonthlyEntity extends IndicatorCountersColumns {
  @PrimaryColumn({ type: 'varchar', length: 8 }) basis!: 'event' | 'due';
  @PrimaryColumn({ type: 'date' }) month!: string;
}

/**
 * The narrow rollup: the same counters per grouping alone (none, unit, town, village, category,
 * kind, channel) and that grouping's value, so a city-wide view reads a few hundred rows a period
 * instead of every combination of keys. Kept by the same job in the same transaction as the wide
 * rows and checked by the same verify; read for views neither scoped nor filtered.
 */
export abstract class IndicatorGroupColumns extends CounterColumns {}

// The key's columns are declared in each table, in the primary key's order (basis, grouping, period,
// value): a read takes one grouping over a range of periods.

/** The narrow rollup per Beijing day. */
@Entity('indicator_group_daily')
export class IndicatorGroupDailyEntity extends IndicatorGroupColumns {
  @PrimaryColumn({ type: 'varchar', length: 8 }) basis!: 'event' | 'due';
  /** 'none', 'unit', 'town', 'village', 'category', 'kind' or 'channel'. */
  @PrimaryColumn({ type: 'varchar', length: 16 }) grouping!: string;
  @PrimaryColumn({ type: 'date' }) day!: string;
  /** The grouping's value (a unit's id, a category's code, …); '' when the case has none, and for 'none'. */
  @PrimaryColumn({ type: 'varchar', length: 64 }) value!: string;
}

/** The narrow rollup per Beijing month (`month` is its first day). */
@Entity('indicator_group_monthly')
export class IndicatorGroupMonthlyEntity extends IndicatorGroupColumns {
  @PrimaryColumn({ type: 'varchar', length: 8 }) basis!: 'event' | 'due';
  @PrimaryColumn({ type: 'varchar', length: 16 }) grouping!: string;
  @PrimaryColumn({ type: 'date' }) month!: string;
  @PrimaryColumn({ type: 'varchar', length: 64 }) value!: string;
}

/** The keys a heat map row is counted under: place|subItem|unit|kind|channel in one column. */
export abstract class HeatmapColumns {
  @PrimaryColumn({ type: 'varchar', length: 250 }) keys!: string;
  /** Where it is: the case's place, else its lead unit (as the heat map always placed it). */
  @Column({ name: 'place_id', type: 'uuid', nullable: true }) placeId!: string | null;
  @Column({ name: 'sub_item', type: 'varchar', length: 64, nullable: true }) subItem!: string | null;
  /** The lead unit: a department's leader sees the cases it handles. */
  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId!: string | null;
  @Column({ type: 'varchar', length: 16 }) kind!: string;
  @Column({ type: 'varchar', length: 16 }) channel!: string;
  /** Demands that count (neither invalid nor merged) accepted that day (month). */
  @Column({ type: 'integer', default: 0 }) cases!: number;
}

/** 民生诉求热力图's daily rollup: demands accepted per Beijing day, place and sub-item (with kind, channel and lead unit). */
@Entity('heatmap_daily')
export class HeatmapDailyEntity extends HeatmapColumns {
  @PrimaryColumn({ type: 'date' }) day!: string;
}

/** The same per Beijing month (`month` is its first day). */
@Entity('heatmap_monthly')
export class HeatmapMonthlyEntity extends HeatmapColumns {
  @PrimaryColumn({ type: 'date' }) month!: string;
}

/** What each case last added to the daily rollups, so a change can take it back exactly. */
@Entity('indicator_case')
export class IndicatorCaseEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  /** The rollup keys the contribution was added under. */
  @Column({ type: 'varchar', length: 200 }) keys!: string;
  /** Basis → Beijing day → the counters added to that day's row (only non-zero ones). */
  @Column({ type: 'jsonb' }) contribution!: Record<string, Record<string, Record<string, number | number[]>>>;
  /** The heat map keys the case was counted under (null: not counted, i.e. invalid or merged). */
  @Column({ name: 'heat_keys', type: 'varchar', length: 250, nullable: true }) heatKeys!: string | null;
  /** The Beijing day it was counted on (its acceptance). */
  @Column({ name: 'heat_day', type: 'date', nullable: true }) heatDay!: string | null;
  /** The newest timeline entry the contribution reflects. */
  @Column({ name: 'last_step_id', type: 'bigint' }) lastStepId!: string;
}

/** How far the rollup job has read the timeline. */
@Entity('indicator_watermark')
export class IndicatorWatermarkEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 }) name!: string;
  @Column({ name: 'last_step_id', type: 'bigint', default: 0 }) lastStepId!: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
}

/** A week's 红黑榜 for one table (towns or departments), frozen when the office approves it. */
@Entity('league_week')
export class LeagueWeekEntity {
  /** ISO week, 2026-W49. */
  @PrimaryColumn({ type: 'varchar', length: 8 }) week!: string;
  @PrimaryColumn({ name: 'unit_group', type: 'varchar', length: 16 }) unitGroup!: string;
  @Column({ name: 'approved_by', type: 'uuid' }) approvedBy!: string;
  @Column({ name: 'approved_by_name', type: 'varchar', length: 64 }) approvedByName!: string;
  @Column({ name: 'approved_at', type: 'timestamptz' }) approvedAt!: Date;
  /** The standards the list was scored with, as they were. */
  @Column({ type: 'jsonb' }) standards!: Record<string, unknown>;
  /** The table's means and the units listed apart. */
  @Column({ type: 'jsonb' }) summary!: Record<string, unknown>;
}

/** One unit's line in an approved week's list: its history is these rows. */
@Entity('league_entry')
@Index('idx_league_entry_unit_week', ['unitId', 'week'])
export class LeagueEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 8 }) week!: string;
  @PrimaryColumn({ name: 'unit_id', type: 'uuid' }) unitId!: string;
  @Column({ name: 'unit_group', type: 'varchar', length: 16 }) unitGroup!: string;
  @Column({ name: 'unit_name', type: 'varchar', length: 100 }) unitName!: string;
  /** Null for a unit with nothing due (listed apart). */
  @Column({ type: 'integer', nullable: true }) rank!: number | null;
  @Column({ type: 'double precision', nullable: true }) score!: number | null;
  /** 'red' | 'black' | null */
  @Column({ type: 'varchar', length: 8, nullable: true }) list!: string | null;
  @Column({ type: 'integer', default: 0 }) due!: number;
  @Column({ type: 'jsonb' }) standards!: unknown[];
  @Column({ type: 'text' }) explanation!: string;
}

/**
 * 防篡改: a case left out of the rollups because its timeline fails the hash chain, with what the
 * check found; the row goes when a later recount finds the chain whole again.
 */
@Entity('indicator_broken_case')
export class IndicatorBrokenCaseEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' }) caseId!: string;
  @Column({ type: 'varchar', length: 32 }) number!: string;
  @Column({ name: 'unit_id', type: 'uuid', nullable: true }) unitId!: string | null;
  /** Each fault: kind (edited, inserted, missing), the entry, and what is wrong. */
  @Column({ type: 'jsonb' }) faults!: Array<{ kind: string; entryId: string; detail: string }>;
  @Column({ name: 'found_at', type: 'timestamptz', default: () => 'now()' }) foundAt!: Date;
}
