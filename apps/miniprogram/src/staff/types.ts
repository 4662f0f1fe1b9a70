/** Shapes of the staff API answers this app reads (a subset of src/api/openapi.json). */

export type CaseStatus =
  | 'accepted'
  | 'assigned'
  | 'in_progress'
  | 'answered'
  | 'revisiting'
  | 'closed'
  | 'invalid'
  | 'returned'
  | 'reopened'
  | 'merged';

export type CaseKind = 'consultation' | 'help' | 'complaint' | 'report' | 'suggestion';
export type Urgency = 'normal' | 'urgent' | 'critical';
export type SlaColour = 'green' | 'yellow' | 'orange' | 'red';
export type StaffRole = 'dispatcher' | 'handler' | 'admin' | 'unit_leader' | 'city_leader' | 'inspector';

export interface StaffCase {
  id: string;
  number: string;
  channel: string;
  text: string;
  kind: CaseKind;
  kindLabel: string;
  status: CaseStatus;
  statusLabel: string;
  unitId?: string | null;
  location?: unknown;
  acceptedAt: string;
  assignBy: string;
  closeBy: string;
  closedAt?: string | null;
  version: number;
  slaColour?: SlaColour | null;
  subItem?: string | null;
  urgency: Urgency;
  extendedWorkdays: number;
  residentName?: string | null;
  residentPhone?: string | null;
  /** The classifier's suggestion, if the server includes it. */
  suggestion?: { kind?: CaseKind; subItem?: string | null; urgency?: Urgency } | null;
}

export interface TimelineEntry {
  action: string;
  actionLabel: string;
  fromStatus?: CaseStatus | null;
  toStatus: CaseStatus;
  toStatusLabel: string;
  actorKind: 'resident' | 'staff' | 'system';
  actorName?: string | null;
  /** Staff steps: 「承办人」 and 「八台镇」. */
  actorRoleLabel?: string | null;
  actorUnitName?: string | null;
  note?: string | null;
  at: string;
}

export interface Attachment {
  id: string;
  kind: 'image' | 'voice' | 'video';
  status: 'pending' | 'stored' | 'failed';
  source: 'resident' | 'staff';
  contentType?: string | null;
  sizeBytes?: number | null;
}

export interface CaseDetail extends StaffCase {
  /** The place in words (「八台镇 香炉村」); never coordinates. */
  placeLabel?: string | null;
  /** The point on a map, as a web link. */
  mapUrl?: string | null;
  coUnitIds: string[];
  timeline: TimelineEntry[];
  attachments: Attachment[];
}

/** newest / oldest by acceptance; deadline: most overdue first; deadline_desc: latest deadline first. */
export type CaseOrder = 'newest' | 'oldest' | 'deadline' | 'deadline_desc';

export interface CasePage {
  items: StaffCase[];
  /** On the first page only; null on the pages after it. */
  total: number | null;
  /** Where the next page starts; null on the last page. */
  nextCursor?: string | null;
}

export interface Extension {
  id: string;
  caseId: string;
  workdays: number;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  createdAt: string;
  decidedAt?: string | null;
  decisionNote?: string | null;
}

export interface Unit {
  id: string;
  code: string;
  name: string;
  level: 'city' | 'region' | 'town' | 'village' | 'department';
  parentId?: string | null;
}

export interface RoutingSuggestion {
  unitId?: string | null;
  unitName?: string | null;
  tier?: 'village' | 'town' | 'city' | null;
  reason: string;
}

/** One unit the dispatcher may route to, in the server's order (GET /api/cases/{id}/unit-choices). */
export interface UnitChoice {
  id: string;
  name: string;
  level: Unit['level'];
  /** Villages: their town. */
  townName: string | null;
  /** Pinyin initials of the name, lower case: 八台镇 → btz. */
  initials: string;
  group: 'suggested' | 'recent' | 'same_town' | 'other';
}

export interface UnitChoices {
  suggestion: RoutingSuggestion;
  units: UnitChoice[];
}

export interface Dashboard {
  open: number;
  byStatus: Record<string, number>;
  bySla: Record<string, number>;
  pendingExtensions: number;
  calendarWarning?: string | null;
}

export interface TaxonomySubItem {
  code: string;
  name: string;
  category: string;
}

export interface TaxonomyCategory {
  code: string;
  name: string;
}

export interface Taxonomy {
  kinds: { code: CaseKind; name: string }[];
  categories: TaxonomyCategory[];
  subItems: TaxonomySubItem[];
}

/** 电话回访: how the resident rated the handling. */
export type RevisitRating = 'satisfied' | 'basically_satisfied' | 'unsatisfied';

/** How a demand reached the staff member who files it. */
export type FileChannel = 'phone' | 'walk_in' | 'bench_meeting';

/** POST /api/cases: a demand filed by staff for a resident. */
export interface StaffFileInput {
  channel: FileChannel;
  residentName: string;
  residentPhone: string;
  text: string;
  /** 当场解决了: the answer given there and then. */
  onTheSpotAnswer?: string;
}
