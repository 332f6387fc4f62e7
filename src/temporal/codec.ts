/**
 * Payload encryption for everything the service sends to Temporal: workflow inputs and results, update
 * and signal arguments, query answers, memo, summaries, activity inputs, and (through the failure
 * converter) failure messages and stack traces. Temporal only ever stores ciphertext.
 *
 * Format of an encrypted payload:
 *   metadata.encoding            = "binary/encrypted"
 *   metadata["encryption-key-id"] = the id of the key that encrypted it (rotation: old ids stay decryptable)
 *   data = 12-byte IV ‖ AES-256-GCM ciphertext of the original Payload protobuf ‖ 16-byte tag
 * The key id is bound to the ciphertext as additional authenticated data, so a payload cannot be
 * relabelled to another key. Payloads without the encrypted encoding (histories recorded before the
 * codec existed) pass through decode unchanged, so old histories still replay.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type DataConverter, METADATA_ENCODING_KEY, type Payload, type PayloadCodec, ValueError } from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/encoding';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface PayloadKeys {
  /** Key used to encrypt new payloads. */
  activeKeyId: string;
  /** Every key that may still appear in histories, by id (32 bytes each). */
  keys: ReadonlyMap<string, Buffer>;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly active: Buffer;

  constructor(private readonly keyring: PayloadKeys) {
    const active = keyring.keys.get(keyring.activeKeyId);
    if (!active) throw new Error(`payload encryption key '${keyring.activeKeyId}' is not in the key list`);
    for (const [id, key] of keyring.keys) {
      if (key.length !== 32) throw new Error(`payload encryption key '${id}' must be 32 bytes`);
    }
    this.active = active;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const keyId = this.keyring.activeKeyId;
    return payloads.map((payload) => ({
      metadata: { [METADATA_ENCODING_KEY]: encode(ENCRYPTED_ENCODING), [METADATA_KEY_ID]: encode(keyId) },
      data: encrypt(temporal.api.common.v1.Payload.encode(payload).finish(), this.active, keyId),
    }));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
      if (!encoding || decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[METADATA_KEY_ID];
      if (!idBytes) throw new ValueError('Encrypted payload has no encryption-key-id');
      const keyId = decode(idBytes);
      const key = this.keyring.keys.get(keyId);
      if (!key) {
        throw new ValueError(`Encrypted payload uses key '${keyId}', which is not in PAYLOAD_ENCRYPTION_KEYS`);
      }
      if (!payload.data) throw new ValueError('Encrypted payload has no data');
      return temporal.api.common.v1.Payload.decode(decrypt(payload.data, key, keyId));
    });
  }
}

function encrypt(plain: Uint8Array, key: Buffer, keyId: string): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(keyId, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

function decrypt(data: Uint8Array, key: Buffer, keyId: string): Uint8Array {
  if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('Encrypted payload is too short');
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(keyId, 'utf8'));
  decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new ValueError(`Encrypted payload failed authentication with key '${keyId}' (wrong key or tampered data)`);
  }
}

/** Module exporting the failure converter (failure messages/stack traces travel as encoded payloads). */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The data converter shared by client, worker and replay: failure text moved into encoded attributes and,
 * with keys, every payload encrypted. Without keys (PAYLOAD_ENCRYPTION=false) payloads stay plain JSON.
 */
export function createDataConverter(keys: PayloadKeys | undefined): DataConverter {
  return {
    failureConverterPath: FAILURE_CONVERTER_PATH,
    ...(keys ? { payloadCodecs: [new AesGcmPayloadCodec(keys)] } : {}),
  };
}

/** Parses `id:base64key,id:base64key` (PAYLOAD_ENCRYPTION_KEYS). Throws with a message naming the bad entry. */
export function parsePayloadKeys(raw: string, activeKeyId?: string): PayloadKeys {
  const keys = new Map<string, Buffer>();
  for (const entry of raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const sep = entry.indexOf(':');
    const id = sep > 0 ? entry.slice(0, sep) : '';
    const key = Buffer.from(sep > 0 ? entry.slice(sep + 1) : '', 'base64');
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) throw new Error(`key id '${id}' must be 1-64 letters, digits, '.', '_' or '-'`);
    if (key.length !== 32) throw new Error(`key '${id}' must be 32 bytes, base64-encoded`);
    if (keys.has(id)) throw new Error(`key id '${id}' is listed twice`);
    keys.set(id, key);
  }
  const first = keys.keys().next();
  if (first.done) throw new Error('lists no key');
  const active = activeKeyId ?? first.value;
  if (!keys.has(active)) throw new Error(`the active key id '${active}' is not listed`);
  return { activeKeyId: active, keys };
}
