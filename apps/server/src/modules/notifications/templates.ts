import { formatChinaDay, summarise } from '@msz/domain';
import type { TemplateMessage } from '@msz/wechat';
import type { WechatConfig } from '../../config/app-config';
import type { CaseEntity } from '../cases/case.entity';

/** WeChat caps a template's `thing` field at 20 characters. */
const thing = (text: string) => ({ value: summarise(text, 20) });
const plain = (value: string) => ({ value });

export type NotificationKind = 'case_assigned' | 'case_answered' | 'case_reopened';
export type TemplateBody = Omit<TemplateMessage, 'touser' | 'client_msg_id'>;

/** Handlers land on the case page of the mini-program when one is configured. */
function casePage(config: WechatConfig, c: CaseEntity): Pick<TemplateMessage, 'miniprogram'> {
  return config.miniprogramAppid ? { miniprogram: { appid: config.miniprogramAppid, pagepath: `pages/case/detail?id=${c.id}` } } : {};
}

export function caseAssigned(config: WechatConfig, c: CaseEntity): TemplateBody {
  return {
    template_id: config.templates.assigned,
    ...casePage(config, c),
    data: {
      character_string1: plain(c.number),
      thing2: thing(c.text),
      time3: plain(formatChinaDay(c.closeBy)),
      thing4: plain('请及时签收办理'),
    },
  };
}

export function caseAnswered(config: WechatConfig, c: CaseEntity): TemplateBody {
  return {
    template_id: config.templates.answered,
    data: {
      character_string1: plain(c.number),
      thing2: thing(c.answer ?? ''),
      thing3: plain('满意回1，基本满意回2，不满意回3'),
    },
  };
}

export function caseReopened(config: WechatConfig, c: CaseEntity): TemplateBody {
  return {
    template_id: config.templates.reopened,
    ...casePage(config, c),
    data: {
      character_string1: plain(c.number),
      thing2: plain('群众不满意，请重新办理'),
      time3: plain(formatChinaDay(c.closeBy)),
    },
  };
}
