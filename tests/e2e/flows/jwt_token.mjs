// JWT sign-in: the page decodes the pasted token and warns about expiry and malformed tokens.
// (Decoding happens in the browser; the token is checked by ClickHouse only on Connect.)
import { check, checkEqual } from '../lib/check.mjs';
import { screenshots, stepRegion } from '../lib/ui.mjs';

export const name = 'jwt: token details, expiry warning and malformed-token error';

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJl`;

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'jwt');
  await page.goto(env.url);
  await page.getByRole('radio', { name: 'JWT token' }).check();
  const field = page.getByRole('textbox', { name: 'Token' });
  const step = stepRegion(page, 2);
  const now = Math.floor(Date.now() / 1000);

  await field.fill(token({ sub: 'analyst@example.com', iss: 'https://idp.example.com', exp: now + 3600 }));
  await step.getByText('analyst@example.com').waitFor();
  await step.getByText('https://idp.example.com').waitFor();
  checkEqual(await step.getByRole('alert').count(), 0, 'no alert for a token valid for an hour');
  await shot(page, 'valid', 2);

  await field.fill(token({ sub: 'analyst@example.com', iss: 'https://idp.example.com', exp: now + 120 }));
  await step.getByRole('alert').filter({ hasText: 'expires soon' }).waitFor();
  await shot(page, 'expiring', 2);

  await field.fill(token({ sub: 'analyst@example.com', exp: now - 60 }));
  await step.getByRole('alert').filter({ hasText: 'expired' }).waitFor();
  check(await page.getByRole('button', { name: 'Connect' }).isEnabled(), 'an expired token can still be tried');

  await field.fill('not-a-token');
  await step.getByRole('alert').filter({ hasText: 'Malformed token' }).waitFor();
  check(await page.getByRole('button', { name: 'Connect' }).isDisabled(), 'Connect is disabled for a malformed token');
  await shot(page, 'malformed', 2);

  // Secrets never reach web storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  check(!stored.includes('not-a-token') && !stored.includes('c2lnbmF0dXJl'), `no token in web storage: ${stored}`);
}
