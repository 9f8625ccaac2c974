// Issue 13: many files in, many files out. Three CSV files uploaded at once load as one import into a new
// table whose amount column is typed from every file (the first has only whole numbers); then a split
// export writes numbered files whose manifest the page lists, with a link for each file and the manifest.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual, eventually } from '../lib/check.mjs';
import { connect, screenshots, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'issue 13: three files as one import, a split export with its manifest';

const kPerFile = 40;

/** part-N.csv: id, amount; the first file's amounts are whole numbers, the others have cents. */
function makeFiles() {
  const files = [];
  let total = 0;
  for (let part = 1; part <= 3; part += 1) {
    const lines = ['id,amount'];
    for (let i = 1; i <= kPerFile; i += 1) {
      const id = (part - 1) * kPerFile + i;
      const cents = part === 1 ? id * 100 : id * 100 + (id % 97);
      total += cents;
      lines.push(`${id},${part === 1 ? String(cents / 100) : (cents / 100).toFixed(2)}`);
    }
    files.push({ name: `part-${part}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  }
  return { files, totalCents: total };
}

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p10-many');
  const table = 'many_imported';
  const { files, totalCents } = makeFiles();

  await page.goto(env.url);
  await page.getByRole('radio', { name: 'File → ClickHouse' }).check();
  await connect(page, env);

  // Step 3: a folder of the data directory picked whole (its data files only).
  mkdirSync(join(env.dataDir, 'drop'), { recursive: true });
  writeFileSync(join(env.dataDir, 'drop', 'x.csv'), 'id,amount\n1,1\n');
  writeFileSync(join(env.dataDir, 'drop', 'y.csv.gz'), Buffer.alloc(0));
  writeFileSync(join(env.dataDir, 'drop', 'notes.md'), 'not data\n');
  await page.getByRole('button', { name: 'Refresh the file list' }).click();
  await page.getByText('Import several files, or a folder, as one job').click();
  await page.getByLabel('Folder in the data directory').selectOption('drop');
  await page.getByRole('button', { name: 'Pick every file in it' }).click();
  const picked = page.getByRole('list', { name: 'Files to import' });
  checkEqual(
    (await picked.locator('li .mono').allTextContents()).join(' '),
    'drop/x.csv drop/y.csv.gz',
    'the folder\'s data files',
  );
  await shot(page, 'folder', 3);

  // Three files chosen at once in the upload dialog are one import, listed with their count and size.
  await page.getByLabel('Upload a file').setInputFiles(files);
  await stepRegion(page, 3).getByText('Uploaded 3 files').waitFor({ timeout: 30_000 });
  checkEqual(await picked.getByRole('listitem').count(), 3, 'files in the picked list');
  await stepRegion(page, 3).getByText(/^3 files, /).waitFor();
  for (const file of files) checkEqual(readFileSync(join(env.dataDir, file.name)).equals(file.buffer), true, `${file.name} on disk`);
  await shot(page, 'picked', 3);

  // Step 4: the columns; step 6: a new table, its amount typed from every file's sample.
  await page.getByRole('checkbox', { name: 'amount', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill(table);
  check(await page.getByRole('radio', { name: /Create a new table/ }).isChecked(), 'a new name means a new table');
  const amountType = page.getByRole('combobox', { name: 'Type of column amount' });
  await eventually(async () => (await amountType.inputValue()) === 'Float64', { what: 'amount typed Float64 from every file, not Int64 from the first' });
  await shot(page, 'target', 6);

  await page.getByRole('button', { name: 'Start import' }).click();
  check((await waitForFinish(page)).includes('Completed'), 'the import completes');
  await stepRegion(page, 7).getByText(`Completed: ${3 * kPerFile} rows loaded into ${table}`).waitFor();
  await stepRegion(page, 7).getByText('3 files', { exact: true }).waitFor();
  const card = page.getByRole('region', { name: 'Jobs' }).getByRole('listitem').filter({ hasText: 'part-1.csv + 2 more' }).first();
  await card.getByText('3 files', { exact: true }).waitFor();
  await shot(page, 'imported', 7);

  // ClickHouse has every row of every file, exactly.
  const sql = env.clickhouse.sql;
  const qualified = `${env.database}.${table}`;
  checkEqual((await sql(`SELECT type FROM system.columns WHERE database = '${env.database}' AND table = '${table}' AND name = 'amount'`)).trim(), 'Float64', 'amount type');
  const [count, sumId, cents] = (await sql(`SELECT count(), sum(id), toInt64(round(sum(amount) * 100)) FROM ${qualified} FORMAT TSV`)).trim().split('\t');
  checkEqual(Number(count), 3 * kPerFile, 'rows in ClickHouse');
  checkEqual(Number(sumId), (3 * kPerFile * (3 * kPerFile + 1)) / 2, 'sum(id)');
  checkEqual(Number(cents), totalCents, 'sum(amount) in cents');

  // Export orders in files of 75 rows: orders_split-00001.csv ... with a manifest.
  await page.getByRole('radio', { name: 'ClickHouse → file' }).check();
  await page.getByLabel('Source table').selectOption('orders');
  await page.getByLabel('Output file name').fill('orders_split.csv');
  await page.getByRole('checkbox', { name: /Split the output into several files/ }).check();
  await page.getByLabel('Rows per file').fill('75');
  await stepRegion(page, 6).getByText('orders_split-00001.csv').waitFor();
  await shot(page, 'split-options', 6);
  await page.getByRole('button', { name: 'Start export' }).click();
  check((await waitForFinish(page)).includes('Completed'), 'the split export completes');
  const step = stepRegion(page, 7);
  await step.getByText(`Completed: ${env.orders} rows exported to 3 files listed in orders_split.manifest.json`).waitFor();
  const grid = step.getByRole('table');
  checkEqual(await grid.locator('tbody tr').count(), 3, 'files listed from the manifest');
  await shot(page, 'manifest', 7);

  // The manifest link and each file's link download what is on disk.
  const manifestHref = await step.getByRole('link', { name: /Download the manifest/ }).getAttribute('href');
  const manifest = JSON.parse(await (await page.request.get(new URL(manifestHref, env.url).toString())).text());
  checkEqual(manifest.files.map((f) => f.path).join(' '), 'orders_split-00001.csv orders_split-00002.csv orders_split-00003.csv', 'manifest files');
  checkEqual(manifest.files.map((f) => f.rows).join(' '), '75 75 50', 'rows per file');
  const last = await step.getByRole('link', { name: /orders_split-00003\.csv/ }).getAttribute('href');
  const body = Buffer.from(await (await page.request.get(new URL(last, env.url).toString())).body());
  checkEqual(createHash('sha256').update(body).digest('hex'), manifest.files[2].sha256, 'SHA-256 of the downloaded file');
  checkEqual(body.equals(readFileSync(join(env.dataDir, 'orders_split-00003.csv'))), true, 'downloaded bytes = bytes on disk');
  await shot(page, 'page');
}
