/**
 * What the API accepts as text, as zod schemas whose OpenAPI document says exactly the same (issue 12):
 *
 * - every string must be storable: well-formed Unicode without U+0000 (route.ts refuses other text with
 *   400 for every route). The document says so with {@link STORABLE_PATTERN}, which reads the same in
 *   every regex engine (it names U+0000; lone surrogates, which no pattern can name portably, are
 *   stated in the description);
 * - lengths are counted in Unicode code points, like JSON Schema's `minLength`/`maxLength`;
 * - free text is trimmed (JavaScript's `String.prototype.trim` whitespace) before it is used, and must
 *   hold at least one other character: {@link TEXT_PATTERN}. `maxLength` applies to the text as sent.
 */
import { z } from './zod';

/** The characters `String.prototype.trim` removes (ECMA-262 WhiteSpace and LineTerminator). */
const TRIM_WHITESPACE = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff';
/**
 * One storable character: not U+0000. (Lone surrogates are refused too, but a pattern cannot name
 * them portably: engines that read strings as Unicode scalar values — Rust, Python's JSON Schema
 * tools — cannot even hold one, and JSON text with one is not interoperable, RFC 8259 §8.2. The
 * descriptions say so.)
 */
const STORABLE_CHAR = '[^\\u0000]';
/** One storable character that `trim()` keeps. */
const STORABLE_NON_SPACE = `[^\\u0000${TRIM_WHITESPACE}]`;

/** Well-formed Unicode without U+0000. */
const STORABLE_PATTERN = `^${STORABLE_CHAR}*$`;
/** Storable text with at least one character that is not whitespace (it is trimmed before use). */
const TEXT_PATTERN = `^[${TRIM_WHITESPACE}]*${STORABLE_NON_SPACE}${STORABLE_CHAR}*$`;

const STORABLE_NOTE = 'Well-formed Unicode without U+0000 (a lone surrogate is refused with 400).';

/** Length in Unicode code points (what JSON Schema's minLength/maxLength count). */
const codePoints = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** An identifier or filter value taken as sent (not trimmed): 1..max code points, storable. */
export function plainString(max: number, min = 1) {
  return z
    .string()
    .refine((s) => codePoints(s) >= min && codePoints(s) <= max, { message: `must be ${min} to ${max} characters` })
    .openapi({ minLength: min, maxLength: max, pattern: STORABLE_PATTERN, description: STORABLE_NOTE });
}

/**
 * Free text: at most `max` code points as sent, trimmed, and not empty once trimmed. The handler
 * receives the trimmed text.
 */
export function trimmedText(max: number, description?: string) {
  return z
    .string()
    .refine((s) => codePoints(s) <= max, { message: `must be at most ${max} characters` })
    .trim()
    .refine((s) => s.length > 0, { message: 'must not be empty or only whitespace' })
    .openapi({
      minLength: 1,
      maxLength: max,
      pattern: TEXT_PATTERN,
      description: `${description ? `${description} ` : ''}Trimmed before use; must contain a character other than whitespace. ${STORABLE_NOTE}`,
    });
}
