// Issue 12, problem 7: keyboard focus moves on after an upload and after Start; the focus ring has at
// least 3:1 contrast; status changes are in live regions; a phone (390x844) has no horizontal
// overflow, also with a long job id. axe-core runs at every screenshot (lib/ui.mjs).
import { check, checkEqual } from '../lib/check.mjs';
import { connect, screenshots, startButton, stepRegion, waitForFinish } from '../lib/ui.mjs';

export const name = 'problem 7: focus, focus ring contrast, live regions, phone layout without overflow';

/** WCAG contrast ratio of two "rgb(r, g, b)" colours. */
function contrast(a, b) {
  const lum = (rgb) => {
    const [r, g, bl] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function noOverflow(page, where) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  check(scroll <= width, `${where}: the page is ${scroll} px wide on a ${width} px screen`);
}

export async function run({ page, env, artifactsDir }) {
  const shot = screenshots(artifactsDir, 'p7-a11y');
  await page.goto(env.url);

  // The focus ring, reached with the keyboard.
  await page.getByRole('radio', { name: 'ClickHouse → file' }).focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab');
  await page.getByLabel('Host').focus();
  await page.keyboard.press('Tab'); // Port, by keyboard: :focus-visible applies.
  const ring = await page.evaluate(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    let bg = 'rgb(255, 255, 255)';
    for (let node = el.parentElement; node; node = node.parentElement) {
      const c = getComputedStyle(node).backgroundColor;
      if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') {
        bg = c;
        break;
      }
    }
    return { id: el.id, outline: style.outlineColor, width: parseFloat(style.outlineWidth), styleName: style.outlineStyle, bg };
  });
  checkEqual(ring.id, 'ch-port', 'Tab from Host reaches Port');
  check(ring.styleName !== 'none' && ring.width >= 2, `a visible focus outline (${ring.styleName} ${ring.width}px)`);
  const ratio = contrast(ring.outline, ring.bg);
  check(ratio >= 3, `focus ring contrast ${ratio.toFixed(2)}:1 (${ring.outline} on ${ring.bg})`);

  // Announcements: "Connected — N tables" lives in a status region.
  await connect(page, env);
  const connected = page.getByRole('status').filter({ hasText: /Connected — \d+ tables/ });
  checkEqual(await connected.count(), 1, 'the connection result is announced');

  // Phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await noOverflow(page, 'connected');
  await shot(page, 'phone-connected');
  await page.getByLabel('Source table').selectOption('orders');
  await page.getByRole('checkbox', { name: 'amount', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Add table' }).click();
  await noOverflow(page, 'join');
  await page.getByRole('button', { name: /Remove join 1|Remove/ }).first().click();
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  await page.getByRole('table', { name: 'Preview' }).waitFor();
  await noOverflow(page, 'preview');
  await startButton(page).click();
  check((await waitForFinish(page)).includes('Completed'), 'the export completes');
  // Focus went on to the result, which is announced too.
  check(await page.evaluate(() => document.activeElement?.classList.contains('result')), 'focus on the result after the job');
  check(await page.evaluate(() => document.activeElement?.getAttribute('aria-live') === 'polite'), 'the result is a live region');
  await noOverflow(page, 'finished (long job id)');
  await stepRegion(page, 7).scrollIntoViewIfNeeded();
  await shot(page, 'phone-finished', 7);
  await shot(page, 'phone-page');

  // The import side on a phone, with the schema editor.
  await page.getByRole('radio', { name: 'File → ClickHouse' }).check();
  await page.getByLabel('File in the data directory').selectOption({ index: 1 }).catch(() => undefined);
  await page.getByRole('combobox', { name: 'Target table' }).fill('phone_t');
  await page.waitForTimeout(300);
  await noOverflow(page, 'import target');
  await shot(page, 'phone-import');
}
