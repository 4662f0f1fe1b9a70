import { formatChinaDay, summarise } from '@msz/domain';
import type { TemplateMessage } from '@msz/wechat';
import type { WechatConfig } from '../../config/app-config';
import type { CaseEntity } from '../cases/case.entity';

/** WeChat caps a template's `thing` field at 20 characters. */
const thing = (text: string) => ({ value: summarise(text, 20) });
const plain = (value: string) => ({ value });

export type NotificationKind = 'case_assigned' | 'case_co_assigned' | 'case_answered' | 'case_reopened' | 'case_escalated' | 'unit_digest' | 'case_accepted' | 'case_reopened_resident' | 'case_answer_text' | 'chat_reply_deferred' | 'phone_moved' | 'case_emergency' | 'area_warning' | 'idea_progress' | 'league_line' | 'supervision_assigned' | 'supervision_overdue' | 'joint_meeting_invited' | 'joint_task_assigned' | 'joint_task_overdue';
export type TemplateBody = Omit<TemplateMessage, 'touser' | 'client_msg_id'>;

/** The city's own template keys for our fields (WECHAT_TEMPLATE_FIELDS); unmapped fields keep their names. */
export function renameFields(body: TemplateBody, fields: Record<string, string>): TemplateBody {
  return { ...body, data: Object.fromEntries(Object.entries(body.data).map(([key, value]) => [fields[key] ?? key, value])) };
}

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

