/**
 * The subset of JSON Schema (2020-12, as used by OpenAPI 3.1) that the API's generated document
 * uses — `$ref`, `type` (also as a list), `enum`, `format` (date, date-time, uuid), `pattern`,
 * string/number/array bounds, `properties`/`required`/`additionalProperties`/`minProperties` — with three tools:
 *
 * - {@link conforms}: does a value satisfy the schema (the fuzzer's oracle for "schema-invalid");
 * - {@link validArbitrary}: a fast-check arbitrary of values that satisfy it (with per-field hints);
 * - {@link invalidValues}: values that certainly violate it (for mutations).
 */
import fc from 'fast-check';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  default?: unknown;
  description?: string;
}

export interface SchemaDocument {
  components?: { schemas?: Record<string, JsonSchema> };
}

/** Resolves `#/components/schemas/<name>` references against one document. */
export class Schemas {
  constructor(private readonly doc: SchemaDocument) {}

  deref(schema: JsonSchema): JsonSchema {
    let s = schema;
    for (let depth = 0; s.$ref !== undefined; depth += 1) {
      const name = s.$ref.replace(/^#\/components\/schemas\//, '');
      const target = this.doc.components?.schemas?.[name];
      if (!target || depth > 32) throw new Error(`unresolvable $ref ${s.$ref}`);
      s = target;
    }
    return s;
  }
}

// ---- the oracle -----------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 3339 full-date: `YYYY-MM-DD` naming a real calendar day. */
function isFullDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const probe = new Date(Date.UTC(2000, mo - 1, d));
  probe.setUTCFullYear(y);
  return probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
}

function isDateTime(s: string): boolean {
  return DATE_TIME.test(s) && isFullDate(s.slice(0, 10)) && !Number.isNaN(Date.parse(s));
}

export function typesOf(schema: JsonSchema): string[] | undefined {
  if (Array.isArray(schema.type)) return schema.type;
  return schema.type === undefined ? undefined : [schema.type];
}

function jsonTypeMatches(type: string, v: unknown): boolean {
  switch (type) {
    case 'null':
      return v === null;
    case 'boolean':
      return typeof v === 'boolean';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'string':
      return typeof v === 'string';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return true;
  }
}

/** Code points, as JSON Schema counts string length. */
const codePoints = (s: string): number => [...s].length;

/** True when `value` satisfies `schema` (the subset above). */
export function conforms(schemas: Schemas, schema: JsonSchema, value: unknown): boolean {
  const s = schemas.deref(schema);
  if (s.enum && !s.enum.some((e) => e === value)) return false;
  const types = typesOf(s);
  if (types && !types.some((t) => jsonTypeMatches(t, value))) return false;
  if (typeof value === 'string') {
    if (s.minLength !== undefined && codePoints(value) < s.minLength) return false;
    if (s.maxLength !== undefined && codePoints(value) > s.maxLength) return false;
    if (s.format === 'date' && !isFullDate(value)) return false;
    if (s.format === 'date-time' && !isDateTime(value)) return false;
    if (s.format === 'uuid' && !UUID.test(value)) return false;
    if (s.pattern !== undefined && !new RegExp(s.pattern, 'u').test(value)) return false;
  }
  if (typeof value === 'number') {
    if (s.minimum !== undefined && value < s.minimum) return false;
    if (s.maximum !== undefined && value > s.maximum) return false;
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) return false;
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) return false;
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) return false;
    if (s.maxItems !== undefined && value.length > s.maxItems) return false;
    if (s.items && !value.every((item) => conforms(schemas, s.items as JsonSchema, item))) return false;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const key of s.required ?? []) if (!Object.prototype.hasOwnProperty.call(obj, key)) return false;
    if (s.minProperties !== undefined && Object.keys(obj).length < s.minProperties) return false;
    for (const [key, v] of Object.entries(obj)) {
      const prop = s.properties?.[key];
      if (prop) {
        if (!conforms(schemas, prop, v)) return false;
      } else if (s.additionalProperties === false) {
        return false;
      } else if (typeof s.additionalProperties === 'object' && !conforms(schemas, s.additionalProperties, v)) {
        return false;
      }
    }
  }
  return true;
}

// ---- valid values ---------------------------------------------------------------------------------

/**
 * A hint replaces the generic arbitrary of one field, chosen by its path (property names and `[]`
 * for array items) — e.g. real ids for `participantId`, dates near "today", catalog codes.
 */
export type Hint = (path: readonly string[], schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;

/** Strings that have broken services before: NUL, lone surrogates, RTL overrides, injections, … */
const NASTY_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFFx',
  '😀🏳️‍🌈👩🏽‍💻',
  '\u202Eevil\u202C',
  'Ω≈ç√∫˜µ≤≥÷',
  'ﷺ',
  '\u200B',
  '\uFEFFbom',
  '<script>alert(1)</script>',
  "'; DROP TABLE participant; --",
  '../../etc/passwd',
  '%00%2F..',
  '${7*7}{{7*7}}',
  'line1\r\nline2',
  '  padded  ',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '-1',
  '1e309',
  'NaN',
];

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = schema.maxLength ?? 10_000;
  const cap = Math.max(min, Math.min(max, 80));
  const fits = (s: string): boolean => codePoints(s) >= min && s.length <= max && (min === 0 || s.trim().length >= min);
  const long = fc.constantFrom('x', 'é', '😀', '\u0000', 'a b ').map((unit) => unit.repeat(Math.max(1, Math.floor(max / unit.length))).slice(0, max));
  return fc
    .oneof(
      { weight: 8, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: cap }) },
      { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: cap }) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: cap }) },
      { weight: 2, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
      { weight: 1, arbitrary: long },
    )
    .filter(fits);
}

