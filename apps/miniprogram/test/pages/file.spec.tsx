/**
 * The resident filing page (我要反映) as the WeChat build runs it: the real offline queue, API
 * client and recorder; only Taro (storage, network, choosers, recorder, uploads) is the double.
 */
import { act, screen, waitFor } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import App from '../../src/app';
import FileCase from '../../src/pages/file/index';
import { DRAFT_KEY, QUEUE_KEY, VOICE_ONLY_TEXT } from '../../src/services/offline-queue';
import { queue } from '../../src/services/offline-taro';
import { UUID_PATTERN } from '../../src/utils/uuid';
import { deferred, NETWORK_ERROR, type Answer } from '../support/backend';
import { residentCase } from '../support/fixtures';
import { backend, platform } from '../support/platform';
import { appShow, pick, renderPage, setOnline, wholeText } from '../support/render';

const page = { path: '/pages/file/index' };
const open = () => renderPage(<FileCase />, page);

const SUGGEST = 'POST /api/my/suggestion';
const FILE = 'POST /api/my/cases';
const PHOTOS = 'POST /api/my/cases/:id/photos';
const MEDIA = 'POST /api/my/cases/:id/media';

/** Signed in as a resident; the category suggestion (sent 600 ms after typing) answers with none unless a test says otherwise. */
function signIn() {
  platform.signIn('resident', 'resident-token');
  backend.on(SUGGEST, { body: { kind: 'complaint', subItem: null, subItemName: null, choices: [] } });
}

function filed(id: string, number: string) {
  backend.on(FILE, { status: 201, body: residentCase({ id, number }) });
}

/** What the page sent to file and upload, in order (the suggestion requests left out). */
const filing = () => backend.writes().filter((w) => w !== SUGGEST);

const textbox = () => screen.getByPlaceholderText('例如：村口的路灯坏了三天了');
const submit = (user: UserEvent) => user.click(screen.getByRole('button', { name: '提交' }));
const storedDraft = () => platform.getStored(DRAFT_KEY) as { clientKey: string; text: string; photos: string[]; voices: unknown[] };

async function record(user: UserEvent) {
  await user.click(screen.getByRole('button', { name: /^(点一下，开始说话|再录一段)$/ }));
  await user.click(await screen.findByRole('button', { name: /^正在录音 \d+ 秒，说完点一下$/ }));
}

const voiceMedia = { status: 201, body: { id: 'm-1', kind: 'voice' } };

/** An upload answer a test holds back; let go after the test, so a test failing while it waits does not leave the app's one queue busy for the next. */
let held: { resolve: (answer: Answer) => void } | null = null;

// One queue for the app, as in the app: a test that launches the app starts it; stop it between tests.
afterEach(async () => {
  if (held) {
    held.resolve(NETWORK_ERROR);
    held = null;
    await queue.flush();
  }
  queue.stop();
});

