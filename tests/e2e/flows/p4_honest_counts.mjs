// Issue 12, problem 4: honest counts. A failed import says "0 rows loaded; stopped at line N: reason"
// with the rows read apart, and the existing table keeps exactly its rows; a cancelled import says
// what was committed (0: all or nothing); nothing claims rows were appended when none were.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual, eventually } from '../lib/check.mjs';
import { screenshots, startButton, startImport, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'problem 4: failed and cancelled imports show what is in the table, not what was read';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p4-counts');
  const sql = env.clickhouse.sql;
  await sql(`CREATE TABLE ${env.database}.honest_t (id UInt32, name String) ENGINE = MergeTree ORDER BY id`);
  await sql(`INSERT INTO ${env.database}.honest_t SELECT number, toString(number) FROM numbers(10)`);
  const lines = ['id,name'];
  for (let i = 1; i <= 3000; i += 1) lines.push(lines.length + 1 === 2500 ? `${i}` : `${i},n${i}`);
  writeFileSync(join(env.dataDir, 'honest.csv'), `${lines.join('\n')}\n`);

  await startImport(page, env, 'honest.csv');
  await page.getByRole('checkbox', { name: 'name', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill('honest_t');
  check(await page.getByRole('radio', { name: /^Append/ }).isChecked(), 'an existing table is appended to');
  await stepRegion(page, 6).getByText(`Rows will be added to ${env.database}.honest_t.`).waitFor();
  // The load plan (issue 9) is shown before Start.
  await env.skip.when(env.can.loadPlan, 'the load plan (POST /api/clickhouse/load_plan)', async () => {
    const plan = stepRegion(page, 7).locator('.plan');
    await plan.getByText('How it loads:').waitFor();
    check(/all or nothing/.test((await plan.textContent()) ?? ''), 'the plan says whether it is all or nothing');
    await shot(page, 'plan', 7);
  });
  await startButton(page).click();
  const final = await waitForFinish(page);
  check(final.includes('Error'), `the import fails: "${final}"`);
  const step = stepRegion(page, 7);
  const headline = (await step.locator('.result-headline').textContent()) ?? '';
  check(/^0 rows loaded; stopped at line 2500: .+/.test(headline), `the failure says what is loaded and where it stopped: "${headline}"`);
  await step.getByText('honest_t is as it was before.').waitFor();
  await step.getByText(/[\d,]+ rows? read from the file\./).waitFor();
  // "Rows loaded" and "Rows read" are two numbers.
  checkEqual(await step.locator('.stats dt').first().textContent(), 'Rows read', 'the first counter is rows read');
  checkEqual(await step.locator('.stats div', { hasText: 'Rows loaded' }).locator('dd').textContent(), '0', 'rows loaded after the failure');
  check(!/Rows are appended/.test((await page.textContent('main')) ?? ''), 'nothing says rows were appended');
  checkEqual((await sql(`SELECT count() FROM ${env.database}.honest_t`)).trim(), '10', 'honest_t keeps exactly its 10 rows');
  await shot(page, 'failed', 7);

  // Replace (issue 9's atomic truncate-then-load): only the file's rows are left.
  await env.skip.when(env.can.replace, 'replace mode of POST /api/jobs', async () => {
    writeFileSync(join(env.dataDir, 'honest_replace.csv'), 'id,name\n100,x\n200,y\n300,z\n');
    await page.getByRole('button', { name: 'Refresh the file list' }).click();
    await page.getByLabel('File in the data directory').locator('option[value="honest_replace.csv"]').waitFor({ state: 'attached' });
    await page.getByLabel('File in the data directory').selectOption('honest_replace.csv');
    await page.getByRole('checkbox', { name: 'name', exact: true }).waitFor();
    await page.getByRole('radio', { name: /^Replace/ }).check();
    await stepRegion(page, 6).getByText(/will be replaced once the new ones are all in/).waitFor();
    await startButton(page).click();
    check((await waitForFinish(page)).includes('Completed'), 'replace completes');
    checkEqual((await sql(`SELECT count(), sum(id) FROM ${env.database}.honest_t FORMAT TSV`)).trim(), '3\t600', 'only the new rows are left');
    await shot(page, 'replaced', 7);
    await page.getByRole('button', { name: 'Start a new transfer' }).click();
  });

  // A cancelled import of a new table.
  const big = ['n,label'];
  for (let i = 0; i < 1_500_000; i += 1) big.push(`${i},label ${i * 7919} with some padding text`);
  writeFileSync(join(env.dataDir, 'honest_big.csv'), `${big.join('\n')}\n`);
  await page.getByRole('button', { name: 'Refresh the file list' }).click();
  await page.getByLabel('File in the data directory').locator('option[value="honest_big.csv"]').waitFor({ state: 'attached' });
  await page.getByLabel('File in the data directory').selectOption('honest_big.csv');
  await page.getByRole('checkbox', { name: 'label', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill('honest_cancel');
  await startButton(page).click();
  await eventually(async () => Number(((await step.locator('.stats dd').first().textContent()) ?? '0').replace(/\D/g, '')) > 0, {
    what: 'rows to be read',
    timeoutMs: 30_000,
    intervalMs: 50,
  });
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  const cancelled = await waitForFinish(page, 60_000);
  if (cancelled.includes('Completed')) {
    env.skip.skipped.push('cancel of an import (it completed before Cancel arrived)');
    return;
  }
  check(cancelled.includes('Cancelled'), `the import is cancelled: "${cancelled}"`);
  const text = (await step.locator('.result-headline').textContent()) ?? '';
  checkEqual(text, 'Cancelled: 0 rows loaded (all or nothing).', 'the cancelled headline');
  await step.getByText(/[\d,]+ rows? read from the file\./).waitFor();
  await shot(page, 'cancelled', 7);
  const left = (await sql(`SELECT count() FROM ${env.database}.honest_cancel`).catch(() => '0')).trim();
  checkEqual(left, '0', 'rows in honest_cancel after the cancel');
  const card = page.getByRole('region', { name: 'Jobs' }).getByRole('listitem').first();
  await card.getByText('Cancelled', { exact: true }).waitFor();
  check(/0 loaded of [\d,]+ read/.test((await card.textContent()) ?? ''), 'the job card counts 0 loaded');
}
