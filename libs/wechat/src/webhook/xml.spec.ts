import { XMLParser } from 'fast-xml-parser';
import { cdata, checkXmlShape, XML_LIMITS } from './xml';

const parse = (xml: string) => new XMLParser({ parseTagValue: false, trimValues: false }).parse(xml);

describe('cdata', () => {
  it.each(['plain', ']]>', 'a]]>b', ']]>]]>', ']]]>>', '<![CDATA[x]]>', '中文 ]]> 🙂'])('round-trips %p exactly', (text) => {
    expect(parse(`<xml><C>${cdata(text)}</C></xml>`).xml.C).toBe(text);
  });

  it('drops characters XML 1.0 forbids, keeping tabs, newlines and astral characters', () => {
    expect(cdata('a\u0000b\u0008c\td\ne\uFFFEf\uD800g🙂')).toBe('<![CDATA[abc\td\nefg🙂]]>');
  });
});

describe('checkXmlShape', () => {
  it('accepts a WeChat message, comments, a declaration and "<!DOCTYPE" text inside CDATA', () => {
    const msg =
      '<?xml version="1.0"?><!-- c --><xml><ToUserName><![CDATA[gh]]></ToUserName>' +
      '<Content><![CDATA[<!DOCTYPE is just text here & so is &amp;]]></Content><Empty/></xml>';
    expect(checkXmlShape(msg)).toBeNull();
  });

  it('refuses declarations, unterminated markup, excess depth, elements, tag length and references', () => {
    expect(checkXmlShape('<!DOCTYPE x><xml/>')).toBe('doctype_refused');
    expect(checkXmlShape('<xml><!ELEMENT x ANY></xml>')).toBe('doctype_refused');
    expect(checkXmlShape('<xml><![CDATA[open</xml>')).toBe('malformed_xml');
    expect(checkXmlShape('<xml><a')).toBe('malformed_xml');
    expect(checkXmlShape('</a><xml/>')).toBe('malformed_xml');
    const d = XML_LIMITS.maxDepth;
    expect(checkXmlShape('<a>'.repeat(d) + '</a>'.repeat(d))).toBeNull();
    expect(checkXmlShape('<a>'.repeat(d + 1) + '</a>'.repeat(d + 1))).toBe('xml_too_complex');
    expect(checkXmlShape('<xml>' + '<a/>'.repeat(XML_LIMITS.maxElements) + '</xml>')).toBe('xml_too_complex');
    expect(checkXmlShape(`<xml a="${'x'.repeat(300)}"></xml>`)).toBe('xml_too_complex');
    const refs = '&amp;'.repeat(XML_LIMITS.maxEntityRefs + 1);
    expect(checkXmlShape(`<xml>${refs}</xml>`)).toBe('xml_too_complex');
    // References after a CDATA section are counted too.
    expect(checkXmlShape(`<xml><![CDATA[x]]>${refs}</xml>`)).toBe('xml_too_complex');
  });
});
