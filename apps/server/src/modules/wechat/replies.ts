import { CASE_STATUS_LABELS, formatChinaDay, summarise } from '@msz/domain';
import type { CaseEntity } from '../cases/case.entity';

// What residents read in chat: short, plain, one idea a line. Many of them are elderly.

export const GUIDE = [
  '您好！这里是民声直达。',
  '有什么困难或问题，直接发文字告诉我们，说清楚在哪里、什么事。',
  '回复“查询”：看办理进度',
  '回复“帮助”：看这段说明',
].join('\n');

export const WELCOME = `欢迎关注民声直达！\n${GUIDE}`;

/** Nothing was saved: the resident must know to send it again. */
export const BUSY = '系统忙，这条消息没收到。请过一会儿再发一次。';

export const NOT_YET_SUPPORTED = '我们暂时只能收文字。请用文字说说您遇到的问题，说清楚在哪里、什么事。';

export function filed(c: CaseEntity): string {
  return [
    '您反映的问题已受理。',
    `受理编号：${c.number}`,
    `我们会在${formatChinaDay(c.closeBy)}前办好并答复您。`,
    '回复“查询”可看进度。',
  ].join('\n');
}

/** WeChat cuts passive text replies at 2048 bytes; keep well inside it. */
const MAX_REPLY_BYTES = 2000;

export function caseList(cases: CaseEntity[]): string {
  if (cases.length === 0) return '您还没有反映过问题。直接发文字告诉我们就行。';
  let text = '您最近反映的问题：';
  for (const c of cases) {
    const line = `\n${c.number}\n${summarise(c.text, 16)}\n状态：${CASE_STATUS_LABELS[c.status]}，时限：${formatChinaDay(c.closeBy)}`;
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

export function revisitUnclear(c: CaseEntity): string {
  return [`编号${c.number}的问题已经答复您了，您满意吗？`, '请回复数字：', '1 满意', '2 基本满意', '3 不满意'].join('\n');
}
