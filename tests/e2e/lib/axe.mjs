// axe-core (npm, a dev dependency of the web app) run inside the page: the accessibility rules a
// screen-reader user or keyboard user would trip over. Serious and critical findings fail the flow.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

let source = null;

function axeSource(root) {
  if (source === null) {
    const require = createRequire(join(root, 'web/package.json'));
    source = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return source;
}

/**
 * Runs axe over the page, or over one element (a step's section, by CSS selector); returns serious and
 * critical violations as readable lines.
 */
export async function axeProblems(page, root, selector = null) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ content: axeSource(root) });
  const results = await page.evaluate(async (selector) => {
    // Colour contrast of text is checked too; only the two worst impact levels fail a flow.
    const context = selector ? document.querySelector(selector) : document;
    const r = await window.axe.run(context, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, selector);
  return results
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.join(', ')})`);
}
