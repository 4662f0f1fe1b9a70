import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationsModule } from '../notifications/notifications.module';
import { AreaWarningEntity, AreaWarningScanEntity, AreaWarningStepEntity } from './area-warning.entity';
import { WarningScanService } from './warning-scan.service';
import { WarningsController } from './warnings.controller';
import { WarningsService } from './warnings.service';

/** 红橙黄三色预警: reads the case tables (aggregates only), never writes them. */
@Module({
  imports: [TypeOrmModule.forFeature([AreaWarningEntity, AreaWarningStepEntity, AreaWarningScanEntity]), NotificationsModule],
  controllers: [WarningsController],
  providers: [WarningsService, WarningScanService],
  exports: [WarningScanService],
})
export class WarningsModule {}
