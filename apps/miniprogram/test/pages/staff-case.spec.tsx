import { screen, waitFor, within } from '@testing-library/react';
import StaffCase from '../../src/pages/staff/case/index';
import type { CaseDetail } from '../../src/api/staff';
import { TAXONOMY, caseDetail, extension } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { pick, renderPage } from '../support/render';

const open = (id = 'k-1') => renderPage(<StaffCase />, { path: '/pages/staff/case/index', params: { id } });

/** GET /api/cases/{id}/unit-choices as the server orders it. */
const UNIT_CHOICES = {
  suggestion: { unitId: 'u-town', unitName: '城关镇', tier: 'town', reason: '镇级承办：城关镇' },
  units: [
    { id: 'u-town', name: '城关镇', level: 'town', townName: null, initials: 'cgz', group: 'suggested' },
    { id: 'u-water', name: '市水利局', level: 'department', townName: null, initials: 'sslj', group: 'recent' },
    { id: 'u-dongcun', name: '东村', level: 'village', townName: '城关镇', initials: 'dc', group: 'same_town' },
    { id: 'u-dept', name: '市住建局', level: 'department', townName: null, initials: 'szjj', group: 'other' },
    { id: 'u-batai', name: '八台镇', level: 'town', townName: null, initials: 'btz', group: 'other' },
    { id: 'u-xianglu', name: '香炉村', level: 'village', townName: '八台镇', initials: 'xlc', group: 'other' },
  ],
};

/** The buttons the server offers in these tests: the lead unit's handler, or the dispatcher, by status. */
const OFFERED: Record<'handler' | 'dispatcher', Partial<Record<CaseDetail['status'], CaseDetail['allowedActions']>>> = {
  handler: { assigned: ['sign_for', 'note', 'extension', 'return'], in_progress: ['note', 'answer', 'extension'] },
  dispatcher: { accepted: ['classify', 'assign', 'reject'] },
};
let signedInAs: 'handler' | 'dispatcher' = 'handler';

/** Serves the case (and its extension requests); call again to change what the next load sees. */
function serve(detail: Partial<CaseDetail> = {}, extensions: unknown[] = []) {
  const status = detail.status ?? caseDetail().status;
  backend.on('GET /api/cases/:id', { body: caseDetail({ allowedActions: OFFERED[signedInAs][status] ?? [], ...detail }) });
  backend.on('GET /api/cases/:id/extensions', { body: extensions });
}

/** A labelled form field: the box holding the label and its input or picker. */
const field = (label: string) => screen.getByText(label, { selector: '.field > span' }).closest('.field') as HTMLElement;