describe('resident filing page (weapp)', () => {
  it('asks a signed-out resident to sign in, and sends nothing', async () => {
    const { user } = open();

    expect(screen.getByText('还没有登录')).toBeInTheDocument();
    expect(screen.getByText('请先登录，再反映问题。')).toBeInTheDocument();
    expect(screen.queryByPlaceholderText('例如：村口的路灯坏了三天了')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '去登录' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/login/index']);
    expect(backend.requests).toEqual([]);
  });

  it('sends no category suggestion while signed out, even with a saved draft', async () => {
    platform.setStored(DRAFT_KEY, { clientKey: 'k-old', text: '村口的路灯坏了三天了', place: null, photos: [], voices: [], video: null, updatedAt: '2026-11-26T01:00:00Z' });
    open();

    await act(() => new Promise((r) => setTimeout(r, 800))); // past the 600 ms the suggestion waits for
    expect(screen.getByText('请先登录，再反映问题。')).toBeInTheDocument();
    expect(backend.requests).toEqual([]);
  });

  it('asks for words or a recording before sending anything', async () => {
    signIn();
    const { user } = open();

    await submit(user);

    expect(await screen.findByRole('alert')).toHaveTextContent('请写下或说出您要反映的事。');
    expect(backend.requests).toEqual([]);

    // Writing answers the message: it goes at the first letter.
    await user.type(textbox(), '路');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('tells the resident to call 110/119/120 first when the demand reads as a danger to life', async () => {
    signIn();
    const advice = '如有生命危险，请马上拨打110（报警）、119（火警）、120（急救）。';
    backend.on(FILE, { status: 201, body: residentCase({ id: 'c-9', number: 'MS20261126-0009', lifeAtRiskAdvice: advice }) });
    const { user } = open();

    await user.type(textbox(), '屋里煤气泄漏了，有人晕倒了');
    await submit(user);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(advice);
    const number = screen.getByText('MS20261126-0009');
    // The numbers come before the case number on the page.
    expect(alert.compareDocumentPosition(number) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('says nothing of 110 for an ordinary demand', async () => {
    signIn();
    filed('c-10', 'MS20261126-0010');
    const { user } = open();
    await user.type(textbox(), '村口的路灯坏了三天了');
    await submit(user);
    await screen.findByText('MS20261126-0010');
    expect(screen.queryByText(/110/)).not.toBeInTheDocument();
  });

  it('files the typed demand with a new clientKey, shows its number, opens its progress, and starts a fresh draft', async () => {
    signIn();
    filed('c-42', 'MS20261126-0042');
    const { user } = open();

    await user.type(textbox(), '村口的路灯坏了三天了');
    expect(screen.getByText('10/2000')).toBeInTheDocument();
    await submit(user);

    const number = await screen.findByText('MS20261126-0042');
    expect(number.closest('.notice__text')).toHaveTextContent('已收到！受理编号 MS20261126-0042。');
    expect(number).toHaveClass('nowrap'); // the number never breaks across lines
    expect(screen.getByText(wholeText('最晚 2026年12月3日 17:00 前办好。'))).toBeInTheDocument();
    expect(screen.getByText('2026年12月3日 17:00')).toHaveClass('nowrap');
    // The page shows its own outcome: no second message over it.
    expect(platform.callsOf('showModal')).toEqual([]);
    expect(platform.toasts).toEqual([]);
    expect(filing()).toEqual(['POST /api/my/cases']);
    const sent = backend.last(FILE);
    expect(sent.body).toEqual({ text: '村口的路灯坏了三天了', clientKey: expect.stringMatching(UUID_PATTERN) });
    expect(sent.headers.Authorization).toBe('Bearer resident-token');
    const firstKey = (sent.body as { clientKey: string }).clientKey;
    expect(platform.getStored(QUEUE_KEY)).toBe('');
    expect(textbox()).toHaveValue('');

    await user.click(screen.getByRole('button', { name: '看办理进度' }));
    expect(platform.navigations).toEqual(['navigateTo /pages/case/detail?id=c-42']);

    // The next demand is a new one: a new key, so the server does not take it for the first.
    filed('c-43', 'MS20261126-0043');
    await user.type(textbox(), '垃圾没人清');
    expect(screen.queryByText(wholeText('已收到！受理编号 MS20261126-0042。'))).not.toBeInTheDocument();
    await submit(user);

    expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0043。'))).toBeInTheDocument();
    const keys = backend.calls(FILE).map((r) => (r.body as { clientKey: string }).clientKey);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toMatch(UUID_PATTERN);
    expect(keys[1]).not.toBe(firstKey);
  });

  it('tells the resident the query code with the number, for looking the case up later', async () => {
    signIn();
    backend.on(FILE, { status: 201, body: residentCase({ id: 'c-50', number: 'MS20261126-0050', queryCode: '048213' }) });
    const { user } = open();

    await user.type(textbox(), '河堤有一道裂缝');
    await submit(user);

    expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0050，查询码 048213。'))).toBeInTheDocument();
    expect(screen.getByText('048213')).toHaveClass('nowrap');
  });

  it('keeps the draft (words and photos) when the page is closed and opened again, and files it with the same key', async () => {
    signIn();
    platform.images = [{ path: 'wxfile://tmp/photo-1.jpg', size: 2048 }];
    const first = open();

    await first.user.type(textbox(), '桥上的栏杆松了');
    await first.user.click(screen.getByRole('button', { name: '拍照或选照片' }));
    expect(await screen.findByRole('img')).toHaveAttribute('src', 'wxfile://store/photo-1.jpg');
    expect(storedDraft()).toMatchObject({ text: '桥上的栏杆松了', photos: ['wxfile://store/photo-1.jpg'] });
    const key = storedDraft().clientKey;
    first.unmount();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();

    filed('c-3', 'MS20261126-0003');
    backend.on(PHOTOS, { status: 201, body: { id: 'p-1' } });
    const { user } = open();

    expect(textbox()).toHaveValue('桥上的栏杆松了');
    expect(screen.getByRole('img')).toHaveAttribute('src', 'wxfile://store/photo-1.jpg');
    await submit(user);

    expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0003。'))).toBeInTheDocument();
    expect(backend.last(FILE).body).toEqual({ text: '桥上的栏杆松了', clientKey: key });
    expect(filing()).toEqual(['POST /api/my/cases', 'POST /api/my/cases/c-3/photos']);
  });

  describe('category suggestion', () => {
    const suggestion = {
      kind: 'complaint',
      subItem: 'lighting',
      subItemName: '路灯照明',
      choices: [
        { code: 'lighting', name: '路灯照明', category: 'infra' },
        { code: 'roads', name: '道路交通', category: 'infra' },
        { code: 'water', name: '供水', category: 'life' },
      ],
    };

    it('suggests a category once the resident stops typing, and sends it with the case', async () => {
      signIn();
      backend.on(SUGGEST, { body: suggestion });
      filed('c-4', 'MS20261126-0004');
      const { user } = open();

      await user.type(textbox(), '村口的路灯坏了三天了');

      expect(await screen.findByText('分类：路灯照明（可以改）', undefined, { timeout: 3000 })).toBeInTheDocument();
      // One request for the whole text, not one per key.
      expect(backend.calls(SUGGEST).map((r) => r.body)).toEqual([{ text: '村口的路灯坏了三天了' }]);
      expect(backend.last(SUGGEST).headers.Authorization).toBe('Bearer resident-token');

      await submit(user);
      expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0004。'))).toBeInTheDocument();
      expect(backend.last(FILE).body).toEqual({ text: '村口的路灯坏了三天了', clientKey: expect.stringMatching(UUID_PATTERN), subItem: 'lighting' });
    });

    it('sends the category the resident picked, and a later suggestion does not replace it', async () => {
      signIn();
      backend.on(SUGGEST, { body: suggestion });
      filed('c-5', 'MS20261126-0005');
      const { user } = open();

      await user.type(textbox(), '村口的路灯坏了三天了');
      await screen.findByText('分类：路灯照明（可以改）', undefined, { timeout: 3000 });
      await pick(user, '分类：路灯照明（可以改）', '道路交通');
      expect(screen.getByText('分类：道路交通（可以改）')).toBeInTheDocument();

      await user.type(textbox(), '，路面也塌了');
      await waitFor(() => expect(backend.calls(SUGGEST)).toHaveLength(2), { timeout: 3000 });
      expect(backend.last(SUGGEST).body).toEqual({ text: '村口的路灯坏了三天了，路面也塌了' });
      expect(await screen.findByText('分类：道路交通（可以改）')).toBeInTheDocument();

      await submit(user);
      expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0005。'))).toBeInTheDocument();
      expect(backend.last(FILE).body).toEqual({
        text: '村口的路灯坏了三天了，路面也塌了',
        clientKey: expect.stringMatching(UUID_PATTERN),
        subItem: 'roads',
      });
    });
  });

  describe('voice', () => {
    it('records a voice message and files it alone: the note for staff as the text, then the recording', async () => {
      signIn();
      platform.recording = { tempFilePath: 'wxfile://tmp/voice-1.mp3', duration: 4200, fileSize: 30_000 };
      filed('c-6', 'MS20261126-0006');
      backend.on(MEDIA, voiceMedia);
      const { user } = open();

      await user.click(screen.getByRole('button', { name: '点一下，开始说话' }));
      expect(platform.callsOf('recorder.start')).toEqual([expect.objectContaining({ duration: 60000, format: 'mp3' })]);
      const recording = await screen.findByRole('button', { name: /^正在录音 \d+ 秒，说完点一下$/ });
      expect(platform.callsOf('recorder.stop')).toEqual([]);

      await user.click(recording);
      expect(await screen.findByRole('button', { name: '听第 1 段（4 秒）' })).toBeInTheDocument();
      expect(platform.callsOf('recorder.stop')).toHaveLength(1);
      expect(screen.getByRole('button', { name: '再录一段' })).toBeInTheDocument();
      expect(storedDraft().voices).toEqual([{ path: 'wxfile://store/voice-1.mp3', durationMs: 4200 }]);

      await submit(user);

      expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0006。'))).toBeInTheDocument();
      expect(filing()).toEqual(['POST /api/my/cases', 'POST /api/my/cases/c-6/media']);
      expect(backend.last(FILE).body).toEqual({ text: VOICE_ONLY_TEXT, clientKey: expect.stringMatching(UUID_PATTERN) });
      expect(VOICE_ONLY_TEXT).toBe('（群众留了语音，请听录音）');
      const media = backend.last(MEDIA);
      expect(media.kind).toBe('upload');
      expect(media.body).toEqual({ filePath: 'wxfile://store/voice-1.mp3', name: 'file', formData: { kind: 'voice', durationMs: '4200' } });
      expect(media.headers.Authorization).toBe('Bearer resident-token');
      expect(screen.queryByRole('button', { name: /^听第/ })).not.toBeInTheDocument();
    });

    it('sends the recording under way when 提交 is tapped before stopping it', async () => {
      signIn();
      platform.recording = { tempFilePath: 'wxfile://tmp/voice-2.mp3', duration: 5200, fileSize: 40_000 };
      filed('c-7', 'MS20261126-0007');
      backend.on(MEDIA, voiceMedia);
      const { user } = open();

      await user.click(screen.getByRole('button', { name: '点一下，开始说话' }));
      await screen.findByRole('button', { name: /^正在录音 \d+ 秒，说完点一下$/ });
      await submit(user);

      expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0007。'))).toBeInTheDocument();
      expect(platform.callsOf('recorder.stop')).toHaveLength(1);
      expect(backend.last(FILE).body).toMatchObject({ text: VOICE_ONLY_TEXT });
      expect(backend.last(MEDIA).body).toEqual({ filePath: 'wxfile://store/voice-2.mp3', name: 'file', formData: { kind: 'voice', durationMs: '5200' } });
    });

    it('refuses a recording under a second, plays a clip, and removes it with 删', async () => {
      signIn();
      platform.recording = { tempFilePath: 'wxfile://tmp/voice-tap.mp3', duration: 600, fileSize: 2000 };
      const { user } = open();

      await record(user);
      expect(await screen.findByRole('alert')).toHaveTextContent('录音太短了，请按住多说几句。');
      expect(screen.queryByRole('button', { name: /^听第/ })).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: '点一下，开始说话' })).toBeInTheDocument();
      expect(platform.callsOf('saveFile')).toEqual([]);

      platform.recording = { tempFilePath: 'wxfile://tmp/voice-2.mp3', duration: 5000, fileSize: 40_000 };
      await record(user);
      const clip = await screen.findByRole('button', { name: '听第 1 段（5 秒）' });
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();

      await user.click(clip);
      expect(platform.callsOf('audio.play')).toEqual([{ src: 'wxfile://store/voice-2.mp3' }]);
      expect(screen.getByRole('button', { name: '停止' })).toBeInTheDocument();
      act(() => platform.audioEnded());
      expect(screen.getByRole('button', { name: '听第 1 段（5 秒）' })).toBeInTheDocument();

      await user.click(screen.getByRole('button', { name: '删' }));
      expect(screen.queryByRole('button', { name: /^听第/ })).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: '点一下，开始说话' })).toBeInTheDocument();
      expect(platform.callsOf('removeSavedFile')).toEqual([{ filePath: 'wxfile://store/voice-2.mp3' }]);
      expect(storedDraft().voices).toEqual([]);
      expect(backend.requests).toEqual([]);
    });

    it('puts the recorder first for elderly mode, and says typing is optional', () => {
      platform.setStored('msz.elder', true);
      signIn();
      open();

      const recorder = screen.getByRole('button', { name: '点一下，开始说话' });
      expect(recorder).toHaveClass('btn--primary');
      expect(screen.getByText('按一下，说出您要反映的事')).toBeInTheDocument();
      expect(screen.getByText('也可以打字（不会打字就只录音）')).toBeInTheDocument();
      expect(screen.queryByText('什么事？在哪里？（打字或录音）')).not.toBeInTheDocument();
      expect(recorder.compareDocumentPosition(textbox()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    });

    it('puts the text box first otherwise', () => {
      signIn();
      open();

      const recorder = screen.getByRole('button', { name: '点一下，开始说话' });
      expect(recorder).not.toHaveClass('btn--primary');
      expect(screen.getByText('什么事？在哪里？（打字或录音）')).toBeInTheDocument();
      expect(screen.getByText('录音（最多 3 段，每段一分钟以内）')).toBeInTheDocument();
      expect(recorder.compareDocumentPosition(textbox()) & Node.DOCUMENT_POSITION_PRECEDING).toBeTruthy();
    });
  });

  describe('photos, video and place', () => {
    it('sends the place with the case, then the photos, the recording and the video in that order, showing the upload under way', async () => {
      signIn();
      platform.images = [
        { path: 'wxfile://tmp/photo-1.jpg', size: 2048 },
        { path: 'wxfile://tmp/photo-2.png', size: 4096 },
      ];
      platform.recording = { tempFilePath: 'wxfile://tmp/voice-1.mp3', duration: 4200, fileSize: 30_000 };
      platform.video = { path: 'wxfile://tmp/video-1.mp4', size: 5 * 1024 * 1024, duration: 12.4 };
      platform.chosenLocation = { latitude: 31.5, longitude: 104.7, name: '东村村委会', address: '城关镇东村一组' };
      filed('c-7', 'MS20261126-0007');
      backend.on(PHOTOS, { status: 201, body: { id: 'p-1' } });
      const videoAnswer = deferred<Answer>();
      held = videoAnswer;
      backend.on(MEDIA, (req) => ((req.body as { formData: { kind: string } }).formData.kind === 'video' ? videoAnswer.promise : voiceMedia));
      const { user } = open();

      await user.type(textbox(), '东村一组的水渠堵了');
      await user.click(screen.getByRole('button', { name: '拍照或选照片' }));
      await waitFor(() => expect(screen.getAllByRole('img').map((i) => i.getAttribute('src'))).toEqual(['wxfile://store/photo-1.jpg', 'wxfile://store/photo-2.png']));
      expect(platform.callsOf('chooseImage')).toEqual([expect.objectContaining({ count: 9 })]);
      await record(user);
      await screen.findByRole('button', { name: '听第 1 段（4 秒）' });
      await user.click(screen.getByRole('button', { name: '拍视频或选视频' }));
      expect(await screen.findByText('视频 12 秒')).toBeInTheDocument();
      expect(document.querySelector('video')).toHaveAttribute('src', 'wxfile://store/video-1.mp4');
      expect(screen.getByText('还没选位置（可不选）')).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: '选位置' }));
      expect(await screen.findByText('东村村委会，城关镇东村一组')).toBeInTheDocument();
      expect(platform.callsOf('chooseLocation')).toHaveLength(1);

      await submit(user);

      expect(await screen.findByText('正在上传视频（第 4 个，共 4 个）')).toBeInTheDocument();
      expect(screen.getByRole('button', { name: '正在提交…' })).toBeDisabled();
      act(() => platform.uploadProgress(40));
      expect(screen.getByText('正在上传视频（第 4 个，共 4 个） 40%')).toBeInTheDocument();
      videoAnswer.resolve({ status: 201, body: { id: 'm-2', kind: 'video' } });

      expect(await screen.findByText(wholeText('已收到！受理编号 MS20261126-0007。'))).toBeInTheDocument();
      expect(screen.queryByText(/^正在上传/)).not.toBeInTheDocument();
      expect(filing()).toEqual([
        'POST /api/my/cases',
        'POST /api/my/cases/c-7/photos',
        'POST /api/my/cases/c-7/photos',
        'POST /api/my/cases/c-7/media',
        'POST /api/my/cases/c-7/media',
      ]);
      expect(backend.last(FILE).body).toEqual({
        text: '东村一组的水渠堵了',
        clientKey: expect.stringMatching(UUID_PATTERN),
        location: { lat: 31.5, lng: 104.7, label: '东村村委会，城关镇东村一组' },
      });
      expect(backend.calls(PHOTOS).map((r) => r.body)).toEqual([
        { contentType: 'image/jpeg', base64: '/9j/4AAQSkZJRg==' },
        { contentType: 'image/png', base64: 'iVBORw0KGgo=' },
      ]);
      expect(backend.calls(MEDIA).map((r) => r.body)).toEqual([
        { filePath: 'wxfile://store/voice-1.mp3', name: 'file', formData: { kind: 'voice', durationMs: '4200' } },
        { filePath: 'wxfile://store/video-1.mp4', name: 'file', formData: { kind: 'video', durationMs: '12400' } },
      ]);
      expect(platform.getStored(QUEUE_KEY)).toBe('');
    });

    it('refuses a video over 30 MB, and takes a smaller one that can be removed again', async () => {
      signIn();
      platform.video = { path: 'wxfile://tmp/video-big.mp4', size: 31 * 1024 * 1024, duration: 58 };
      const { user } = open();

      await user.click(screen.getByRole('button', { name: '拍视频或选视频' }));

      expect(await screen.findByRole('alert')).toHaveTextContent('视频太大了，请拍短一点（一分钟以内）。');
      expect(document.querySelector('video')).toBeNull();
      expect(platform.callsOf('saveFile')).toEqual([]);

      platform.video = { path: 'wxfile://tmp/video-2.mp4', size: 8 * 1024 * 1024, duration: 20 };
      await user.click(screen.getByRole('button', { name: '拍视频或选视频' }));
      expect(await screen.findByText('视频 20 秒')).toBeInTheDocument();
      expect(screen.queryByRole('alert')).not.toBeInTheDocument();

      await user.click(screen.getByRole('button', { name: '不要这段视频' }));
      expect(document.querySelector('video')).toBeNull();
      expect(screen.getByRole('button', { name: '拍视频或选视频' })).toBeInTheDocument();
      expect(platform.callsOf('removeSavedFile')).toEqual([{ filePath: 'wxfile://store/video-2.mp4' }]);
      expect(backend.requests).toEqual([]);
    });
  });

  it('keeps a demand filed without network on the phone, and sends it once when the network returns', async () => {
    signIn();
    platform.setOnline(false);
    filed('c-8', 'MS20261126-0008');
    const { user } = renderPage(
      <App>
        <FileCase />
      </App>,
      page,
    );

    await user.type(textbox(), '桥上的栏杆松了');
    await submit(user);

    expect(await screen.findByText('已保存在手机上，有网后会自动发送，不会重复。')).toBeInTheDocument();
    expect(screen.getByText('有 1 条还没发出去，有网后会自动发送。')).toBeInTheDocument();
    expect(backend.requests).toEqual([]);
    expect(textbox()).toHaveValue('');

    await setOnline(true);

    await waitFor(() => expect(screen.queryByText(/还没发出去/)).not.toBeInTheDocument());
    expect(filing()).toEqual(['POST /api/my/cases']);
    expect(backend.last(FILE).body).toEqual({ text: '桥上的栏杆松了', clientKey: expect.stringMatching(UUID_PATTERN) });
    // Sent in the background: a dialog that stays until read, with the number and the deadline.
    expect(platform.callsOf('showModal')).toEqual([
      expect.objectContaining({ title: '您的诉求已发出', content: '受理编号 MS20261126-0008\n最晚 2026年12月3日 17:00 前办好', showCancel: false }),
    ]);

    // Nothing is left to send: the network coming back again or the app returning sends nothing more.
    await setOnline(false);
    await setOnline(true);
    await appShow();
    expect(filing()).toEqual(['POST /api/my/cases']);
    expect(platform.getStored(QUEUE_KEY)).toBe('');
  });

  describe('server refusals', () => {
    it('shows why the server refused the demand and keeps what was written', async () => {
      signIn();
      backend.on(FILE, { status: 400, body: { code: 'VALIDATION', message: '内容不能只有标点符号' } });
      const { user } = open();

      await user.type(textbox(), '村口的路灯坏了三天了');
      await submit(user);

      expect(await screen.findByRole('alert')).toHaveTextContent('填写的内容有误：内容不能只有标点符号');
      expect(textbox()).toHaveValue('村口的路灯坏了三天了');
      expect(screen.queryByText(/已收到/)).not.toBeInTheDocument();
      expect(screen.queryByText(/还没发出去/)).not.toBeInTheDocument();
      expect(filing()).toEqual(['POST /api/my/cases']);
      expect(platform.getStored(QUEUE_KEY)).toBe('');
      expect(screen.getByRole('button', { name: '提交' })).toBeEnabled();
      // The draft is kept on the phone too: leaving the page and coming back loses nothing.
      expect(storedDraft()).toMatchObject({ text: '村口的路灯坏了三天了' });
    });

    it('files the case when the video is refused, and says the video did not go', async () => {
      signIn();
      platform.video = { path: 'wxfile://tmp/video-1.mp4', size: 2 * 1024 * 1024, duration: 9 };
      filed('c-9', 'MS20261126-0009');
      backend.on(MEDIA, { status: 415, body: { code: 'UNSUPPORTED_MEDIA', message: 'unsupported video format' } });
      const { user } = open();

      await user.type(textbox(), '河边有人倒垃圾');
      await user.click(screen.getByRole('button', { name: '拍视频或选视频' }));
      await screen.findByText('视频 9 秒');
      await submit(user);

      await screen.findByText(wholeText('已收到！受理编号 MS20261126-0009。'));
      const result = screen.getByText('有 1 个视频没传上。');
      expect(result.closest('.notice')).toHaveClass('notice--ok');
      expect(filing()).toEqual(['POST /api/my/cases', 'POST /api/my/cases/c-9/media']);
      expect(backend.last(MEDIA).body).toMatchObject({ formData: { kind: 'video', durationMs: '9000' } });
      expect(platform.getStored(QUEUE_KEY)).toBe('');
      expect(screen.getByRole('button', { name: '看办理进度' })).toBeInTheDocument();
    });
  });
});
