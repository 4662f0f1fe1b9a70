import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StaffPrincipal } from '../../common/auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { CaseQueriesService } from '../cases/case-queries.service';
import type { DashboardDto } from './dto/workflow.dto';
import { ExtensionRequestEntity } from './extension-request.entity';

/** The overview: counted by the database, whatever the size of the backlog. */
@Injectable()
export class DashboardService {
  constructor(
    private readonly ds: DataSource,
    private readonly queries: CaseQueriesService,
    private readonly calendar: CalendarService,
  ) {}

  /** Open cases by status and SLA colour (as the lists show them), pending extensions, and whether the calendar is complete. */
  async dashboard(staff: StaffPrincipal, now = new Date()): Promise<DashboardDto> {
    const [counts, pendingExtensions] = await Promise.all([
      this.queries.openCounts(staff, this.calendar, now),
      this.ds.getRepository(ExtensionRequestEntity).countBy({ status: 'pending' }),
    ]);
    const { warning } = this.calendar.coverage(now);
    return { ...counts, pendingExtensions, calendarWarning: warning };
  }
}
