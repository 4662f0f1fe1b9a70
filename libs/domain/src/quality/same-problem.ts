import { fnv1a32 } from '../classification/corpus';
import { distanceMetres, type GeoPoint } from '../place/nearest-place';

/**
 * What the same-problem rule keeps of a description: a bottom-k MinHash sketch of its character shingles after the
 * words residents use for one thing are folded into one (没得水 → 停水, 娃儿 → 孩子), and the 组/社 it names. Small
 * enough to store beside the case (at most SKETCH_SIZE numbers) and compared without the text.
 */
export interface ProblemSignature {
  /** The smallest SKETCH_SIZE distinct shingle hashes (unsigned 32 bits), ascending: every shingle of a short text. */
  readonly sketch: readonly number[];
  /** How many distinct shingles the text had (more than sketch.length when the text was long). */
  readonly shingles: number;
  /** 组/社 numbers named in the text, ascending; two reports naming different 组 are different problems. */
  readonly groups: readonly number[];
  /** What the text is about, as `thing:…` and `fault:…` names (CONCEPTS), ascending. */
  readonly concepts: readonly string[];
}

/** What the same-problem rule looks at in a case. */
export interface ProblemReport {
  id: string;
  subItem: string | null;
  /** The village or community it is in; a town is too wide to make two reports one place (use the location). */
  placeUnitId: string | null;
  location: GeoPoint | null;
  signature: ProblemSignature;
  acceptedAt: Date;
}

/** 专项治理 opens when the same problem has been reported this many times. */
export const GOVERNANCE_THRESHOLD = 3;
export const SAME_PLACE_METRES = 500;
/** A repeat within 30 days counts (repeat-complaint rate, 专项治理). */
export const SAME_PROBLEM_DAYS = 30;
export const SKETCH_SIZE = 64;
/**
 * How alike two descriptions must be: the shingles they share over the smaller description's shingles
 * (containment), so a short report matches a detailed one. Tuned on the dev pairs only (pnpm samep:eval --split=dev).
 */
export const SAME_PROBLEM_SIMILARITY = 0.225;
/**
 * Added to the similarity in proportion to the things, faults and people the two reports name in common (shared over
 * all named): a road and its drain share the road but not the fault, so they gain little. Until 2026-12-07 any one
 * shared name added a flat 0.3, which linked different problems that happened to name one thing in common.
 */
export const CONCEPT_BONUS = 0.5;

/**
 * Words residents use for one thing, folded into one spelling before shingling: dialect and standard, colloquial and
 * written, common homophone typos. Longer spellings first within a row; rows are applied in order.
 */
const FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  // Dialect and function words.
  [/没得|莫得|冒得|没有|没/g, '无'],
  [/啥子|什么|啥/g, '啥'],
  [/咋个|怎么|咋/g, '怎'],
  [/晓得|知道/g, '知'],
  [/小娃儿|娃娃|娃儿|小孩|孩子|学生|小娃|娃/g, '孩'],
  [/老年人|老人家|老汉|婆婆|老人/g, '老'],
  [/屋头|家里|屋里/g, '家'],
  [/好久|多久|啥时候|什么时候/g, '久'],
  [/礼拜|星期|周/g, '周'],
  // Water.
  [/停水|断水|无水|不来水|无来水|水停|水断|水都无|一滴水都无|一滴都无/g, '停水'],
  [/浑浊|浑|黄泥巴水|泥巴水|泥浆|发黄|黄黄|米汤|黄泥巴色|沉淀/g, '浊水'],
  [/自来水管|水馆|管子|管道|水管/g, '水管'],
  [/自来水|饮水/g, '自来水'],
  [/水渠|大堰沟|堰沟|渠/g, '渠'],
  [/蓄水池|水池|池子/g, '水池'],
  // Power.
  [/停电|断电|无电|电断|电停/g, '停电'],
  [/变压气|变压器/g, '变压器'],
  [/路登|路灯|灯/g, '灯'],
  [/电线杆子|电线杆|电杆/g, '电杆'],
  [/无信号|信号/g, '信号'],
  [/断网|掉线|网速/g, '网'],
  // Breaking.
  [/垮塌|塌方|垮|塌/g, '塌'],
  [/冲毁|冲烂|冲走|冲垮/g, '冲'],
  [/开裂|裂缝|裂口子|裂开|裂|大缝|缝/g, '裂'],
  [/爆了|爆|破了|破/g, '破'],
  [/坏完|坏了|烂完|烂了|坏|烂/g, '坏'],
  [/不亮|熄了|熄|黑黢黢|黑得很/g, '不亮'],
  // Places and things.
  [/村小学|村小|小学|学校/g, '学校'],
  [/村委会|村办公室|村委/g, '村委'],
  [/卫生室|卫生是|医务室/g, '卫生室'],
  [/拉圾|垃圾/g, '垃圾'],
  [/底保|低保/g, '低保'],
  [/残急|残疾/g, '残疾'],
  [/机耕道|机耕路|生产便道|便道/g, '机耕道'],
  [/水泥路|村道|公路|通组路|马路/g, '路'],
  [/护栏|栏杆|防护栏/g, '栏杆'],
  [/堡坎|保坎|挡墙/g, '堡坎'],
  [/苞谷|玉米/g, '玉米'],
  [/工资|工钱/g, '工资'],
];

