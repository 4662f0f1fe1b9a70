/**
 * Normal activity for the anomaly flags (issue 16): weeks of honest handling, filed and handled
 * through the real HTTP API on a simulated clock, so that what the flags raise on it can be
 * counted as false flags. Residents file demands from the labelled corpus in the mini-program
 * with their own accounts; the office classifies them as labelled and assigns them to the unit
 * the taxonomy names; the unit's handler signs for them and answers what was done, where and
 * when, within the deadline mostly (a field problem hours or days after sign-for); residents
 * revisit from their own accounts, a few unsatisfied (the case is reopened once, answered again);
 * each Monday the office's sample of last week is drawn and called, and the residents tell the
 * office what they told the app.
 *
 * `misbehave` adds one scripted misbehaviour per flag kind to the same activity (the control).
 */
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANOMALY_KINDS, DEFAULT_ANOMALY_THRESHOLDS, seededRandom, type AnomalyKind } from '@msz/domain';
import { AnomaliesService } from '@msz/server/modules/anomalies/anomalies.service';
import { OfficeSampleService } from '@msz/server/modules/anomalies/office-sample.service';
import { Activity, ok, type Unit } from './activity';
import { callApi, residentToken } from './api';
import type { SimClock } from './sim-clock';
import { Staff } from './staff';

const ROOT = join(__dirname, '..', '..');
const HOUR = 3_600_000;
const MINUTE = 60_000;

interface Demand {
  id: string;
  text: string;
  kind: string;
  subItem: string;
  urgency: string;
}
interface SubItem {
  code: string;
  name: string;
  category: string;
  tier: 'city' | 'town' | 'village';
  departmentCode?: string;
}
interface StaffRow {
  username: string;
  role: string;
  unit: string;
  openid: string | null;
}

const readJsonl = (p: string): Demand[] =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Demand);

/** The labelled demands (held-out splits) and the org data the activity is drawn from. */
function sources() {
  const corpus = ['test.jsonl', 'dev.jsonl'].flatMap((f) => readJsonl(join(ROOT, 'libs/domain/data/corpus', f)));
  const taxonomy = JSON.parse(readFileSync(join(ROOT, 'libs/domain/data/taxonomy.json'), 'utf8')) as { subItems: SubItem[] };
  const staff = JSON.parse(readFileSync(join(ROOT, 'apps/server/data/org/staff.json'), 'utf8')) as StaffRow[];
  return { corpus, subItems: new Map(taxonomy.subItems.map((s) => [s.code, s])), handlers: new Map(staff.filter((s) => s.role === 'handler').map((s) => [s.unit, s])) };
}

/** A member of staff who signs in again when their 12-hour token has run out on the simulated clock. */
class Desk {
  private staff: Staff | null = null;
  constructor(
    private readonly baseUrl: string,
    readonly username: string,
  ) {}
  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    this.staff ??= await Staff.login(this.baseUrl, this.username);
    const res = await this.staff.call<T>(method, path, body);
    if (res.status !== 401) return res;
    this.staff = await Staff.login(this.baseUrl, this.username);
    return this.staff.call<T>(method, path, body);
  }
}

/** A resident in the mini-program with their own WeChat account. */
class Person {
  private token: string | null = null;
  constructor(
    private readonly baseUrl: string,
    readonly openid: string,
  ) {}
  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    this.token ??= await residentToken(this.baseUrl, this.openid);
    const res = await callApi<T>(this.baseUrl, this.token, method, path, body);
    if (res.status !== 401) return res;
    this.token = await residentToken(this.baseUrl, this.openid);
    return callApi<T>(this.baseUrl, this.token, method, path, body);
  }
}

export interface NormalActivityOptions {
  /** Monday 00:00 Beijing time of the first week. */
  start: Date;
  weeks: number;
  cases: number;
  seed: number;
  /** Only demands that go to these units (codes), e.g. to keep a test small. All units when absent. */
  units?: readonly string[];
  /** Add one scripted misbehaviour per flag kind (the control). */
  misbehave?: boolean;
  /**
   * Demands an earlier run on the same server drew (its `demandIds`): not drawn again, since two residents
   * sending one text word for word would get one answer word for word, which is what copied_answer looks for.
   */
  skip?: ReadonlySet<string>;
}

