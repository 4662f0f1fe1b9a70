import { Module } from '@nestjs/common';
import { WechatWebhook } from '@msz/wechat';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { CasesModule } from '../cases/cases.module';
import { IdentityModule } from '../identity/identity.module';
import { MediaModule } from '../media/media.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { PlacesService } from '../units/places.service';
import { ConversationService } from './conversation.service';
import { IntakeJournalService } from './intake-journal.service';
import { WebhookEndpoint } from './webhook.endpoint';

const MAX_BODY = 1024 * 1024;

@Module({
  imports: [CasesModule, MediaModule, NotificationsModule, IdentityModule],
  providers: [
    WebhookEndpoint,
    ConversationService,
    IntakeJournalService,
    PlacesService,
    { provide: 'WEBHOOK_MAX_BODY', useValue: MAX_BODY },
    {
      provide: WechatWebhook,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new WechatWebhook({
          token: config.wechat.token,
          appid: config.wechat.appid,
          encodingAESKey: config.wechat.encodingAESKey,
          allowPlaintext: config.wechat.allowPlaintext,
          maxAgeSeconds: config.wechat.maxAgeSeconds,
          maxBodyBytes: MAX_BODY,
        }),
    },
  ],
  exports: [IntakeJournalService],
})
export class WechatModule {}
