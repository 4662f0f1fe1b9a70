import { CalendarOverrideEntity, CalendarYearEntity } from '../modules/calendar/calendar-day.entity';
import { SettingVersionEntity } from '../modules/settings/setting-version.entity';
import { TaxonomyDocumentEntity } from '../modules/taxonomy/taxonomy-document.entity';
import { CaseEscalationEntity } from '../modules/workflow/case-escalation.entity';
import { ExtensionRequestEntity } from '../modules/workflow/extension-request.entity';
import { UnitReportEntity } from '../modules/workflow/unit-report.entity';
import { ClassificationExampleEntity } from '../modules/quality/classification-example.entity';
import { GovernanceCaseEntity, GovernanceItemEntity, ProblemSignatureEntity, RevisitTaskEntity, TraceItemEntity } from '../modules/quality/quality.entities';
import { AttachmentEntity } from '../modules/media/attachment.entity';
import {
  HeatmapDailyEntity,
  HeatmapMonthlyEntity,
  IndicatorCaseEntity,
  IndicatorDailyEntity,
  IndicatorGroupDailyEntity,
  IndicatorGroupMonthlyEntity,
  IndicatorMonthlyEntity,
  IndicatorWatermarkEntity,
  LeagueEntryEntity,
  LeagueWeekEntity,
} from '../modules/indicators/indicator.entities';
import { CaseEntity } from '../modules/cases/case.entity';
import { RateLimitEntity } from '../modules/limits/rate-limit.entity';
import { ResidentAccountEntity } from '../modules/residents/resident-account.entity';
import { ResidentIdentityEntity } from '../modules/identity/resident-identity.entity';
import { TimelineEntryEntity } from '../modules/cases/timeline-entry.entity';
import { TimelineAnchorEntity } from '../modules/integrity/timeline-anchor.entity';
import { AnomalyFlagEntity, AnomalyScanEntity } from '../modules/anomalies/anomaly-flag.entity';
import { OfficeSampleEntity } from '../modules/anomalies/office-sample.entity';
import { CaseCoUnitEntity } from '../modules/cases/case-co-unit.entity';
import { CaseAlertEntity } from '../modules/emergencies/case-alert.entity';
import { DutyShiftEntity } from '../modules/emergencies/duty-shift.entity';
import { ContactTaskEntity } from '../modules/notifications/contact-task.entity';
import { OutboxMessageEntity } from '../modules/notifications/outbox-message.entity';
import { StaffUserEntity } from '../modules/units/staff-user.entity';
import { UnitEntity } from '../modules/units/unit.entity';
import { BenchDemandEntity, BenchMeetingEntity, BenchPhotoEntity, GoldenIdeaEntity, IdeaMilestoneEntity } from '../modules/bench/bench.entities';
import { AccessTokenEntity } from '../modules/wechat/access-token.entity';
import { ConversationSessionEntity } from '../modules/wechat/conversation-session.entity';
import { InboundMessageEntity } from '../modules/wechat/inbound-message.entity';
import { AreaWarningEntity, AreaWarningScanEntity, AreaWarningStepEntity } from '../modules/warnings/area-warning.entity';
import { PublicationEntity } from '../modules/publication/publication.entity';
import { POINTS_ENTITIES } from '../modules/points/points.entities';
import { SUPERVISION_ENTITIES } from '../modules/supervision/supervision.entities';
import { JOINT_MEETING_ENTITIES } from '../modules/joint-meetings/joint-meeting.entities';
import { IndicatorBrokenCaseEntity } from '../modules/indicators/indicator.entities';

export const ENTITIES = [
  SettingVersionEntity,
  UnitEntity,
  StaffUserEntity,
  CaseEntity,
  TimelineEntryEntity,
  TimelineAnchorEntity,
  AnomalyFlagEntity,
  AnomalyScanEntity,
  OfficeSampleEntity,
  InboundMessageEntity,
  AccessTokenEntity,
  OutboxMessageEntity,
  ConversationSessionEntity,
  AttachmentEntity,
  CalendarOverrideEntity,
  CalendarYearEntity,
  ExtensionRequestEntity,
  UnitReportEntity,
  CaseEscalationEntity,
  RevisitTaskEntity,
  TraceItemEntity,
  ClassificationExampleEntity,
  GovernanceItemEntity,
  GovernanceCaseEntity,
  ProblemSignatureEntity,
  CaseCoUnitEntity,
  ContactTaskEntity,
  TaxonomyDocumentEntity,
  ResidentAccountEntity,
  RateLimitEntity,
  ResidentIdentityEntity,
  CaseAlertEntity,
  DutyShiftEntity,
  IndicatorDailyEntity,
  IndicatorCaseEntity,
  IndicatorWatermarkEntity,
  LeagueWeekEntity,
  LeagueEntryEntity,
  AreaWarningEntity,
  AreaWarningStepEntity,
  AreaWarningScanEntity,
  PublicationEntity,
  BenchMeetingEntity,
  BenchDemandEntity,
  BenchPhotoEntity,
  GoldenIdeaEntity,
  IdeaMilestoneEntity,
  ...POINTS_ENTITIES,
  ...SUPERVISION_ENTITIES,
  ...JOINT_MEETING_ENTITIES,
  IndicatorMonthlyEntity,
  HeatmapDailyEntity,
  HeatmapMonthlyEntity,
  IndicatorBrokenCaseEntity,
  IndicatorGroupDailyEntity,
  IndicatorGroupMonthlyEntity,
];
