import { buildSignedInbound, readPassiveReply } from '@msz/wechat';
import { TEST_WECHAT } from '@msz/server/testing/test-app';

let msgId = 7_000_000_000;

/** A resident in the Official Account chat: sends what WeChat would send, reads what WeChat would show. */
export class Resident {
  constructor(
    private readonly baseUrl: string,
    readonly openid: string,
  ) {}

  async say(content: string, opts: { msgId?: string } = {}): Promise<{ status: number; reply: string | null; raw: string }> {
    const signed = buildSignedInbound(TEST_WECHAT, {
      ToUserName: 'gh_test',
      FromUserName: this.openid,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: content,
      MsgId: opts.msgId ?? String(msgId++),
    });
    return postWebhook(this.baseUrl, signed.query, signed.body);
  }
}

export async function postWebhook(baseUrl: string, query: Record<string, string>, body: string) {
  const res = await fetch(`${baseUrl}/wechat?${new URLSearchParams(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  const raw = await res.text();
  return { status: res.status, raw, reply: res.ok ? (readPassiveReply(TEST_WECHAT, raw)?.Content ?? null) : null };
}
