import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption of SSNs at rest (R-PART-1): AES-256-GCM ciphertext for recovery by authorised tools,
 * and a keyed HMAC for duplicate detection. Sub-keys are derived from one master key with HKDF.
 */
export class SsnProtector {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'wioa-ssn-encryption', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'wioa-ssn-lookup-hash', 32));
  }

  /** `v1.<iv>.<tag>.<ciphertext>` (base64url parts). */
  encrypt(ssnDigits: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([cipher.update(ssnDigits, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  decrypt(token: string): string {
    const [version, iv, tag, ct] = token.split('.');
    if (version !== 'v1' || !iv || !tag || !ct) throw new Error('unsupported SSN ciphertext');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  hash(ssnDigits: string): string {
    return createHmac('sha256', this.macKey).update(ssnDigits).digest('hex');
  }
}
