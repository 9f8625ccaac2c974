// Bearer-token check for scripts/jwt-gateway.sh: a stand-in for the JWT authentication ClickHouse Cloud
// does, placed in front of a self-hosted server. Verifies an HS256 JWT with the shared secret (the file
// `secret` next to nginx.conf), checks `exp` and `nbf`, and yields the `sub` claim, which nginx forwards as
// X-ClickHouse-User. Written for njs 0.7.9 (Debian 12): `js_set` handlers must be synchronous, so this uses
// only crypto.createHmac, Buffer and fs.readFileSync.
//
// nginx calls `error` and `subject` once per reference of $jwt_error / $jwt_sub; both redo the (cheap) check
// rather than share state between calls.

import crypto from 'crypto';
import fs from 'fs';

const kPart = /^[A-Za-z0-9_-]+$/;
// The ClickHouse user name goes into a request header: keep it to characters that cannot split headers.
const kSubject = /^[A-Za-z0-9_.@-]{1,128}$/;

function bearerToken(r) {
    const header = r.headersIn['Authorization'];
    if (!header) {
        return null;
    }
    const match = /^Bearer[ ]+([^ ]+)[ ]*$/i.exec(header);
    return match ? match[1] : null;
}

function decodeJson(part) {
    try {
        const value = JSON.parse(Buffer.from(part, 'base64url').toString());
        return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
    } catch (e) {
        return null;
    }
}

// Compares two base64url strings in time that depends only on their lengths.
function sameSignature(a, b) {
    if (a.length !== b.length) {
        return false;
    }
    let diff = 0;
    for (let i = 0; i < a.length; i++) {
        diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
    }
    return diff === 0;
}

function isTime(value) {
    return typeof value === 'number' && isFinite(value);
}

// Returns the claims of a valid token, or {error: message}. Messages never include the token.
function verify(r) {
    const token = bearerToken(r);
    if (!token) {
        return {error: 'missing bearer token'};
    }
    // A password next to a token means the client mixes two ways of authenticating: refuse it rather than
    // let one of them win silently.
    if (r.headersIn['X-ClickHouse-Key'] || r.args.password !== undefined) {
        return {error: 'password not accepted with a bearer token'};
    }
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((p) => kPart.test(p))) {
        return {error: 'malformed token'};
    }
    const header = decodeJson(parts[0]);
    const claims = decodeJson(parts[1]);
    if (!header || !claims) {
        return {error: 'malformed token'};
    }
    if (header.alg !== 'HS256') {
        return {error: 'unsupported token algorithm (expected HS256)'};
    }
    const secret = fs.readFileSync(ngx.conf_prefix + 'secret');
    const signingInput = parts[0] + '.' + parts[1];
    const expected = crypto.createHmac('sha256', secret).update(signingInput).digest('base64url');
    if (!sameSignature(expected, parts[2])) {
        return {error: 'invalid token signature'};
    }
    const now = Date.now() / 1000;
    if (claims.exp !== undefined && !isTime(claims.exp) || claims.nbf !== undefined && !isTime(claims.nbf)) {
        return {error: 'malformed token: exp and nbf must be numbers'};
    }
    if (claims.exp !== undefined && now >= claims.exp) {
        return {error: 'token expired'};
    }
    if (claims.nbf !== undefined && now < claims.nbf) {
        return {error: 'token not yet valid'};
    }
    if (typeof claims.sub !== 'string' || !kSubject.test(claims.sub)) {
        return {error: 'malformed token: sub must name a ClickHouse user'};
    }
    return claims;
}

/// $jwt_error: empty for a valid token, else the reason to refuse the request.
function error(r) {
    const result = verify(r);
    return result.error || '';
}

/// $jwt_sub: the ClickHouse user of a valid token, else empty.
function subject(r) {
    const result = verify(r);
    return result.error ? '' : result.sub;
}

export default {error, subject};
