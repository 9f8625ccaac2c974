// A wrong password shows a readable authentication error, announced as an alert.
import { check, checkEqual } from '../lib/check.mjs';
import { fillConnection, screenshots, stepRegion } from '../lib/ui.mjs';

export const name = 'error: a wrong password is reported readably (and the HTTPS port switch)';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'auth-error');
  await page.goto(env.url);
  // The HTTPS switch moves the port between the two defaults.
  const port = page.getByLabel('Port', { exact: true });
  checkEqual(await port.inputValue(), '8123', 'default port');
  await page.getByRole('switch', { name: 'Use HTTPS' }).check();
  checkEqual(await port.inputValue(), '8443', 'port with HTTPS');
  await page.getByRole('switch', { name: 'Use HTTPS' }).uncheck();
  checkEqual(await port.inputValue(), '8123', 'port without HTTPS');

  await fillConnection(page, { port: env.clickhouse.port, database: env.database, user: 'ferry', password: 'not-the-password' });
  await page.getByRole('button', { name: 'Connect' }).click();
  const alert = stepRegion(page, 2).getByRole('alert');
  await alert.waitFor();
  const text = (await alert.textContent()) ?? '';
  await shot(page, 'alert', 2);
  check(/authenticat/i.test(text), `the alert mentions authentication: "${text}"`);
  check(!text.includes('{') && !/undefined|\[object/.test(text), `the alert is prose, not raw data: "${text}"`);
  check((await stepRegion(page, 2).getByRole('table').count()) === 0, 'no table list after a failed connect');
  check(await page.getByRole('button', { name: 'Start export' }).isDisabled(), 'Start stays disabled');
}
