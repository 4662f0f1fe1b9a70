import { Initial1795681762129 } from './1795681762129-Initial';
import { ConversationAndMedia1795682846821 } from './1795682846821-ConversationAndMedia';
import { CaseNumberSequences1795684500000 } from './1795684500000-CaseNumberSequences';
import { Workflow1795684600000 } from './1795684600000-Workflow';
import { Quality1795684700000 } from './1795684700000-Quality';
import { Handling1795684800000 } from './1795684800000-Handling';
import { Delivery1795684900000 } from './1795684900000-Delivery';
import { OutboxPendingIndex1795685000000 } from './1795685000000-OutboxPendingIndex';
import { ResidentApp1795685100000 } from './1795685100000-ResidentApp';
import { Hardening1795686100000 } from './1795686100000-Hardening';
import { InboundDedupPerSender1795686200000 } from './1795686200000-InboundDedupPerSender';
import { PhoneOneAccount1795686210000 } from './1795686210000-PhoneOneAccount';
import { ResidentIdentity1795686220000 } from './1795686220000-ResidentIdentity';
import { NextDue1795686300000 } from './1795686300000-NextDue';
import { SettingVersion1795686310000 } from './1795686310000-SettingVersion';
import { ListIndexes1795686437000 } from './1795686437000-ListIndexes';
import { UnitQueueIndex1795686438000 } from './1795686438000-UnitQueueIndex';
import { CaseExtensionPending1795686500000 } from './1795686500000-CaseExtensionPending';
import { MergedRevisitDue1795686600000 } from './1795686600000-MergedRevisitDue';
import { ClassificationExample1795686700000 } from './1795686700000-ClassificationExample';
import { EmergencyAlerts1795686710000 } from './1795686710000-EmergencyAlerts';
import { ProblemSignature1795686720000 } from './1795686720000-ProblemSignature';
import { Indicators1795686730000 } from './1795686730000-Indicators';
import { HeatmapAndPublication1795686740000 } from './1795686740000-HeatmapAndPublication';
import { AreaWarnings1795686750000 } from './1795686750000-AreaWarnings';
import { BenchAndIdeas1795686770000 } from './1795686770000-BenchAndIdeas';
import { Points1795686780000 } from './1795686780000-Points';
import { TamperEvidentTimeline1795686800000 } from './1795686800000-TamperEvidentTimeline';
import { AnomalyFlags1795686800100 } from './1795686800100-AnomalyFlags';
import { OfficeSample1795686800200 } from './1795686800200-OfficeSample';
import { VillageElderly1795686810000 } from './1795686810000-VillageElderly';
import { RewardIdea1795686820000 } from './1795686820000-RewardIdea';
import { Supervision1795686830000 } from './1795686830000-Supervision';
import { JointMeetings1795686840000 } from './1795686840000-JointMeetings';
import { VerifiedIndicators1795686840100 } from './1795686840100-VerifiedIndicators';
import { JointTaskPosition1795686840200 } from './1795686840200-JointTaskPosition';
import { ReportIndexes1795686850000 } from './1795686850000-ReportIndexes';
import { AnalyticsRollups1795686860000 } from './1795686860000-AnalyticsRollups';
import { TaxonomySafetyItems1795686880000 } from './1795686880000-TaxonomySafetyItems';
import { NarrowIndicatorRollups1795686910000 } from './1795686910000-NarrowIndicatorRollups';
import { OpenCountIndex1795686920000 } from './1795686920000-OpenCountIndex';
import { ExtendedOnTime1795687100000 } from './1795687100000-ExtendedOnTime';
import { DropHeatmapIndex1795687300000 } from './1795687300000-DropHeatmapIndex';

// Committed migrations, oldest first. Never edit one that has landed: add a new one.
export const MIGRATIONS: Function[] = [
  Initial1795681762129,
  ConversationAndMedia1795682846821,
  CaseNumberSequences1795684500000,
  Workflow1795684600000,
  Quality1795684700000,
  Handling1795684800000,
  Delivery1795684900000,
  OutboxPendingIndex1795685000000,
  ResidentApp1795685100000,
  Hardening1795686100000,
  InboundDedupPerSender1795686200000,
  PhoneOneAccount1795686210000,
  ResidentIdentity1795686220000,
  NextDue1795686300000,
  SettingVersion1795686310000,
  ListIndexes1795686437000,
  UnitQueueIndex1795686438000,
  CaseExtensionPending1795686500000,
  MergedRevisitDue1795686600000,
  ClassificationExample1795686700000,
  EmergencyAlerts1795686710000,
  ProblemSignature1795686720000,
  Indicators1795686730000,
  HeatmapAndPublication1795686740000,
  AreaWarnings1795686750000,
  BenchAndIdeas1795686770000,
  Points1795686780000,
  TamperEvidentTimeline1795686800000,
  AnomalyFlags1795686800100,
  OfficeSample1795686800200,
  VillageElderly1795686810000,
  RewardIdea1795686820000,
  Supervision1795686830000,
  JointMeetings1795686840000,
  VerifiedIndicators1795686840100,
  JointTaskPosition1795686840200,
  ReportIndexes1795686850000,
  AnalyticsRollups1795686860000,
  TaxonomySafetyItems1795686880000,
  NarrowIndicatorRollups1795686910000,
  OpenCountIndex1795686920000,
  ExtendedOnTime1795687100000,
  DropHeatmapIndex1795687300000,
];
