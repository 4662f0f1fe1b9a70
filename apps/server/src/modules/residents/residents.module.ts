import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { IdentityModule } from '../identity/identity.module';
import { MediaModule } from '../media/media.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ResidentsController } from './residents.controller';
import { ResidentCaseViews } from './resident-case-views';
import { ResidentsService } from './residents.service';
import { ResidentMediaUploadInterceptor } from './media-upload.interceptor';

@Module({ imports: [CasesModule, MediaModule, NotificationsModule, IdentityModule], controllers: [ResidentsController], providers: [ResidentsService, ResidentCaseViews, ResidentMediaUploadInterceptor] })
export class ResidentsModule {}
