import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DataSource, IsNull } from 'typeorm';
import { CurrentStaff, Roles, type StaffPrincipal } from '../../common/auth/principal';
import { notFound } from '../../common/errors/app-error';
import { maskOpenid } from '../cases/dto/case.dto';
import { ContactTaskEntity } from './contact-task.entity';
import { ContactTaskDto, FailedNotificationDto } from './dto/notification.dto';
import { OutboxMessageEntity } from './outbox-message.entity';

/** What WeChat would not deliver, with the reason, and the people staff must phone instead. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api')
export class NotificationsController {
  constructor(private readonly ds: DataSource) {}

  @Get('notifications/failed')
  @Roles('dispatcher')
  @ApiOkResponse({ type: [FailedNotificationDto] })
  async failed(): Promise<FailedNotificationDto[]> {
    const rows = await this.ds.getRepository(OutboxMessageEntity).find({ where: { status: 'failed' }, order: { id: 'DESC' }, take: 200 });
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      caseId: r.caseId,
      touser: maskOpenid(r.touser) ?? '',
      attempts: r.attempts,
      lastError: r.lastError,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  @Get('contact-tasks')
  @Roles('dispatcher')
  @ApiOkResponse({ type: [ContactTaskDto] })
  async contactTasks(): Promise<ContactTaskDto[]> {
    // Emergencies first: those residents are phoned at once.
    const rows: Array<{ id: string; caseId: string | null; kind: string; reason: string; createdAt: Date }> = await this.ds.query(
      `SELECT id, case_id AS "caseId", kind, reason, created_at AS "createdAt" FROM contact_task
        WHERE done_at IS NULL ORDER BY kind = 'case_emergency' DESC, created_at ASC`,
    );
    return rows.map((t) => ({ id: t.id, caseId: t.caseId, kind: t.kind, reason: t.reason, createdAt: new Date(t.createdAt).toISOString() }));
  }

  @Post('contact-tasks/:id/done')
  @HttpCode(204)
  @Roles('dispatcher')
  async done(@CurrentStaff() _staff: StaffPrincipal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    const result = await this.ds.getRepository(ContactTaskEntity).update({ id, doneAt: IsNull() }, { doneAt: new Date() });
    if (!result.affected) throw notFound('open contact task');
  }
}
