import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { POINTS_ENTITIES } from './points.entities';
import { PointsController } from './points.controller';
import { PointsService } from './points.service';
import { RewardsController } from './rewards.controller';
import { RewardsService } from './rewards.service';
import { WechatPayProvider } from './wechatpay.provider';

/** Household points, the station's goods, and cash rewards through WeChat Pay. Writes no case table. */
@Module({
  imports: [TypeOrmModule.forFeature(POINTS_ENTITIES)],
  controllers: [PointsController, RewardsController],
  providers: [PointsService, RewardsService, WechatPayProvider],
  exports: [PointsService, RewardsService, WechatPayProvider],
})
export class PointsModule {}
