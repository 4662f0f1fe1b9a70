import { screen, waitFor, within } from '@testing-library/react';
import CaseDetail from '../../src/pages/case/detail';
import { deferred, type Answer } from '../support/backend';
import { residentCase } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { renderPage, wholeText } from '../support/render';

const open = (id = 'c-1') => renderPage(<CaseDetail />, { path: '/pages/case/detail', params: { id } });

/** The card whose title is `title`. */
function card(title: string): HTMLElement {
  return screen.getByText(title).closest('.card') as HTMLElement;
}

describe('case detail page (resident)', () => {
  it('asks a signed-out resident to sign in, and sends nothing', () => {
    open();
    expect(screen.getByText('还没有登录')).toBeInTheDocument();
    expect(backend.requests).toEqual([]);
  });

  it('sends a member of staff to the staff page for the same case', async () => {
    platform.signIn('handler');
    open('c-9');
    await waitFor(() => expect(platform.navigations).toEqual(['redirectTo /pages/staff/case/index?id=c-9']));
    expect(backend.requests).toEqual([]);
  });

  it('shows the case: number, status, deadline, what was said, the answer and the steps so far', async () => {
    platform.signIn('resident', 'resident-token');
    backend.on('GET /api/my/cases/:id', {
      body: residentCase({
        status: 'answered',
        statusLabel: '已答复',
        answer: '路灯已经换好了，晚上可以看清路了。',
        steps: [
          { label: '已受理', unitName: null, at: '2026-11-26T01:00:00.000Z' },
          { label: '已转给承办单位', unitName: '万源市民声直达办公室', at: '2026-11-26T02:30:00.000Z' },
          { label: '已答复', unitName: '城关镇', at: '2026-11-28T08:00:00.000Z' },
        ],
      }),
    });
    open();

    expect(await screen.findByText('MS20261126-0001')).toHaveClass('nowrap'); // never broken across lines
    expect(backend.last('GET /api/my/cases/:id').params.id).toBe('c-1');
    expect(backend.last('GET /api/my/cases/:id').headers.Authorization).toBe('Bearer resident-token');
    expect(screen.getByText('村口路灯坏了三天，晚上看不见路。')).toBeInTheDocument();
    expect(screen.getByText('2026年12月3日 17:00')).toBeInTheDocument();
    expect(within(card('答复')).getByText('路灯已经换好了，晚上可以看清路了。')).toBeInTheDocument();

    const steps = card('办理经过');
    // Each step names the unit that took it, never the person.
    expect(steps.textContent).toMatch(/已受理.*已转给承办单位.*已答复/);
    expect(within(steps).getByText('2026年11月26日 09:00')).toBeInTheDocument();
    expect(within(steps).getByText(wholeText('万源市民声直达办公室 · 2026年11月26日 10:30'))).toBeInTheDocument();
    expect(within(steps).getByText(wholeText('城关镇 · 2026年11月28日 16:00'))).toBeInTheDocument();
    // A long unit name breaks the line before the time, never inside it.
    expect(within(steps).getByText('2026年11月26日 10:30')).toHaveClass('nowrap');
    expect(screen.queryByText('请您评价')).not.toBeInTheDocument();
  });

  it('says the answer is still to come while there is none', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases/:id', { body: residentCase() });
    open();

    expect(await screen.findByText('还没有答复，请耐心等待。')).toBeInTheDocument();
    expect(within(card('办理经过')).getByText('暂无')).toBeInTheDocument();
  });

  it('sends the resident’s rating and whether it was solved, then shows the result', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases/:id', { body: residentCase({ status: 'revisiting', awaitsRevisit: true, statusLabel: '已答复，请您评价', answer: '已修好。' }) });
    backend.on('POST /api/my/cases/:id/revisit', {
      body: residentCase({ status: 'closed', statusLabel: '已办结', answer: '已修好。', revisitRating: 'basically_satisfied', revisitSolved: true }),
    });
    const { user } = open();

    await screen.findByText('请您评价');
    // In a resident's words, not the staff's 待回访.
    expect(screen.getByText('已答复，请您评价')).toHaveClass('status');
    const submit = screen.getByRole('button', { name: '提交评价' });
    expect(submit).toBeDisabled();

    await user.click(screen.getByRole('button', { name: '是' }));
    await user.click(screen.getByRole('button', { name: '基本满意' }));
    expect(screen.getByRole('button', { name: '基本满意' })).toHaveClass('btn--chosen');
    await user.click(submit);

    expect(await screen.findByText('谢谢您的评价！')).toBeInTheDocument();
    const sent = backend.last('POST /api/my/cases/:id/revisit');
    expect(sent.params.id).toBe('c-1');
    expect(sent.body).toEqual({ rating: 'basically_satisfied', solved: true });
    expect(screen.getByText('已办结')).toBeInTheDocument();
    expect(screen.queryByText('请您评价')).not.toBeInTheDocument();
    // The rating given stays on the case, and the page goes back to the top where the thanks are.
    expect(within(card('您的评价')).getByText('基本满意，问题已解决')).toBeInTheDocument();
    expect(platform.callsOf('pageScrollTo')).toEqual([expect.objectContaining({ scrollTop: 0 })]);
  });

  it('puts the rating form right under the answer, before the photos and the steps', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases/:id', {
      body: residentCase({
        status: 'revisiting',
        awaitsRevisit: true,
        statusLabel: '已答复，请您评价',
        answer: '已修好。',
        media: [{ id: 'm-1', kind: 'image', source: 'resident', contentType: 'image/jpeg' }],
        steps: [{ label: '已受理', unitName: '万源市民声直达办公室', at: '2026-11-26T01:00:00.000Z' }],
      }),
    });
    open();

    await screen.findByText('请您评价');
    const titles = Array.from(document.querySelectorAll('.card__title, .title')).map((e) => e.textContent);
    expect(titles).toEqual(['办理进度', '答复', '请您评价', '照片、录音和视频', '办理经过']);
  });

  it('shows the rating given before, with whether it was solved', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases/:id', { body: residentCase({ status: 'closed', statusLabel: '已办结', answer: '已修好。', revisitRating: 'unsatisfied', revisitSolved: false }) });
    open();

    expect(await screen.findByText('不满意，问题没有解决')).toBeInTheDocument();
    expect(screen.queryByText('请您评价')).not.toBeInTheDocument();
  });

  it('sends only the rating when the resident did not say whether it was solved, once however often tapped', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases/:id', { body: residentCase({ status: 'revisiting', awaitsRevisit: true, statusLabel: '已答复，请您评价' }) });
    const gate = deferred<Answer>();
    backend.on('POST /api/my/cases/:id/revisit', () => gate.promise);
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '不满意' }));
    await user.click(screen.getByRole('button', { name: '提交评价' }));
    await user.click(screen.getByRole('button', { name: '提交评价' }));
    gate.resolve({ body: residentCase({ status: 'reopened', statusLabel: '重新办理' }) });

    expect(await screen.findByText('谢谢您的评价！')).toBeInTheDocument();
    expect(backend.calls('POST /api/my/cases/:id/revisit').map((r) => r.body)).toEqual([{ rating: 'unsatisfied' }]);
  });

  it('asks the resident of a merged case to rate the answer it got from the case it joined', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases/:id', { body: residentCase({ status: 'merged', awaitsRevisit: true, statusLabel: '已合并到同类诉求', answer: '八村路灯已全部换新' }) });
    backend.on('POST /api/my/cases/:id/revisit', { body: residentCase({ status: 'merged', statusLabel: '已合并到同类诉求', awaitsRevisit: false }) });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '满意' }));
    await user.click(screen.getByRole('button', { name: '提交评价' }));

    expect(await screen.findByText('谢谢您的评价！')).toBeInTheDocument();
    expect(backend.last('POST /api/my/cases/:id/revisit').body).toEqual({ rating: 'satisfied' });
  });

  it('keeps the form and says why when the rating is refused', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases/:id', { body: residentCase({ status: 'revisiting', awaitsRevisit: true, statusLabel: '已答复，请您评价' }) });
    backend.on('POST /api/my/cases/:id/revisit', { status: 409, body: { code: 'CASE_ILLEGAL_TRANSITION' } });
    const { user } = open();

    await user.click(await screen.findByRole('button', { name: '满意' }));
    await user.click(screen.getByRole('button', { name: '提交评价' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('情况有变化，请刷新后再试。');
    expect(screen.queryByText('谢谢您的评价！')).not.toBeInTheDocument();
    expect(screen.getByText('请您评价')).toBeInTheDocument();
  });

  it('says clearly that the case was not found (404)', async () => {
    platform.signIn('resident');
    backend.on('GET /api/my/cases/:id', { status: 404, body: { code: 'CASE_NOT_FOUND' } });
    open('c-404');

    expect(await screen.findByRole('alert')).toHaveTextContent('没有找到，请刷新后再看。');
    expect(screen.queryByText('正在加载…')).not.toBeInTheDocument();
    expect(screen.queryByText('受理编号')).not.toBeInTheDocument();
  });

  it('says the case was not found when the link has no id, without asking the server', async () => {
    platform.signIn('resident');
    renderPage(<CaseDetail />, { path: '/pages/case/detail', params: {} });

    expect(await screen.findByRole('alert')).toHaveTextContent('没有找到这条诉求。');
    expect(backend.requests).toEqual([]);
  });

  describe('photos, recordings and videos', () => {
    const MEDIA = 'GET /api/my/cases/:id/media/:attachmentId';
    const withMedia = () =>
      residentCase({
        channel: 'phone',
        location: { lat: 32.0801, lng: 108.0702, label: '滨河社区门口' },
        placeLabel: '城关镇 滨河社区（滨河社区门口）',
        mapUrl: 'https://uri.amap.com/marker?position=108.0702,32.0801&name=x&coordinate=gaode&callnative=0',
        media: [
          { id: 'a-staff', kind: 'image', source: 'staff', contentType: 'image/jpeg' },
          { id: 'a-voice', kind: 'voice', source: 'resident', contentType: 'audio/mpeg' },
          { id: 'a-video', kind: 'video', source: 'resident', contentType: 'video/mp4' },
        ],
      });

    it("lists the resident's own files before the handler's, says who wrote the case down and where it is", async () => {
      platform.signIn('resident');
      backend.on('GET /api/my/cases/:id', { body: withMedia() });
      const { user } = open();

      const list = await screen.findByText('照片、录音和视频');
      const buttons = within(list.closest('.card') as HTMLElement).getAllByRole('button').map((b) => b.textContent);
      expect(buttons).toEqual(['您的录音 1：听录音', '您的视频 1：看视频', '办理现场照片 1：看照片']);
      expect(screen.getByText('工作人员代您登记（热线电话）')).toBeInTheDocument();
      // The place by name; its coordinates only behind 看地图, which opens WeChat's map at the point.
      expect(screen.getByText('城关镇 滨河社区（滨河社区门口）')).toBeInTheDocument();
      expect(document.body.textContent).not.toMatch(/经度|纬度|108\.07/);
      await user.click(screen.getByRole('button', { name: '看地图' }));
      expect(platform.callsOf('openLocation')).toEqual([{ latitude: 32.0801, longitude: 108.0702, name: '城关镇 滨河社区（滨河社区门口）', scale: 15 }]);
      expect(backend.requests.filter((r) => r.kind === 'download')).toEqual([]);
    });

    it('downloads a recording with the token and plays it; a second tap stops it', async () => {
      platform.signIn('resident', 'resident-token');
      backend.on('GET /api/my/cases/:id', { body: withMedia() });
      backend.on(MEDIA, { body: 'ID3-bytes' });
      const { user } = open();

      await user.click(await screen.findByRole('button', { name: '您的录音 1：听录音' }));

      await screen.findByRole('button', { name: '您的录音 1：正在播放，点一下停' });
      const download = backend.last(MEDIA);
      expect(download.params).toEqual({ id: 'c-1', attachmentId: 'a-voice' });
      expect(download.headers.Authorization).toBe('Bearer resident-token');
      const [played] = platform.callsOf('audio.play');
      expect(played.src).toMatch(/^wxfile:\/\/tmp\/download-/);

      await user.click(screen.getByRole('button', { name: '您的录音 1：正在播放，点一下停' }));
      expect(await screen.findByRole('button', { name: '您的录音 1：听录音' })).toBeInTheDocument();
      expect(platform.callsOf('audio.stop').length).toBeGreaterThan(0);
      expect(backend.calls(MEDIA)).toHaveLength(1); // the file is fetched once
    });

    it('opens a video in a player under the list, and says so when a file cannot be fetched', async () => {
      platform.signIn('resident');
      backend.on('GET /api/my/cases/:id', { body: withMedia() });
      backend.on(MEDIA, (req) => (req.params.attachmentId === 'a-video' ? { body: 'mp4-bytes' } : { status: 404, body: { code: 'NOT_FOUND' } }));
      const { user, container } = open();

      await user.click(await screen.findByRole('button', { name: '您的视频 1：看视频' }));
      await waitFor(() => expect(container.querySelector('video')).not.toBeNull());

      await user.click(screen.getByRole('button', { name: '办理现场照片 1：看照片' }));
      expect(await screen.findByRole('alert')).toHaveTextContent('打不开，请稍后再试。');
      expect(platform.callsOf('previewImage')).toEqual([]);
    });
  });
});
