import { Inject, Injectable } from '@nestjs/common';
import { addCalendarDays, chinaDate, formatCaseNumber } from '@msz/domain';
import type { EntityManager } from 'typeorm';
import type { StatementParams } from '../../common/database/one-statement';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

/** One PostgreSQL sequence per Beijing day: case_no_20261126. */
const sequenceName = (day: string) => `case_no_${day.replace(/-/g, '')}`;

@Injectable()
export class CaseNumbersService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Issues the next number of the Beijing day from that day's sequence. nextval() never waits for
   * other transactions, so a burst of residents filing at once is not serialised on a counter row;
   * a rolled-back filing leaves a gap, never a duplicate (the unique index on number stands guard).
   * Each day's sequence is created the day before by whoever files first, or on demand.
   */
  async next(manager: EntityManager, acceptedAt: Date): Promise<string> {
    const today = chinaDate(acceptedAt);
    const tomorrow = addCalendarDays(today, 1);
    const [row]: Array<{ value: string | null; tomorrow_ready: boolean }> = await manager.query(
      `SELECT CASE WHEN to_regclass($1) IS NULL THEN NULL ELSE nextval($1) END AS value, to_regclass($2) IS NOT NULL AS tomorrow_ready`,
      [sequenceName(today), sequenceName(tomorrow)],
    );
    let value = row.value;
    if (value === null) {
      await this.createSequence(manager, today);
      [{ value }] = await manager.query(`SELECT nextval($1) AS value`, [sequenceName(today)]);
    }
    if (!row.tomorrow_ready) await this.createSequence(manager, tomorrow);
    return formatCaseNumber(this.config.caseNumberPrefix, acceptedAt, Number(value));
  }

  /** SQL (a boolean) for a statement read before filing: are the sequences of that Beijing day and the next there? */
  readySql(p: StatementParams, acceptedAt: Date): string {
    const today = chinaDate(acceptedAt);
    return `(to_regclass(${p.of(sequenceName(today))}) IS NOT NULL AND to_regclass(${p.of(sequenceName(addCalendarDays(today, 1)))}) IS NOT NULL)`;
  }

  /** Creates the sequences of that Beijing day and the next, when readySql said they are missing (once a day). */
  async prepare(manager: EntityManager, acceptedAt: Date): Promise<void> {
    const today = chinaDate(acceptedAt);
    await this.createSequence(manager, today);
    await this.createSequence(manager, addCalendarDays(today, 1));
  }

  /** SQL naming the next case of the day inside the filing statement, as formatCaseNumber would (sequences prepared). */
  nextSql(p: StatementParams, acceptedAt: Date): string {
    const sample = formatCaseNumber(this.config.caseNumberPrefix, acceptedAt, 1);
    const head = sample.slice(0, sample.lastIndexOf('-') + 1);
    return `(SELECT ${p.of(head)} || lpad(n::text, greatest(4, length(n::text)), '0') FROM (SELECT nextval(${p.of(sequenceName(chinaDate(acceptedAt)))}::regclass) AS n) AS seq)`;
  }

  /** Two filers may race to create it: the loser's savepoint is rolled back and its transaction goes on. */
  private async createSequence(manager: EntityManager, day: string): Promise<void> {
    await manager.query('SAVEPOINT case_number_sequence');
    try {
      await manager.query(`CREATE SEQUENCE IF NOT EXISTS ${sequenceName(day)} AS integer START 1`);
      await manager.query('RELEASE SAVEPOINT case_number_sequence');
    } catch {
      await manager.query('ROLLBACK TO SAVEPOINT case_number_sequence');
    }
  }
}
