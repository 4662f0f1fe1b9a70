/** Public types of the WeChat Official Account webhook. */

export interface WebhookConfig {
  /** The Token set in the Official Account's server configuration. */
  token: string;
  /** The Official Account's AppID; in safe mode the decrypted message must carry exactly this id. */
  appid: string;
  /** 43-character EncodingAESKey. When set, the handler runs in safe mode. */
  encodingAESKey?: string;
  /** Safe mode only: also accept signed plaintext POSTs (WeChat's "compat mode"). Default false. */
  allowPlaintext?: boolean;
  /** Largest accepted distance between the signed `timestamp` and now, either way. Default 300. */
  maxAgeSeconds?: number;
  /** Largest accepted body. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Clock in milliseconds, for tests. Default Date.now. */
  now?: () => number;
}

export interface InboundMessage {
  ToUserName: string;
  FromUserName: string;
  CreateTime: string;
  MsgType: string;
  /** CreateTime as a number (seconds). */
  createTime: number;
  /**
   * Every other field WeChat sent, as a string (Content, MsgId, Event, EventKey, MediaId, PicUrl,
   * Format, Recognition, Location_X, Location_Y, Scale, Label, MsgID, ...). Fields nested in a
   * container (e.g. ScanCodeInfo/ScanResult) are flattened with dotted keys
   * ("ScanCodeInfo.ScanResult"); repeated items get an index ("SendPicsInfo.PicList.item.0.PicMd5Sum").
   */
  [field: string]: string | number | undefined;
}

export type PassiveReply = { type: 'text'; content: string } | null;

export interface WebhookRequest {
  method: string;
  query: Record<string, string | string[] | undefined>;
  rawBody: Buffer | string | undefined;
}

export interface WebhookResponse {
  status: number;
  contentType: string;
  body: string;
  /** Machine code when the request was refused. */
  refusal?: string;
}
