import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { QualityController } from './quality.controller';
import { QualityService } from './quality.service';
import { RoutingService } from './routing.service';

@Module({
  imports: [CasesModule],
  controllers: [QualityController],
  providers: [QualityService, RoutingService],
  exports: [QualityService],
})
export class QualityModule {}
