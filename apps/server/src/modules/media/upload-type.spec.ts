import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uploadContentType, type UploadKind } from './upload-type';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../../../test/fixtures/media', name));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe(uploadContentType.name, () => {
  it.each<[string, UploadKind, string | null]>([
    ['voice.mp3', 'voice', 'audio/mpeg'],
    ['voice.aac', 'voice', 'audio/aac'],
    ['voice.m4a', 'voice', 'audio/mp4'],
    ['voice.webm', 'voice', 'audio/webm'],
    ['voice.ogg', 'voice', 'audio/ogg'],
    ['voice.wav', 'voice', 'audio/wav'],
    ['voice.amr', 'voice', 'audio/amr'],
    ['video.mp4', 'video', 'video/mp4'],
    ['video.mov', 'video', 'video/quicktime'],
    ['video.webm', 'video', 'video/webm'],
    // a container is accepted for the kind asked
    ['video.mp4', 'voice', 'audio/mp4'],
    ['voice.webm', 'video', 'video/webm'],
    // sound-only formats are no video
    ['voice.mp3', 'video', null],
    ['voice.m4a', 'video', null],
    ['voice.amr', 'video', null],
    ['video.mov', 'voice', null],
  ])('%s as %s → %s', async (name, kind, expected) => {
    expect(await uploadContentType(kind, fixture(name))).toBe(expected);
  });

  it('decides from the bytes: a PNG, text, nothing or a cut-off header is refused', async () => {
    expect(await uploadContentType('voice', PNG)).toBeNull();
    expect(await uploadContentType('video', PNG)).toBeNull();
    expect(await uploadContentType('voice', Buffer.from('ID3 is what an mp3 starts with, but this is text'))).toBeNull();
    expect(await uploadContentType('voice', Buffer.alloc(0))).toBeNull();
    expect(await uploadContentType('video', fixture('video.mp4').subarray(0, 6))).toBeNull();
  });
});