describe('staff case page: handler', () => {
  beforeEach(() => {
    signedInAs = 'handler';
    platform.signIn('handler', 'handler-token');
  });

  it('shows the case: text, type, deadline with its SLA colour, place, resident and the record', async () => {
    serve({
      slaColour: 'yellow',
      extendedWorkdays: 2,
      location: { lat: 32.0801, lng: 108.0702, label: '东村三组' },
      placeLabel: '城关镇 东村（东村三组）',
      mapUrl: 'https://uri.amap.com/marker?position=108.0702,32.0801&name=x&coordinate=gaode&callnative=0',
      residentName: '张三',
      residentPhone: '13800000001',
    });
    open();

    expect(await screen.findByText('MS20261126-0001')).toBeInTheDocument();
    expect(backend.last('GET /api/cases/:id').params.id).toBe('k-1');
    expect(backend.last('GET /api/cases/:id').headers.Authorization).toBe('Bearer handler-token');
    expect(screen.getByText('村口路灯坏了三天，晚上看不见路。')).toBeInTheDocument();
    expect(screen.getByText('临期')).toHaveClass('sla--yellow');
    expect(screen.getByText(/2026年12月3日 17:00（已延期2个工作日）/)).toBeInTheDocument();
    // The place by name; the point only behind 看地图.
    expect(screen.getByText('城关镇 东村（东村三组）')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '看地图' })).toBeInTheDocument();
    expect(document.body.textContent).not.toMatch(/经度|纬度|108\.07/);
    expect(screen.getByText('张三 13800000001')).toBeInTheDocument();
    expect(screen.getByText('转办 → 待签收')).toBeInTheDocument();
    expect(screen.getByText(/李调度/)).toBeInTheDocument();
    // A handler on an assigned case: sign for it, note, extension, return — no dispatcher actions.
    expect(screen.getByRole('button', { name: '签收' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '退回' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '转办' })).not.toBeInTheDocument();
    expect(screen.queryByText('紧急')).not.toBeInTheDocument(); // no emergency, no mark
  });

  it('shows the buttons the server offers and no others (a co-handling unit only notes)', async () => {
    serve({ status: 'in_progress', statusLabel: '办理中', allowedActions: ['note'] });
    open();
    expect(await screen.findByRole('button', { name: '进展' })).toBeInTheDocument();
    for (const name of ['签收', '答复', '申请延期', '退回', '转办']) expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
  });

  it('marks an emergency nobody has acknowledged in red', async () => {
    serve({ urgency: 'critical', emergency: true });
    open();
    expect(await screen.findByText('紧急')).toHaveClass('mark--emergency');
  });

  it('names the unit and the role of whoever took each step', async () => {
    const [accepted, assigned] = caseDetail().timeline;
    serve({ timeline: [accepted, { ...assigned, actorName: '王调度', actorRoleLabel: '调度员', actorUnitName: '万源市民声直达办公室' }] });
    open();

    expect(await screen.findByText(/万源市民声直达办公室 调度员 王调度/)).toBeInTheDocument();
    expect(screen.getByText(/系统$/)).toBeInTheDocument();
  });

  it('signs for the case with the version it showed, then shows the new state', async () => {
    serve();
    backend.on('POST /api/cases/:id/sign-for', () => {
      serve({ status: 'in_progress', statusLabel: '办理中', version: 4 });
      return { body: caseDetail({ status: 'in_progress', statusLabel: '办理中', version: 4 }) };
    });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '签收' }));

    expect(await screen.findByRole('button', { name: '答复' })).toBeInTheDocument();
    expect(backend.last('POST /api/cases/:id/sign-for').body).toEqual({ expectedVersion: 3 });
    expect(platform.toasts).toEqual(['已签收']);
    expect(screen.getByText('已签收')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '签收' })).not.toBeInTheDocument();
  });

  it('records a note, asking for the text first', async () => {
    serve({ status: 'in_progress', statusLabel: '办理中' });
    backend.on('POST /api/cases/:id/notes', { status: 201 });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '进展' }));
    await user.click(screen.getByRole('button', { name: '提交进展' }));
    expect(screen.getByRole('alert')).toHaveTextContent('请填写办理进展');
    expect(backend.writes()).toEqual([]);

    await user.type(screen.getByPlaceholderText('例如：已到现场查看，明天安排维修'), '已到现场，灯杆线路老化，明天换。');
    await user.click(screen.getByRole('button', { name: '提交进展' }));

    expect(await screen.findByText('进展已记录')).toBeInTheDocument();
    expect(backend.last('POST /api/cases/:id/notes').body).toEqual({ text: '已到现场，灯杆线路老化，明天换。' });
    expect(screen.queryByPlaceholderText('例如：已到现场查看，明天安排维修')).not.toBeInTheDocument();
  });

  it('answers with a photo from the site: the photo goes up first, then the answer', async () => {
    serve({ status: 'in_progress', statusLabel: '办理中', version: 5 });
    platform.images = [{ path: 'wxfile://tmp/site-1.jpg', size: 120_000 }];
    backend.on('POST /api/cases/:id/evidence', { status: 201, body: { id: 'a-9' } });
    backend.on('POST /api/cases/:id/answer', () => {
      serve({ status: 'answered', statusLabel: '已答复', version: 6 });
      return { body: caseDetail({ status: 'answered', statusLabel: '已答复', version: 6 }) };
    });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '答复' }));
    await user.type(screen.getByPlaceholderText('说清楚怎么办的、结果如何'), '路灯已更换，晚上已能照明。');
    await user.click(screen.getByRole('button', { name: '添加照片' }));
    expect(await screen.findByRole('img')).toHaveAttribute('src', 'wxfile://tmp/site-1.jpg');
    await user.click(screen.getByRole('button', { name: '提交答复' }));

    expect(await screen.findByText('已答复', { selector: '.banner *' })).toBeInTheDocument();
    expect(backend.writes()).toEqual(['POST /api/cases/k-1/evidence', 'POST /api/cases/k-1/answer']);
    expect(backend.last('POST /api/cases/:id/evidence').body).toEqual({ contentType: 'image/jpeg', base64: '/9j/4AAQSkZJRg==' });
    expect(backend.last('POST /api/cases/:id/answer').body).toEqual({ expectedVersion: 5, text: '路灯已更换，晚上已能照明。' });
    expect(platform.callsOf('chooseImage')[0]).toMatchObject({ count: 6 });
  });

  it('shows the conflict message with a refresh when someone else changed the case first (409)', async () => {
    serve({ status: 'in_progress', statusLabel: '办理中' });
    backend.on('POST /api/cases/:id/answer', { status: 409, body: { code: 'VERSION_CONFLICT', message: 'stale version' } });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '答复' }));
    await user.type(screen.getByPlaceholderText('说清楚怎么办的、结果如何'), '已处理。');
    await user.click(screen.getByRole('button', { name: '提交答复' }));

    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent('案件已被他人处理，请刷新');
    expect(platform.toasts).toEqual([]);

    serve({ status: 'answered', statusLabel: '已答复', version: 9 });
    await user.click(within(banner).getByRole('button', { name: '刷新' }));

    expect(await screen.findByText('已答复')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '答复' })).not.toBeInTheDocument();
    // The reload answers 「请刷新」: the message goes with it.
    expect(screen.queryByText(/案件已被他人处理/)).not.toBeInTheDocument();
    expect(backend.calls('GET /api/cases/:id')).toHaveLength(2);
  });

  it('requests an extension: checks the days, sends days and reason, then shows it is waiting', async () => {
    serve({ status: 'in_progress', statusLabel: '办理中' });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '申请延期' }));
    const days = within(field('延期几个工作日（1到10，已延期0天）')).getByRole('spinbutton');
    await user.type(days, '12');
    await user.type(screen.getByPlaceholderText('例如：需要等材料到货'), '灯杆要从厂家订货');
    await user.click(screen.getByRole('button', { name: '提交申请' }));
    expect(screen.getByRole('alert')).toHaveTextContent('延期天数请填1到10的整数');
    expect(backend.writes()).toEqual([]);

    await user.clear(days);
    await user.type(days, '3');
    backend.on('POST /api/cases/:id/extensions', () => {
      // One request waits: the server no longer offers another.
      serve({ status: 'in_progress', statusLabel: '办理中', allowedActions: ['note', 'answer'] }, [extension({ reason: '灯杆要从厂家订货' })]);
      return { status: 201, body: extension() };
    });
    await user.click(screen.getByRole('button', { name: '提交申请' }));

    expect(await screen.findByText('延期申请正在等待审批')).toBeInTheDocument();
    expect(backend.last('POST /api/cases/:id/extensions').body).toEqual({ workdays: 3, reason: '灯杆要从厂家订货' });
    expect(platform.toasts).toEqual(['延期申请已提交']);
    expect(screen.queryByRole('button', { name: '申请延期' })).not.toBeInTheDocument();
  });

  it('allows only what is left of the ten extension days', async () => {
    serve({ status: 'in_progress', statusLabel: '办理中', extendedWorkdays: 8 });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '申请延期' }));
    await user.type(within(field('延期几个工作日（1到10，已延期8天）')).getByRole('spinbutton'), '3');
    await user.type(screen.getByPlaceholderText('例如：需要等材料到货'), '等材料');
    await user.click(screen.getByRole('button', { name: '提交申请' }));

    expect(screen.getByRole('alert')).toHaveTextContent('最多还能延期2个工作日');
    expect(backend.writes()).toEqual([]);
  });

  it('opens a photo the resident sent (downloaded with the token, then previewed)', async () => {
    serve({ attachments: [{ id: 'a-1', kind: 'image', status: 'stored', source: 'resident', contentType: 'image/jpeg', attempts: 1 }] });
    backend.on('GET /api/cases/:id/attachments/:attachmentId', { body: '/9j/4AAQ' });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: /群众照片/ }));

    await waitFor(() => expect(platform.callsOf('previewImage')).toHaveLength(1));
    const download = backend.last('GET /api/cases/:id/attachments/:attachmentId');
    expect(download.kind).toBe('download');
    expect(download.params).toEqual({ id: 'k-1', attachmentId: 'a-1' });
    expect(download.headers.Authorization).toBe('Bearer handler-token');
    const [preview] = platform.callsOf('previewImage');
    expect(preview.urls).toEqual([preview.current]);
  });

  it('says the case was not found and offers to try again', async () => {
    backend.on('GET /api/cases/:id', { status: 404, body: { code: 'CASE_NOT_FOUND' } });
    backend.on('GET /api/cases/:id/extensions', { status: 404 });
    const { user } = open('k-gone');

    expect(await screen.findByRole('alert')).toHaveTextContent('没找到这个案件');
    serve();
    await user.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('MS20261126-0001')).toBeInTheDocument();
  });

  it('says the case number is missing when opened without one', async () => {
    renderPage(<StaffCase />, { path: '/pages/staff/case/index', params: {} });
    expect(await screen.findByRole('alert')).toHaveTextContent('缺少案件编号');
    expect(backend.requests).toEqual([]);
  });
});

