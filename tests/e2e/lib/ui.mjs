// Steps a person takes in the Ferry page, found by role and label.
import { join } from 'node:path';

export function stepRegion(page, number) {
  return page.getByRole('region', { name: new RegExp(`^Step ${number}:`) });
}

/** Saves a screenshot of one step (or the whole page) to tests/e2e/artifacts/<flow>-<n>-<name>.png. */
export function screenshots(artifactsDir, flow) {
  let n = 0;
  return async function shot(page, name, step) {
    n += 1;
    const path = join(artifactsDir, `${flow}-${String(n).padStart(2, '0')}-${name}.png`);
    if (step) await stepRegion(page, step).screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
    return path;
  };
}

export async function fillConnection(page, { port, database, user, password }) {
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port').fill(String(port));
  const https = page.getByRole('switch', { name: 'Use HTTPS' });
  if (await https.isChecked()) await https.uncheck();
  await page.getByLabel('Database').fill(database);
  await page.getByLabel('User').fill(user);
  await page.getByRole('radio', { name: 'Password' }).check();
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
}

/** Waits for the status area to read one of the final phases and returns it. */
export async function waitForFinish(page, timeoutMs = 120_000) {
  const status = page.getByRole('status').filter({ hasText: /Completed|Error|Cancelled/ });
  await status.waitFor({ timeout: timeoutMs });
  return (await status.textContent()) ?? '';
}
