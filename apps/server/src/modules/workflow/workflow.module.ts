import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QualityModule } from '../quality/quality.module';
import { DashboardService } from './dashboard.service';
import { EscalationService } from './escalation.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [CasesModule, NotificationsModule, QualityModule],
  controllers: [WorkflowController],
  providers: [WorkflowService, DashboardService, EscalationService],
  exports: [EscalationService],
})
export class WorkflowModule {}
