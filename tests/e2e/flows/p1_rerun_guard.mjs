// Issue 12, problem 1: a completed import is not run again by a second click. The Start button turns
// into "Start a new transfer"; starting again asks first (409 from the server) and loads only on
// "Load it again".
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../lib/check.mjs';
import { screenshots, startButton, startImport, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'problem 1: after success, Start becomes "Start a new transfer"; a re-run asks first';

const kRows = 200;

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p1-rerun');
  const table = 'rerun_t';
  const count = async () => Number((await env.clickhouse.sql(`SELECT count() FROM ${env.database}.${table}`)).trim());
  writeFileSync(join(env.dataDir, 'rerun.csv'), `id,name\n${Array.from({ length: kRows }, (_, i) => `${i + 1},n${i + 1}`).join('\n')}\n`);

  await startImport(page, env, 'rerun.csv');
  await page.getByRole('checkbox', { name: 'name', exact: true }).waitFor();
  await page.getByRole('combobox', { name: 'Target table' }).fill(table);
  await startButton(page).click();
  check((await waitForFinish(page)).includes('Completed'), 'the first import completes');
  checkEqual(await count(), kRows, 'rows after the first import');

  // The Start button is gone; a new transfer is an explicit choice that starts nothing by itself.
  const again = page.getByRole('button', { name: 'Start a new transfer' });
  await again.waitFor();
  checkEqual(await startButton(page).count(), 0, 'no Start button right after success');
  await shot(page, 'completed', 7);
  await again.click();
  await startButton(page).waitFor();
  checkEqual(await count(), kRows, 'rows after "Start a new transfer" (nothing ran)');
  // The table exists now: the mode follows it.
  check(await page.getByRole('radio', { name: /^Append/ }).isChecked(), 'append is chosen for the existing table');
  await shot(page, 'ready-again', 7);

  await startButton(page).click();
  await env.skip.when(env.can.rerunGuard, 'the 409 re-run guard of POST /api/jobs', async () => {
    const question = stepRegion(page, 7).getByRole('alert').filter({ hasText: 'Already loaded' });
    await question.waitFor();
    const text = (await question.textContent()) ?? '';
    check(
      new RegExp(`This file was already loaded into ${table} (at|on .+ at) \\d\\d:\\d\\d \\(${kRows} rows\\) — load it again\\?`).test(text),
      `the question names table, time and rows: "${text}"`,
    );
    checkEqual(await page.evaluate(() => document.activeElement?.textContent), 'Load it again', 'focus on the question');
    checkEqual(await count(), kRows, 'nothing loaded while asking');
    await shot(page, 'asks', 7);

    // "Do not load" leaves everything as it was.
    await page.getByRole('button', { name: 'Do not load' }).click();
    await startButton(page).waitFor();
    checkEqual(await count(), kRows, 'rows after "Do not load"');

    // Asked again, and this time loaded on purpose.
    await startButton(page).click();
    await page.getByRole('button', { name: 'Load it again' }).click();
    check((await waitForFinish(page)).includes('Completed'), 'the explicit re-run completes');
    checkEqual(await count(), 2 * kRows, 'rows after "Load it again"');
    await shot(page, 'loaded-again', 7);
  });
  if (!env.can.rerunGuard) await waitForFinish(page);
}
