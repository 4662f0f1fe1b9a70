import { Global, Module } from '@nestjs/common';
import { SettingsChanges } from './settings-changes.service';

/** Global: every module that holds an admin-edited setting in memory hears when it changes. */
@Global()
@Module({ providers: [SettingsChanges], exports: [SettingsChanges] })
export class SettingsModule {}
