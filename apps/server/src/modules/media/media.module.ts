import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { LocalDiskStorage, MEDIA_STORAGE } from './media-storage';
import { MediaService } from './media.service';

@Module({
  providers: [
    MediaService,
    { provide: MEDIA_STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new LocalDiskStorage(config.mediaDir) },
  ],
  exports: [MediaService],
})
export class MediaModule {}
