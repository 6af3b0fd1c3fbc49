/**
 * Where JSON text first goes wrong. V8's JSON.parse messages only sometimes carry a position
 * ("Unexpected token 'o', ... is not valid JSON" has none), so on a parse failure this small
 * scanner walks the text again to find the offset. Runs only after JSON.parse has failed.
 */

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// JSON forbids raw control characters (U+0000–U+001F) inside strings: matching them here is the point.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** Unwinds the recursive scan from the first bad character. */
class JsonStop extends Error {
  constructor(readonly at: number) {
    super(`JSON stops at ${at}`);
  }
}

/** Index of the first character at which `text` stops being valid JSON (text.length if it just ends too soon); -1 if valid. */
export function jsonErrorPosition(text: string): number {
  let i = 0;
  const skip = (): void => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const match = (re: RegExp): boolean => {
    re.lastIndex = i;
    if (!re.test(text)) return false;
    i = re.lastIndex;
    return true;
  };
  const fail = (): never => {
    throw new JsonStop(i);
  };
  const value = (): void => {
    skip();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      skip();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          skip();
          if (!match(STRING)) fail();
          skip();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === close) {
          i++;
          return;
        }
        fail();
      }
    }
    if (c === '"') {
      if (!match(STRING)) fail();
      return;
    }
    for (const lit of ['true', 'false', 'null'])
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return;
      }
    if (!match(NUMBER)) fail();
  };
  try {
    value();
    skip();
    return i === text.length ? -1 : i;
  } catch (e) {
    if (!(e instanceof JsonStop)) throw e;
    return Math.min(e.at, text.length);
  }
}
