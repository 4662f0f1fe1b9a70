import { buildSignedInbound, readPassiveReply } from '@msz/wechat';
import { TEST_WECHAT } from '@msz/server/testing/test-app';

let msgId = 7_000_000_000;
const nextMsgId = () => String(msgId++);

export interface WechatSide {
  token: string;
  appid: string;
  encodingAESKey?: string;
}

/** A resident in the Official Account chat: sends what WeChat would send, reads what WeChat would show. */
export class Resident {
  constructor(
    private readonly baseUrl: string,
    readonly openid: string,
    private readonly wechat: WechatSide = TEST_WECHAT,
  ) {}

  say(content: string, opts: { msgId?: string } = {}) {
    return this.send({ MsgType: 'text', Content: content, MsgId: opts.msgId ?? nextMsgId() });
  }

  photo(mediaId: string) {
    return this.send({ MsgType: 'image', PicUrl: `http://mmbiz.example/${mediaId}`, MediaId: mediaId, MsgId: nextMsgId() });
  }

  voice(mediaId: string, recognition?: string) {
    return this.send({ MsgType: 'voice', MediaId: mediaId, Format: 'amr', ...(recognition ? { Recognition: recognition } : {}), MsgId: nextMsgId() });
  }

  video(mediaId: string) {
    return this.send({ MsgType: 'video', MediaId: mediaId, ThumbMediaId: `${mediaId}_thumb`, MsgId: nextMsgId() });
  }

  location(lat: number, lng: number, label: string) {
    return this.send({ MsgType: 'location', Location_X: lat, Location_Y: lng, Scale: 15, Label: label, MsgId: nextMsgId() });
  }

  event(event: string, extra: Record<string, string | number> = {}) {
    return this.send({ MsgType: 'event', Event: event, ...extra });
  }

  async send(fields: Record<string, string | number>, createTime = Math.floor(Date.now() / 1000)) {
    const signed = buildSignedInbound(this.wechat, { ToUserName: 'gh_test', FromUserName: this.openid, CreateTime: createTime, ...fields });
    return postWebhook(this.baseUrl, signed.query, signed.body, this.wechat);
  }
}

export async function postWebhook(baseUrl: string, query: Record<string, string>, body: string, wechat: WechatSide = TEST_WECHAT) {
  const res = await fetch(`${baseUrl}/wechat?${new URLSearchParams(query)}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  const raw = await res.text();
  return { status: res.status, raw, reply: res.ok ? (readPassiveReply(wechat, raw)?.Content ?? null) : null };
}

export const CASE_NUMBER = /MS\d{8}-\d{4}/;
export const numberIn = (reply: string | null): string => {
  const m = reply?.match(CASE_NUMBER);
  if (!m) throw new Error(`no case number in reply: ${reply}`);
  return m[0];
};
