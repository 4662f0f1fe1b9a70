import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { JOINT_MEETING_ENTITIES } from './joint-meeting.entities';
import { JointMeetingsController } from './joint-meetings.controller';
import { JointMeetingsService } from './joint-meetings.service';
import { JointTaskEscalation } from './joint-task-escalation.service';

/** 联席会议: its own tables only; the cases' timelines are written through the cases module. */
@Module({
  imports: [TypeOrmModule.forFeature(JOINT_MEETING_ENTITIES), CasesModule, NotificationsModule],
  controllers: [JointMeetingsController],
  providers: [JointMeetingsService, JointTaskEscalation],
  exports: [JointMeetingsService],
})
export class JointMeetingsModule {}
