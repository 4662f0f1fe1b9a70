import { Global, Module } from '@nestjs/common';
import { PictureRenderer } from './picture-renderer';

/** The server's picture renderer (charts and tables as PNG), for every module that shows or publishes one. */
@Global()
@Module({ providers: [PictureRenderer], exports: [PictureRenderer] })
export class PicturesModule {}
