import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { CaseAlertEntity } from './case-alert.entity';
import { DutyShiftEntity } from './duty-shift.entity';
import { DutyService } from './duty.service';
import { EmergenciesController } from './emergencies.controller';
import { EmergenciesService } from './emergencies.service';
import { EmergencyAlerts } from './emergency-alerts';

/** Emergencies (紧急诉求): the duty roster, the alert a red case raises, and its acknowledgement. */
@Module({
  imports: [TypeOrmModule.forFeature([CaseAlertEntity, DutyShiftEntity]), CasesModule, NotificationsModule],
  controllers: [EmergenciesController],
  providers: [DutyService, EmergencyAlerts, EmergenciesService],
})
export class EmergenciesModule {}