/** Talk every demand has, whatever its problem: left out so it does not make two different problems look alike. */
const FILLER =
  /请问|请|麻烦|希望|赶紧|尽快|快点|反映|举报|一下|一哈|帮忙|帮我们|处理|解决|问题|情况|我们|我家|你们|他们|村上|组上|这个|那个|这边|那边|这里|那里|现在|已经|一直|到现在|好几|几天|好多|得很|[了的啊嘛哦呢吧哈噻撒嘞喽呀哟嗯都也还就又很太好都在是有个人来去说要]/g;

/**
 * What a report is about: the thing (a road, a bridge, the water main, the streetlights) and what is wrong with it
 * (no water, dirty water, a collapse). Two reports that both name a thing (or both a fault) and share none are
 * different problems even in one village; sharing one is strong evidence for the same problem. Matched on the text
 * after dialect folding, so each row lists the folded spellings too.
 */
const CONCEPTS: ReadonlyArray<readonly [string, RegExp]> = [
  // Roads and transport.
  ['thing:farm-road', /机耕道/],
  ['thing:road', /(?<!机耕|走)(路(?!灯)|路面|路基|弯道|急弯|弯弯)/],
  ['thing:bridge', /桥/],
  ['thing:bus', /班车|客车|客运|公交|校车/],
  ['thing:drain', /(?<![河山])沟|涵洞|排水/],
  ['thing:guardrail', /栏杆/],
  // Water.
  ['thing:water-main', /水管/],
  ['thing:reservoir', /水池/],
  ['thing:canal', /渠|灌溉|秧|稻田/],
  ['thing:pump', /水泵|抽水机|泵/],
  // Power and telecoms.
  ['thing:streetlight', /灯/],
  ['thing:transformer', /变压器/],
  ['thing:pole', /电杆|电线/],
  ['thing:signal', /信号|基站/],
  ['thing:broadband', /宽带|网/],
  // Houses and slopes.
  ['thing:rock', /石头|岩头|岩石|落石/],
  ['thing:roof', /屋顶|房顶|漏雨|瓦/],
  ['thing:retaining-wall', /堡坎/],
  ['thing:house', /房子|房屋|土房|墙/],
  // Money and services.
  ['thing:fee', /收费|收钱|交钱|[^补]费|价钱|一方|一吨/],
  ['thing:wages', /工资|欠薪|拖欠/],
  ['thing:subsidy', /补贴|补助|补偿|兑现/],
  ['thing:dibao', /低保/],
  ['thing:care', /照顾|独居|孤老|一个人住|敬老院|无人管|无人照顾/],
  ['thing:insurance', /医保|合作医疗|报销|参保|社保/],
  ['thing:doctor', /医生|村医/],
  ['thing:vaccine', /疫苗/],
  ['thing:checkup', /体检/],
  ['thing:id-card', /身份证|户口/],
  ['thing:approval', /审批|批/],
  ['thing:injury', /受伤|伤|赔偿/],
  // Environment and order.
  ['thing:rubbish', /垃圾/],
  ['thing:manure', /粪|猪屎|养猪|猪场/],
  ['thing:sand', /采砂|挖沙|河沙|采沙/],
  ['fault:burning', /焚烧|烧(垃圾|塑料|秸秆|草)|在烧/],
  ['thing:fumes', /油烟/],
  ['thing:quarry', /石场|采石|放炮|粉尘/],
  ['thing:sewage', /排污|污水|废水|死鱼|鱼死|翻白/],
  ['thing:dog', /狗/],
  ['thing:boundary', /地界|占地|占了|过界|地边/],
  ['thing:grave', /坟/],
  ['thing:banquet', /酒席|办酒|整酒|请客|人情|送礼|收礼/],
  ['thing:village-accounts', /村务公开|公开栏|公示|账/],
  ['thing:fake-seed', /种子|苞谷种|玉米种/],
  ['thing:expired', /过期/],
  ['thing:scales', /秤|短斤少两|少称/],
  // What is wrong.
  ['fault:no-water', /停水/],
  ['fault:dirty-water', /浊水|臭味|怪味|污染/],
  ['fault:low-pressure', /水压|压力|只滴|一点点水|水上不来|只有一点/],
  ['fault:leak', /漏水|破|冒|哗哗|流得/],
  ['fault:outage', /停电|电.{0,4}停/],
  ['fault:low-voltage', /电压|带不起|转不动|弱/],
  ['fault:dark', /不亮/],
  ['fault:collapse', /塌|滑坡|悬空|掏空|冲/],
  ['fault:potholes', /坑|积水/],
  ['fault:blocked', /堵/],
  ['fault:uncollected', /清运|拉走|无人收|无人清|无人拉|满了|冒出来/],
  ['fault:narrow', /窄|错车|错不开|会车/],
  ['fault:cracked', /裂/],
  ['fault:far', /撤|合并|太远|走路|两个小时|几里/],
  ['fault:attitude', /态度|吼|骂人|爱理不理|恶劣|冲/],
  ['fault:buck-passing', /推来推去|互相推|踢皮球|白跑|跑了.{0,2}趟/],
  ['fault:absent', /锁门|关起门|关门|不坐班|找不到人|扑空|不在岗|不接/],
  // Who is owed or concerned: forest rangers' wages are not the road site's.
  ['who:ranger', /护林/],
  ['who:builder', /工地|包工头|施工|修路|产业路/],
];

