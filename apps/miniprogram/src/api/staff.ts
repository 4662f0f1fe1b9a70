/**
 * The staff calls over the app's one client (core.ts): typed by the generated schema, failures
 * worded by the one error map (errors.ts). Each call settles to a Result, so a page shows the
 * message (and a 刷新 when someone else changed the case) without try/catch.
 * Plain TypeScript (no Taro) so jest tests it; client.ts binds it to Taro.
 */
import type { Client, StaffRole } from './core';
import { errorFromFailure, hasOwnMessage, messageOf, type Wording } from './errors';
import type { Operation, RequestBody, Schemas } from './types';

export type { StaffRole };

/**
 * Fields the server sends as nullable strings or objects that its OpenAPI document leaves
 * untyped (they generate as `Record<string, never>`): read here as what the server sends.
 */
type Retyped<T, R> = Omit<T, keyof R> & R;

export type CaseStatus = Schemas['CaseDto']['status'];
export type CaseKind = Schemas['CaseDto']['kind'];
export type Urgency = Schemas['CaseDto']['urgency'];
export type SlaColour = NonNullable<Schemas['CaseDto']['slaColour']>;
/** A button the server may offer on a case (its allowedActions): the server decides, the app shows. */
export type StaffAction = Schemas['CaseDto']['allowedActions'][number];
/** newest / oldest by acceptance; deadline: most overdue first; deadline_desc: latest deadline first. */
export type CaseOrder = NonNullable<NonNullable<Operation<'/api/cases', 'get'>['parameters']['query']>['order']>;

interface CaseFields {
  residentName?: string | null;
  residentPhone?: string | null;
  unitId?: string | null;
  location?: { lat: number; lng: number; label?: string } | null;
  closedAt?: string | null;
  subItem?: string | null;
  answer?: string | null;
  /** The classifier's suggestion at filing. */
  suggestion?: { kind?: CaseKind; subItem?: string | null; urgency?: Urgency; [key: string]: unknown } | null;
}

export type StaffCase = Retyped<Schemas['CaseDto'], CaseFields>;
export type TimelineEntry = Retyped<Schemas['TimelineEntryDto'], { actorName?: string | null; note?: string | null }>;
export type Attachment = Retyped<Schemas['AttachmentDto'], { contentType?: string | null; sizeBytes?: number | null }>;
export type CaseDetail = Retyped<Schemas['CaseDetailDto'], CaseFields & { timeline: TimelineEntry[]; attachments: Attachment[] }>;
export type CasePage = Retyped<Schemas['CasePageDto'], { items: StaffCase[] }>;
export type Extension = Retyped<Schemas['ExtensionDto'], { decidedAt?: string | null; decisionNote?: string | null }>;
/** A request waiting for the dispatcher, with its case's number and unit. */
export type PendingExtension = Retyped<Schemas['PendingExtensionDto'], { decidedAt?: string | null; decisionNote?: string | null; unitName?: string | null }>;
/** 紧急提醒: an emergency alert staff were sent, and whether someone acknowledged it. */
export type Emergency = Retyped<
  Schemas['EmergencyDto'],
  { townUnitId: string | null; acknowledgedAt: string | null; acknowledgedBy: string | null; acknowledgement: 'noted' | 'handled' | null; acknowledgementLabel: string | null; acknowledgementNote: string | null }
