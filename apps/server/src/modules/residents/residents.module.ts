import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { MediaModule } from '../media/media.module';
import { PlacesService } from '../units/places.service';
import { ResidentsController } from './residents.controller';
import { ResidentsService } from './residents.service';
import { ResidentMediaUploadInterceptor } from './media-upload.interceptor';

@Module({ imports: [CasesModule, MediaModule], controllers: [ResidentsController], providers: [ResidentsService, PlacesService, ResidentMediaUploadInterceptor] })
export class ResidentsModule {}
