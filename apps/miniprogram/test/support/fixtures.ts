/** Answers of the server as the pages receive them (shapes from the generated schema, src/api/schema.d.ts). */
import type { ResidentCase } from '../../src/api/client';
import type { CaseDetail, Extension, PendingExtension, StaffCase } from '../../src/api/staff';

/**
 * A case as GET /api/my/cases/{id} answers it. Built loosely (cast) so it follows the DTO as fields
 * are added: `channel`, `location` and `media` are sent by servers that have them.
 */
export function residentCase(over: Partial<ResidentCase> & Record<string, unknown> = {}): ResidentCase {
  return {
    id: 'c-1',
    number: 'MS20261126-0001',
    channel: 'wechat',
    text: '村口路灯坏了三天，晚上看不见路。',
    status: 'in_progress',
    statusLabel: '正在办理',
    closeBy: '2026-12-03T09:00:00.000Z',
    answer: null,
    awaitsRevisit: false,
    lifeAtRiskAdvice: null,
    location: null,
    media: [],
    steps: [],
    ...over,
  } as ResidentCase;
}

export function staffCase(over: Partial<StaffCase> = {}): StaffCase {
  return {
    id: 'k-1',
    number: 'MS20261126-0001',
    channel: 'wechat',
    text: '村口路灯坏了三天，晚上看不见路。',
    kind: 'complaint',
    kindLabel: '投诉',
    status: 'assigned',
    statusLabel: '待签收',
    unitId: 'u-town',
    acceptedAt: '2026-11-26T01:00:00.000Z',
    assignBy: '2026-11-26T09:00:00.000Z',
    closeBy: '2026-12-03T09:00:00.000Z',
    version: 3,
    slaColour: 'green',
    subItem: null,
    urgency: 'normal',
    extendedWorkdays: 0,
    // The server's own answers: a test names the buttons it expects the server to offer.
    open: true,
    allowedActions: [],
    ...over,
  };
}

export function caseDetail(over: Partial<CaseDetail> = {}): CaseDetail {
  return {
    ...staffCase(),
    placeLabel: null,
    mapUrl: null,
    coUnitIds: [],
    timeline: [
      {
        action: 'accept',
        actionLabel: '受理',
        toStatus: 'accepted',
        toStatusLabel: '待分办',
        actorKind: 'system',
        at: '2026-11-26T01:00:00.000Z',
      },
      {
        action: 'assign',
        actionLabel: '转办',
        fromStatus: 'accepted',
        toStatus: 'assigned',
        toStatusLabel: '待签收',
        actorKind: 'staff',
        actorName: '李调度',
        at: '2026-11-26T02:00:00.000Z',
      },
    ],
    attachments: [],
    ...over,
  };
}

export function extension(over: Partial<Extension> = {}): Extension {
  return {
    id: 'x-1',
    caseId: 'k-1',
    workdays: 3,
    reason: '需要等材料到货',
    status: 'pending',
    createdAt: '2026-11-27T02:00:00.000Z',
    ...over,
  };
}

/** A request in the dispatcher's waiting list: the server names its case and unit. */
export function pendingExtension(over: Partial<PendingExtension> = {}): PendingExtension {
  return { ...extension(), caseNumber: 'MS20261120-0001', unitName: '井溪镇', ...over };
}

export const TAXONOMY = {
  kinds: [],
  categories: [
    { code: 'infra', name: '基础设施' },
    { code: 'life', name: '民生服务' },
  ],
  subItems: [
    { code: 'roads', name: '道路交通', category: 'infra' },
    { code: 'lighting', name: '路灯照明', category: 'infra' },
    { code: 'water', name: '供水', category: 'life' },
  ],
};

export const UNITS = [
  { id: 'u-city', code: 'city', name: '市民声直达办', level: 'city' },
  { id: 'u-town', code: 'town-1', name: '城关镇', level: 'town' },
  { id: 'u-dept', code: 'dept-1', name: '住建局', level: 'department' },
];