>;
export type Acknowledgement = Schemas['AcknowledgeEmergencyDto']['outcome'];
export type Dashboard = Retyped<Schemas['DashboardDto'], { calendarWarning?: string | null }>;
export type Unit = Schemas['UnitDto'];
export type RoutingSuggestion = Retyped<Schemas['RoutingSuggestionDto'], { unitId?: string | null; unitName?: string | null }>;
/** One unit the dispatcher may route to, in the server's order. */
export type UnitChoice = Schemas['UnitChoiceDto'];
export type UnitChoices = Retyped<Schemas['UnitChoicesDto'], { suggestion: RoutingSuggestion }>;
/** 电话回访: how the resident rated the handling. */
export type RevisitRating = Schemas['PhoneRevisitDto']['rating'];
export type PhoneRevisit = Schemas['PhoneRevisitDto'];
/** POST /api/cases: a demand filed by staff for a resident. */
export type StaffFileInput = Schemas['StaffFileCaseDto'];
/** How a demand reached the staff member who files it. */
export type FileChannel = StaffFileInput['channel'];
export type Classification = Omit<Schemas['ClassifyDto'], 'expectedVersion'>;
export type PhotoContentType = NonNullable<Schemas['EvidenceDto']['contentType']>;

/**
 * GET /api/taxonomy. Its answer is not described in the OpenAPI document (no response schema),
 * so the part the app reads is declared here.
 */
export interface Taxonomy {
  kinds: { code: CaseKind; name: string }[];
  categories: { code: string; name: string }[];
  subItems: { code: string; name: string; category: string }[];
}

/** 三色预警 (/api/warnings), as the server's WarningDto sends them (its nullable dates read as strings). */
type WarningDates = { upgradedAt: string | null; acknowledgedAt: string | null; escalatedAt: string | null; closedAt: string | null };
export type WarningLevel = Schemas['WarningSummaryDto']['level'];
export type WarningStatus = Schemas['WarningSummaryDto']['status'];
export type WarningSummary = Retyped<Schemas['WarningSummaryDto'], WarningDates>;
export type WarningTownEvidence = Schemas['TownEvidenceDto'];
export type WarningStep = Retyped<Schemas['WarningStepDto'], { note: string | null; staffName: string | null }>;
export type WarningDetail = Retyped<Schemas['WarningDto'], WarningDates & { steps: WarningStep[] }>;
export type WarningList = Retyped<Schemas['WarningListDto'], { items: WarningSummary[] }>;

/** Warning pages name the warning when it is gone or changed under them. */
export const WARNING_WORDING: Wording = {
  not_found: '没找到这条预警，可能不归您管。',
  conflict: '这条预警已被他人处理，请刷新。',
};

/** GET /api/analytics/heatmap (民生诉求热力图): what the leader filters by, and the numbers. */
export type HeatmapQuery = Partial<Schemas['HeatmapQueryDto']>;
export type Heatmap = Schemas['HeatmapDto'];

/** Indicators (GET /api/indicators) for the caller's scope: the server narrows a unit's staff to their unit. */
export type IndicatorQuery = NonNullable<Operation<'/api/indicators', 'get'>['parameters']['query']>;
export type IndicatorReport = Schemas['IndicatorReportDto'];
/** 红黑榜: a week's tables of towns and departments, each row explaining its score. */
export type LeagueWeek = Schemas['LeagueWeekDto'];
export type LeagueTable = Schemas['LeagueTableDto'];
export type LeagueRow = Schemas['LeagueRowDto'];
export type LeagueHistory = Schemas['LeagueHistoryDto'];
export type LeaguePublication = Schemas['LeaguePublicationDto'];
export type Publication = Schemas['PublicationDto'];
export type LeagueGroup = LeagueTable['group'];

/** League pages name the list when a week has none the caller may see. */
export const LEAGUE_WORDING: Wording = {
  not_found: '这一周的红黑榜还没有审定公布。',
  conflict: '红黑榜已被他人处理，请刷新。',
};

export type Result<T> =
  | { ok: true; data: T }
  | { ok: false; status: number; message: string; conflict: boolean };

/** Staff pages are about cases: they name the case when it is gone or changed under them. */
export const CASE_WORDING: Wording = {
  not_found: '没找到这个案件。',
  conflict: '案件已被他人处理，请刷新。',
};

