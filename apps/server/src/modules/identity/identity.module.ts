import { Module } from '@nestjs/common';
import { IdentityService } from './identity.service';

/** One resident across the Official Account and the mini program (WeChat's unionid). */
@Module({ providers: [IdentityService], exports: [IdentityService] })
export class IdentityModule {}
