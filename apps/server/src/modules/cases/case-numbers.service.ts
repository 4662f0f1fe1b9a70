import { Inject, Injectable } from '@nestjs/common';
import { chinaDate, formatCaseNumber } from '@msz/domain';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';

@Injectable()
export class CaseNumbersService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /**
   * Issues the next number of the Beijing day. The upsert takes a row lock, so concurrent filers
   * queue on it and each gets its own value; a rolled-back filing leaves a gap, never a duplicate.
   */
  async next(manager: EntityManager, acceptedAt: Date): Promise<string> {
    const rows: Array<{ last_value: number }> = await manager.query(
      `INSERT INTO case_number_counter (day, last_value) VALUES ($1, 1)
       ON CONFLICT (day) DO UPDATE SET last_value = case_number_counter.last_value + 1
       RETURNING last_value`,
      [chinaDate(acceptedAt)],
    );
    return formatCaseNumber(this.config.caseNumberPrefix, acceptedAt, Number(rows[0].last_value));
  }
}
