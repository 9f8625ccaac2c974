// A long export shows live progress and stops on Cancel, leaving no file under the final name.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual, eventually } from '../lib/check.mjs';
import { fillConnection, screenshots, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'cancel: a running export stops and leaves no output file';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'cancel');
  const output = 'big_numbers.csv';
  await page.goto(env.url);
  await page.getByRole('radio', { name: 'ClickHouse → file' }).check();
  await fillConnection(page, { port: env.clickhouse.port, database: env.database, user: 'default', password: '' });
  await page.getByRole('button', { name: 'Connect' }).click();
  await stepRegion(page, 2).getByRole('cell', { name: 'big_numbers', exact: true }).waitFor();
  await page.getByLabel('Source table').selectOption('big_numbers');
  await page.getByRole('checkbox', { name: 'label', exact: true }).waitFor();
  checkEqual(await page.getByLabel('Output file name').inputValue(), output, 'the output file is named after the table');

  await page.getByRole('button', { name: 'Start export' }).click();
  const status = page.locator('.status[role="status"]');
  // Live progress: the row counter moves while the status reads a working phase.
  await eventually(
    async () => {
      const rows = Number(((await stepRegion(page, 7).locator('.stats dd').first().textContent()) ?? '0').replace(/,/g, ''));
      return rows > 0 && /Connecting|Fetching|Ingesting/.test((await status.textContent()) ?? '');
    },
    { what: 'rows to be counted while running', timeoutMs: 30_000, intervalMs: 100 },
  );
  // Checked at once (the export runs on), then the screenshot and its axe check.
  const running = await page.locator('button.btn-large').evaluate((button) => ({
    label: button.textContent,
    disabled: button.disabled,
    focused: document.activeElement?.textContent,
    locked: document.getElementById('source-table')?.closest('fieldset')?.disabled ?? false,
  }));
  checkEqual(running.label, 'Exporting…', 'the Start button while running');
  check(running.disabled, 'Start is disabled while running');
  checkEqual(running.focused, 'Cancel', 'focus moved to Cancel after Start');
  await shot(page, 'running', 7, { axe: false });
  check(running.locked, 'the form is locked while running');

  await page.getByRole('button', { name: 'Cancel' }).click();
  const final = await waitForFinish(page, 60_000);
  await shot(page, 'cancelled', 7);
  check(final.includes('Cancelled'), `the status reads Cancelled, not "${final}"`);
  await stepRegion(page, 7).getByText(/Cancelled after [\d,]+ rows?; no file was written\./).waitFor();
  check(!existsSync(join(env.dataDir, output)), `no ${output} was left in the data directory`);
  check(await page.getByRole('button', { name: 'Start export' }).isEnabled(), 'Start is available again');
}