/** A call's answer, or the failure as the one error map words it for a case. */
export async function settle<T>(call: Promise<T>, wording: Wording = CASE_WORDING): Promise<Result<T>> {
  try {
    return { ok: true, data: await call };
  } catch (err) {
    const e = errorFromFailure(err);
    return { ok: false, status: e.status, message: messageOf(e, wording), conflict: e.kind === 'conflict' && !hasOwnMessage(e) };
  }
}

export function createStaffApi(client: Client) {
  const { call } = client;
  const run = <T>(p: Promise<T>) => settle(p);
  // `as` reads an answer with the fields retyped above; the rest of its shape is the schema's.

  return {
    /** One page of cases in the server's order; pass the page's nextCursor back for the next one. */
    listCases(status?: readonly CaseStatus[], page: { open?: boolean; order?: CaseOrder; cursor?: string | null; limit?: number } = {}) {
      const query = {
        // `limit` is a number the document leaves untyped.
        limit: (page.limit ?? 200) as unknown as NonNullable<Operation<'/api/cases', 'get'>['parameters']['query']>['limit'],
        ...(status?.length ? { status: [...status] } : {}),
        ...(page.open !== undefined ? { open: page.open } : {}),
        ...(page.order ? { order: page.order } : {}),
        ...(page.cursor ? { cursor: page.cursor } : {}),
      };
      return run(call('/api/cases', 'get', { query }) as Promise<CasePage>);
    },
    getCase: (id: string) => run(call('/api/cases/{id}', 'get', { params: { id } }) as Promise<CaseDetail>),
    signFor: (id: string, expectedVersion: number) =>
      run(call('/api/cases/{id}/sign-for', 'post', { params: { id }, body: { expectedVersion } }) as Promise<StaffCase>),
    addNote: (id: string, text: string) => run(call('/api/cases/{id}/notes', 'post', { params: { id }, body: { text } })),
    answer: (id: string, expectedVersion: number, text: string) =>
      run(call('/api/cases/{id}/answer', 'post', { params: { id }, body: { expectedVersion, text } }) as Promise<StaffCase>),
    addEvidence: (id: string, contentType: PhotoContentType, base64: string) =>
      run(call('/api/cases/{id}/evidence', 'post', { params: { id }, body: { contentType, base64 } }) as Promise<Attachment>),
    requestExtension: (id: string, workdays: number, reason: string) =>
      run(call('/api/cases/{id}/extensions', 'post', { params: { id }, body: { workdays, reason } }) as Promise<Extension>),
    returnCase: (id: string, expectedVersion: number, reason: string) =>
      run(call('/api/cases/{id}/return', 'post', { params: { id }, body: { expectedVersion, reason } }) as Promise<StaffCase>),
    classify: (id: string, expectedVersion: number, input: Classification) =>
      run(call('/api/cases/{id}/classify', 'post', { params: { id }, body: { expectedVersion, ...input } }) as Promise<StaffCase>),
    assign: (id: string, expectedVersion: number, unitId: string, coUnitIds: string[]) => {
      const body: RequestBody<Operation<'/api/cases/{id}/assign', 'post'>> = coUnitIds.length ? { expectedVersion, unitId, coUnitIds } : { expectedVersion, unitId };
      return run(call('/api/cases/{id}/assign', 'post', { params: { id }, body }) as Promise<StaffCase>);
    },
    reject: (id: string, expectedVersion: number, reason: string) =>
      run(call('/api/cases/{id}/reject', 'post', { params: { id }, body: { expectedVersion, reason } }) as Promise<StaffCase>),
    routingSuggestion: (id: string) =>
      run(call('/api/cases/{id}/routing-suggestion', 'get', { params: { id } }) as Promise<RoutingSuggestion>),
    /** The units to route to, best first, with the suggestion to preselect. */
    unitChoices: (id: string) => run(call('/api/cases/{id}/unit-choices', 'get', { params: { id } }) as Promise<UnitChoices>),
    caseExtensions: (id: string) => run(call('/api/cases/{id}/extensions', 'get', { params: { id } }) as Promise<Extension[]>),
    decideExtension: (id: string, requestId: string, approve: boolean) =>
      run(call('/api/cases/{id}/extensions/{requestId}/decision', 'post', { params: { id, requestId }, body: { approve } }) as Promise<StaffCase>),
    phoneRevisit: (id: string, input: PhoneRevisit) =>
      run(call('/api/cases/{id}/revisit', 'post', { params: { id }, body: input }) as Promise<StaffCase>),
    /** 代群众反映: staff file a demand they took by phone, at the grid station or at a bench meeting. */
    fileCase: (input: StaffFileInput) => run(call('/api/cases', 'post', { body: input }) as Promise<StaffCase>),
    pendingExtensions: () => run(call('/api/extensions/pending', 'get') as Promise<PendingExtension[]>),
    dashboard: () => run(call('/api/dashboard', 'get') as Promise<Dashboard>),
    /** The emergencies nobody has acknowledged yet that the caller was alerted to (their town's, or all for the office). */
    emergencies: () => run(call('/api/emergencies', 'get') as Promise<Emergency[]>),
    acknowledgeEmergency: (caseId: string, outcome: Acknowledgement) =>
      run(call('/api/emergencies/{caseId}/acknowledge', 'post', { params: { caseId }, body: { outcome } }) as Promise<Emergency>),
    units: () => run(call('/api/units', 'get')),
    taxonomy: () => run(client.request<Taxonomy>('get', '/api/taxonomy')),
    /** 三色预警 the caller may see (a unit leader: their own unit's), newest first. */
    warnings: (filter: { open?: boolean; limit?: number } = {}) =>
      // `limit` is a number the document leaves untyped.
      settle(call('/api/warnings', 'get', { query: { limit: (filter.limit ?? 100) as unknown as Record<string, never>, ...(filter.open !== undefined ? { open: filter.open } : {}) } }) as Promise<WarningList>, WARNING_WORDING),
    warning: (id: string) => settle(call('/api/warnings/{id}', 'get', { params: { id } }) as Promise<WarningDetail>, WARNING_WORDING),
    /** 签收, 跟进 or 办结 a warning; a follow-up and a closing need a note. */
    actOnWarning: (id: string, action: 'acknowledge' | 'follow-ups' | 'close', note: string) => {
      const params = { id };
      const acted =
        action === 'acknowledge'
          ? call('/api/warnings/{id}/acknowledge', 'post', { params, body: note ? { note } : {} })
          : action === 'follow-ups'
            ? call('/api/warnings/{id}/follow-ups', 'post', { params, body: { note } })
            : call('/api/warnings/{id}/close', 'post', { params, body: { note } });
      return settle(acted as Promise<WarningDetail>, WARNING_WORDING);
    },
    /** The heat map's numbers for the leader's scope (the server narrows a unit leader to their town). */
    heatmap: (query: HeatmapQuery = {}) => run(call('/api/analytics/heatmap', 'get', { query: { ...query } }) as Promise<Heatmap>),
    /** The URL and header to download the heat map as a picture (it needs the token: downloadFile, then <Image>). */
    heatmapPicture: (query: HeatmapQuery = {}, view: 'grid' | 'map' = 'grid') => client.fileRequest('/api/analytics/heatmap.png', undefined, { ...query, view }),
    /** Indicators of the caller's scope over a period (groupBy none: one group, with its weekly series and trend). */
    indicators: (query: IndicatorQuery) => run(call('/api/indicators', 'get', { query })),
    /** A week's 红黑榜: approved if it is, else the draft (the office and leaders only; a unit sees approved weeks). */
    leagueWeek: (week: string) => settle(call('/api/league/weeks/{week}', 'get', { params: { week } }), LEAGUE_WORDING),
    approveLeagueWeek: (week: string) => settle(call('/api/league/weeks/{week}/approve', 'post', { params: { week } }), LEAGUE_WORDING),
    publishLeagueWeek: (week: string) => settle(call('/api/league/weeks/{week}/publish', 'post', { params: { week } }), LEAGUE_WORDING),
    /** A unit's approved weeks, newest first (a unit's staff: their own unit only). */
    leagueHistory: (unitId: string) => settle(call('/api/league/units/{unitId}/history', 'get', { params: { unitId } }), LEAGUE_WORDING),
    /** The office's publications on the Official Account, newest first. */
    publications: () => run(call('/api/publications', 'get')),
    /** The URL and header to download a week's table as a picture (it needs the token: downloadFile, then <Image>). */
    leaguePicture: (week: string, group: LeagueGroup) => client.fileRequest('/api/league/weeks/{week}.png', { week }, { group }),
    /** The URL and header to fetch one attachment (it needs the token, so images are downloaded first). */
    attachmentRequest: (caseId: string, attachmentId: string) =>
      client.fileRequest('/api/cases/{id}/attachments/{attachmentId}', { id: caseId, attachmentId }),
  };
}

