/**
 * Strict JSON syntax (RFC 8259: JSON whitespace, escapes and number grammar only) as regular
 * expression sources, for the scanners that read big, regular timing files straight from their
 * text: pytest-split's object of numbers and the tests of an evenshard history. Written by hand
 * because JSON.parse builds an object per member only for it to be walked once, and no JSON
 * library reads one object's members into columns. A scanner returns undefined for any text it
 * does not read exactly; its caller then parses with JSON.parse, which reports any error.
 */

export const JSON_WS = '[ \\t\\n\\r]*';
/** A string's content between its quotes, escapes still escaped (see decodeJsonString). */
export const JSON_STRING_BODY = String.raw`[^"\\\u0000-\u001f]*(?:\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})[^"\\\u0000-\u001f]*)*`;
export const JSON_NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;

/** A string's content as JSON_STRING_BODY matched it, unescaped. */
export function decodeJsonString(body: string): string {
  return body.includes('\\') ? (JSON.parse(`"${body}"`) as string) : body;
}
