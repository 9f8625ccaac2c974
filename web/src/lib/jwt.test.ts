import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeJwt, expiryState, JwtError, normalizeToken } from './jwt';

function base64url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function makeToken(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }) {
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.c2lnbmF0dXJl`;
}

describe('decodeBase64Url', () => {
  it('decodes unpadded base64url with - and _', () => {
    // "??>" encodes to "Pz8-" and "???" to "Pz8_" in base64url.
    expect(decodeBase64Url('Pz8-')).toBe('??>');
    expect(decodeBase64Url('Pz8_')).toBe('???');
    expect(decodeBase64Url('YQ')).toBe('a');
    expect(decodeBase64Url('YQ==')).toBe('a');
  });

  it('decodes UTF-8', () => {
    expect(decodeBase64Url(base64url('Zoë — 東京'))).toBe('Zoë — 東京');
  });

  it('rejects characters outside the alphabet and impossible lengths', () => {
    expect(() => decodeBase64Url('ab+c')).toThrow(JwtError);
    expect(() => decodeBase64Url('abcde')).toThrow(/impossible length/);
  });
});

describe('decodeJwt', () => {
  it('returns header and claims', () => {
    const token = makeToken({ sub: 'analyst@example.com', iss: 'https://idp.example.com', exp: 1893456000 });
    const { header, claims } = decodeJwt(token);
    expect(header.alg).toBe('RS256');
    expect(claims.sub).toBe('analyst@example.com');
    expect(claims.iss).toBe('https://idp.example.com');
    expect(claims.exp).toBe(1893456000);
  });

  it('accepts surrounding whitespace and a Bearer prefix', () => {
    const token = makeToken({ sub: 'x' });
    expect(normalizeToken(`  Bearer ${token}\n`)).toBe(token);
    expect(decodeJwt(`Bearer ${token} `).claims.sub).toBe('x');
  });

  it('accepts an empty signature (alg none)', () => {
    const [h, p] = makeToken({ sub: 'x' }, { alg: 'none' }).split('.');
    expect(decodeJwt(`${h}.${p}.`).claims.sub).toBe('x');
  });

  it('explains malformed tokens', () => {
    expect(() => decodeJwt('')).toThrow('The token is empty.');
    expect(() => decodeJwt('abc')).toThrow(/three parts.*this one has 1/);
    expect(() => decodeJwt('a.b.c.d')).toThrow(/this one has 4/);
    expect(() => decodeJwt(`${base64url('{"alg":"none"}')}.${base64url('not json')}.x`)).toThrow(
      "The token's payload is not JSON.",
    );
    expect(() => decodeJwt(`${base64url('{"alg":"none"}')}.${base64url('[1,2]')}.x`)).toThrow(/not a JSON object/);
    expect(() => decodeJwt(`${base64url('{"alg":"none"}')}.%%%.x`)).toThrow(/payload contains characters/);
    expect(() => decodeJwt(`${base64url('nope')}.${base64url('{}')}.x`)).toThrow(/header is not JSON/);
    expect(() => decodeJwt(makeToken({ exp: 'tomorrow' }))).toThrow(/"exp" claim is not a number/);
  });
});

describe('expiryState', () => {
  const now = Date.UTC(2030, 0, 1, 12, 0, 0);
  const nowSeconds = now / 1000;

  it('is none without exp', () => {
    expect(expiryState({ sub: 'x' }, now)).toEqual({ kind: 'none' });
  });

  it('is valid when more than five minutes remain', () => {
    const state = expiryState({ exp: nowSeconds + 301 }, now);
    expect(state.kind).toBe('valid');
  });

  it('warns within five minutes', () => {
    const state = expiryState({ exp: nowSeconds + 300 }, now);
    expect(state).toMatchObject({ kind: 'expiring', secondsLeft: 300 });
    expect(expiryState({ exp: nowSeconds + 1 }, now).kind).toBe('expiring');
  });

  it('is expired at or after exp', () => {
    expect(expiryState({ exp: nowSeconds }, now).kind).toBe('expired');
    const state = expiryState({ exp: nowSeconds - 90 }, now);
    expect(state).toMatchObject({ kind: 'expired', secondsAgo: 90 });
    if (state.kind === 'expired') expect(state.expiresAt.toISOString()).toBe('2030-01-01T11:58:30.000Z');
  });
});