export type StaffApi = ReturnType<typeof createStaffApi>;

// ——— 板凳会 and 金点子, typed by the generated schema (apps/server/src/modules/bench/dto). ———

type MeetingNullables = { heldAt: string | null; attendance: number | null; outcomes: string | null; report: string | null; cancelReason: string | null };
type IdeaNullables = { decisionReason: string | null; evaluatedAt: string | null; deliveredAt: string | null; decision: IdeaDecision | null; reward: IdeaReward | null };

export type MeetingStatus = Schemas['MeetingDto']['status'];
export type MeetingAction = Schemas['MeetingDto']['allowedActions'][number];
export type BenchKind = Retyped<Schemas['BenchKindDto'], { description: string | null }>;
export type Meeting = Retyped<Schemas['MeetingDto'], MeetingNullables>;
export type BenchTotalsRow = Retyped<Schemas['BenchTotalsRowDto'], { completionRate: number | null }>;
export type BenchTotals = Retyped<Schemas['BenchTotalsDto'], { from: string | null; to: string | null; rows: BenchTotalsRow[]; total: BenchTotalsRow }>;
export type MeetingDemand = Retyped<Schemas['MeetingDemandDto'], { residentName: string | null; residentPhone: string | null; unitName: string | null }>;
export type MeetingDetail = Retyped<Schemas['MeetingDetailDto'], MeetingNullables & { demands: MeetingDemand[] }>;
export type PlanMeetingInput = Schemas['PlanMeetingDto'];
/** 下一场板凳会坐哪里: a village and topic of a town's weekly list, with the reasons in plain Chinese. */
export type WhereToSitEntry = Schemas['WhereToSitEntryDto'];
export type WhereToSit = Schemas['WhereToSitDto'];
export type BenchDemandInput = Schemas['BenchDemandDto'];
export type DemandFiled = Schemas['DemandFiledDto'];
export type IdeaStatus = Schemas['IdeaDto']['status'];
export type IdeaDecision = Schemas['EvaluateIdeaDto']['decision'];
/** The latest cash reward for the idea, paid to its proposer through WeChat Pay. */
export type IdeaReward = Schemas['IdeaRewardViewDto'];
export type Idea = Retyped<Schemas['IdeaDto'], IdeaNullables>;
export type IdeaDetail = Retyped<Schemas['IdeaDetailDto'], IdeaNullables>;

