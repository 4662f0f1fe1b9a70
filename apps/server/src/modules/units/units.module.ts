import { Module } from '@nestjs/common';
import { StaffService } from './staff.service';
import { UnitsController } from './units.controller';
import { UnitsService } from './units.service';

/** The organisation: units and staff accounts. */
@Module({ controllers: [UnitsController], providers: [UnitsService, StaffService] })
export class UnitsModule {}
