// JWT sign-in. The page decodes the pasted token and warns about expiry and malformed tokens; then a
// real sign-in through a JWT gateway (scripts/jwt-gateway.sh, HS256) lists the tables, and a token
// with a bad signature is refused with a readable error.
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { check, checkEqual } from '../lib/check.mjs';
import { startJwtGateway } from '../lib/harness.mjs';
import { screenshots, stepRegion } from '../lib/ui.mjs';

export const name = 'jwt: token details, expiry warnings, sign-in through a JWT gateway';

const b64url = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

function sign(claims, secret) {
  const head = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'jwt');
  const secret = 'e2e-jwt-secret-please-change';
  await page.goto(env.url);
  await page.getByRole('radio', { name: 'JWT token' }).check();
  const field = page.getByRole('textbox', { name: 'Token' });
  const step = stepRegion(page, 2);
  const now = Math.floor(Date.now() / 1000);

  // Decoding, in the page.
  await field.fill(sign({ sub: 'analyst@example.com', iss: 'https://idp.example.com', exp: now + 3600 }, secret));
  await step.getByText('analyst@example.com').waitFor();
  await step.getByText('https://idp.example.com').waitFor();
  checkEqual(await step.getByRole('alert').count(), 0, 'no alert for a token valid for an hour');
  await shot(page, 'decoded', 2);

  await field.fill(sign({ sub: 'analyst@example.com', iss: 'https://idp.example.com', exp: now + 120 }, secret));
  await step.getByRole('alert').filter({ hasText: 'expires soon' }).waitFor();
  await shot(page, 'expiring', 2);

  await field.fill(sign({ sub: 'analyst@example.com', exp: now - 60 }, secret));
  await step.getByRole('alert').filter({ hasText: 'expired' }).waitFor();
  check(await page.getByRole('button', { name: 'Connect' }).isEnabled(), 'an expired token can still be tried');

  await field.fill('not-a-token');
  await step.getByRole('alert').filter({ hasText: 'Malformed token' }).waitFor();
  check(await page.getByRole('button', { name: 'Connect' }).isDisabled(), 'Connect is disabled for a malformed token');
  await shot(page, 'malformed', 2);

  // A real sign-in: the gateway checks the signature and forwards as the token's subject.
  const gateway = await startJwtGateway(env.root, join(env.tempDir, 'jwt-gateway'), env.clickhouse.port, secret);
  try {
    await page.getByLabel('Host').fill('127.0.0.1');
    await page.getByLabel('Port', { exact: true }).fill(String(gateway.port));
    await page.getByLabel('Database').fill(env.database);
    await page.getByLabel('User').fill('default');
    await field.fill(sign({ sub: 'default', iss: 'ferry-e2e', exp: now + 600 }, secret));
    await page.getByRole('button', { name: 'Connect' }).click();
    await step.getByRole('cell', { name: 'orders', exact: true }).waitFor();
    await shot(page, 'signed-in', 2);

    await field.fill(sign({ sub: 'default', exp: now + 600 }, 'some-other-secret'));
    await page.getByRole('button', { name: 'Connect' }).click();
    const alert = step.getByRole('alert');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    check(/authenticat|signature|token|denied|401/i.test(text), `a refused token is explained: "${text}"`);
    check(!text.includes('{'), `the alert is prose, not raw data: "${text}"`);
    await shot(page, 'refused', 2);
  } finally {
    gateway.stop();
  }

  // Secrets never reach web storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  check(!stored.includes('eyJ') && !stored.includes('not-a-token'), `no token in web storage: ${stored}`);
}