describe('staff case page: dispatcher', () => {
  beforeEach(() => {
    signedInAs = 'dispatcher';
    platform.signIn('dispatcher', 'dispatcher-token');
    serve({
      status: 'accepted',
      statusLabel: '待分办',
      version: 7,
      kind: undefined as unknown as CaseDetail['kind'],
      urgency: undefined as unknown as CaseDetail['urgency'],
      suggestion: { kind: 'complaint', subItem: 'lighting', urgency: 'urgent' },
    });
    backend.on('GET /api/taxonomy', { body: TAXONOMY });
    backend.on('GET /api/cases/:id/unit-choices', { body: UNIT_CHOICES });
  });

  it('starts the classification from the suggestion and saves what the dispatcher confirms', async () => {
    backend.on('POST /api/cases/:id/classify', { body: caseDetail({ status: 'accepted', version: 8 }) });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '分类' }));
    expect(within(field('诉求类型')).getByRole('button')).toHaveTextContent('投诉');
    expect(within(field('分类')).getByRole('button')).toHaveTextContent('基础设施·路灯照明');
    expect(within(field('紧急程度')).getByRole('button')).toHaveTextContent('紧急');

    await pick(user, within(field('紧急程度')).getByRole('button'), '特急');
    await user.click(screen.getByRole('button', { name: '保存分类' }));

    expect(await screen.findByText('分类已保存')).toBeInTheDocument();
    expect(backend.last('POST /api/cases/:id/classify').body).toEqual({ expectedVersion: 7, kind: 'complaint', subItem: 'lighting', urgency: 'critical' });
  });

  it('routes the case to the suggested unit, preselected with its reason, with a co-handling unit added', async () => {
    backend.on('POST /api/cases/:id/assign', () => {
      serve({ status: 'assigned', statusLabel: '待签收', version: 8 });
      return { body: caseDetail({ status: 'assigned', version: 8 }) };
    });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '转办' }));
    const lead = field('承办单位');
    expect(within(lead).getByText('系统建议：城关镇（镇级承办：城关镇）')).toBeInTheDocument();
    expect(within(lead).getByText('已选：城关镇')).toBeInTheDocument();
    expect(within(lead).getByRole('button', { name: '✓ 城关镇', pressed: true })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '＋ 添加协办单位' }));
    await user.click(within(field('添加协办单位')).getByRole('button', { name: '市住建局' }));
    expect(screen.getByText('市住建局 ✕')).toBeInTheDocument();
    expect(screen.queryByText('添加协办单位', { selector: '.field > span' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '确认转办' }));

    expect(await screen.findByText('已转办')).toBeInTheDocument();
    expect(backend.last('POST /api/cases/:id/assign').body).toEqual({ expectedVersion: 7, unitId: 'u-town', coUnitIds: ['u-dept'] });
    expect(backend.last('POST /api/cases/:id/assign').headers.Authorization).toBe('Bearer dispatcher-token');
  });

  it('finds another unit by pinyin initials in two taps: villages come with their town', async () => {
    backend.on('POST /api/cases/:id/assign', () => ({ body: caseDetail({ status: 'assigned', version: 8 }) }));
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '转办' }));
    const lead = field('承办单位');
    // The likely units first, under their headings; villages of the case's town under it.
    expect(within(lead).getAllByText(/^(系统建议|最近转办过|诉求所在的镇|全部单位)$/).map((h) => h.textContent)).toEqual([
      '系统建议',
      '最近转办过',
      '诉求所在的镇',
      '全部单位',
    ]);
    // Its town is already at the top, so the village says which town it is in.
    expect(within(lead).getByRole('button', { name: '东村（城关镇）' })).toBeInTheDocument();

    await user.type(within(lead).getByRole('textbox', { name: '搜索承办单位' }), 'btz');
    expect(within(lead).getAllByRole('button').map((b) => b.textContent)).toEqual(['八台镇', '香炉村']);
    expect(within(lead).getByRole('button', { name: '香炉村' })).toHaveClass('unit-picker__option--village');
    await user.click(within(lead).getByRole('button', { name: '香炉村' }));
    expect(within(lead).getByText('已选：香炉村（八台镇）')).toBeInTheDocument();

    await user.clear(within(lead).getByRole('textbox', { name: '搜索承办单位' }));
    await user.type(within(lead).getByRole('textbox', { name: '搜索承办单位' }), '没有这个');
    expect(within(lead).getByText('没有找到这个单位，换个字试试')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '确认转办' }));
    expect(await screen.findByText('已转办')).toBeInTheDocument();
    expect(backend.last('POST /api/cases/:id/assign').body).toEqual({ expectedVersion: 7, unitId: 'u-xianglu' });
  });

  it('says when the list of units could not be loaded', async () => {
    backend.on('GET /api/cases/:id/unit-choices', { status: 500 });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '转办' }));
    expect(screen.getByText('单位列表没有加载出来，请刷新')).toBeInTheDocument();
  });
});

describe('staff case page: a suggestion taken up as a golden idea', () => {
  it('lets the office take up a suggestion as a golden idea, then opens the idea', async () => {
    signedInAs = 'dispatcher';
    platform.signIn('dispatcher', 'dispatcher-token');
    serve({ kind: 'suggestion', kindLabel: '建议', status: 'assigned' });
    backend.on('POST /api/ideas', { status: 201, body: { id: 'i-9' } });
    const { user } = open();
    await user.type(await screen.findByPlaceholderText('例如：建高山蔬菜基地'), '建高山蔬菜基地');
    await user.click(screen.getByRole('button', { name: '作为金点子交办' }));
    await waitFor(() => expect(backend.last('POST /api/ideas').body).toEqual({ caseId: caseDetail().id, title: '建高山蔬菜基地' }));
  });

  it('does not offer it to a handler', async () => {
    signedInAs = 'handler';
    platform.signIn('handler', 'handler-token');
    serve({ kind: 'suggestion', kindLabel: '建议', status: 'assigned' });
    open();
    await screen.findByText('MS20261126-0001');
    expect(screen.queryByRole('button', { name: '作为金点子交办' })).toBeNull();
  });
});
