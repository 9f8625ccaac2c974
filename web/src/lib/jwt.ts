/// Client-side JWT inspection: decodes the payload to show who the token is for and when it expires.
/// No signature verification — ClickHouse verifies the token; this only helps a person spot the
/// wrong or an expired token before connecting.

export interface JwtClaims {
  sub?: string;
  iss?: string;
  aud?: string | string[];
  /** Seconds since the Unix epoch. */
  exp?: number;
  iat?: number;
  nbf?: number;
  [claim: string]: unknown;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: JwtClaims;
}

export class JwtError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwtError';
  }
}

/** Decodes base64url (RFC 4648 §5, padding optional) to a UTF-8 string. */
export function decodeBase64Url(input: string): string {
  if (!/^[A-Za-z0-9_-]*={0,2}$/.test(input)) throw new JwtError('contains characters that are not base64url');
  const unpadded = input.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) throw new JwtError('has a base64url part of impossible length');
  const base64 = unpadded.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(unpadded.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new JwtError('is not UTF-8 text');
  }
}

function decodeJsonPart(part: string, what: string): Record<string, unknown> {
  let text: string;
  try {
    text = decodeBase64Url(part);
  } catch (error) {
    throw new JwtError(`The token's ${what} ${error instanceof JwtError ? error.message : 'is not base64url'}.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtError(`The token's ${what} is not JSON.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new JwtError(`The token's ${what} is not a JSON object.`);
  }
  return value as Record<string, unknown>;
}

/** Removes surrounding whitespace and an optional "Bearer " prefix that people often paste along. */
export function normalizeToken(token: string): string {
  return token.trim().replace(/^Bearer\s+/i, '');
}

/** Decodes a compact JWS (`header.payload.signature`). Throws JwtError with a readable message. */
export function decodeJwt(token: string): DecodedJwt {
  const compact = normalizeToken(token);
  if (compact === '') throw new JwtError('The token is empty.');
  const parts = compact.split('.');
  if (parts.length !== 3) {
    throw new JwtError(
      `A JWT has three parts separated by dots (header.payload.signature); this one has ${parts.length}.`,
    );
  }
  const [headerPart = '', payloadPart = ''] = parts;
  const header = decodeJsonPart(headerPart, 'header');
  const claims = decodeJsonPart(payloadPart, 'payload') as JwtClaims;
  for (const name of ['exp', 'iat', 'nbf'] as const) {
    if (claims[name] !== undefined && typeof claims[name] !== 'number') {
      throw new JwtError(`The token's "${name}" claim is not a number of seconds.`);
    }
  }
  return { header, claims };
}

export type ExpiryState =
  | { kind: 'none' }
  | { kind: 'valid'; expiresAt: Date; secondsLeft: number }
  | { kind: 'expiring'; expiresAt: Date; secondsLeft: number }
  | { kind: 'expired'; expiresAt: Date; secondsAgo: number };

/** Tokens expiring within this many seconds get a warning: a transfer could outlive them. */
export const kExpiryWarningSeconds = 5 * 60;

export function expiryState(claims: JwtClaims, nowMs: number = Date.now(), warnSeconds = kExpiryWarningSeconds): ExpiryState {
  if (typeof claims.exp !== 'number') return { kind: 'none' };
  const expiresAt = new Date(claims.exp * 1000);
  const secondsLeft = Math.floor(claims.exp - nowMs / 1000);
  if (secondsLeft <= 0) return { kind: 'expired', expiresAt, secondsAgo: -secondsLeft };
  if (secondsLeft <= warnSeconds) return { kind: 'expiring', expiresAt, secondsLeft };
  return { kind: 'valid', expiresAt, secondsLeft };
}