/** What the rules examined, per flag kind: the denominators of the false-flag rates. */
export type Examined = Record<AnomalyKind, { n: number; of: string }>;

export interface ActivityResult {
  cases: number;
  answers: number;
  examined: Examined;
  /** Case ids of the scripted misbehaviours, by kind (control only). */
  scripted: Partial<Record<AnomalyKind, string[]>>;
  /** Where the office disagreed on purpose (control only): the unit. */
  gapUnitId: string | null;
  /** The corpus ids of the demands filed. */
  demandIds: string[];
  end: Date;
}

type Event = { at: number; seq: number; run: () => Promise<void> };

/** Events by time (then by when they were planned): a binary heap. */
class EventQueue {
  private readonly h: Event[] = [];
  private less = (a: Event, b: Event) => a.at < b.at || (a.at === b.at && a.seq < b.seq);
  push(e: Event): void {
    const h = this.h;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): Event | undefined {
    const h = this.h;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
const bj = (t: number) => new Date(t + 8 * HOUR); // Beijing wall time read with getUTC*
const mmdd = (t: number) => `${bj(t).getUTCMonth() + 1}月${bj(t).getUTCDate()}日`;
const dayPart = (t: number) => {
  const h = bj(t).getUTCHours();
  return h < 12 ? '上午' : h < 18 ? '下午' : '晚上';
};

/** The next moment a town or department office works (08:30–17:30 on weekdays), at or after t. */
function workingAt(t: number, rnd: () => number): number {
  for (let i = 0; i < 10; i++) {
    const d = bj(t);
    const wd = d.getUTCDay();
    const minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
    const weekday = wd !== 0 && wd !== 6;
    if (weekday && minutes >= 510 && minutes < 1050) return t;
    // To 08:30 (plus a while) of this morning, or of the next day after hours and at weekends.
    const morning = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 8, 30) - 8 * HOUR + (!weekday || minutes >= 1050 ? 24 * HOUR : 0);
    t = morning + Math.floor(rnd() * 120) * MINUTE;
  }
  return t;
}

/** The office's desk (the city's line) works 08:00–21:00 every day. */
function officeAt(t: number, rnd: () => number): number {
  const d = bj(t);
  const minutes = d.getUTCHours() * 60 + d.getUTCMinutes();
  if (minutes >= 480 && minutes < 1260) return t;
  const morning = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 8, 0) - 8 * HOUR + (minutes >= 1260 ? 24 * HOUR : 0);
  return morning + Math.floor(rnd() * 90) * MINUTE;
}

/** The gist of a demand in the resident's own words: its first clause or two, without greetings. */
export function gistOf(text: string): string {
  const t = text.replace(/^(你好|您好|请问一下|请问|麻烦问一下|我想问一下|我想问|想问一下|问一下)[，,、\s]*/u, '');
  const clauses = t.split(/[，。！？,.!?；;\n]/u).filter((c) => c.trim().length >= 2);
  let gist = clauses[0] ?? t;
  if (gist.length < 8 && clauses[1]) gist = `${gist}，${clauses[1]}`;
  return gist.length > 28 ? `${gist.slice(0, 28)}…` : gist;
}

