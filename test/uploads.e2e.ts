import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '@msz/server/testing/test-app';
import { callApi, residentToken } from './support/api';
import { Staff } from './support/staff';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/media', name));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const MB = 1024 * 1024;
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
};

/** Uploads are streamed to disk and checked before and while they are read; downloads say what they are and are not sniffed. */
describe('uploads and downloads of media', () => {
  let sut: TestApp;
  let dispatcher: Staff;
  let handler: Staff;

  beforeAll(async () => {
    sut = await createTestApp();
    dispatcher = await Staff.login(sut.baseUrl, 'dispatcher');
    handler = await Staff.login(sut.baseUrl, 'jingxi');
  });
  afterAll(() => sut?.close());

  const incoming = () => (existsSync(join(sut.config.mediaDir, '.incoming')) ? readdirSync(join(sut.config.mediaDir, '.incoming')) : []);
  const storedFiles = (caseId: string) => (existsSync(join(sut.config.mediaDir, caseId)) ? readdirSync(join(sut.config.mediaDir, caseId)) : []);
  const rows = (caseId: string): Promise<Array<{ kind: string; content_type: string }>> => sut.ds.query(`SELECT kind, content_type FROM case_attachment WHERE case_id = $1`, [caseId]);

  const residentCase = async (openid: string) => {
    const token = await residentToken(sut.baseUrl, openid);
    const filed = await callApi(sut.baseUrl, token, 'POST', '/api/my/cases', { text: '村口的路灯坏了好几天', clientKey: randomUUID() });
    expect(filed.status).toBe(200);
    return { token, caseId: filed.body.id as string };
  };
  const upload = async (token: string, caseId: string, kind: string, bytes: Buffer): Promise<{ status: number; body: any }> => {
    const form = new FormData();
    form.append('kind', kind);
    form.append('file', new Blob([bytes]), 'upload.bin');
    const res = await fetch(`${sut.baseUrl}/api/my/cases/${caseId}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    return { status: res.status, body: await res.json().catch(() => null) };
  };

  const handlersCase = async () => {
    const units = (await dispatcher.call('GET', '/api/units')).body as Array<{ id: string; name: string }>;
    const filed = await dispatcher.call('POST', '/api/cases', { channel: 'phone', text: '井溪镇三村的护栏被车撞坏了', residentName: '刘', residentPhone: '13800000790' });
    await dispatcher.call('POST', `/api/cases/${filed.body.id}/assign`, { unitId: units.find((u) => u.name === '井溪镇')!.id });
    await handler.call('POST', `/api/cases/${filed.body.id}/sign-for`);
    return filed.body.id as string;
  };

  it('types staff evidence from its bytes: a page that claims to be a PNG is refused, a PNG called JPEG is stored as PNG', async () => {
    const caseId = await handlersCase();
    const page = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    const refused = await handler.call('POST', `/api/cases/${caseId}/evidence`, { contentType: 'image/png', base64: page.toString('base64') });
    expect(refused).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
    expect(await rows(caseId)).toEqual([]);
    expect(storedFiles(caseId)).toEqual([]);

    const stored = await handler.call('POST', `/api/cases/${caseId}/evidence`, { contentType: 'image/jpeg', base64: PNG.toString('base64') });
    expect(stored.status).toBe(201);
    expect(await rows(caseId)).toEqual([{ kind: 'image', content_type: 'image/png' }]);
  });

  it('sends media with its type, a safe file name and nosniff, to staff and to the resident', async () => {
    const { token, caseId } = await residentCase('o_upload_headers_01');
    const voice = await upload(token, caseId, 'voice', fixture('voice.mp3'));
    expect(voice.status).toBe(201);
    const res = await fetch(`${sut.baseUrl}/api/my/cases/${caseId}/media/${voice.body.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="${voice.body.id}.mp3"`);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(fixture('voice.mp3'));

    const staffSide = await fetch(`${sut.baseUrl}/api/cases/${caseId}/attachments/${voice.body.id}`, { headers: { authorization: `Bearer ${dispatcher.token}` } });
    expect(staffSide.headers.get('x-content-type-options')).toBe('nosniff');
    expect(staffSide.headers.get('content-disposition')).toBe(`inline; filename="${voice.body.id}.mp3"`);
  });

  it('refuses uploads beyond the case’s count before reading them, even sent all at once, and keeps nothing of them', async () => {
    const { token, caseId } = await residentCase('o_upload_parallel_01');
    const video = fixture('video.mp4');
    const results = await Promise.all(Array.from({ length: 6 }, () => upload(token, caseId, 'video', video)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(await rows(caseId)).toEqual([{ kind: 'video', content_type: 'video/mp4' }]);
    expect(storedFiles(caseId)).toHaveLength(1);
    expect(incoming()).toEqual([]);
  });

  it('answers a refused upload once its body is in, on a connection that then serves the next request', async () => {
    const { token, caseId } = await residentCase('o_upload_keepalive_01');
    expect((await upload(token, caseId, 'video', fixture('video.mp4'))).status).toBe(201);
    // The case is full: this one is refused at its file's start, while the client is still sending.
    const boundary = 'msz-keepalive';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvideo\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\nContent-Type: video/mp4\r\n\r\n`;
    const video = fixture('video.mp4');
    const rest = Buffer.concat([video.subarray(1024), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const socket = connect(Number(new URL(sut.baseUrl).port), '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.write(
      `POST /api/my/cases/${caseId}/media HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${Buffer.byteLength(head) + 1024 + rest.length}\r\n\r\n${head}`,
    );
    socket.write(video.subarray(0, 1024));
    await new Promise((r) => setTimeout(r, 500));
    expect(received).toBe(''); // no answer while the phone is still sending
    socket.write(rest);
    await until(() => /\r\n\r\n[\s\S]*\}/.test(received));
    expect(received).toMatch(/^HTTP\/1\.1 409 /);
    received = '';
    socket.write(`GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n`);
    await until(() => received.length > 0);
    socket.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(incoming()).toEqual([]);
  });

  it('answers 413 from the declared length, before the body is sent', async () => {
    const { token, caseId } = await residentCase('o_upload_declared_01');
    // Headers claim 200 MB; only the first bytes are sent. The answer must not wait for the rest.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${sut.baseUrl}/api/my/cases/${caseId}/media`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'multipart/form-data; boundary=xyz', 'content-length': String(200 * MB) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write('--xyz\r\nContent-Disposition: form-data; name="kind"\r\n\r\nvideo\r\n');
    });
    expect(status).toBe(413);
    expect(await rows(caseId)).toEqual([]);
    expect(incoming()).toEqual([]);
  });

  it('stops reading a file at its kind’s limit and keeps nothing of it', async () => {
    const { token, caseId } = await residentCase('o_upload_limit_01');
    const bigVoice = Buffer.concat([fixture('voice.mp3'), Buffer.alloc(6 * MB)]);
    const res = await upload(token, caseId, 'voice', bigVoice);
    expect(res).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: '文件太大或太多了', detail: expect.stringContaining('5 MB') } });
    expect(await rows(caseId)).toEqual([]);
    expect(storedFiles(caseId)).toEqual([]);
    expect(incoming()).toEqual([]);
    // the same case takes a good one afterwards: the refused one held no slot
    expect((await upload(token, caseId, 'voice', fixture('voice.mp3'))).status).toBe(201);
  });
});
