// A long export shows live progress and stops on Cancel, leaving no file under the final name.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { check, eventually } from '../lib/check.mjs';
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
  await page.getByLabel('Output file name').fill(output);
  await page.getByRole('button', { name: 'Load Columns' }).click();
  await page.getByRole('checkbox', { name: 'label', exact: true }).waitFor();

  await page.getByRole('button', { name: 'Start Ingestion' }).click();
  const status = page.getByRole('status');
  // Live progress: the row counter moves while the status reads a working phase.
  await eventually(
    async () => {
      const rows = Number(((await stepRegion(page, 8).locator('.stats dd').first().textContent()) ?? '0').replace(/,/g, ''));
      return rows > 0 && /Connecting|Fetching|Ingesting/.test((await status.textContent()) ?? '');
    },
    { what: 'rows to be counted while running', timeoutMs: 30_000, intervalMs: 100 },
  );
  await shot(page, 'running', 8);
  check(await page.getByRole('button', { name: 'Start Ingestion' }).isDisabled(), 'Start is disabled while running');
  check(await page.getByLabel('Source table').isDisabled(), 'the form is locked while running');

  await page.getByRole('button', { name: 'Cancel' }).click();
  const final = await waitForFinish(page, 60_000);
  await shot(page, 'cancelled', 8);
  check(final.includes('Cancelled'), `the status reads Cancelled, not "${final}"`);
  await stepRegion(page, 8).getByText(/Cancelled after [\d,]+ records?/).waitFor();
  check(!existsSync(join(env.dataDir, output)), `no ${output} was left in the data directory`);
  check(await page.getByRole('button', { name: 'Start Ingestion' }).isEnabled(), 'Start is available again');
}