/** A concept that explains another one's words: low pressure leaves "no water by day", so it is not also an outage. */
const MASKS: ReadonlyArray<readonly [string, string]> = [
  ['fault:low-pressure', 'fault:no-water'],
  ['fault:dirty-water', 'fault:no-water'],
  // Someone on 低保 who lives alone is asking about the 低保.
  ['thing:dibao', 'thing:care'],
  // A roadside drain is the drain's problem, not the road's; a retaining wall behind a house is the wall's.
  ['thing:drain', 'thing:road'],
  ['thing:retaining-wall', 'thing:house'],
];

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

function numeral(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  if (s === '十') return 10;
  const m = /^([一二两三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m) return null;
  if (!m[2]) return m[1] ? CN_DIGITS[m[1]] : null;
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}

const GROUP = /([0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:组|社|队)/g;

/** The text as the rule compares it: place names and 组 out, dialect folded, filler out, only Chinese letters and digits. */
export function problemText(text: string, placeNames: readonly string[] = []): { folded: string; groups: number[]; concepts: string[] } {
  let t = text.normalize('NFKC').toLowerCase();
  for (const name of placeNames) {
    const stem = name.replace(/(村|镇|乡|街道|社区)$/u, '');
    if (stem.length >= 2) t = t.split(name).join('').split(stem).join('');
  }
  const groups = new Set<number>();
  t = t.replace(GROUP, (_, n: string) => {
    const g = numeral(n);
    if (g !== null) groups.add(g);
    return ' ';
  });
  for (const [pattern, canonical] of FOLDS) t = t.replace(pattern, canonical);
  const found = new Set(CONCEPTS.filter(([, pattern]) => pattern.test(t)).map(([name]) => name));
  for (const [present, masked] of MASKS) if (found.has(present)) found.delete(masked);
  const concepts = [...found];
  t = t.replace(FILLER, ' ');
  t = t.replace(/[^\p{Script=Han}\p{L}\p{N}]+/gu, ' ').trim();
  return { folded: t, groups: [...groups].sort((a, b) => a - b), concepts: concepts.sort() };
}

/** Character bigrams within each run (a lone character stands for itself), as distinct strings. */
function shingles(folded: string): Set<string> {
  const out = new Set<string>();
  for (const run of folded.split(' ')) {
    const chars = Array.from(run);
    if (chars.length === 1) out.add(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  }
  out.delete('');
  return out;
}

/** The signature of a description. `placeNames` (its village, its town) are left out: the place is compared apart. */
export function problemSignature(text: string, placeNames: readonly string[] = []): ProblemSignature {
  const { folded, groups, concepts } = problemText(text, placeNames);
  const hashes = [...new Set([...shingles(folded)].map(fnv1a32))].sort((a, b) => a - b);
  return { sketch: hashes.slice(0, SKETCH_SIZE), shingles: hashes.length, groups, concepts };
}

/**
 * How much of the smaller description the other one covers, 0..1, from the two sketches: exact when both texts
 * had at most SKETCH_SIZE shingles, otherwise the bottom-k estimate of Jaccard turned into containment.
 */
export function signatureSimilarity(a: ProblemSignature, b: ProblemSignature): number {
  if (a.shingles === 0 || b.shingles === 0) return 0;
  const inB = new Set(b.sketch);
  const smaller = Math.min(a.shingles, b.shingles);
  if (a.sketch.length === a.shingles && b.sketch.length === b.shingles) {
    return a.sketch.filter((h) => inB.has(h)).length / smaller;
  }
  // Bottom-k: the k smallest of the union, and how many of those both sketches hold, estimate Jaccard.
  const inA = new Set(a.sketch);
  const union = [...new Set([...a.sketch, ...b.sketch])].sort((x, y) => x - y).slice(0, Math.min(SKETCH_SIZE, a.sketch.length, b.sketch.length));
  const jaccard = union.filter((h) => inA.has(h) && inB.has(h)).length / union.length;
  const shared = (jaccard * (a.shingles + b.shingles)) / (1 + jaccard);
  return Math.min(1, shared / smaller);
}

const disjointNames = (x: readonly string[], y: readonly string[]) => x.length > 0 && y.length > 0 && !x.some((c) => y.includes(c));
const disjoint = (x: readonly number[], y: readonly number[]) => x.length > 0 && y.length > 0 && !x.some((g) => y.includes(g));

/** The same village or community, or both located within 500 m. */
export function samePlace(a: Pick<ProblemReport, 'placeUnitId' | 'location'>, b: Pick<ProblemReport, 'placeUnitId' | 'location'>): boolean {
  return (
    (a.placeUnitId !== null && a.placeUnitId === b.placeUnitId) ||
    (a.location !== null && b.location !== null && distanceMetres(a.location, b.location) <= SAME_PLACE_METRES)
  );
}

/**
 * How alike two reports' descriptions are, or null when they cannot be the same problem: another sub-item (or one not
 * classified yet), another place, more than 30 days apart, or two different 组 named.
 */
export function sameProblemScore(a: ProblemReport, b: ProblemReport): number | null {
  if (!a.subItem || a.subItem !== b.subItem) return null;
  if (Math.abs(a.acceptedAt.getTime() - b.acceptedAt.getTime()) > SAME_PROBLEM_DAYS * 86_400_000) return null;
  if (!samePlace(a, b)) return null;
  if (disjoint(a.signature.groups, b.signature.groups)) return null;
  const facet = (s: ProblemSignature, f: string) => s.concepts.filter((c) => c.startsWith(f));
  for (const f of ['thing:', 'fault:', 'who:']) if (disjointNames(facet(a.signature, f), facet(b.signature, f))) return 0;
  const shared = a.signature.concepts.filter((c) => b.signature.concepts.includes(c)).length;
  const union = new Set([...a.signature.concepts, ...b.signature.concepts]).size;
  return Math.min(1, signatureSimilarity(a.signature, b.signature) + (union > 0 ? (CONCEPT_BONUS * shared) / union : 0));
}

/** The same problem: the same sub-item, place and month, and descriptions alike once dialect and filler are set aside. */
export function isSameProblem(a: ProblemReport, b: ProblemReport): boolean {
  return (sameProblemScore(a, b) ?? -1) >= SAME_PROBLEM_SIMILARITY;
}

/** The earlier reports of the same problem as `report`, when together they reach the threshold; else []. */
export function repeatedProblem<R extends ProblemReport>(report: R, earlier: readonly R[]): R[] {
  const same = earlier.filter((e) => e.id !== report.id && isSameProblem(report, e));
  return same.length + 1 >= GOVERNANCE_THRESHOLD ? same : [];
}
