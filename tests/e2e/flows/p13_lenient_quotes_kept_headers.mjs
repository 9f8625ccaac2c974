// The API's lenient quotes (`quotes: "lenient"`) and kept repeated headers (`repeated_headers: "keep"`)
// as checkboxes of the file step: a file with inch marks in unquoted fields (5" pipe) and a header line
// repeated in the middle is first read with its bad rows shown; with both boxes ticked it loads every
// line, the quote as a character and the repeated header as a row of data.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkEqual } from '../lib/check.mjs';
import { screenshots, startButton, startImport, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'lenient quotes and kept repeated headers: checkboxes of the file step, rows in ClickHouse';

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p13-lenient-keep');
  const sql = env.clickhouse.sql;
  const lines = ['id,item,size', '1,5" pipe,small', '2,"quoted, fine",big', 'id,item,size', '3,12" ruler,long'];
  writeFileSync(join(env.dataDir, 'inch_marks.csv'), `${lines.join('\n')}\n`);

  await startImport(page, env, 'inch_marks.csv');
  await page.getByRole('checkbox', { name: 'item', exact: true }).waitFor();
  const lenient = page.getByRole('checkbox', { name: 'Quotes inside values are text (5" pipe)' });
  const keep = page.getByRole('checkbox', { name: 'Load rows that repeat the header as data' });
  check(!(await lenient.isChecked()) && !(await keep.isChecked()), 'both options are off by default');
  const badRows = stepRegion(page, 4).getByRole('table', { name: 'Rows that could not be read' });
  if (env.can.badRows) {
    await badRows.waitFor();
    const text = (await badRows.textContent()) ?? '';
    check(text.includes('2') && text.includes('5'), `strict quotes: lines 2 and 5 cannot be read: "${text}"`);
  }
  await shot(page, 'strict-bad-rows', 4);

  await lenient.check();
  await keep.check();
  if (env.can.badRows) await badRows.waitFor({ state: 'detached' });
  await shot(page, 'lenient-keep', 3);

  await page.getByRole('combobox', { name: 'Target table' }).fill('inch_marks');
  check(await page.getByRole('radio', { name: /Create a new table/ }).isChecked(), 'a new table is created');
  await startButton(page).click();
  const final = await waitForFinish(page);
  check(final.includes('Completed'), `the import completes: "${final}"`);
  await stepRegion(page, 7).getByText('Completed: 4 rows loaded into inch_marks').waitFor();
  await shot(page, 'loaded', 7);

  checkEqual(
    (
      await sql(
        `SELECT count(), countIf(item = '5" pipe'), countIf(item = '12" ruler'), countIf(id = 'id' AND size = 'size') ` +
          `FROM ${env.database}.inch_marks FORMAT TSV`,
      )
    ).trim(),
    '4\t1\t1\t1',
    'rows of inch_marks: quotes kept as characters, the repeated header loaded as a row',
  );
}
