import { Module } from '@nestjs/common';
import { PublicationModule } from '../publication/publication.module';
import { TaxonomyModule } from '../taxonomy/taxonomy.module';
import { HeatmapController } from './heatmap.controller';
import { HeatmapService } from './heatmap.service';

/** Seeing the whole: the heat map (reads case tables, never writes them). */
@Module({ imports: [TaxonomyModule, PublicationModule], controllers: [HeatmapController], providers: [HeatmapService], exports: [HeatmapService] })
export class AnalyticsModule {}