const FIELD_ACTIONS: Record<string, string[]> = {
  'roads-transport': ['组织施工队修补了破损路面', '清理了路上的塌方土石，设置了警示牌', '对桥面裂缝做了加固处理，限制重车通行', '协调客运公司恢复了班车'],
  'water-supply': ['检修了供水管道并更换了漏水的阀门', '清洗了蓄水池，水质送检合格', '协调水厂恢复供水并延长了管网', '更换了损坏的水表'],
  'power-telecom': ['协调供电所更换了老化线路', '修复了路灯线路，路灯已恢复亮灯', '联系运营商调整了基站信号', '更换了烧坏的变压器保险'],
  'housing-safety': ['组织技术人员对房屋做了安全鉴定', '对危房住户做了临时安置', '对墙体裂缝做了加固'],
  'safety-hazards': ['对隐患点做了排查并设置了围挡', '清除了堆放的易燃物', '督促业主整改了安全隐患'],
  'property-management': ['约谈了物业公司并督促其整改', '协调物业修复了电梯和单元门', '督促物业清理了楼道杂物'],
  'fire-safety': ['对消防通道的占道车辆做了清理', '督促商户整改了消防隐患', '检查并更换了过期灭火器'],
};
const OTHER_ACTIONS: Record<string, string[]> = {
  livelihood: ['核实了您家的情况，已按政策为您办理', '与经办窗口核对了您的资料，补齐后已重新提交', '联系了相关医院和学校核实情况并作了协调', '对照政策逐项核实后给出了办理意见'],
  'consultation-complaint': ['约双方到村委会当面调解，已达成一致意见', '核实了有关情况并督促当事方整改', '调取了相关记录，问题已查清并作了处理', '与用工方核对了工资台账，已督促其结清'],
  suggestions: ['已把您的建议转交相关股室研究', '组织人员到现场作了调查，已安排整治', '对相关商户作了检查并责令整改', '已将您反映的问题纳入下一步工作计划'],
};
const WHO = ['工作人员', '技术人员', '镇村干部', '经办人员', '执法人员'];
const CLOSERS = ['后续如有问题请再联系我们。', '我们会继续跟踪。', '如仍有问题可随时反映。', '感谢您的反映。', '', ''];
const CONSULT = [
  (g: string, unit: string) => `关于“${g}”：请带身份证和户口本到${unit}便民服务窗口办理，工作日上午9点到下午5点都可以，也可以先打电话咨询。`,
  (g: string, unit: string) => `您问的“${g}”，按现行政策可以办理，具体材料和流程已在电话里告诉您，${unit}窗口当场受理。`,
  (g: string, unit: string) => `${unit}答复：${g}的问题，符合条件的可在网上或窗口申请，一般十五个工作日内办结，进度可在窗口查询。`,
  (g: string) => `${g}——这个可以办，需要的材料：身份证、相关证明原件，窗口审核通过后当月发放。`,
];

/** What a conscientious handler writes: the demand, what was done, where and when; wording varies. */
export function answerFor(d: Demand, sub: SubItem, unitName: string, at: number, rnd: () => number, again = false): string {
  const g = gistOf(d.text);
  if (d.kind === 'consultation' && !again) return pick(rnd, CONSULT)(g, unitName);
  const actions = FIELD_ACTIONS[sub.code] ?? OTHER_ACTIONS[sub.category] ?? OTHER_ACTIONS['consultation-complaint'];
  const action = pick(rnd, actions);
  const when = `${mmdd(at)}${dayPart(at)}`;
  if (again) return `您再次反映“${g}”，${when}我们又安排${pick(rnd, WHO)}上门，${action}，并当面向您说明了处理情况。${pick(rnd, CLOSERS)}`;
  if (d.kind === 'suggestion') return `感谢您对“${g}”提出的建议。${when}，${unitName}${action}，结果会在村务公开栏公布。`;
  const forms = [
    () => `${when}，${unitName}${pick(rnd, WHO)}到现场查看了您反映的“${g}”，${action}。${pick(rnd, CLOSERS)}`,
    () => `您反映的“${g}”已办：${when}${action}，已电话告知您结果。`,
    () => `经核实，${g}的情况属实。${mmdd(at)}${action}，现已恢复正常。${pick(rnd, CLOSERS)}`,
    () => `${mmdd(at)}已${action.replace(/^已/u, '')}（${g}）。`,
  ];
  return pick(rnd, forms)();
}

/**
 * Runs the activity from `start` for `weeks` weeks on the simulated clock and leaves the clock
 * at its end. The flags themselves are left for the caller's scan.
 */
