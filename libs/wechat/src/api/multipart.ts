import { randomBytes } from 'node:crypto';

/**
 * One file as multipart/form-data (RFC 7578), the way WeChat's upload APIs take it (`-F media=@file`).
 * Built as one Buffer rather than a stream so that a call retried after a token refresh can send it again.
 */
export function multipartFile(field: string, file: { data: Buffer; filename: string; contentType: string }): { body: Buffer; contentType: string } {
  const boundary = `----msz${randomBytes(12).toString('hex')}`;
  // Quotes and line breaks would end the header early; a filename is only a label for WeChat.
  const filename = file.filename.replace(/["\r\n\\]/g, '_');
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { body: Buffer.concat([head, file.data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
