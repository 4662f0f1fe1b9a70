import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CasesModule } from '../cases/cases.module';
import { MediaModule } from '../media/media.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { PointsModule } from '../points/points.module';
import { BenchArea } from './bench-area';
import { BenchController, IdeasController } from './bench.controller';
import { BenchDemandEntity, BenchMeetingEntity, BenchPhotoEntity, GoldenIdeaEntity, IdeaMilestoneEntity } from './bench.entities';
import { IdeasService } from './ideas.service';
import { MeetingsService } from './meetings.service';
import { WhereToSitService } from './where-to-sit.service';

/**
 * 板凳会 and 金点子: the offline channel joined to the platform. Depends on cases (filing demands,
 * reading suggestions); cases knows nothing of it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([BenchMeetingEntity, BenchDemandEntity, BenchPhotoEntity, GoldenIdeaEntity, IdeaMilestoneEntity]), CasesModule, MediaModule, NotificationsModule, TaxonomyModule, PointsModule],
  controllers: [BenchController, IdeasController],
  providers: [MeetingsService, IdeasService, BenchArea, WhereToSitService],
})
export class BenchModule {}
