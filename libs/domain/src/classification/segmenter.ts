/** Splits text into words. The server passes jieba's `cut`; the domain needs no dictionary. */
export type Segmenter = (text: string) => string[];

const HAN = /\p{Script=Han}/u;
const WORD = /[\p{Script=Han}]+|[\p{L}\p{N}]+/gu;

/**
 * A dictionary-free segmenter: overlapping character bigrams over runs of Chinese characters (a lone
 * character is its own token), and whole words for Latin letters and digits. Good enough for multi-character
 * keyword rules; single-character rules ("水", "电") only fire with a real word segmenter.
 */
export const bigramSegmenter: Segmenter = (text) => {
  const tokens: string[] = [];
  for (const [run] of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    if (!HAN.test(run)) {
      tokens.push(run);
      continue;
    }
    const chars = Array.from(run);
    if (chars.length === 1) tokens.push(chars[0]);
    for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i] + chars[i + 1]);
  }
  return tokens;
};
