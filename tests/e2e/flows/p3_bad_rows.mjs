// Issue 12, problem 3: bad rows. Schema detection shows the rows it could not parse (with line
// numbers) instead of refusing; the Transfer step offers "stop" or "skip up to N, write a rejects
// file"; skipping loads the good rows and the rejects file can be downloaded. After a stop, the result offers
// to skip the bad rows and load the rest (issue 17).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../lib/check.mjs';
import { screenshots, startButton, startImport, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'problem 3: bad rows are shown with line numbers; skip up to N with a rejects file, or stop';

const kRows = 1500;

/** id,name,amount with a short row and a long row at the given (1-based, header = 1) lines. */
function writeWithBadRows(path, badLines) {
  const lines = ['id,name,amount'];
  for (let i = 1; i <= kRows; i += 1) {
    const line = lines.length + 1;
    if (line === badLines[0]) lines.push(`${i},short row`);
    else if (line === badLines[1]) lines.push(`${i},long row,1.5,extra`);
    else lines.push(`${i},name ${i},${(i % 100) / 4}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p3-bad-rows');
  // With a server that reports bad sample rows, the first bad row is near the top (it used to block
  // Load Columns); otherwise both lie beyond the 1000-row sample.
  const bad = env.can.badRows ? [3, 1400] : [1200, 1400];
  if (!env.can.badRows) env.skip.skipped.push('bad rows in the schema sample (POST /api/file/schema bad_rows)');
  writeWithBadRows(join(env.dataDir, 'bad_rows.csv'), bad);

  await startImport(page, env, 'bad_rows.csv');
  await page.getByRole('checkbox', { name: 'amount', exact: true }).waitFor();
  if (env.can.badRows) {
    const table = stepRegion(page, 4).getByRole('table', { name: 'Rows that could not be read' });
    await table.waitFor();
    const text = (await table.textContent()) ?? '';
    check(text.includes('3'), `the bad rows table names line 3: "${text}"`);
    await shot(page, 'sample-bad-rows', 4);
  }

  // Skip up to 10 bad rows.
  await page.getByRole('combobox', { name: 'Target table' }).fill('bad_skip');
  await page.getByRole('radio', { name: /Skip it, up to/ }).check();
  await page.getByRole('spinbutton', { name: 'Most bad rows to skip' }).fill('10');
  await shot(page, 'skip-chosen', 7);
  await startButton(page).click();
  check((await waitForFinish(page)).includes('Completed'), 'the import with skipping completes');
  const result = stepRegion(page, 7);
  await result.getByText(`Completed: ${(kRows - 2).toLocaleString('en-US')} rows loaded into bad_skip`).waitFor();
  // The counts add up: every record read is loaded or in the rejects file (issue 17).
  await result.getByText(`${kRows.toLocaleString('en-US')} rows read = ${(kRows - 2).toLocaleString('en-US')} loaded + 2 bad rows skipped, written to bad_rows.csv.rejects.csv.`).waitFor();
  await shot(page, 'skipped', 7);
  checkEqual(
    (await env.clickhouse.sql(`SELECT count(), sum(id) FROM ${env.database}.bad_skip FORMAT TSV`)).trim(),
    `${kRows - 2}\t${(kRows * (kRows + 1)) / 2 - (bad[0] - 1) - (bad[1] - 1)}`,
    'rows and sum(id) in bad_skip',
  );
  const link = result.getByRole('link', { name: 'Download the rejected rows' });
  const rejects = await (await page.request.get(new URL(await link.getAttribute('href'), env.url).toString())).text();
  check(rejects.includes('short row') && rejects.includes('long row'), `the rejects file holds both bad rows: ${rejects.slice(0, 300)}`);
  check(rejects.startsWith('line,reason,record\n1,header,"id,name,amount"\n'), `the rejects file has line, reason and record: ${rejects.slice(0, 120)}`);
  // The Jobs panel offers the same file.
  await page.getByRole('region', { name: 'Jobs' }).getByRole('link', { name: /Download rejects/ }).first().waitFor();

  // Stop at the first bad row: nothing is loaded, and the page says where and why.
  await page.getByRole('button', { name: 'Start a new transfer' }).click();
  await page.getByRole('combobox', { name: 'Target table' }).fill('bad_stop');
  await page.getByRole('radio', { name: 'Stop (nothing is loaded)' }).check();
  await startButton(page).click();
  const final = await waitForFinish(page);
  check(final.includes('Error'), `the import stops: "${final}"`);
  const headline = (await result.locator('.result-headline').textContent()) ?? '';
  check(new RegExp(`^0 rows loaded; stopped at line ${bad[0]}: .+`).test(headline), `the failure says where: "${headline}"`);
  check(!/\\r|\\n/.test(headline), 'no escape sequences in the message');
  await result.getByText(/[\d,]+ rows? read from the file\./).waitFor();
  await shot(page, 'stopped', 7);
  await env.skip.when(env.can.dropsFailedCreate, 'dropping a table created by a failed job', async () => {
    checkEqual((await env.clickhouse.sql(`EXISTS TABLE ${env.database}.bad_stop`)).trim(), '0', 'bad_stop was dropped');
  });
  if (!env.can.dropsFailedCreate) {
    const left = await env.clickhouse.sql(`SELECT count() FROM ${env.database}.bad_stop`).catch(() => '0');
    checkEqual(left.trim(), '0', 'no rows in bad_stop');
  }

  // The failure offers the way out: skip the bad rows and load the rest, in one click.
  const skip = result.getByRole('button', { name: 'Skip bad rows and load the rest' });
  await skip.waitFor();
  await skip.click();
  check((await waitForFinish(page)).includes('Completed'), 'skipping after the failure completes');
  await result.getByText(`Completed: ${(kRows - 2).toLocaleString('en-US')} rows loaded into bad_stop`).waitFor();
  await shot(page, 'skipped-after-stop', 7);
  checkEqual(
    (await env.clickhouse.sql(`SELECT count() FROM ${env.database}.bad_stop FORMAT TSV`)).trim(),
    `${kRows - 2}`,
    'rows in bad_stop after skipping',
  );
}
