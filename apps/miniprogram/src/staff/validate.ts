/** Checks of the action forms before anything is sent. Messages are plain Chinese for the screen. */
import type { CaseKind, FileChannel, RevisitRating, StaffFileInput, Urgency } from '../api/staff';

export type Check<T> = { ok: true; value: T } | { ok: false; message: string };

export const LIMITS = {
  reason: 500,
  answer: 2000,
  note: 1000,
  maxWorkdays: 10,
  maxPhotos: 6,
  photoBytes: 4 * 1024 * 1024,
  residentName: 32,
  text: 2000,
} as const;

function text(input: string | null | undefined, max: number, empty: string, what: string): Check<string> {
  const value = (input ?? '').trim();
  if (!value) return { ok: false, message: empty };
  if (value.length > max) return { ok: false, message: `${what}最多${max}个字，现在${value.length}个字` };
  return { ok: true, value };
}

export const checkReason = (input: string | null | undefined) => text(input, LIMITS.reason, '请填写原因', '原因');
export const checkAnswer = (input: string | null | undefined) => text(input, LIMITS.answer, '请填写答复内容', '答复');
export const checkNote = (input: string | null | undefined) => text(input, LIMITS.note, '请填写办理进展', '进展');

/** 申请延期: 1-10 whole working days, and no more than what is left of the 10 in total. */
export function checkExtension(
  workdaysInput: string | number | null | undefined,
  reasonInput: string | null | undefined,
  alreadyExtended = 0,
): Check<{ workdays: number; reason: string }> {
  const raw = typeof workdaysInput === 'number' ? String(workdaysInput) : (workdaysInput ?? '').trim();
  if (!raw) return { ok: false, message: '请填写延期天数' };
  if (!/^\d+$/.test(raw)) return { ok: false, message: '延期天数请填1到10的整数' };
  const workdays = Number(raw);
  if (workdays < 1 || workdays > LIMITS.maxWorkdays) return { ok: false, message: '延期天数请填1到10的整数' };
  const left = LIMITS.maxWorkdays - Math.max(0, alreadyExtended);
  if (left <= 0) return { ok: false, message: '已延期满10个工作日，不能再延期' };
  if (workdays > left) return { ok: false, message: `最多还能延期${left}个工作日` };
  const reason = checkReason(reasonInput);
  if (!reason.ok) return reason;
  return { ok: true, value: { workdays, reason: reason.value } };
}

const KINDS: readonly CaseKind[] = ['consultation', 'help', 'complaint', 'report', 'suggestion'];
const URGENCIES: readonly Urgency[] = ['normal', 'urgent', 'critical'];

/** 分类: a kind, a sub-item from the taxonomy and an urgency. */
export function checkClassify(
  input: { kind?: string | null; subItem?: string | null; urgency?: string | null },
  subItemCodes: readonly string[],
): Check<{ kind: CaseKind; subItem: string; urgency: Urgency }> {
  if (!input.kind || !KINDS.includes(input.kind as CaseKind)) return { ok: false, message: '请选择诉求类型' };
  if (!input.subItem || !subItemCodes.includes(input.subItem)) return { ok: false, message: '请选择分类' };
  if (!input.urgency || !URGENCIES.includes(input.urgency as Urgency)) return { ok: false, message: '请选择紧急程度' };
  return { ok: true, value: { kind: input.kind as CaseKind, subItem: input.subItem, urgency: input.urgency as Urgency } };
}

/** 转办: a lead unit; co-handling units without the lead unit and without repeats. */
export function checkAssign(
  unitId: string | null | undefined,
  coUnitIds: readonly string[] = [],
): Check<{ unitId: string; coUnitIds: string[] }> {
  if (!unitId) return { ok: false, message: '请选择承办单位' };
  const co = Array.from(new Set(coUnitIds.filter((id) => id && id !== unitId)));
  return { ok: true, value: { unitId, coUnitIds: co } };
}

