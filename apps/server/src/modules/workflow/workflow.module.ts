import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CaseEscalationEntity } from './case-escalation.entity';
import { ExtensionRequestEntity } from './extension-request.entity';
import { UnitReportEntity } from './unit-report.entity';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { QualityModule } from '../quality/quality.module';
import { DashboardService } from './dashboard.service';
import { EscalationService } from './escalation.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [TypeOrmModule.forFeature([ExtensionRequestEntity, CaseEscalationEntity, UnitReportEntity]), CasesModule, NotificationsModule, QualityModule],
  controllers: [WorkflowController],
  providers: [WorkflowService, DashboardService, EscalationService],
  exports: [EscalationService],
})
export class WorkflowModule {}
