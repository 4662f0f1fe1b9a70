import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { ResidentsController } from './residents.controller';
import { ResidentsService } from './residents.service';

@Module({ imports: [CasesModule], controllers: [ResidentsController], providers: [ResidentsService] })
export class ResidentsModule {}