/** A photo for evidence: jpeg or png, at most 4 MB. */
export function checkPhoto(contentType: string | null, sizeBytes: number): Check<'image/jpeg' | 'image/png'> {
  if (contentType !== 'image/jpeg' && contentType !== 'image/png') return { ok: false, message: '只能上传jpg或png照片' };
  if (sizeBytes > LIMITS.photoBytes) return { ok: false, message: '照片太大，请选小于4MB的照片' };
  return { ok: true, value: contentType };
}

/** Content type from a file path or a MIME type: .png → image/png, .jpg/.jpeg → image/jpeg. */
export function photoContentType(pathOrMime: string | null | undefined): 'image/jpeg' | 'image/png' | null {
  const s = (pathOrMime ?? '').toLowerCase();
  if (s === 'image/png' || /\.png(\?|$)/.test(s)) return 'image/png';
  if (s === 'image/jpeg' || s === 'image/jpg' || /\.jpe?g(\?|$)/.test(s)) return 'image/jpeg';
  return null;
}

/** `data:image/png;base64,AAAA` → `AAAA`; plain base64 is returned as is. */
export function stripDataUrl(data: string): string {
  const comma = data.indexOf(',');
  return data.startsWith('data:') && comma >= 0 ? data.slice(comma + 1) : data;
}

const RATINGS: readonly RevisitRating[] = ['satisfied', 'basically_satisfied', 'unsatisfied'];

/** 电话回访: a rating, whether it is solved, and an optional note. */
export function checkRevisit(input: {
  rating?: string | null;
  solved?: boolean | null;
  note?: string | null;
}): Check<{ rating: RevisitRating; solved: boolean; note?: string }> {
  if (!input.rating || !RATINGS.includes(input.rating as RevisitRating)) return { ok: false, message: '请选择满意度' };
  if (typeof input.solved !== 'boolean') return { ok: false, message: '请选择解决了吗' };
  const note = (input.note ?? '').trim();
  if (note.length > LIMITS.note) return { ok: false, message: `备注最多${LIMITS.note}个字，现在${note.length}个字` };
  const value = { rating: input.rating as RevisitRating, solved: input.solved };
  return { ok: true, value: note ? { ...value, note } : value };
}

const CHANNELS: readonly FileChannel[] = ['phone', 'walk_in', 'bench_meeting'];

/** A mobile (11 digits, starting with 1) or a landline with its area code (0818-1234567); spaces dropped. */
export function checkPhone(input: string | null | undefined): Check<string> {
  const value = (input ?? '').replace(/\s+/g, '');
  if (!value) return { ok: false, message: '请填写电话' };
  if (/^1\d{10}$/.test(value) || /^0\d{2,3}-?\d{7,8}$/.test(value)) return { ok: true, value };
  return { ok: false, message: '电话不对：手机填11位，座机带区号' };
}

/** 代群众反映: channel, resident name and phone, the demand, and an optional on-the-spot answer. */
export function checkStaffFile(input: {
  channel?: string | null;
  residentName?: string | null;
  residentPhone?: string | null;
  text?: string | null;
  solvedOnTheSpot?: boolean;
  onTheSpotAnswer?: string | null;
}): Check<StaffFileInput> {
  if (!input.channel || !CHANNELS.includes(input.channel as FileChannel)) return { ok: false, message: '请选择来源' };
  const name = text(input.residentName, LIMITS.residentName, '请填写群众姓名', '姓名');
  if (!name.ok) return name;
  const phone = checkPhone(input.residentPhone);
  if (!phone.ok) return phone;
  const demand = text(input.text, LIMITS.text, '请填写反映的事', '内容');
  if (!demand.ok) return demand;
  const value: StaffFileInput = { channel: input.channel as FileChannel, residentName: name.value, residentPhone: phone.value, text: demand.value };
  if (input.solvedOnTheSpot) {
    const answer = text(input.onTheSpotAnswer, LIMITS.answer, '请填写当场怎么解决的', '答复');
    if (!answer.ok) return answer;
    value.onTheSpotAnswer = answer.value;
  }
  return { ok: true, value };
}
