import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClassificationExampleEntity } from './classification-example.entity';
import { ClassificationExamplesService } from './classification-examples.service';
import { GovernanceCaseEntity, GovernanceItemEntity, ProblemSignatureEntity, RevisitTaskEntity, TraceItemEntity } from './quality.entities';
import { CasesModule } from '../cases/cases.module';
import { QualityController } from './quality.controller';
import { QualityService } from './quality.service';
import { RoutingService } from './routing.service';

@Module({
  imports: [TypeOrmModule.forFeature([RevisitTaskEntity, TraceItemEntity, GovernanceItemEntity, GovernanceCaseEntity, ProblemSignatureEntity, ClassificationExampleEntity]), CasesModule],
  controllers: [QualityController],
  providers: [QualityService, RoutingService, ClassificationExamplesService],
  exports: [QualityService, ClassificationExamplesService],
})
export class QualityModule {}
