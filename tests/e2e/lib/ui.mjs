// Steps a person takes in the Ferry page, found by role and label.
import { join } from 'node:path';
import { axeProblems } from './axe.mjs';
import { CheckError } from './check.mjs';

export function stepRegion(page, number) {
  return page.getByRole('region', { name: new RegExp(`^Step ${number}:`) });
}

/**
 * Saves a screenshot of one step (or the whole page) to tests/e2e/artifacts/<flow>-<n>-<name>.png,
 * and checks the page as it is with axe-core: a serious or critical violation fails the flow.
 */
export function screenshots(artifactsDir, flow, root = join(artifactsDir, '../../..')) {
  let n = 0;
  return async function shot(page, name, step, { axe = true } = {}) {
    n += 1;
    const path = join(artifactsDir, `${flow}-${String(n).padStart(2, '0')}-${name}.png`);
    if (step) await stepRegion(page, step).screenshot({ path });
    else await page.screenshot({ path, fullPage: true });
    // A moment that does not wait (a running job) skips axe; the next screenshot checks the page.
    // A step's screenshot checks that step; a page screenshot the whole page.
    const problems = axe ? await axeProblems(page, root, step ? `#step-${step}` : null) : [];
    if (problems.length) throw new CheckError(`axe-core at "${name}":\n  ${problems.join('\n  ')}`);
    return path;
  };
}

/** Connects as `user` and waits for the table list. */
export async function connect(page, env, { user = 'default', password = '' } = {}) {
  await fillConnection(page, { port: env.clickhouse.port, database: env.database, user, password });
  await page.getByRole('button', { name: 'Connect' }).click();
  await stepRegion(page, 2).getByRole('cell', { name: 'orders', exact: true }).waitFor();
}

/** Chooses "File -> ClickHouse", connects, and picks a file already in the data directory. */
export async function startImport(page, env, fileName) {
  await page.goto(env.url);
  await page.getByRole('radio', { name: 'File → ClickHouse' }).check();
  await connect(page, env);
  await page.getByRole('button', { name: 'Refresh the file list' }).click();
  await page.getByLabel('File in the data directory').locator(`option[value="${fileName}"]`).waitFor({ state: 'attached' });
  await page.getByLabel('File in the data directory').selectOption(fileName);
}

/** The Start button, whatever it says for the direction. */
export function startButton(page) {
  return page.getByRole('button', { name: /^Start (import|export)$/ });
}

export async function fillConnection(page, { port, database, user, password }) {
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port', { exact: true }).fill(String(port));
  const https = page.getByRole('switch', { name: 'Use HTTPS' });
  if (await https.isChecked()) await https.uncheck();
  await page.getByLabel('Database').fill(database);
  await page.getByLabel('User').fill(user);
  await page.getByRole('radio', { name: 'Password' }).check();
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
}

/** Waits for the status area to read one of the final phases and returns it. */
export async function waitForFinish(page, timeoutMs = 120_000) {
  const status = page.locator('.status[role="status"]').filter({ hasText: /Completed|Error|Cancelled|Interrupted/ });
  await status.waitFor({ timeout: timeoutMs });
  return (await status.textContent()) ?? '';
}
