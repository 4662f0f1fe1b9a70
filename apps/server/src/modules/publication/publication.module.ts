import { Module } from '@nestjs/common';
import { PublicationController } from './publication.controller';
import { PublicationService } from './publication.service';

/** Articles on the city's Official Account (draft/add then freepublish/submit), recorded. */
@Module({ controllers: [PublicationController], providers: [PublicationService], exports: [PublicationService] })
export class PublicationModule {}
