// Leftovers of issues 15-17 in the browser: a file written "a, b, c" gets the sniffer's proposal to drop the
// spaces (one click ticks the option), and a file whose header repeats in the middle (two exports joined with
// cat) loads its rows only: the result says how many header rows were left out, and the table holds no
// column names as data, with its id column typed as a number.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../lib/check.mjs';
import { screenshots, startButton, startImport, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'dirty leftovers: --trim proposed, repeated header rows left out and counted';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p12-leftovers');
  const sql = env.clickhouse.sql;
  const part = (from) => ['id, name, city', ...[0, 1, 2].map((i) => `${from + i}, Name ${from + i}, City ${from + i}`)];
  writeFileSync(join(env.dataDir, 'joined_parts.csv'), `${[...part(1), ...part(4), ...part(7)].join('\n')}\n`);

  await startImport(page, env, 'joined_parts.csv');
  const warning = page.locator('.sniff-warning');
  await warning.getByText('Values in this file start with a space after each comma - drop those spaces?').waitFor();
  const trim = page.getByRole('checkbox', { name: 'Trim leading spaces (a, b, c)' });
  check(!(await trim.isChecked()), 'trimming is not turned on by itself');
  await shot(page, 'proposal', 3);
  await warning.getByRole('button', { name: 'Drop those spaces' }).click();
  check(await trim.isChecked(), 'the one-click fix ticks the trim option');
  await warning.waitFor({ state: 'detached' });

  // The columns, read with the spaces dropped: names without a leading space.
  await page.getByRole('checkbox', { name: 'city', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill('joined_parts');
  check(await page.getByRole('radio', { name: /Create a new table/ }).isChecked(), 'a new table is created');
  await startButton(page).click();
  const final = await waitForFinish(page);
  check(final.includes('Completed'), `the import completes: "${final}"`);
  const step = stepRegion(page, 7);
  await step.getByText('Completed: 9 rows loaded into joined_parts').waitFor();
  await step.getByText('2 repeated header rows (the header again, up to case and spaces) were left out, not loaded as data.').waitFor();
  await shot(page, 'loaded', 7);

  checkEqual(
    (await sql(`SELECT count(), countIf(name = 'name'), min(name), max(city) FROM ${env.database}.joined_parts FORMAT TSV`)).trim(),
    '9\t0\tName 1\tCity 9',
    'rows of joined_parts (no header rows, no leading spaces)',
  );
  checkEqual(
    (await sql(`SELECT type FROM system.columns WHERE database = '${env.database}' AND table = 'joined_parts' AND name = 'id' FORMAT TSV`)).trim(),
    'Int64',
    'the id column is a number, not a String made by the repeated headers',
  );
}