export async function runNormalActivity(app: INestApplication, baseUrl: string, clock: SimClock, o: NormalActivityOptions): Promise<ActivityResult> {
  const rnd = seededRandom(o.seed);
  const { corpus, subItems, handlers } = sources();
  const dispatcher = new Desk(baseUrl, 'dispatcher');
  clock.set(o.start);
  const activity = await Activity.start(dispatcher);
  const byCode = new Map(activity.units.map((u) => [u.code, u]));
  const desks = new Map<string, Desk>();
  const deskOf = (unitCode: string) => {
    const h = handlers.get(unitCode)!;
    if (!desks.has(unitCode)) desks.set(unitCode, new Desk(baseUrl, h.username));
    return desks.get(unitCode)!;
  };
  // Where residents live: every town, and the villages that have a cadre of their own.
  const towns = activity.units.filter((u) => u.level === 'town' && handlers.has(u.code));
  const routeOf = (sub: SubItem, town: Unit, village: Unit | null): Unit | undefined =>
    sub.tier === 'city' ? byCode.get(sub.departmentCode!) : sub.tier === 'village' && village && handlers.has(village.code) ? village : town;
  const allowed = (u: Unit | undefined): u is Unit => !!u && handlers.has(u.code) && (!o.units || o.units.includes(u.code));

  const queue = new EventQueue();
  let seq = 0;
  const at = (t: number, run: () => Promise<void>) => queue.push({ at: t, seq: seq++, run });
  const span = o.weeks * 7 * 24 * HOUR;
  const t0 = o.start.getTime();
  const examined: Examined = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, { n: 0, of: '' }])) as Examined;
  const ex = (k: AnomalyKind, of: string, n = 1) => {
    examined[k].n += n;
    examined[k].of = of;
  };
  const answeredUnits = new Set<string>();
  let answers = 0;
  const scripted: Partial<Record<AnomalyKind, string[]>> = {};
  const script = (k: AnomalyKind, id: string) => (scripted[k] ??= []).push(id);
  let gapUnitId: string | null = null;

  // The control's misbehaviours, each on its own case (indices into the plan).
  const bad = o.misbehave ? { short: 1, template: 2, quick: -1, copiedA: 3, copiedB: 4, linked: 5, reopen: 6 } : null;
  const burst: number[] = [];
  const copied = '经核实，已安排工作人员上门了解情况并协调解决，请耐心等待后续通知';

  // Each demand at most once (the same text twice would be the same problem, merged).
  const deck = [...corpus];
  for (let i = deck.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [deck[i], deck[j]] = [deck[j], deck[i]];
  }
  // The burst's cases go first: one unit's demands of one deadline class (neither a consultation nor urgent), which a
  // shuffled deck may hold too few of for the rule's minimum. They carry scripted answer texts (indices 1–4) at most,
  // never a scripted timing (the linked and reopened cases are 5 and 6, the quick answer comes after 6).
  const burstIds = new Set<string>();
  if (bad) {
    const burstUnit = o.units?.[0] ?? 'dept-water';
    const fits = (d: Demand) => {
      const sub = subItems.get(d.subItem);
      return sub?.tier === 'city' && sub.departmentCode === burstUnit && d.kind !== 'consultation' && d.urgency === 'normal' && !o.skip?.has(d.id);
    };
    const { minCases } = DEFAULT_ANOMALY_THRESHOLDS.deadlineBurst;
    for (const d of deck.filter(fits).slice(0, minCases)) burstIds.add(d.id);
    // Too few would leave the flag unraised for want of cases, not for a fault of the rule.
    if (burstIds.size < minCases) throw new Error(`the corpus holds ${burstIds.size} demands for the burst of ${minCases}`);
    deck.sort((a, b) => Number(burstIds.has(b.id)) - Number(burstIds.has(a.id)));
  }
  let planned = 0;
  const demandIds: string[] = [];
  for (let i = 0; planned < o.cases && i < deck.length; i++) {
    const town = pick(rnd, towns);
    const villages = activity.units.filter((u) => u.level === 'village' && u.parentId === town.id);
    const village = villages.find((v) => handlers.has(v.code) && rnd() < 0.5) ?? null;
    const d = deck[i];
    const sub = subItems.get(d.subItem);
    if (!sub || o.skip?.has(d.id)) continue;
    const unit = routeOf(sub, town, village);
    if (!allowed(unit)) continue;
    const n = planned++;
    const quick = bad && bad.quick < 0 && sub.category === 'infrastructure' && n > 6;
    if (quick) bad.quick = n;
    // The burst's cases share one deadline (same morning, same class).
    const inBurst = !!bad && burstIds.has(d.id);
    if (inBurst) burst.push(n);
    const me = new Person(baseUrl, bad && n === bad.linked ? handlers.get(unit.code)!.openid! : `o_normal_${o.seed}_${n}`);
    const desk = deskOf(unit.code);
    // Filed at a time residents write: 07:00–22:00 (the burst's cases on one morning).
    const day = inBurst ? 2 : Math.floor(rnd() * (o.weeks * 7 - 2));
    const filedAt = inBurst ? t0 + day * 24 * HOUR + 1 * HOUR + burst.length * 10 * MINUTE : t0 + day * 24 * HOUR - 1 * HOUR + Math.floor(rnd() * 15 * 60) * MINUTE;
    if (filedAt >= t0 + span) continue;
    demandIds.push(d.id);

    let caseId = '';
    let reopens = 0;
    const answer = async (again: boolean) => {
      const now = clock.now().getTime();
      let text = answerFor(d, sub, unit.name, now, rnd, again);
      if (bad && !again) {
        const scriptedText = n === bad.short ? '已修好' : n === bad.template ? '已按要求处理，问题已解决，已落实。' : n === bad.copiedA || n === bad.copiedB ? copied : null;
        if (scriptedText) {
          text = scriptedText;
          script(n === bad.short ? 'short_answer' : n === bad.template ? 'off_topic_answer' : 'copied_answer', caseId);
        }
        if (n === bad.quick) script('quick_answer', caseId);
        if (inBurst) script('deadline_burst', caseId);
      }
      await ok(desk.call('POST', `/api/cases/${caseId}/answer`, { text }));
      answers++;
      answeredUnits.add(unit.id);
      ex('short_answer', 'answers');
      ex('off_topic_answer', 'answers');
      ex('copied_answer', 'answers');
      if (sub.category === 'infrastructure') ex('quick_answer', 'field answers');
      // The resident revisits in the app within hours or days (some never do).
      if (rnd() < 0.88 || (bad && n === bad.reopen) || (bad && n === bad.linked)) at(now + HOUR + Math.floor(rnd() * 72 * 60) * MINUTE, revisit);
    };
    const signFor = async () => {
      const now = clock.now().getTime();
      const c = await ok(desk.call('POST', `/api/cases/${caseId}/sign-for`, {}));
      const closeBy = new Date(c.closeBy as string).getTime();
      let answerAt: number;
      if (bad && n === bad.quick) answerAt = now + 5 * MINUTE;
      else if (inBurst) answerAt = closeBy - 60 * MINUTE - burst.indexOf(n) * 5 * MINUTE;
      else {
        // Mostly well within the deadline, skewed early; a few close to it, a few late.
        const r = rnd();
        const f = r < 0.9 ? Math.pow(rnd(), 1.4) * 0.85 : r < 0.96 ? 0.85 + rnd() * 0.15 : 1 + rnd() * 0.3;
        const least = sub.category === 'infrastructure' && d.kind !== 'consultation' ? 2 * HOUR + rnd() * 20 * HOUR : 20 * MINUTE + rnd() * 3 * HOUR;
        answerAt = workingAt(now + Math.max(least, f * Math.max(closeBy - now, 0)), rnd);
      }
      at(answerAt, () => answer(reopens > 0));
    };
    const revisit = async () => {
      const now = clock.now().getTime();
      const r = rnd();
      const unhappy = bad && n === bad.reopen ? reopens < 2 : reopens === 0 && r < 0.08;
      const rating = unhappy ? 'unsatisfied' : r < 0.75 ? 'satisfied' : 'basically_satisfied';
      await ok(me.call('POST', `/api/my/cases/${caseId}/revisit`, { rating, solved: !unhappy }));
      if (handlers.get(unit.code)!.openid !== me.openid) ex('revisit_by_linked_account', 'revisits by residents');
      else script('revisit_by_linked_account', caseId);
      if (unhappy) {
        reopens++;
        if (reopens === 2) script('close_reopen', caseId);
        // Reopened: signed for again within the day, answered again with more done.
        at(workingAt(now + 30 * MINUTE + rnd() * 6 * HOUR, rnd), signFor);
      }
    };
    at(filedAt, async () => {
      const filed = await ok(me.call('POST', '/api/my/cases', { text: d.text, clientKey: randomUUID() }));
      caseId = filed.id as string;
      ex('close_reopen', 'cases');
      // The office classifies it as labelled and assigns it within hours.
      at(officeAt(clock.now().getTime() + 20 * MINUTE + rnd() * 3 * HOUR, rnd), async () => {
        await ok(dispatcher.call('POST', `/api/cases/${caseId}/classify`, { kind: d.kind, subItem: d.subItem, urgency: d.urgency }));
        await ok(dispatcher.call('POST', `/api/cases/${caseId}/assign`, { unitId: unit.id }));
        const now = clock.now().getTime();
        at(inBurst ? now + 10 * MINUTE : workingAt(now + 10 * MINUTE + rnd() * 4 * HOUR, rnd), signFor);
      });
    });
  }

  // Each Monday 09:30 the office's sample of last week is drawn and called over two days.
  const samples = app.get(OfficeSampleService);
  for (let w = 1; w <= o.weeks; w++) {
    const monday = t0 + w * 7 * 24 * HOUR + 1.5 * HOUR;
    if (monday >= t0 + span + 2 * 24 * HOUR) break;
    at(monday, async () => {
      const { week, drawn } = await samples.drawWeekly(clock.now());
      if (drawn === 0) return;
      const tasks = (await ok(dispatcher.call('GET', `/api/office-sample?week=${week}`))) as Array<{ id: string; caseId: string; unitId: string }>;
      const perUnit = new Map<string, number>();
      for (const t of tasks) perUnit.set(t.unitId, (perUnit.get(t.unitId) ?? 0) + 1);
      ex('sample_disagrees', 'office sample calls', tasks.length);
      ex('satisfaction_gap', 'unit-weeks with at least 5 office calls', [...perUnit.values()].filter((v) => v >= 5).length);
      // The control: the unit with the most calls, whose residents the office finds not helped.
      const worst = bad && w === o.weeks ? [...perUnit.entries()].sort((a, b) => b[1] - a[1])[0] : undefined;
      if (worst && worst[1] >= 5) gapUnitId = worst[0];
      for (const t of tasks) {
        at(clock.now().getTime() + 10 * MINUTE + rnd() * 30 * HOUR, async () => {
          const c = await ok(dispatcher.call('GET', `/api/cases/${t.caseId}`));
          let rating = c.revisitRating as string;
          let solved = c.revisitSolved !== false && rating !== 'unsatisfied';
          // On the phone a satisfied resident may say 基本满意 and the other way round: the same answer.
          if (rating !== 'unsatisfied' && rnd() < 0.2) rating = rating === 'satisfied' ? 'basically_satisfied' : 'satisfied';
          if (gapUnitId && t.unitId === gapUnitId) {
            rating = 'unsatisfied';
            solved = false;
            script('sample_disagrees', t.caseId);
          }
          await ok(dispatcher.call('POST', `/api/office-sample/${t.id}`, { rating, solved }));
        });
      }
    });
  }

  // Run the events in time order on the simulated clock.
  for (let next = queue.pop(); next; next = queue.pop()) {
    clock.set(new Date(next.at));
    await next.run();
  }
  ex('deadline_burst', 'units that answered', answeredUnits.size);
  if (gapUnitId) script('satisfaction_gap', gapUnitId);
  return { cases: planned, answers, examined, scripted, gapUnitId, demandIds, end: clock.now() };
}

/** The anomaly job's pass after the activity (a minute on, so every entry has settled). */
export async function scanAfter(app: INestApplication, clock: SimClock): Promise<number> {
  return app.get(AnomaliesService).scan(new Date(clock.now().getTime() + 2 * MINUTE));
}
