import { randomBytes } from 'node:crypto';
import { createTestApp, TEST_WECHAT, type TestApp } from '@msz/server/testing/test-app';
import { caseByNumber } from './support/cases';
import { CASE_NUMBER, numberIn, Resident, type WechatSide } from './support/resident';
import { Staff } from './support/staff';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const AMR = Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(64, 7)]);
const MP4 = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypmp42'), Buffer.alloc(32, 1)]);

/** The Official Account conversation: every kind of message WeChat sends, through the real webhook. */
const SAFE_KEY = randomBytes(32).toString('base64').slice(0, 43);

/** Every behaviour in plain mode and in safe mode (encrypted both ways). */
describe.each([
  ['plain mode', {} as Record<string, string>, TEST_WECHAT as WechatSide],
  ['safe mode', { WECHAT_ENCODING_AES_KEY: SAFE_KEY }, { ...TEST_WECHAT, encodingAESKey: SAFE_KEY } as WechatSide],
])('Official Account intake in %s', (_mode, env, side) => {
  let sut: TestApp;
  let dispatcher: Staff;
  let media = 0;
  const newMedia = (data: Buffer, contentType: string, kind: 'image' | 'voice' | 'video') => {
    const id = `media_${++media}_${kind}`;
    sut.wechat.addMedia(id, { data, contentType, kind });
    return id;
  };

  const chat = (openid: string) => new Resident(sut.baseUrl, openid, side);

  beforeAll(async () => {
    sut = await createTestApp(env);
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
  });
  afterAll(() => sut?.close());

  it('adds follow-ups in the next 10 minutes to the same case, and downloads the photo in the background', async () => {
    const resident = chat('o_intake_window_01');
    const number = numberIn((await resident.say('井溪镇二村的垃圾好几天没人收了，小孩上学危险')).reply);
    const photo = newMedia(JPEG, 'image/jpeg', 'image');

    const added = await resident.photo(photo);
    expect(added.reply).toContain(`照片已补充到受理编号${number}`);
    expect((await resident.say('就在村小学旁边')).reply).toContain(`文字已补充到受理编号${number}`);

    let detail = await caseByNumber(dispatcher, number);
    expect(detail.attachments).toEqual([expect.objectContaining({ kind: 'image', status: 'pending' })]);
    expect(detail.timeline.filter((t: { action: string }) => t.action === 'add_info').map((t: { note: string }) => t.note)).toEqual(['照片', '就在村小学旁边']);
    expect(sut.wechat.requests.some((r) => r.path.startsWith('/cgi-bin/media/get'))).toBe(false); // nothing fetched in the reply path

    expect(await sut.media.drain()).toBe(1);
    detail = await caseByNumber(dispatcher, number);
    expect(detail.attachments[0]).toMatchObject({ status: 'stored', contentType: 'image/jpeg', sizeBytes: JPEG.length });
    const file = await fetch(`${sut.baseUrl}/api/cases/${detail.id}/attachments/${detail.attachments[0].id}`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(JPEG);
    const stranger = await fetch(`${sut.baseUrl}/api/cases/${detail.id}/attachments/${detail.attachments[0].id}`);
    expect(stranger.status).toBe(401);
  });

  it('starts a new case after "新诉求" and after the window has passed', async () => {
    const resident = chat('o_intake_new_01');
    const first = numberIn((await resident.say('八台镇农贸市场的下水道堵了')).reply);
    expect((await resident.say('新诉求')).reply).toContain('请说说另一件事');
    const second = numberIn((await resident.say('八台镇到井溪镇的班车取消了')).reply);
    expect(second).not.toBe(first);

    await sut.ds.query(`UPDATE wechat_session SET window_until = now() - interval '1 second' WHERE openid = $1`, [resident.openid]);
    const third = (await resident.say('村里的广播也坏了')).reply;
    expect(third).toContain('已受理');
    expect(numberIn(third)).not.toBe(second);
  });

  it('files a case from a photo, a recognised voice, an unrecognised voice and a video', async () => {
    const photo = await chat('o_intake_photo_01').photo(newMedia(JPEG, 'image/jpeg', 'image'));
    expect(photo.reply).toContain('收到您的照片，问题已受理');
    expect((await caseByNumber(dispatcher, numberIn(photo.reply))).text).toContain('照片');

    const spoken = await chat('o_intake_voice_01').voice(newMedia(AMR, 'audio/amr', 'voice'), '黄钟镇的自来水浑浊得很');
    const spokenCase = await caseByNumber(dispatcher, numberIn(spoken.reply));
    expect(spokenCase.text).toBe('黄钟镇的自来水浑浊得很');
    expect(spokenCase.attachments).toEqual([expect.objectContaining({ kind: 'voice', recognition: '黄钟镇的自来水浑浊得很' })]);

    const mumbled = await chat('o_intake_voice_02').voice(newMedia(AMR, 'audio/amr', 'voice'));
    expect(mumbled.reply).toContain('我们会听您的语音');
    expect((await caseByNumber(dispatcher, numberIn(mumbled.reply))).text).toContain('未能识别');

    const video = await chat('o_intake_video_01').video(newMedia(MP4, 'video/mp4', 'video'));
    const videoCase = await caseByNumber(dispatcher, numberIn(video.reply));
    await sut.media.drain();
    expect((await caseByNumber(dispatcher, videoCase.number)).attachments[0]).toMatchObject({ kind: 'video', status: 'stored', sizeBytes: MP4.length });
  });

  it('maps a location to the nearest configured town, sent before or after the description', async () => {
    const before = chat('o_intake_loc_01');
    expect((await before.location(32.15, 108.05, '井溪镇老街')).reply).toContain('收到您的位置');
    const number = numberIn((await before.say('老街的路面塌了一个大坑')).reply);
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
    expect(await caseByNumber(dispatcher, number)).toMatchObject({
      location: { lat: 32.15, lng: 108.05, label: '井溪镇老街' },
      placeUnitId: units.find((u) => u.name === '井溪镇')!.id,
    });

    const after = chat('o_intake_loc_02');
    const second = numberIn((await after.say('学校门口的红绿灯不亮')).reply);
    expect((await after.location(31.93, 107.94, '八台镇中学')).reply).toContain('位置已记下（八台镇中学）');
    const placed = await caseByNumber(dispatcher, second);
    expect(placed.placeUnitId).toBe(units.find((u) => u.name === '八台镇')!.id);
    // The step names the place as every view does, never by its coordinates.
    expect(placed.timeline.map((t: { note: string | null }) => t.note)).toContain('位置：八台镇中学');
    expect(placed.placeLabel).toBe('八台镇中学');
  });

  it('asks for words when a location cannot be read, and files nothing', async () => {
    const resident = chat('o_intake_badloc_01');
    const reply = await resident.send({ MsgType: 'location', Location_X: 'north', Location_Y: 'east', Scale: 15, Label: '?', MsgId: String(Date.now()) });
    expect(reply.reply).toContain('没能读出来');
    expect(await sut.ds.query(`SELECT count(*)::int AS n FROM case_file WHERE resident_openid = $1`, [resident.openid])).toEqual([{ n: 0 }]);
  });

  it('shows staff a photo WeChat no longer has, with the reason', async () => {
    const resident = chat('o_intake_gone_01');
    const number = numberIn((await resident.photo('media_that_expired')).reply);
    await sut.media.drain();
    expect((await caseByNumber(dispatcher, number)).attachments[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('40007') });
  });

  it('retries a failed download with backoff until it is stored', async () => {
    const resident = chat('o_intake_retry_01');
    const number = numberIn((await resident.photo(newMedia(JPEG, 'image/jpeg', 'image'))).reply);
    sut.wechat.failNext('/cgi-bin/media/get', -1, 1, 'system error');
    expect(await sut.media.drain()).toBe(0);
    expect((await caseByNumber(dispatcher, number)).attachments[0]).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringContaining('-1') });
    await sut.ds.query(`UPDATE case_attachment SET next_attempt_at = now() WHERE status = 'pending'`);
    expect(await sut.media.drain()).toBe(1);
    expect((await caseByNumber(dispatcher, number)).attachments[0]).toMatchObject({ status: 'stored', attempts: 2 });
  });

  it('keys WeChat retries by sender: the same MsgId from another resident files that resident’s own case', async () => {
    const msgId = String(9_100_000_000 + Math.floor(Math.random() * 1_000_000));
    const first = numberIn((await chat('o_intake_msgid_a').say('白沙镇的路灯坏了三盏', { msgId })).reply);
    const retry = numberIn((await chat('o_intake_msgid_a').say('白沙镇的路灯坏了三盏', { msgId })).reply);
    const other = await chat('o_intake_msgid_b').say('石塘镇的水管爆了', { msgId });
    expect(retry).toBe(first);
    expect(numberIn(other.reply)).not.toBe(first);
    expect((await caseByNumber(dispatcher, numberIn(other.reply))).text).toBe('石塘镇的水管爆了');
  });

  it('welcomes followers and answers other events with an empty 200, recording them', async () => {
    const resident = chat('o_intake_events_01');
    expect((await resident.event('subscribe')).reply).toContain('欢迎关注民声直达');
    for (const event of ['unsubscribe', 'LOCATION', 'VIEW', 'SOME_FUTURE_EVENT']) {
      const res = await resident.event(event, event === 'LOCATION' ? { Latitude: 32.1, Longitude: 108.0, Precision: 30 } : { EventKey: 'x' });
      expect(res.status).toBe(200);
      expect(res.reply).toBeNull();
    }
    const link = await resident.send({ MsgType: 'link', Title: 't', Description: 'd', Url: 'http://x', MsgId: '88880001' });
    expect(link).toMatchObject({ status: 200, reply: null });
    const rows: Array<{ event: string | null }> = await sut.ds.query(`SELECT event FROM wechat_inbound WHERE openid = $1 ORDER BY received_at`, [resident.openid]);
    expect(rows.map((r) => r.event)).toEqual(['subscribe', 'unsubscribe', 'LOCATION', 'VIEW', 'SOME_FUTURE_EVENT', null]);
  });

  it('records WeChat’s delivery report for a template message', async () => {
    const resident = chat('o_intake_report_01');
    const number = numberIn((await resident.say('井溪镇卫生院晚上没人值班')).reply);
    const c = await caseByNumber(dispatcher, number);
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
    await dispatcher.call('POST', `/api/cases/${c.id}/assign`, { unitId: units.find((u) => u.name === '井溪镇')!.id });
    await sut.outbox.drain();
    const [{ wechat_msgid }] = await sut.ds.query(`SELECT wechat_msgid FROM outbox_message WHERE case_id = $1`, [c.id]);
    expect(wechat_msgid).toMatch(/^\d+$/);

    const handler = chat('o_demo_handler_jingxi');
    expect((await handler.event('TEMPLATESENDJOBFINISH', { MsgID: wechat_msgid, Status: 'failed:user block' })).reply).toBeNull();
    expect(await sut.ds.query(`SELECT delivery_report FROM outbox_message WHERE case_id = $1`, [c.id])).toEqual([{ delivery_report: 'failed:user block' }]);
  });

  it('keeps "查询" inside WeChat’s reply limit however many cases there are', async () => {
    const resident = chat('o_intake_many_01');
    for (let i = 0; i < 7; i++) {
      await resident.say(`${'草坝镇'.repeat(30)}第${i}件事：路灯、水管、垃圾都要有人管一管`);
      await resident.say('新诉求');
    }
    const list = (await resident.say('进度')).reply!;
    expect(Buffer.byteLength(list)).toBeLessThanOrEqual(2048);
    expect(list.match(new RegExp(CASE_NUMBER.source, 'g'))!.length).toBeGreaterThanOrEqual(3);
  });
});