/** 协办: a unit added to help the lead unit on a case. */
export function caseCoAssigned(config: WechatConfig, c: CaseEntity): TemplateBody {
  return {
    template_id: config.templates.assigned,
    ...casePage(config, c),
    data: {
      character_string1: plain(c.number),
      thing2: thing(c.text),
      time3: plain(formatChinaDay(c.closeBy)),
      thing4: plain('请协助主办单位办理'),
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

const LEVEL_TEXT: Record<string, string> = {
  approaching: '即将到期，请抓紧办理',
  dispatcher: '超过1个工作日未转办',
  handler: '已超期，请尽快办理',
  unit_leader: '超期1个工作日以上，请督办',
  city_leader: '超期3个工作日以上，请督办',
};

/** 超期预警: to the handler, then the unit leader, then the city leader in charge. */
export function caseEscalated(config: WechatConfig, c: CaseEntity, level: string, workdaysOverdue: number): TemplateBody {
  return {
    template_id: config.templates.escalation,
    ...casePage(config, c),
    data: {
      character_string1: plain(c.number),
      thing2: thing(c.text),
      time3: plain(formatChinaDay(level === 'dispatcher' ? c.assignBy : c.closeBy)),
      thing4: plain(LEVEL_TEXT[level] ?? '已超期'),
      number5: plain(String(workdaysOverdue)),
    },
  };
}

/** An emergency's moment matters to the minute: 2026年12月7日 20:31 (Beijing time). */
const formatChinaMinute = (at: Date) => `${formatChinaDay(at)} ${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)}`;

/** 紧急诉求: a red demand, to the dispatcher on duty and the town's leader, the moment it is filed or marked red. */
export function caseEmergency(config: WechatConfig, c: CaseEntity, place: string): TemplateBody {
  return {
    template_id: config.templates.emergency,
    ...casePage(config, c),
    data: {
      character_string1: plain(c.number),
      thing2: thing(c.text),
      thing3: thing(place),
      time4: plain(formatChinaMinute(c.acceptedAt)),
      thing5: plain('紧急诉求，请立即联系群众处置'),
    },
  };
}

/** 日提醒 / 周对账 to a unit's leaders. */
export function unitDigest(config: WechatConfig, title: string, period: string, figures: Record<string, number>): TemplateBody {
  return {
    template_id: config.templates.digest,
    data: {
      thing1: plain(title),
      character_string2: plain(period),
      thing3: thing(`在办${figures.open ?? 0}件，超期${figures.overdue ?? 0}件，今日到期${figures.dueToday ?? 0}件`),
      thing4: thing(
        figures.closed !== undefined ? `本周办结${figures.closed}件，满意率${figures.satisfactionPercent ?? 0}%` : `新收${figures.received ?? 0}件`,
      ),
    },
  };
}

/** 受理: to a resident who filed outside the chat (mini-program) and so had no passive reply. */
export function caseAccepted(config: WechatConfig, c: CaseEntity): TemplateBody {
  return {
    template_id: config.templates.accepted,
    data: {
      character_string1: plain(c.number),
      thing2: thing(c.text),
      time3: plain(formatChinaDay(c.closeBy)),
      thing4: plain('已受理，办好后答复您'),
    },
  };
}

/** 重新办理: the resident said it is not solved; they hear that it is being handled again. */
export function caseReopenedForResident(config: WechatConfig, c: CaseEntity): TemplateBody {
  return {
    template_id: config.templates.residentReopened,
    data: {
      character_string1: plain(c.number),
      thing2: plain('已重新交办，办好后再答复您'),
      time3: plain(formatChinaDay(c.closeBy)),
    },
  };
}

/** 手机号已换绑: the account that held the number hears it went elsewhere (and whom to ask if that was not them). */
export function phoneMoved(templateId: string, maskedPhone: string, at: Date): TemplateBody {
  return {
    template_id: templateId,
    data: {
      thing1: plain('手机号已绑定到另一个微信'),
      phone_number2: plain(maskedPhone),
      time3: plain(formatChinaDay(at)),
      thing4: plain('如非本人操作，请联系民声直达办公室'),
    },
  };
}

/** Why a leader hears of an area warning. */
export type AreaWarningNotice = 'raised' | 'upgraded' | 'unacknowledged';
const WARNING_ASK: Record<AreaWarningNotice, string> = {
  raised: '请1个工作日内签收并跟进',
  upgraded: '预警升级，请抓紧跟进',
  unacknowledged: '超过签收时限无人签收，请督办',
};

/** 红橙黄三色预警 for an area: the level in words, what rose where, and what is asked of the leader. */
export function areaWarning(
  config: WechatConfig,
  w: { id: string; levelLabel: string; summary: string; raisedAt: Date },
  notice: AreaWarningNotice,
): TemplateBody {
  return {
    template_id: config.templates.warning,
    ...(config.miniprogramAppid ? { miniprogram: { appid: config.miniprogramAppid, pagepath: `pages/staff/warnings/detail?id=${w.id}` } } : {}),
    data: {
      thing1: plain(w.levelLabel),
      thing2: thing(w.summary),
      time3: plain(formatChinaDay(w.raisedAt)),
      thing4: plain(WARNING_ASK[notice]),
    },
  };
}

/** 金点子: the proposer hears each step of their idea (taken up, evaluated, progress, delivered). */
export function ideaProgress(config: WechatConfig, c: CaseEntity, input: { title: string; status: string; note: string; at: Date }): TemplateBody {
  return {
    template_id: config.templates.idea,
    data: {
      thing1: thing(input.title),
      phrase2: { value: summarise(input.status, 5) },
      thing3: thing(input.note),
      time4: plain(formatChinaDay(input.at)),
      character_string5: plain(c.number),
    },
  };
}

/** 红黑榜: a unit leader hears their own unit's line of the published week (rank, score, list, what cost most). */
export function leagueLine(
  config: WechatConfig,
  line: { weekLabel: string; unitName: string; rank: number; of: number; score: number; listLabel: string; costliest: string | null },
): TemplateBody {
  return {
    template_id: config.templates.league,
    data: {
      thing1: thing(`${line.weekLabel}红黑榜`),
      thing2: thing(line.unitName),
      thing3: thing(`第${line.rank}名（共${line.of}个），${line.score.toFixed(1)}分`),
      thing4: thing(line.listLabel),
      thing5: thing(line.costliest ? `扣分最多：${line.costliest}` : '各项满分'),
    },
  };
}

/** Why a unit hears of a supervision item. */
export type SupervisionNotice = 'assigned' | 'sent_back';
const SUPERVISION_ASK: Record<SupervisionNotice, string> = {
  assigned: '纪委监委督办，请按期整改并报告',
  sent_back: '整改未通过，请按要求重新整改',
};

/** The deadline of a supervision item, a Beijing date, in words: 2026年12月31日. */
const dueDay = (dueDate: string) => formatChinaDay(new Date(`${dueDate}T12:00:00+08:00`));

const supervisionPage = (config: WechatConfig, id: string): Pick<TemplateMessage, 'miniprogram'> =>
  config.miniprogramAppid ? { miniprogram: { appid: config.miniprogramAppid, pagepath: `pages/staff/supervision/detail?id=${id}` } } : {};

/** 督办交办 / 退回: to the unit's staff, on the assignment template (number, what, deadline, what is asked). */
export function supervisionAssigned(config: WechatConfig, item: { id: string; number: string; title: string; dueDate: string }, notice: SupervisionNotice): TemplateBody {
  return {
    template_id: config.templates.assigned,
    ...supervisionPage(config, item.id),
    data: {
      character_string1: plain(item.number),
      thing2: thing(item.title),
      time3: plain(dueDay(item.dueDate)),
      thing4: plain(SUPERVISION_ASK[notice]),
    },
  };
}

/** 逾期督办: to the unit's leader and the city leader in charge, on the escalation template, with the days overdue. */
export function supervisionOverdue(config: WechatConfig, item: { id: string; number: string; title: string; dueDate: string }, daysOverdue: number): TemplateBody {
  return {
    template_id: config.templates.escalation,
    ...supervisionPage(config, item.id),
    data: {
      character_string1: plain(item.number),
      thing2: thing(item.title),
      time3: plain(dueDay(item.dueDate)),
      thing4: plain('督办事项逾期未整改，请督促'),
      number5: plain(String(daysOverdue)),
    },
  };
}

/** Why a unit's staff hear of a joint meeting. */
export type JointMeetingNotice = 'invited' | 'task' | 'overdue';
const MEETING_ASK: Record<JointMeetingNotice, string> = {
  invited: '请按时参加联席会议',
  task: '会议交办任务，请按期完成',
  overdue: '会议交办任务已超期，请督办',
};

/** 联席会议: an invitation (the meeting's title, place and time) or a task (its text and its last day). */
export function jointMeetingNotice(
  config: WechatConfig,
  notice: JointMeetingNotice,
  input: { meetingId: string; title: string; subject: string; when: string },
): TemplateBody {
  // An invitation opens the meeting; a task, on time or late, opens the unit's own tasks to answer.
  const pagepath = notice === 'invited' ? `pages/staff/joint/detail?id=${input.meetingId}` : 'pages/staff/joint/tasks';
  return {
    template_id: config.templates.meeting,
    ...(config.miniprogramAppid ? { miniprogram: { appid: config.miniprogramAppid, pagepath } } : {}),
    data: {
      thing1: thing(input.title),
      thing2: thing(input.subject),
      time3: plain(input.when),
      thing4: plain(MEETING_ASK[notice]),
    },
  };
}
