import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/media', name));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const MB = 1024 * 1024;

/** The mini-program's resident side: a located filing, voice and video, and cases staff filed for the resident's phone. */
describe('the resident app', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let units: Array<{ id: string; name: string }>;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    units = (await dispatcher.call('GET', '/api/units')).body;
  });
  afterAll(() => sut?.close());

  const unit = (name: string) => units.find((u) => u.name === name)!.id;

  const login = (openid: string) => residentToken(sut.baseUrl, openid);
  const call = (token: string, method: string, path: string, body?: unknown) => callApi(sut.baseUrl, token, method, path, body);

  const file = async (token: string, text: string, extra: Record<string, unknown> = {}) => {
    const res = await call(token, 'POST', '/api/my/cases', { text, clientKey: randomUUID(), ...extra });
    expect(res.status).toBe(200);
    return res.body as { id: string; [k: string]: any };
  };

  /** What Taro.uploadFile sends: multipart with the form fields and the file part. */
  const upload = async (
    token: string,
    caseId: string,
    fields: Record<string, string>,
    bytes?: Buffer,
    part: { filename?: string; type?: string } = {},
  ): Promise<{ status: number; body: any }> => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    if (bytes) form.append('file', new Blob([bytes], { type: part.type ?? 'application/octet-stream' }), part.filename ?? 'upload.bin');
    const res = await fetch(`${sut.baseUrl}/api/my/cases/${caseId}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: await res.json().catch(() => null) };
  };

  /** What Taro.downloadFile does, with the Authorization header. */
  const download = async (token: string, path: string) => {
    const res = await fetch(`${sut.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
  };

  const storedRows = async (caseId: string): Promise<Array<{ kind: string; content_type: string; size_bytes: number; duration_ms: number | null }>> =>
    sut.ds.query(`SELECT kind, content_type, size_bytes, duration_ms FROM case_attachment WHERE case_id = $1 ORDER BY created_at`, [caseId]);
  const filesOnDisk = (caseId: string) => existsSync(join(sut.config.mediaDir, caseId));

  describe('filing with a location', () => {
    it('maps the point to the nearest town, as a location sent in the chat is, and shows it to the resident and to staff', async () => {
      const token = await login('o_app_loc_01');
      const clientKey = randomUUID();
      const body = { text: '老街的路面塌了一个大坑', clientKey, location: { lat: 32.15, lng: 108.05, label: '井溪镇老街' } };
      const filed = await call(token, 'POST', '/api/my/cases', body);
      expect(filed.status).toBe(200);
      expect(filed.body).toMatchObject({ channel: 'miniprogram', location: { lat: 32.15, lng: 108.05, label: '井溪镇老街' }, media: [] });
      expect((await dispatcher.call('GET', `/api/cases/${filed.body.id}`)).body).toMatchObject({
        channel: 'miniprogram',
        location: { lat: 32.15, lng: 108.05, label: '井溪镇老街' },
        placeUnitId: unit('井溪镇'),
      });

      // still idempotent on the client key
      expect((await call(token, 'POST', '/api/my/cases', body)).body.id).toBe(filed.body.id);

      const unlabelled = await file(token, '八台镇中学门口的红绿灯不亮', { location: { lat: 31.93, lng: 107.94 } });
      expect(unlabelled.location).toEqual({ lat: 31.93, lng: 107.94, label: null });
      expect((await dispatcher.call('GET', `/api/cases/${unlabelled.id}`)).body.placeUnitId).toBe(unit('八台镇'));

      const without = await file(token, '村里的路灯坏了');
      expect(without.location).toBeNull();
    });

    it('refuses a bad location with 400 and files nothing (the client key stays usable)', async () => {
      const openid = 'o_app_badloc_01';
      const token = await login(openid);
      const clientKey = randomUUID();
      const bad: unknown[] = [
        { lat: 90.5, lng: 108 },
        { lat: 32, lng: -180.1 },
        { lat: '32.15', lng: 108.05 },
        { lat: 32.15 },
        { lat: 32.15, lng: 108.05, label: 'x'.repeat(201) },
        { lat: 32.15, lng: 108.05, floor: 3 },
        'the old street',
      ];
      for (const location of bad) {
        const res = await call(token, 'POST', '/api/my/cases', { text: '路面塌了', clientKey, location });
        expect([JSON.stringify(location), res.status, res.body.code]).toEqual([JSON.stringify(location), 400, 'INVALID_REQUEST']);
      }
      expect(await sut.ds.query(`SELECT id FROM case_file WHERE resident_openid = $1`, [openid])).toEqual([]);
      const good = await call(token, 'POST', '/api/my/cases', { text: '路面塌了', clientKey, location: { lat: -90, lng: 180, label: 'x'.repeat(200) } });
      expect(good.status).toBe(200);
      expect(good.body.location).toEqual({ lat: -90, lng: 180, label: 'x'.repeat(200) });
    });
  });

  describe('voice and video', () => {
    it('stores voice recordings by what their bytes are, readable back exactly by the resident and by staff', async () => {
      const token = await login('o_app_voice_01');
      const c = await file(token, '楼下的污水井冒水，一直没人管');
      const sent: Array<[string, string]> = [
        ['voice.mp3', 'audio/mpeg'],
        ['voice.aac', 'audio/aac'],
        ['voice.webm', 'audio/webm'],
      ];
      const ids: string[] = [];
      for (const [name, type] of sent) {
        const bytes = fixture(name);
        // the part's declared type is wrong on purpose: the bytes decide
        const res = await upload(token, c.id, { kind: 'voice', durationMs: '1500' }, bytes, { filename: name, type: 'image/png' });
        expect(res).toEqual({ status: 201, body: { id: expect.any(String), kind: 'voice', sizeBytes: bytes.length } });
        ids.push(res.body.id);

        const mine = await download(token, `/api/my/cases/${c.id}/media/${res.body.id}`);
        expect(mine.status).toBe(200);
        expect(mine.type).toBe(type);
        expect(mine.bytes.equals(bytes)).toBe(true);
        const staffCopy = await fetch(`${sut.baseUrl}/api/cases/${c.id}/attachments/${res.body.id}`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
        expect(staffCopy.status).toBe(200);
        expect(Buffer.from(await staffCopy.arrayBuffer()).equals(bytes)).toBe(true);
      }

      const rows = await storedRows(c.id);
      expect(rows.map((r) => [r.kind, r.content_type, r.duration_ms])).toEqual(sent.map(([, type]) => ['voice', type, 1500]));
      const detail = (await dispatcher.call('GET', `/api/cases/${c.id}`)).body;
      expect(detail.attachments).toEqual(ids.map((id) => expect.objectContaining({ id, kind: 'voice', source: 'resident', status: 'stored' })));
      expect(detail.timeline.filter((t: { action: string }) => t.action === 'add_info').map((t: { note: string }) => t.note)).toEqual(['语音', '语音', '语音']);
      expect((await call(token, 'GET', `/api/my/cases/${c.id}`)).body.media).toEqual(
        sent.map(([, type], i) => ({ id: ids[i], kind: 'voice', source: 'resident', contentType: type })),
      );

      // a fourth recording is one too many
      const fourth = await upload(token, c.id, { kind: 'voice' }, fixture('voice.m4a'));
      expect(fourth.status).toBe(409);
      expect(fourth.body.detail).toMatch(/at most 3 voices/);
      expect(await storedRows(c.id)).toHaveLength(3);
    });

    it('stores one video (mp4), and refuses a second', async () => {
      const token = await login('o_app_video_01');
      const c = await file(token, '河边有人倾倒建筑垃圾');
      const mp4 = fixture('video.mp4');
      const res = await upload(token, c.id, { kind: 'video' }, mp4, { filename: 'clip.mp4', type: 'video/mp4' });
      expect(res).toEqual({ status: 201, body: { id: expect.any(String), kind: 'video', sizeBytes: mp4.length } });
      const back = await download(token, `/api/my/cases/${c.id}/media/${res.body.id}`);
      expect([back.status, back.type, back.bytes.equals(mp4)]).toEqual([200, 'video/mp4', true]);
      expect((await call(token, 'GET', `/api/my/cases/${c.id}`)).body.media).toEqual([{ id: res.body.id, kind: 'video', source: 'resident', contentType: 'video/mp4' }]);

      const second = await upload(token, c.id, { kind: 'video' }, fixture('video.mov'));
      expect(second.status).toBe(409);
      expect(second.body.detail).toMatch(/at most 1 video/);
      expect(await storedRows(c.id)).toHaveLength(1);
      // voice counts separately
      expect((await upload(token, c.id, { kind: 'voice' }, fixture('voice.mp3'))).status).toBe(201);
    });

    it('refuses what the bytes say is not the kind asked (415), storing nothing', async () => {
      const token = await login('o_app_type_01');
      const c = await file(token, '小区门口的井盖丢了');
      const png = await upload(token, c.id, { kind: 'voice' }, PNG, { filename: 'voice.mp3', type: 'audio/mpeg' });
      expect(png.status).toBe(415);
      expect(png.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', detail: expect.stringMatching(/mp3, aac, m4a.*wav, amr/) });
      expect((await upload(token, c.id, { kind: 'video' }, fixture('voice.mp3'), { type: 'video/mp4' })).status).toBe(415);
      expect((await upload(token, c.id, { kind: 'video' }, Buffer.from('not a video at all'))).status).toBe(415);
      // A photo is read from its bytes too: a recording sent as a PNG is no photo.
      const fakePhoto = await call(token, 'POST', `/api/my/cases/${c.id}/photos`, { contentType: 'image/png', base64: fixture('voice.mp3').toString('base64') });
      expect(fakePhoto).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
      expect(await storedRows(c.id)).toEqual([]);
      expect(filesOnDisk(c.id)).toBe(false);
    });

    it('refuses a file too large for its kind (413), stores nothing, and keeps serving', async () => {
      const token = await login('o_app_size_01');
      const c = await file(token, '工地晚上施工噪音太大');
      // a real mp3 start, padded past 5 MB
      const bigVoice = Buffer.concat([fixture('voice.mp3'), Buffer.alloc(5 * MB + 1 - fixture('voice.mp3').length)]);
      const voice = await upload(token, c.id, { kind: 'voice' }, bigVoice);
      expect(voice.status).toBe(413);
      expect(voice.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', detail: expect.stringContaining('5 MB') });
      // beyond what the multipart parser takes at all
      const bigVideo = Buffer.concat([fixture('video.mp4'), Buffer.alloc(30 * MB + 1 - fixture('video.mp4').length)]);
      const video = await upload(token, c.id, { kind: 'video' }, bigVideo);
      expect(video.status).toBe(413);
      expect(video.body.code).toBe('PAYLOAD_TOO_LARGE');
      expect(await storedRows(c.id)).toEqual([]);
      expect(filesOnDisk(c.id)).toBe(false);

      expect((await call(token, 'GET', '/api/my/cases')).status).toBe(200);
      // exactly at the limit is fine
      const atLimit = Buffer.concat([fixture('voice.mp3'), Buffer.alloc(5 * MB - fixture('voice.mp3').length)]);
      expect((await upload(token, c.id, { kind: 'voice' }, atLimit)).body).toMatchObject({ kind: 'voice', sizeBytes: 5 * MB });
    });

    it('answers 400 for a missing file, a bad kind or duration, and stores nothing', async () => {
      const token = await login('o_app_form_01');
      const c = await file(token, '公交站的顶棚被风吹坏了');
      for (const [fields, bytes] of [
        [{ kind: 'voice' }, undefined],
        [{ kind: 'image' }, PNG],
        [{ kind: 'photo' }, fixture('voice.mp3')],
        [{}, fixture('voice.mp3')],
        [{ kind: 'voice', durationMs: 'long' }, fixture('voice.mp3')],
        [{ kind: 'voice', durationMs: '0' }, fixture('voice.mp3')],
        [{ kind: 'voice', extra: 'x' }, fixture('voice.mp3')],
      ] as Array<[Record<string, string>, Buffer | undefined]>) {
        const res = await upload(token, c.id, fields, bytes);
        expect([fields, res.status, res.body?.code]).toEqual([fields, 400, 'INVALID_REQUEST']);
      }
      expect((await upload(token, 'not-a-uuid', { kind: 'voice' }, fixture('voice.mp3'))).status).toBe(400);
      expect(await storedRows(c.id)).toEqual([]);
    });

    it("answers 404 for another resident's case, 404 for media that is not the case's, and 409 once the case is closed", async () => {
      const mine = await login('o_app_scope_01');
      const theirs = await login('o_app_scope_02');
      const c = await file(mine, '村委会门口的路灯一直不亮');
      const other = await file(theirs, '井溪镇的自来水浑浊');
      const voice = (await upload(mine, c.id, { kind: 'voice' }, fixture('voice.mp3'))).body;
      const theirVoice = (await upload(theirs, other.id, { kind: 'voice' }, fixture('voice.aac'))).body;

      const probe = await upload(theirs, c.id, { kind: 'voice' }, fixture('voice.mp3'));
      expect([probe.status, probe.body.code]).toEqual([404, 'NOT_FOUND']);
      expect((await upload(mine, randomUUID(), { kind: 'voice' }, fixture('voice.mp3'))).status).toBe(404);
      expect((await download(theirs, `/api/my/cases/${c.id}/media/${voice.id}`)).status).toBe(404);
      // an attachment of another case, through one's own case id
      expect((await download(mine, `/api/my/cases/${c.id}/media/${theirVoice.id}`)).status).toBe(404);
      expect((await download(mine, `/api/my/cases/${c.id}/media/${randomUUID()}`)).status).toBe(404);
      // a staff token is not a resident's
      expect((await download(dispatcher.token, `/api/my/cases/${c.id}/media/${voice.id}`)).status).toBe(403);
      expect(await storedRows(c.id)).toHaveLength(1);

      expect((await dispatcher.call('POST', `/api/cases/${c.id}/reject`, { reason: '重复诉求' })).status).toBe(200);
      const closed = await upload(mine, c.id, { kind: 'voice' }, fixture('voice.webm'));
      expect(closed.status).toBe(409);
      expect(await storedRows(c.id)).toHaveLength(1);
      // what was stored stays readable
      expect((await download(mine, `/api/my/cases/${c.id}/media/${voice.id}`)).status).toBe(200);
    });
  });

  describe('cases staff filed for the resident’s phone', () => {
    const staffFile = async (residentPhone: string, text: string) => {
      const res = await dispatcher.call('POST', '/api/cases', { channel: 'walk_in', text, residentName: '王大爷', residentPhone });
      expect(res.status).toBe(201);
      return res.body as { id: string; number: string };
    };
    const listed = async (token: string) => ((await call(token, 'GET', '/api/my/cases')).body as Array<{ id: string }>).map((c) => c.id);

    it('become the resident’s once WeChat verifies that number, and stop being theirs when it is unbound', async () => {
      const walkIn = await staffFile('13800001234', '王大爷来村委反映：屋后山体有裂缝');
      const forSomeoneElse = await staffFile('13900005678', '李阿姨电话反映：门前排水沟堵了');
      const landline = await staffFile('028-12345678', '座机来电：村道塌方');

      // a case someone else filed in the app, carrying the same number, stays theirs
      const stranger = await file(await login('o_app_phone_09'), '别人在小程序里报的');
      await sut.ds.query(`UPDATE case_file SET resident_phone = '13800001234' WHERE id = $1`, [stranger.id]);

      const token = await login('o_app_phone_01');
      const own = await file(token, '我自己报的：路灯不亮');
      expect(await listed(token)).toEqual([own.id]);
      expect((await call(token, 'GET', `/api/my/cases/${walkIn.id}`)).status).toBe(404);
      expect((await call(token, 'GET', '/api/my/profile')).body).toEqual({ phone: null });

      const bound = await call(token, 'POST', '/api/my/phone', { code: `phone-13800001234.${randomUUID()}` });
      expect(bound).toEqual({ status: 200, body: { phone: '138****1234' } });
      expect((await call(token, 'GET', '/api/my/profile')).body).toEqual({ phone: '138****1234' });
      expect(await sut.ds.query(`SELECT phone FROM resident_account WHERE openid = 'o_app_phone_01'`)).toEqual([{ phone: '13800001234' }]);

      // newest first; not the other number's, not the landline's
      expect(await listed(token)).toEqual([own.id, walkIn.id]);
      expect([forSomeoneElse.id, landline.id, stranger.id].some((id) => id === own.id || id === walkIn.id)).toBe(false);
      const seen = await call(token, 'GET', `/api/my/cases/${walkIn.id}`);
      expect(seen.body).toMatchObject({ id: walkIn.id, number: walkIn.number, channel: 'walk_in', status: 'accepted' });

      // the media routes follow the same rule
      const voice = await upload(token, walkIn.id, { kind: 'voice' }, fixture('voice.mp3'));
      expect(voice.status).toBe(201);
      expect((await download(token, `/api/my/cases/${walkIn.id}/media/${voice.body.id}`)).bytes.equals(fixture('voice.mp3'))).toBe(true);

      // another resident, bound to another number, sees only theirs
      const neighbour = await login('o_app_phone_02');
      expect((await call(neighbour, 'POST', '/api/my/phone', { code: 'phone-13900005678' })).body).toEqual({ phone: '139****5678' });
      expect(await listed(neighbour)).toEqual([forSomeoneElse.id]);
      expect((await call(neighbour, 'GET', `/api/my/cases/${walkIn.id}`)).status).toBe(404);
      expect((await download(neighbour, `/api/my/cases/${walkIn.id}/media/${voice.body.id}`)).status).toBe(404);

      // answered with evidence, the resident reads the answer and its photo, and rates it
      await dispatcher.call('POST', `/api/cases/${walkIn.id}/assign`, { unitId: unit('八台镇') });
      const handler = await Staff.login(sut.baseUrl, 'batai');
      await handler.call('POST', `/api/cases/${walkIn.id}/sign-for`);
      const evidence = await handler.call('POST', `/api/cases/${walkIn.id}/evidence`, { contentType: 'image/png', base64: PNG.toString('base64') });
      expect(evidence.status).toBe(201);
      await handler.call('POST', `/api/cases/${walkIn.id}/answer`, { text: '已安排地质队查看并设置警示' });
      const answered = (await call(token, 'GET', `/api/my/cases/${walkIn.id}`)).body;
      expect(answered.answer).toBe('已安排地质队查看并设置警示');
      expect(answered.media).toEqual([
        { id: voice.body.id, kind: 'voice', source: 'resident', contentType: 'audio/mpeg' },
        { id: evidence.body.id, kind: 'image', source: 'staff', contentType: 'image/png' },
      ]);
      expect((await download(token, `/api/my/cases/${walkIn.id}/media/${evidence.body.id}`)).bytes.equals(PNG)).toBe(true);
      const rated = await call(token, 'POST', `/api/my/cases/${walkIn.id}/revisit`, { rating: 'satisfied', solved: true });
      expect(rated.status).toBe(200);
      expect(rated.body).toMatchObject({ status: 'closed' });

      // unbinding hides it again; one's own cases stay
      const unbound = await fetch(`${sut.baseUrl}/api/my/phone`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
      expect(unbound.status).toBe(204);
      expect((await call(token, 'GET', '/api/my/profile')).body).toEqual({ phone: null });
      expect(await listed(token)).toEqual([own.id]);
      expect((await call(token, 'GET', `/api/my/cases/${walkIn.id}`)).status).toBe(404);
      expect((await download(token, `/api/my/cases/${walkIn.id}/media/${voice.body.id}`)).status).toBe(404);
    });

    it('moves a number bound on another account to the new one, and tells the first account in plain words', async () => {
      const walkIn = await staffFile('13600003333', '张婆婆来村委反映：自来水浑浊');
      const first = await login('o_app_phone_moved_a');
      await call(first, 'POST', '/api/my/phone', { code: `phone-13600003333.${randomUUID()}` });
      expect(await listed(first)).toEqual([walkIn.id]);

      // the same person on a new phone, or someone else who now has the number
      const second = await login('o_app_phone_moved_b');
      expect((await call(second, 'POST', '/api/my/phone', { code: `phone-13600003333.${randomUUID()}` })).body).toEqual({ phone: '136****3333' });
      expect(await listed(second)).toEqual([walkIn.id]);
      expect(await listed(first)).toEqual([]);
      expect((await call(first, 'GET', `/api/my/cases/${walkIn.id}`)).status).toBe(404);
      expect((await call(first, 'GET', '/api/my/profile')).body).toEqual({ phone: null });
      expect(await sut.ds.query(`SELECT openid FROM resident_account WHERE phone = '13600003333'`)).toEqual([{ openid: 'o_app_phone_moved_b' }]);

      // binding it again on the account that holds it moves nothing and tells nobody
      await call(second, 'POST', '/api/my/phone', { code: `phone-13600003333.${randomUUID()}` });
      await sut.outbox.drain();
      const notices = sut.wechat.sent.filter((m) => m.template_id === TEST_WECHAT.subscribeTemplates.miniprogram.phoneMoved);
      expect(notices).toEqual([
        expect.objectContaining({
          kind: 'subscribe',
          touser: 'o_app_phone_moved_a',
          page: 'pages/settings/index',
          data: expect.objectContaining({ thing1: { value: '手机号已绑定到另一个微信' }, phone_number2: { value: '136****3333' }, thing4: { value: '如非本人操作，请联系民声直达办公室' } }),
        }),
      ]);
      expect(JSON.stringify(notices)).not.toContain('13600003333');
    });

    it('refuses a used, unknown or malformed code without signing the resident out, and binds nothing', async () => {
      const token = await login('o_app_phone_03');
      const code = `phone-13700007777.${randomUUID()}`;
      expect((await call(token, 'POST', '/api/my/phone', { code })).status).toBe(200);
      await call(token, 'DELETE', '/api/my/phone');

      const used = await call(token, 'POST', '/api/my/phone', { code });
      expect(used.status).toBe(400);
      expect(used.body).toMatchObject({ code: 'PHONE_CODE_INVALID', detail: expect.stringMatching(/invalid, used or expired/) });
      expect(JSON.stringify(used.body)).not.toContain('13700007777');
      expect((await call(token, 'POST', '/api/my/phone', { code: 'e31968a7f94cc5ee25fafc2aef2773f0' })).body.code).toBe('PHONE_CODE_INVALID');
      expect((await call(token, 'POST', '/api/my/phone', { code: 'phone 137' })).body.code).toBe('INVALID_REQUEST');
      expect((await call(token, 'POST', '/api/my/phone', {})).status).toBe(400);
      expect((await call(token, 'GET', '/api/my/profile')).body).toEqual({ phone: null });
      // the session is untouched
      expect((await call(token, 'GET', '/api/my/cases')).status).toBe(200);
      // and the phone routes are residents' only
      expect((await dispatcher.call('POST', '/api/my/phone', { code: 'phone-13700007777.x' })).status).toBe(403);
      expect((await fetch(`${sut.baseUrl}/api/my/profile`)).status).toBe(401);
    });

    it('binding another number replaces the first', async () => {
      const first = await staffFile('13600001111', '电话反映：桥面有坑');
      const second = await staffFile('13600002222', '电话反映：垃圾没人收');
      const token = await login('o_app_phone_04');
      await call(token, 'POST', '/api/my/phone', { code: 'phone-13600001111' });
      expect(await listed(token)).toEqual([first.id]);
      expect((await call(token, 'POST', '/api/my/phone', { code: 'phone-13600002222' })).body).toEqual({ phone: '136****2222' });
      expect(await listed(token)).toEqual([second.id]);
    });
  });
});
