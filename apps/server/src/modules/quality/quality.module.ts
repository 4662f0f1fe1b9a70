import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { GovernanceCaseEntity, GovernanceItemEntity, ProblemSignatureEntity, RevisitTaskEntity, TraceItemEntity } from './quality.entities';
import { CasesModule } from '../cases/cases.module';
import { QualityController } from './quality.controller';
import { QualityService } from './quality.service';
import { RoutingService } from './routing.service';

@Module({
  imports: [TypeOrmModule.forFeature([RevisitTaskEntity, TraceItemEntity, GovernanceItemEntity, GovernanceCaseEntity, ProblemSignatureEntity]), CasesModule],
  controllers: [QualityController],
  providers: [QualityService, RoutingService],
  exports: [QualityService],
})
export class QualityModule {}
