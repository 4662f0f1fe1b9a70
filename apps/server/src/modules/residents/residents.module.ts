import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { MediaModule } from '../media/media.module';
import { ResidentsController } from './residents.controller';
import { ResidentCaseViews } from './resident-case-views';
import { ResidentsService } from './residents.service';

@Module({ imports: [CasesModule, MediaModule], controllers: [ResidentsController], providers: [ResidentsService, ResidentCaseViews] })
export class ResidentsModule {}