const DAY_MS = 86_400_000;
/** Real calendar dates over the whole four-digit range the format allows (years 1000–9999). */
export const anyFullDate = (): fc.Arbitrary<string> =>
  fc.integer({ min: Date.UTC(1000, 0, 1) / DAY_MS, max: Date.UTC(9999, 11, 31) / DAY_MS }).map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10));

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = schema.minimum ?? schema.exclusiveMinimum ?? -1_000_000;
  const hi = schema.maximum ?? schema.exclusiveMaximum ?? 1_000_000;
  if (integer) {
    const min = schema.exclusiveMinimum !== undefined ? Math.floor(schema.exclusiveMinimum) + 1 : Math.ceil(lo);
    const max = schema.exclusiveMaximum !== undefined ? Math.ceil(schema.exclusiveMaximum) - 1 : Math.floor(hi);
    return fc.integer({ min, max });
  }
  return fc.double({
    min: lo,
    max: hi,
    minExcluded: schema.exclusiveMinimum !== undefined,
    maxExcluded: schema.exclusiveMaximum !== undefined,
    noNaN: true,
    noDefaultInfinity: true,
  });
}

/** An arbitrary of values that conform to `schema`; `hint` may take over any field. */
export function validArbitrary(schemas: Schemas, schema: JsonSchema, hint: Hint = () => undefined, path: readonly string[] = []): fc.Arbitrary<unknown> {
  const s = schemas.deref(schema);
  const hinted = hint(path, s);
  if (hinted) return hinted;
  if (s.enum) return fc.constantFrom(...s.enum);
  const types = typesOf(s) ?? ['string'];
  const nonNull = types.filter((t) => t !== 'null');
  const base = (type: string): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return numberArbitrary(s, true);
      case 'number':
        return numberArbitrary(s, false);
      case 'array':
        return fc.array(validArbitrary(schemas, s.items ?? {}, hint, [...path, '[]']), {
          minLength: s.minItems ?? 0,
          maxLength: Math.min(s.maxItems ?? 4, 4),
        });
      case 'object': {
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, prop] of Object.entries(s.properties ?? {})) model[key] = validArbitrary(schemas, prop, hint, [...path, key]);
        const record = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in model) });
        const min = s.minProperties;
        return min === undefined ? record : record.filter((o) => Object.keys(o as object).length >= min);
      }
      default: {
        if (s.format === 'date') return anyFullDate();
        if (s.format === 'date-time')
          return fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString());
        if (s.format === 'uuid') return fc.uuid();
        if (s.pattern !== undefined) {
          return fc
            .stringMatching(new RegExp(s.pattern))
            .filter((x) => (s.minLength === undefined || x.length >= s.minLength) && (s.maxLength === undefined || x.length <= s.maxLength));
        }
        return stringArbitrary(s);
      }
    }
  };
  const arbs = (nonNull.length > 0 ? nonNull : ['string']).map(base);
  if (types.includes('null')) return fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, ...arbs.map((arbitrary) => ({ weight: 4, arbitrary })));
  return arbs.length === 1 ? (arbs[0] as fc.Arbitrary<unknown>) : fc.oneof(...arbs);
}

// ---- invalid values -------------------------------------------------------------------------------

const IMPOSSIBLE_DATES: readonly string[] = [
  '2024-02-30',
  '2023-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-04-31',
  '2024-1-5',
  '20240110',
  '01/10/2024',
  '2024-01-10T00:00:00Z',
  '0000-00-00',
  '10000-01-01',
  '2024-01-10 ',
  '٢٠٢٤-٠١-١٠',
];

/**
 * Values that violate `schema` (each checked with {@link conforms}): other JSON types, null, strings
 * beyond the length bounds, numbers beyond the range, values outside the enum, impossible dates, …
 */
export function invalidValues(schemas: Schemas, schema: JsonSchema): unknown[] {
  const s = schemas.deref(schema);
  const candidates: unknown[] = [null, true, 0, -1, 1.5, -1e308, 1e308, '', 'x', 'NOT_IN_ENUM', [], {}, [null], { nested: { deeper: [] } }];
  if (s.maxLength !== undefined) candidates.push('x'.repeat(s.maxLength + 1), 'é'.repeat(s.maxLength + 1));
  if (s.minLength !== undefined && s.minLength > 0) candidates.push('x'.repeat(s.minLength - 1));
  if (s.minimum !== undefined) candidates.push(s.minimum - 1, s.minimum - 0.5);
  if (s.maximum !== undefined) candidates.push(s.maximum + 1, s.maximum + 0.001);
  if (s.exclusiveMinimum !== undefined) candidates.push(s.exclusiveMinimum);
  if (s.format === 'date' || s.format === 'date-time') candidates.push(...IMPOSSIBLE_DATES, '2024-01-10T25:00:00Z');
  if (s.format === 'uuid') candidates.push('00000000-0000-0000-0000-00000000000g', 'not-a-uuid');
  if (s.pattern !== undefined) candidates.push('abc', '12-345', '24:00', '1');
  if (s.enum) candidates.push(...s.enum.map((e) => (typeof e === 'string' ? (e.toLowerCase() === e ? e.toUpperCase() : e.toLowerCase()) : String(e))));
  if (s.items && s.maxItems !== undefined) candidates.push(Array.from({ length: s.maxItems + 1 }, () => null));
  return candidates.filter((v) => !conforms(schemas, s, v));
}
