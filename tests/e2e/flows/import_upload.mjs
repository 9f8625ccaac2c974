// File -> ClickHouse: upload a CSV through the page, read its schema, preview, load it into a new table
// (created by Ferry), then check the row count and a checksum in ClickHouse.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual, eventually } from '../lib/check.mjs';
import { fillConnection, screenshots, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'import: upload a CSV and load it into a new table';

const kRows = 750;

/** people_upload.csv: id, name, score (every 9th empty, i.e. NULL), joined. */
function makeCsv() {
  const lines = ['id,name,score,joined'];
  const people = [];
  for (let i = 1; i <= kRows; i += 1) {
    const name = `Person ${String(i).padStart(4, '0')} ${['Lovelace', 'Hopper', 'Ritchie', 'Liskov'][i % 4]}`;
    const score = i % 9 === 0 ? null : Math.round(((i * 37) % 1000) * 25) / 100;
    const joined = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    lines.push(`${i},${name},${score ?? ''},${joined}`);
    people.push({ id: i, name, score });
  }
  return { text: `${lines.join('\n')}\n`, people };
}

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'import');
  const fileName = 'people_upload.csv';
  const table = 'people_imported';
  const { text, people } = makeCsv();

  await page.goto(env.url);
  await page.getByRole('radio', { name: 'File → ClickHouse' }).check();

  // Step 2: as the password-protected user.
  await fillConnection(page, { port: env.clickhouse.port, database: env.database, user: 'ferry', password: 'ferry-secret' });
  await page.getByRole('button', { name: 'Connect' }).click();
  await stepRegion(page, 2).getByRole('cell', { name: 'orders', exact: true }).waitFor();
  await shot(page, 'connected', 2);

  // Step 3: a slow upload reports its progress (Chromium's network emulation throttles it).
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400 * 1024 });
  const filler = Buffer.from('n,square\n' + Array.from({ length: 90_000 }, (_, i) => `${i},${i * i}`).join('\n'));
  await page.getByLabel('Upload a file').setInputFiles({ name: 'slow_upload.csv', mimeType: 'text/csv', buffer: filler });
  const uploadBar = page.getByRole('progressbar', { name: 'Upload progress' });
  await eventually(async () => Number((await uploadBar.getAttribute('aria-valuenow')) ?? 0) > 0, { what: 'upload progress above 0%' });
  await shot(page, 'uploading', 3);
  await stepRegion(page, 3).getByText('Uploaded slow_upload.csv').waitFor({ timeout: 60_000 });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  checkEqual(readFileSync(join(env.dataDir, 'slow_upload.csv')).equals(filler), true, 'slow upload bytes on disk');

  // Upload the file to import; the list then selects it.
  await page.getByLabel('Upload a file').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await stepRegion(page, 3).getByText(`Uploaded ${fileName}`).waitFor({ timeout: 30_000 });
  checkEqual(await page.getByLabel('File in the data directory').inputValue(), fileName, 'selected data file');
  checkEqual(readFileSync(join(env.dataDir, fileName), 'utf8'), text, 'uploaded bytes on disk');
  // Focus moved on to how the file is read, the next thing to check.
  checkEqual(await page.evaluate(() => document.activeElement?.id), 'file-delimiter', 'focus after the upload');
  checkEqual(await page.getByLabel('Delimiter', { exact: true }).inputValue(), ',', 'delimiter of a .csv');
  check(await page.getByRole('checkbox', { name: 'First row is a header' }).isChecked(), 'header toggle on');
  await shot(page, 'uploaded', 3);

  // Step 4: the file's schema loads by itself.
  for (const column of ['id', 'name', 'score', 'joined']) {
    await page.getByRole('checkbox', { name: column, exact: true }).waitFor();
  }
  await stepRegion(page, 4).getByText('4 of 4 columns selected').waitFor();
  checkEqual(await page.getByRole('region', { name: /Join$/ }).count(), 0, 'no Join step for a file source');
  await shot(page, 'columns', 4);

  // Step 5: preview shows 100 rows; missing scores show as NULL.
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const grid = page.getByRole('table', { name: 'Preview' });
  await grid.waitFor();
  checkEqual(await grid.locator('tbody tr').count(), 100, 'preview rows');
  checkEqual(await grid.getByRole('columnheader').count(), 5, 'preview header cells (row number + 4 columns)');
  check((await grid.getByText('NULL', { exact: true }).count()) >= 10, 'empty scores are shown as NULL');
  await shot(page, 'preview', 5);

  // Step 6: a new table, created by Ferry.
  await page.getByRole('combobox', { name: 'Target table' }).fill(table);
  check(await page.getByRole('radio', { name: /Create a new table/ }).isChecked(), 'a new name means a new table');
  await stepRegion(page, 6).getByText('will be created').waitFor();
  await shot(page, 'target', 6);

  // Step 7: go.
  await page.getByRole('button', { name: 'Start import' }).click();
  const final = await waitForFinish(page);
  await shot(page, 'finished', 7);
  check(final.includes('Completed'), `the status reads Completed, not "${final}"`);
  await page.getByText(`Completed: ${kRows.toLocaleString('en-US')} rows loaded into ${table}`).waitFor();
  await shot(page, 'page');

  // ClickHouse has every row, exactly.
  const sql = env.clickhouse.sql;
  const qualified = `${env.database}.${table}`;
  checkEqual((await sql(`SELECT count() FROM ${qualified}`)).trim(), String(kRows), 'rows in ClickHouse');
  const [sumId, nulls, sumScore] = (await sql(`SELECT sum(id), countIf(isNull(score)), round(sum(score), 2) FROM ${qualified} FORMAT TSV`))
    .trim()
    .split('\t');
  checkEqual(Number(sumId), (kRows * (kRows + 1)) / 2, 'sum(id)');
  checkEqual(Number(nulls), people.filter((p) => p.score === null).length, 'NULL scores');
  const expectedScore = Math.round(people.reduce((acc, p) => acc + (p.score ?? 0), 0) * 100) / 100;
  check(Math.abs(Number(sumScore) - expectedScore) < 0.005, `sum(score) ${sumScore}, expected ${expectedScore}`);
  const namesHash = (await sql(`SELECT lower(hex(MD5(arrayStringConcat(groupArray(name), '\\n')))) FROM (SELECT name FROM ${qualified} ORDER BY id)`)).trim();
  const expectedHash = createHash('md5').update(people.map((p) => p.name).join('\n')).digest('hex');
  checkEqual(namesHash, expectedHash, 'MD5 of the names in id order');

  // The table list in step 2 was refreshed and shows the new table.
  await stepRegion(page, 2).getByRole('cell', { name: table, exact: true }).waitFor();
}
