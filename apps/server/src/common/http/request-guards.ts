import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';

/** Deeper JSON than any of our bodies needs; 50,000 nested arrays would overflow the validators' recursion. */
export const MAX_JSON_DEPTH = 32;

/**
 * What is wrong with a JSON body before it is parsed: nesting deeper than MAX_JSON_DEPTH, or a NUL
 * character (\u0000), which PostgreSQL cannot store in text. Null when neither.
 */
export function jsonBodyProblem(raw: string): string | null {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) {
        if (raw.startsWith('u0000', i + 1)) return '请求中含有无法保存的空字符（\\u0000）';
        i++; // the escaped character
      } else if (c === 0x22 /* " */) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_JSON_DEPTH) return `请求内容嵌套太深（最多 ${MAX_JSON_DEPTH} 层）`;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return null;
}

/** For express.json's verify: refuses a body jsonBodyProblem finds fault with (400, in Chinese). */
export function verifyJsonBody(_req: unknown, _res: unknown, buf: Buffer): void {
  const problem = jsonBodyProblem(buf.toString('utf8'));
  if (problem) throw new AppError('INVALID_INPUT', problem);
}

/** A NUL byte in the path or query string (%00) is refused before any route or query sees it. */
export function refuseNulInUrl(req: Request, _res: Response, next: NextFunction): void {
  next(/%00/.test(req.url) ? new AppError('INVALID_INPUT', '请求地址中含有无法处理的空字符（%00）') : undefined);
}
