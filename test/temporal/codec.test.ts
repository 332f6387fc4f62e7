import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/encoding';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, METADATA_KEY_ID, parsePayloadKeys } from '../../src/temporal/codec';
import { ConfigError, loadConfig } from '../../src/config';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const keyring = (active: string, keys: Record<string, Buffer>) => ({ activeKeyId: active, keys: new Map(Object.entries(keys)) });
const note = defaultPayloadConverter.toPayload({ caseNote: 'Participant Jane Roe moved to 12 Elm St' });

describe('AES-256-GCM payload codec', () => {
  it('encrypts: ciphertext only, encrypted encoding and the key id in metadata; decode restores the payload', async () => {
    const codec = new AesGcmPayloadCodec(keyring('k1', { k1 }));
    const [enc] = await codec.encode([note]);
    expect(decode(enc!.metadata![METADATA_ENCODING_KEY]!)).toBe(ENCRYPTED_ENCODING);
    expect(decode(enc!.metadata![METADATA_KEY_ID]!)).toBe('k1');
    expect(Buffer.from(enc!.data!).toString('latin1')).not.toContain('Jane');
    const [dec] = await codec.decode([enc!]);
    expect(defaultPayloadConverter.fromPayload(dec!)).toEqual({ caseNote: 'Participant Jane Roe moved to 12 Elm St' });
  });

  it('uses a fresh IV per payload (same plaintext, different ciphertext)', async () => {
    const codec = new AesGcmPayloadCodec(keyring('k1', { k1 }));
    const [a, b] = await codec.encode([note, note]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('rotation: after k2 becomes active, payloads written with k1 still decode; new ones use k2', async () => {
    const before = new AesGcmPayloadCodec(keyring('k1', { k1 }));
    const [old] = await before.encode([note]);
    const after = new AesGcmPayloadCodec(keyring('k2', { k1, k2 }));
    const [fresh] = await after.encode([note]);
    expect(decode(fresh!.metadata![METADATA_KEY_ID]!)).toBe('k2');
    const decoded = await after.decode([old!, fresh!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([
      { caseNote: 'Participant Jane Roe moved to 12 Elm St' },
      { caseNote: 'Participant Jane Roe moved to 12 Elm St' },
    ]);
  });

  it('passes plain payloads (histories from before the codec) through decode unchanged', async () => {
    const codec = new AesGcmPayloadCodec(keyring('k1', { k1 }));
    expect(await codec.decode([note])).toEqual([note]);
  });

  it('refuses a payload whose key was retired, a tampered payload, and a payload relabelled to another key', async () => {
    const [enc] = await new AesGcmPayloadCodec(keyring('k1', { k1 })).encode([note]);
    await expect(new AesGcmPayloadCodec(keyring('k2', { k2 })).decode([enc!])).rejects.toThrow(/key 'k1'.*not in PAYLOAD_ENCRYPTION_KEYS/);
    const tampered: Payload = { ...enc!, data: Buffer.from(enc!.data!).map((b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(new AesGcmPayloadCodec(keyring('k1', { k1 })).decode([tampered])).rejects.toThrow(/failed authentication/);
    const relabelled: Payload = { ...enc!, metadata: { ...enc!.metadata, [METADATA_KEY_ID]: encode('k2') } };
    await expect(new AesGcmPayloadCodec(keyring('k1', { k1, k2: k1 })).decode([relabelled])).rejects.toThrow(/failed authentication/);
  });
});

describe('PAYLOAD_ENCRYPTION_KEYS', () => {
  const b64 = (b: Buffer) => b.toString('base64');
  it('parses id:key lists; the first key is active unless PAYLOAD_ENCRYPTION_KEY_ID says otherwise', () => {
    expect(parsePayloadKeys(`a:${b64(k1)}, b:${b64(k2)}`).activeKeyId).toBe('a');
    expect(parsePayloadKeys(`a:${b64(k1)},b:${b64(k2)}`, 'b').activeKeyId).toBe('b');
  });

  it.each([
    ['a short key', `a:${b64(randomBytes(16))}`, /32 bytes/],
    ['a missing id', `:${b64(k1)}`, /key id/],
    ['a duplicated id', `a:${b64(k1)},a:${b64(k2)}`, /listed twice/],
    ['an empty list', ' , ', /lists no key/],
  ])('rejects %s', (_what, raw, message) => {
    expect(() => parsePayloadKeys(raw)).toThrow(message);
  });

  it('config: encryption is on by default with the dev key outside production, and required in production', () => {
    const dev = loadConfig({ NODE_ENV: 'test' });
    expect(dev.payloadKeys?.activeKeyId).toBe('dev-2026');
    expect(dev.payloadKeysAreDevDefault).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', PAYLOAD_ENCRYPTION: 'false' }).payloadKeys).toBeUndefined();
    const prod = { NODE_ENV: 'production', API_TOKENS: `${'t'.repeat(32)}:S-1:staff`, PII_ENCRYPTION_KEY: b64(k1) } as const;
    expect(() => loadConfig(prod)).toThrow(/PAYLOAD_ENCRYPTION_KEYS must be set in production/);
    expect(() => loadConfig({ ...prod, PAYLOAD_ENCRYPTION: 'false' })).toThrow(/not allowed in production/);
    expect(() => loadConfig({ ...prod, PAYLOAD_ENCRYPTION_KEYS: 'x:short' })).toThrow(ConfigError);
    const ok = loadConfig({ ...prod, PAYLOAD_ENCRYPTION_KEYS: `2026-11:${b64(k1)},2026-01:${b64(k2)}` });
    expect(ok.payloadKeys?.activeKeyId).toBe('2026-11');
    expect(ok.codec.tokens).toEqual([]); // codec server off in production until CODEC_TOKENS is set
  });
});
