import { LIFE_AT_RISK_ADVICE, RESIDENT_STATUS_LABELS, formatChinaDay, isEmergency, summarise } from '@msz/domain';
import type { CaseEntity } from '../cases/case.entity';
import type { AttachmentKind } from '../media/attachment.entity';

// What residents read in chat: short, plain, one idea a line. Many of them are elderly.

export const GUIDE = [
  '您好！这里是民声直达。',
  '有什么困难或问题，直接发文字或语音告诉我们，说清楚在哪里、什么事。也可以发照片、发位置。',
  '回复“查询”：看办理进度',
  '回复“新诉求”：另说一件事',
  '回复“帮助”：看这段说明',
].join('\n');

export const WELCOME = `欢迎关注民声直达！\n${GUIDE}`;

/** Nothing was saved: the resident must know to send it again. */
export const BUSY = '系统忙，这条消息没收到。请过一会儿再发一次。';

/** Kept in the journal while the database is away; the real reply follows as a customer-service message. */
export const RECEIVED = '已收到，正在登记，稍后把受理编号发给您。';

export const NEW_DEMAND = '好的，请说说另一件事：在哪里、什么问题。';

export const LOCATION_WAITING = '收到您的位置。请再用文字或语音说说遇到了什么问题。';

export const LOCATION_UNREADABLE = '这个位置没能读出来，请用文字说说在哪个镇、哪个村。';

export const MEDIA_NOUN: Record<AttachmentKind, string> = { image: '照片', voice: '语音', video: '视频' };

/** What a case filed from media alone says, until staff listen to or look at it. */
export function mediaOnlyText(kind: AttachmentKind): string {
  return kind === 'voice' ? '（群众发来一段语音，未能识别成文字，请工作人员收听）' : `（群众发来一段${MEDIA_NOUN[kind]}，请工作人员查看）`;
}

/** A demand read as a danger to life: the emergency numbers come first, before anything else. */
const lifeAtRisk = (c: CaseEntity): string[] => (isEmergency(c.urgency) ? [LIFE_AT_RISK_ADVICE, '我们已通知值班人员，马上联系您。'] : []);

export function filedFromMedia(c: CaseEntity, kind: AttachmentKind, recognised: boolean): string {
  const note = kind === 'voice' && !recognised ? '我们会听您的语音。' : '';
  return [...lifeAtRisk(c), `收到您的${MEDIA_NOUN[kind]}，问题已受理。${note}`, `受理编号：${c.number}`, queryCodeLine(c), `我们会在${formatChinaDay(c.closeBy)}前办好并答复您。`, '可以接着发文字、照片或位置补充。'].join('\n');
}

export function added(c: CaseEntity, what: string): string {
  return `${what}已补充到受理编号${c.number}。\n要说另一件事，请先回复“新诉求”。`;
}

export function locationAdded(c: CaseEntity, where: string): string {
  return `位置已记下（${where}），补充到受理编号${c.number}。`;
}

/** The number is sequential; with the query code, the resident (or whoever they tell) can look the case up. */
const queryCodeLine = (c: CaseEntity) => `查询码：${c.queryCode ?? ''}（凭编号和查询码可查进度）`;

export function filed(c: CaseEntity): string {
  return [
    ...lifeAtRisk(c),
    '您反映的问题已受理。',
    `受理编号：${c.number}`,
    queryCodeLine(c),
    `我们会在${formatChinaDay(c.closeBy)}前办好并答复您。`,
    '回复“查询”可看进度。10分钟内可接着发照片、语音或位置补充。',
  ].join('\n');
}

/** WeChat cuts passive text replies at 2048 bytes; keep well inside it. */
const MAX_REPLY_BYTES = 2000;

/** A merged case shows the progress of the case it was merged into: that is where the work is done. */
export function caseList(cases: CaseEntity[], mains: ReadonlyMap<string, CaseEntity> = new Map()): string {
  if (cases.length === 0) return '您还没有反映过问题。直接发文字告诉我们就行。';
  let text = '您最近反映的问题：';
  for (const c of cases) {
    const main = c.status === 'merged' && c.mergedInto ? mains.get(c.mergedInto) : undefined;
    const status = main
      ? `已和同类问题${main.number}合并办理，${RESIDENT_STATUS_LABELS[main.status]}，时限：${formatChinaDay(main.closeBy)}`
      : `${RESIDENT_STATUS_LABELS[c.status]}，时限：${formatChinaDay(c.closeBy)}`;
    const line = `\n${c.number}\n${summarise(c.text, 16)}\n状态：${status}`;
    if (Buffer.byteLength(text + line) > MAX_REPLY_BYTES) break;
    text += line;
  }
  return text;
}

export function revisitThanks(c: CaseEntity, closed: boolean): string {
  return closed
    ? `谢谢您的评价！编号${c.number}的问题已办结。`
    : `收到。编号${c.number}的问题我们会重新办理，办好后再答复您。`;
}

/** The revisit of a merged case: kept with it; an unhappy resident is asked what is still wrong. */
export function mergedRevisitThanks(c: CaseEntity, satisfied: boolean): string {
  return satisfied
    ? `谢谢您的评价！编号${c.number}的问题已随同类问题办结。`
    : `已记下您对编号${c.number}的意见。如果问题还没解决，请直接说说现在的情况，我们重新受理。`;
}

export function revisitUnclear(c: CaseEntity): string {
  return [`编号${c.number}的问题已经答复您了，您满意吗？`, '请回复数字：', '1 满意', '2 基本满意', '3 不满意'].join('\n');
}

export function lateRevisit(c: CaseEntity, unhappy: boolean): string {
  return unhappy
    ? `已记下您对编号${c.number}的意见。如果问题还没解决，请直接说说现在的情况，我们重新受理。`
    : `谢谢您的评价，已记在编号${c.number}上。`;
}
