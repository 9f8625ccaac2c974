// ClickHouse -> file with orders LEFT JOIN customers: connect, pick columns across both tables,
// preview, export, then check the file on disk and the download link. Orders without a customer get NULL
// (SQL semantics, the default): NULL in the preview, an empty unquoted field in the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual, parseSimpleCsv } from '../lib/check.mjs';
import { fillConnection, screenshots, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'export: orders LEFT JOIN customers to a CSV file';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'export');
  const output = 'orders_with_customers.csv';
  await page.goto(env.url);
  await page.getByRole('heading', { name: /Direction/ }).waitFor();
  await page.getByRole('radio', { name: 'ClickHouse → file' }).check();
  await shot(page, 'start');

  // Step 2: connect and see the tables.
  await fillConnection(page, { port: env.clickhouse.port, database: env.database, user: 'default', password: '' });
  await page.getByRole('button', { name: 'Connect' }).click();
  const tables = stepRegion(page, 2).getByRole('table');
  await tables.getByRole('cell', { name: 'orders', exact: true }).waitFor();
  await tables.getByRole('cell', { name: 'customers', exact: true }).waitFor();
  await shot(page, 'connected', 2);

  // Step 3: the source table; its columns load by themselves.
  await page.getByLabel('Source table').selectOption('orders');
  await page.getByRole('checkbox', { name: 'customer_id', exact: true }).waitFor();

  // Step 4: LEFT JOIN customers ON orders.customer_id = customers.id.
  await page.getByRole('button', { name: 'Add table' }).click();
  await page.getByLabel('Join 1 Table').selectOption('customers');
  await page.getByLabel('Join 1 Join type').selectOption('LEFT');
  const right = page.getByLabel('Join 1 key 1 Right column');
  await right.locator('option[value="id"]').waitFor({ state: 'attached' });
  await page.getByLabel('Join 1 key 1 Left column').selectOption('orders.customer_id');
  await right.selectOption('id');
  const nulls = page.getByRole('checkbox', { name: 'Rows without a match get NULL, as in SQL' });
  check(await nulls.isChecked(), 'rows without a match get NULL by default');
  await shot(page, 'join', 4);

  // A RIGHT SEMI join returns only the customers' columns (ClickHouse 18 runs it as an IN over the keys): the
  // orders' columns are no longer offered, so the preview answers rows instead of refusing a dropped column.
  await page.getByLabel('Join 1 Join type').selectOption('RIGHT SEMI');
  await page.getByRole('checkbox', { name: 'customers.country', exact: true }).waitFor();
  await page.getByRole('checkbox', { name: 'orders.id', exact: true }).waitFor({ state: 'detached' });
  checkEqual(await page.getByRole('checkbox', { name: /^orders\./ }).count(), 0, 'orders columns offered after a RIGHT SEMI join');
  await stepRegion(page, 3).getByText('3 of 3 columns selected').waitFor();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const semiGrid = page.getByRole('table', { name: 'Preview' });
  await semiGrid.waitFor();
  checkEqual(
    (await semiGrid.getByRole('columnheader').allTextContents()).slice(1).map((h) => h.split(',')[0]).join(' '),
    'id name country',
    'RIGHT SEMI preview columns',
  );
  // customer_id runs 1..25 over the orders: every one of the customers has an order.
  checkEqual(await semiGrid.locator('tbody tr').count(), env.customers, 'RIGHT SEMI preview rows (customers with an order)');
  await shot(page, 'right-semi', 4);
  await page.getByLabel('Join 1 Join type').selectOption('LEFT');
  await stepRegion(page, 3).getByText('7 of 7 columns selected').waitFor();

  // The column list now holds both tables, qualified; pick three.
  await page.getByRole('checkbox', { name: 'customers.name', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Select none' }).click();
  for (const column of ['orders.id', 'orders.amount', 'customers.name']) {
    await page.getByRole('checkbox', { name: column, exact: true }).check();
  }
  await stepRegion(page, 3).getByText('3 of 7 columns selected').waitFor();
  await shot(page, 'columns', 3);

  // Step 5: preview the first 100 rows.
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const grid = page.getByRole('table', { name: 'Preview' });
  await grid.waitFor();
  const headers = await grid.getByRole('columnheader').allTextContents();
  checkEqual(headers.length, 4, 'preview header cells (row number + 3 columns)');
  const previewRows = await grid.locator('tbody tr').count();
  checkEqual(previewRows, 100, 'preview rows');
  // Order 21 has customer 21, which does not exist: its name is NULL, not an empty string.
  const order21 = grid.locator('tbody tr').filter({ has: page.getByRole('cell', { name: '21', exact: true }) }).first();
  checkEqual((await order21.getByRole('cell').allTextContents()).at(-1), 'NULL', 'preview: the name of order 21 (no customer)');
  // The row-count hint: a LEFT JOIN on a unique key keeps one row per order.
  await page.getByRole('status').filter({ hasText: `The join returns ${env.orders} rows.` }).waitFor();
  await shot(page, 'preview', 5);

  // Step 6: the output file, named after the table until a name is typed.
  checkEqual(await page.getByLabel('Output file name').inputValue(), 'orders.csv', 'default output name');
  await page.getByLabel('Output file name').fill(output);
  checkEqual(await page.getByLabel('Delimiter', { exact: true }).inputValue(), ',', 'delimiter of a .csv');
  check(await page.getByRole('checkbox', { name: 'First row is a header' }).isChecked(), 'the header toggle is on by default');
  await shot(page, 'output-file', 6);

  // Step 7: start, follow progress to Completed.
  await page.getByRole('button', { name: 'Start export' }).click();
  const final = await waitForFinish(page);
  await shot(page, 'finished', 7);
  check(final.includes('Completed'), `the status reads Completed, not "${final}"`);
  await page.getByText(`Completed: ${env.orders.toLocaleString('en-US')} rows exported to ${output}`).waitFor();
  const progress = page.getByRole('progressbar', { name: 'Transfer progress' });
  checkEqual(await progress.getAttribute('aria-valuenow'), '100', 'progress at the end');
  await shot(page, 'page');

  // The file on disk: a header and one line per order, with the customers' names joined in.
  const text = readFileSync(join(env.dataDir, output), 'utf8');
  const rows = parseSimpleCsv(text);
  checkEqual(rows.length, env.orders + 1, 'lines in the exported file (header + rows)');
  const header = rows[0];
  checkEqual(header.length, 3, 'header fields');
  check(/id$/.test(header[0]) && /amount$/.test(header[1]) && /name$/.test(header[2]), `header is id, amount, name: ${header.join(',')}`);
  // ClickHouse's own answer with SQL semantics; its CSV writes NULL as \N.
  const expected = new Map(
    parseSimpleCsv(
      await env.clickhouse.sql(
        `SELECT o.id, o.amount, c.name FROM ${env.database}.orders AS o ALL LEFT JOIN ${env.database}.customers AS c ON o.customer_id = c.id SETTINGS join_use_nulls = 1 FORMAT CSV`,
      ),
    ).map(([id, amount, customer]) => [id, { amount: Number(amount), customer: customer === '\\N' ? null : customer }]),
  );
  const lines = text.replace(/\r\n/g, '\n').split('\n').slice(1, -1);
  let withoutCustomer = 0;
  for (const [i, [id, amount, customer]] of rows.slice(1).entries()) {
    const want = expected.get(id);
    check(want, `exported order ${id} exists in ClickHouse`);
    check(Math.abs(Number(amount) - want.amount) < 1e-9, `order ${id}: amount ${amount}, expected ${want.amount}`);
    if (want.customer === null) {
      // NULL: nothing after the last delimiter (an empty string would be "").
      check(lines[i].endsWith(',') && !lines[i].endsWith('""'), `order ${id} (no customer) ends in an empty unquoted field: ${lines[i]}`);
      withoutCustomer += 1;
    } else {
      checkEqual(customer, want.customer, `order ${id}: customer name`);
    }
  }
  // customer_id runs 1..25 and customers 1..20: 5 orders in 25 have no customer.
  checkEqual(withoutCustomer, env.orders / 5, 'orders without a customer (NULL name)');
  checkEqual(new Set(rows.slice(1).map((r) => r[0])).size, env.orders, 'distinct order ids in the file');

  // The download link serves the same bytes.
  const link = page.getByRole('link', { name: `Download ${output}` });
  const href = await link.getAttribute('href');
  const downloaded = await page.request.get(new URL(href, env.url).toString());
  checkEqual(downloaded.status(), 200, 'download status');
  checkEqual(await downloaded.text(), text, 'downloaded file content');
}
