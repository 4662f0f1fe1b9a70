/** Small XML helpers: cheap pre-parse guards and the few documents we write. */

/** `<!DOCTYPE` / `<!ENTITY` anywhere (sax accepts lowercase doctype, so case-insensitive). */
const DECLARATION = /<!\s*(?:doctype|entity)/i;

export function containsDoctypeOrEntity(xml: string): boolean {
  return DECLARATION.test(xml);
}

/** Limits far above anything WeChat sends (its messages are a few dozen flat elements). */
export const XML_LIMITS = { maxDepth: 16, maxElements: 500, maxTagLength: 256, maxEntityRefs: 1000 };

export type XmlShapeProblem = 'doctype_refused' | 'malformed_xml' | 'xml_too_complex';

/** Markup whose content is not scanned: CDATA sections, comments, processing instructions. */
const SKIPPED: ReadonlyArray<readonly [string, string]> = [
  ['<![CDATA[', ']]>'],
  ['<!--', '-->'],
  ['<?', '?>'],
];

/**
 * A linear scan run before the real parser. The parser (xml2js via co-wechat) builds its whole
 * tree synchronously, and co-wechat flattens it recursively: a 1 MiB body of nested or repeated
 * elements blocks the event loop for hundreds of milliseconds or overflows the stack. This refuses
 * such shapes in about a millisecond; it also refuses every `<!` declaration (DOCTYPE, ENTITY,
 * ELEMENT, ATTLIST) outside CDATA and comments, so no entity can ever be declared. WeChat writes
 * strings in CDATA, so character references outside CDATA are capped too (sax decodes each one
 * slowly: 200k `&amp;` cost about 100 ms).
 */
export function checkXmlShape(xml: string): XmlShapeProblem | null {
  let depth = 0;
  let elements = 0;
  let entityRefs = 0;
  let i = xml.indexOf('<');
  while (i !== -1) {
    let after: number; // index just past the markup that starts at i
    const skipped = SKIPPED.find(([open]) => xml.startsWith(open, i));
    if (skipped) {
      const end = xml.indexOf(skipped[1], i + skipped[0].length);
      if (end === -1) return 'malformed_xml';
      after = end + skipped[1].length;
    } else {
      if (xml[i + 1] === '!') return 'doctype_refused';
      const close = xml.indexOf('>', i + 1);
      if (close === -1) return 'malformed_xml';
      if (close - i > XML_LIMITS.maxTagLength) return 'xml_too_complex';
      if (xml[i + 1] === '/') {
        depth -= 1;
        if (depth < 0) return 'malformed_xml';
      } else {
        elements += 1;
        if (xml[close - 1] !== '/') depth += 1;
        if (depth > XML_LIMITS.maxDepth || elements > XML_LIMITS.maxElements) return 'xml_too_complex';
      }
      after = close + 1;
    }
    i = xml.indexOf('<', after);
    // Character data up to the next markup: count its references.
    const to = i === -1 ? xml.length : i;
    for (let a = xml.indexOf('&', after); a !== -1 && a < to; a = xml.indexOf('&', a + 1)) {
      if (++entityRefs > XML_LIMITS.maxEntityRefs) return 'xml_too_complex';
    }
  }
  return null;
}

/**
 * Characters XML 1.0 forbids even inside CDATA (most C0 controls, lone surrogates, U+FFFE/FFFF).
 * A reply containing one is not well-formed and WeChat would show "service unavailable".
 */
const XML_ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** A CDATA section holding exactly `text`: `]]>` is split across two sections. */
export function cdata(text: string): string {
  return '<![CDATA[' + text.replace(XML_ILLEGAL, '').split(']]>').join(']]]]><![CDATA[>') + ']]>';
}

/** The passive text reply, CreateTime in seconds. */
export function textReplyXml(toUser: string, fromUser: string, createTimeSeconds: number, content: string): string {
  return (
    '<xml>' +
    `<ToUserName>${cdata(toUser)}</ToUserName>` +
    `<FromUserName>${cdata(fromUser)}</FromUserName>` +
    `<CreateTime>${createTimeSeconds}</CreateTime>` +
    `<MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(content)}</Content>` +
    '</xml>'
  );
}

/** Safe-mode envelope of a reply. */
export function encryptedEnvelopeXml(encrypt: string, msgSignature: string, timestamp: string, nonce: string): string {
  return (
    '<xml>' +
    `<Encrypt>${cdata(encrypt)}</Encrypt>` +
    `<MsgSignature>${cdata(msgSignature)}</MsgSignature>` +
    `<TimeStamp>${timestamp}</TimeStamp>` +
    `<Nonce>${cdata(nonce)}</Nonce>` +
    '</xml>'
  );
}
