import { canonicalJson } from '../src/canonical-json';

describe('canonicalJson (idempotency body hashes, projection row comparison)', () => {
  it('is independent of key order, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('leaves out undefined keys as JSON.stringify does, and writes a Date as its instant', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson({ at: new Date('2024-01-10T00:00:00Z') })).toBe('{"at":"2024-01-10T00:00:00.000Z"}');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('tells different values apart', () => {
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});
