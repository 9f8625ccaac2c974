// Issue 12, problem 6: exports say Export; the output is named after the table once it is chosen;
// the delimiter follows the file's extension (a .tsv is tab-separated) unless one is chosen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../lib/check.mjs';
import { connect, screenshots, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'problem 6: export wording, file name after the table, delimiter from the extension';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p6-export');
  await page.goto(env.url);
  await page.getByRole('radio', { name: 'ClickHouse → file' }).check();
  await connect(page, env);
  // The file is named after the table is chosen, not before.
  const output = page.getByLabel('Output file name');
  checkEqual(await output.inputValue(), '', 'no output name before a table is chosen');
  await page.getByLabel('Source table').selectOption('customers');
  await page.getByRole('checkbox', { name: 'country', exact: true }).waitFor();
  checkEqual(await output.inputValue(), 'customers.csv', 'the name follows the table');
  await page.getByLabel('Source table').selectOption('orders');
  checkEqual(await output.inputValue(), 'orders.csv', 'the name follows another table');

  // A .tsv name makes the file tab-separated.
  await output.fill('orders.tsv');
  checkEqual(await page.getByLabel('Delimiter', { exact: true }).inputValue(), 'tab', 'delimiter of a .tsv');
  await stepRegion(page, 6).getByText('tab-separated').waitFor();
  await shot(page, 'tsv', 6);
  const text = (await page.textContent('main')) ?? '';
  check(!/ingest/i.test(text), 'no "Ingest" wording on an export');
  await page.getByRole('button', { name: 'Start export' }).click();
  check((await waitForFinish(page)).includes('Completed'), 'the export completes');
  await stepRegion(page, 7).getByText(`Completed: ${env.orders} rows exported to orders.tsv`).waitFor();
  await shot(page, 'exported', 7);
  const tsv = readFileSync(join(env.dataDir, 'orders.tsv'), 'utf8').split('\n');
  checkEqual(tsv[0], 'id\tcustomer_id\tamount\tcreated', 'header line of orders.tsv');
  checkEqual(tsv[1].split('\t').length, 4, 'tab-separated fields');
  check(!tsv[1].includes(','), `no commas in ${tsv[1]}`);

  // A chosen delimiter wins over the extension.
  await page.getByRole('button', { name: 'Start a new transfer' }).click();
  await page.getByLabel('Delimiter', { exact: true }).selectOption('|');
  await output.fill('orders_pipe.csv');
  checkEqual(await page.getByLabel('Delimiter', { exact: true }).inputValue(), '|', 'the chosen delimiter stays');
  await page.getByRole('button', { name: 'Start export' }).click();
  check((await waitForFinish(page)).includes('Completed'), 'the second export completes');
  const piped = readFileSync(join(env.dataDir, 'orders_pipe.csv'), 'utf8').split('\n');
  checkEqual(piped[0], 'id|customer_id|amount|created', 'header of orders_pipe.csv');
  // The Jobs panel offers the output for download.
  // The card of this export (the panel's order is problem 2's concern, checked there).
  const card = page.getByRole('region', { name: 'Jobs' }).getByRole('listitem').filter({ hasText: 'orders_pipe.csv' }).first();
  const link = card.getByRole('link', { name: /Download output/ });
  const body = await (await page.request.get(new URL(await link.getAttribute('href'), env.url).toString())).text();
  checkEqual(body, piped.join('\n'), 'the downloaded output');
}
