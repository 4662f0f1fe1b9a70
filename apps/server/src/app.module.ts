import { DynamicModule, Logger, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { FakeWechat } from '@msz/wechat';
import { ErrorFilter } from './common/errors/error.filter';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { createDataSource, migrate } from './database/data-source';
import { AnalyticsModule } from './modules/analytics/analytics.module';
import { AuthModule } from './modules/auth/auth.module';
import { BenchModule } from './modules/bench/bench.module';
import { StaffAuthGuard, TOKEN_ALGORITHM } from './common/auth/staff-auth.guard';
import { LimitsModule } from './modules/limits/limits.module';
import { CalendarModule } from './modules/calendar/calendar.module';
import { CasesModule } from './modules/cases/cases.module';
import { EmergenciesModule } from './modules/emergencies/emergencies.module';
import { ExportsModule } from './modules/exports/exports.module';
import { IndicatorsModule } from './modules/indicators/indicators.module';
import { IntegrityModule } from './modules/integrity/integrity.module';
import { AnomaliesModule } from './modules/anomalies/anomalies.module';
import { JointMeetingsModule } from './modules/joint-meetings/joint-meetings.module';
import { HealthController } from './modules/health/health.controller';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { PicturesModule } from './modules/pictures/pictures.module';
import { PublicationModule } from './modules/publication/publication.module';
import { PointsModule } from './modules/points/points.module';
import { QualityModule } from './modules/quality/quality.module';
import { ResidentsModule } from './modules/residents/residents.module';
import { SandboxModule } from './modules/sandbox/sandbox.module';
import { seedDemo } from './modules/units/demo-seed';
import { SettingsModule } from './modules/settings/settings.module';
import { TaxonomyModule } from './modules/taxonomy/taxonomy.module';
import { UnitsModule } from './modules/units/units.module';
import { WechatApiModule } from './modules/wechat/wechat-api.module';
import { WechatModule } from './modules/wechat/wechat.module';
import { WorkflowModule } from './modules/workflow/workflow.module';
import { WarningsModule } from './modules/warnings/warnings.module';
import { SupervisionModule } from './modules/supervision/supervision.module';
import { ReportsModule } from './modules/reports/reports.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The fake WeChat API this process hosts in sandbox mode, shown on the /sandbox page. */
  fakeWechat?: FakeWechat;
}

@Module({})
export class AppModule {
  static forRoot({ config, fakeWechat }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          // Options are built in dataSourceFactory (PGlite needs an async driver); fail at once rather than retry a misconfiguration.
          useFactory: () => ({ type: 'postgres', retryAttempts: 0 }),
          dataSourceFactory: async () => {
            const ds = await createDataSource({ url: config.databaseUrl, dataDir: config.dataDir, pgliteSnapshot: config.pgliteSnapshot });
            await ds.initialize();
            await migrate(ds, Boolean(config.databaseUrl));
            if (config.seedDemo) {
              await seedDemo(ds);
              new Logger('Seed').log('demo units and staff are in place (password: see README)');
            }
            return ds;
          },
        }),
        // Every token expires (staff after 12 h, residents after 7 days) and is signed with one pinned algorithm.
        JwtModule.register({ global: true, secret: config.authSecret, signOptions: { expiresIn: '12h', algorithm: TOKEN_ALGORITHM }, verifyOptions: { algorithms: [TOKEN_ALGORITHM] } }),
        AuthModule,
        LimitsModule,
        WechatApiModule,
        SettingsModule,
        CalendarModule,
        TaxonomyModule,
        CasesModule,
        NotificationsModule,
        WechatModule,
        WorkflowModule,
        WarningsModule,
        QualityModule,
        ResidentsModule,
        UnitsModule,
        ExportsModule,
        EmergenciesModule,
        IndicatorsModule,
        PicturesModule,
        PublicationModule,
        AnalyticsModule,
        BenchModule,
        PointsModule,
        IntegrityModule,
        AnomaliesModule,
        SupervisionModule,
        ReportsModule,
        JointMeetingsModule,
        ...(config.sandbox && fakeWechat ? [SandboxModule.forRoot(fakeWechat)] : []),
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_GUARD, useClass: StaffAuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