/** Bench pages name what they show when it is gone or changed. */
export const MEETING_WORDING: Wording = { not_found: '没找到这场板凳会。', conflict: '板凳会已被他人修改，请刷新。' };
export const IDEA_WORDING: Wording = { not_found: '没找到这个金点子。', conflict: '金点子已被他人处理，请刷新。' };

/** The bench and idea calls. */
export function createBenchApi(client: Client) {
  const { call } = client;
  const meeting = <T>(p: Promise<T>) => settle(p, MEETING_WORDING);
  const idea = <T>(p: Promise<T>) => settle(p, IDEA_WORDING);
  return {
    kinds: () => meeting(call('/api/bench/kinds', 'get') as Promise<BenchKind[]>),
    /** Meetings held, attendances, demands raised and settled, by town (the caller's scope). */
    totals: () => meeting(call('/api/bench/totals', 'get', { query: { groupBy: 'town' } }) as Promise<BenchTotals>),
    meetings: () => meeting(call('/api/bench/meetings', 'get') as Promise<Meeting[]>),
    whereToSit: (townId?: string) => meeting(call('/api/bench/where-to-sit', 'get', townId ? { query: { townId } } : {})),
    meeting: (id: string) => meeting(call('/api/bench/meetings/{id}', 'get', { params: { id } }) as Promise<MeetingDetail>),
    plan: (input: PlanMeetingInput) => meeting(call('/api/bench/meetings', 'post', { body: input }) as Promise<Meeting>),
    hold: (id: string, expectedVersion: number, input: { heldAt: string; attendance: number; outcomes?: string }) =>
      meeting(call('/api/bench/meetings/{id}/hold', 'post', { params: { id }, body: { ...input, expectedVersion } }) as Promise<Meeting>),
    close: (id: string, expectedVersion: number, input: { report: string; outcomes?: string }) =>
      meeting(call('/api/bench/meetings/{id}/close', 'post', { params: { id }, body: { ...input, expectedVersion } }) as Promise<Meeting>),
    cancel: (id: string, expectedVersion: number, reason: string) =>
      meeting(call('/api/bench/meetings/{id}/cancel', 'post', { params: { id }, body: { reason, expectedVersion } }) as Promise<Meeting>),
    addPhoto: (id: string, base64: string) => meeting(call('/api/bench/meetings/{id}/photos', 'post', { params: { id }, body: { base64 } })),
    /** Throws (ApiError) rather than settling: the offline queue decides what a failure means. */
    addDemand: (meetingId: string, input: BenchDemandInput) => call('/api/bench/meetings/{id}/demands', 'post', { params: { id: meetingId }, body: input }),
    ideas: (overdue = false) => idea(call('/api/ideas', 'get', overdue ? { query: { overdue: 'true' } } : {}) as Promise<Idea[]>),
    idea: (id: string) => idea(call('/api/ideas/{id}', 'get', { params: { id } }) as Promise<IdeaDetail>),
    /** The office takes up a suggestion as a golden idea (its unit: the case's). */
    takeUp: (caseId: string, title: string) => idea(call('/api/ideas', 'post', { body: { caseId, title } }) as Promise<Idea>),
    /** Proposes a cash reward for the idea's proposer; another person approves it. */
    proposeReward: (id: string, amountFen: number, remark: string) =>
      idea(call('/api/ideas/{id}/reward', 'post', { params: { id }, body: { amountFen, remark } }) as Promise<IdeaDetail>),
    evaluate: (id: string, expectedVersion: number, decision: IdeaDecision, reason?: string) =>
      idea(call('/api/ideas/{id}/evaluate', 'post', { params: { id }, body: { decision, expectedVersion, ...(reason ? { reason } : {}) } }) as Promise<Idea>),
    addMilestone: (id: string, note: string, delivered: boolean) =>
      idea(call('/api/ideas/{id}/milestones', 'post', { params: { id }, body: { note, delivered } }) as Promise<IdeaDetail>),
    addMilestonePhoto: (id: string, milestoneId: string, base64: string) =>
      idea(call('/api/ideas/{id}/milestones/{milestoneId}/photos', 'post', { params: { id, milestoneId }, body: { base64 } })),
  };
}

export type BenchApi = ReturnType<typeof createBenchApi>;
