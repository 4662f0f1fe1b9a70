/** Chinese labels for codes shown on staff screens. */
import type { Attachment, CaseKind, StaffAction, Urgency } from '../api/staff';

export const ACTION_LABELS: Record<StaffAction, string> = {
  sign_for: '签收',
  note: '进展',
  answer: '答复',
  extension: '申请延期',
  return: '退回',
  classify: '分类',
  assign: '转办',
  decide_extension: '审批延期',
  reject: '无效',
  revisit: '电话回访',
};

export const KIND_OPTIONS: { code: CaseKind; label: string }[] = [
  { code: 'consultation', label: '咨询' },
  { code: 'help', label: '求助' },
  { code: 'complaint', label: '投诉' },
  { code: 'report', label: '举报' },
  { code: 'suggestion', label: '建议' },
];

export const URGENCY_OPTIONS: { code: Urgency; label: string }[] = [
  { code: 'normal', label: '一般' },
  { code: 'urgent', label: '紧急' },
  { code: 'critical', label: '特急' },
];

/** The red mark on an emergency (特急) nobody has acknowledged yet: it heads every staff list. */
export const EMERGENCY_MARK = '紧急';

export function kindLabel(code: string | null | undefined): string {
  return KIND_OPTIONS.find((k) => k.code === code)?.label ?? '未分类';
}

export function urgencyLabel(code: string | null | undefined): string {
  return URGENCY_OPTIONS.find((u) => u.code === code)?.label ?? '一般';
}

const ATTACHMENT_KIND: Record<Attachment['kind'], string> = { image: '照片', voice: '语音', video: '视频' };
const ATTACHMENT_STATUS: Record<Attachment['status'], string> = { pending: '保存中', stored: '', failed: '已失效' };

/** 群众照片, 现场照片（承办人）, 语音（已失效）… */
export function attachmentLabel(a: Pick<Attachment, 'kind' | 'source' | 'status'>): string {
  const who = a.source === 'staff' ? '现场' : '群众';
  const state = ATTACHMENT_STATUS[a.status] ?? '';
  return `${who}${ATTACHMENT_KIND[a.kind] ?? '附件'}${state ? `（${state}）` : ''}`;
}

/** Status counts for the dashboard in a fixed order with Chinese names; zero rows left out. */
const STATUS_NAMES: [string, string][] = [
  ['accepted', '待受理分办'],
  ['returned', '被退回'],
  ['assigned', '待签收'],
  ['in_progress', '办理中'],
  ['reopened', '重新办理'],
  ['answered', '已答复'],
  ['revisiting', '待回访'],
];

export function statusCounts(byStatus: Record<string, number> | null | undefined): { label: string; count: number }[] {
  const src = byStatus ?? {};
  return STATUS_NAMES.filter(([k]) => (src[k] ?? 0) > 0).map(([k, label]) => ({ label, count: src[k] }));
}
