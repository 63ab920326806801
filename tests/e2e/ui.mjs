// Drives code-server in headless Chromium (playwright-core from tests/e2e/run.sh's cache):
//   1. a window with the extension under development and the extension-host tests (tests/e2e/suite) as
//      the `extensionTestsPath` payload; their results arrive as `DNE2E {json}` console lines;
//   2. a second window with the extension only, for the UI checks: the Problems panel, the Dated Notes
//      container and its two views, and a name's hover card; screenshots go to E2E_SCREENSHOTS.
// Prints `ok - NAME` / `not ok - NAME` per test and appends `pass NAME` / `fail NAME` to
// $E2E_TMP/results.txt, which run.sh counts. Started and stopped only by run.sh.
import { appendFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const { E2E_PORT: port, E2E_ROOT: root, E2E_TMP: tmp, E2E_SCREENSHOTS: screenshots, E2E_PLAYWRIGHT: playwright } = process.env;
if (!port || !root || !tmp || !screenshots || !playwright) throw new Error('run me through tests/e2e/run.sh');
const { chromium } = createRequire(import.meta.url)(playwright);

const base = `http://127.0.0.1:${port}`;
const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
const results = join(tmp, 'results.txt');
const started = Date.now();
/** The page the UI checks run in, for a screenshot when one fails. */
let currentPage;
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)}s`;

function record(name, ok, ms, error) {
  appendFileSync(results, `${ok ? 'pass' : 'fail'} ${name}\n`);
  console.log(`${ok ? 'ok' : 'not ok'} - ${name} (${(ms / 1000).toFixed(1)}s)`);
  if (!ok) console.log(`    ${String(error).split('\n').slice(0, 12).join('\n    ')}`);
}

function windowUrl(folder, payload) {
  return `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const timeout = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s: ${what}`)), ms).unref());

const context = await chromium.launchPersistentContext(join(tmp, 'chromium-profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 800 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
});

try {
  await extensionHostTests();
  await uiChecks();
} finally {
  await context.close();
}

// --- 1. extension-host tests ---------------------------------------------------------------------------

async function extensionHostTests() {
  const page = context.pages()[0] ?? (await context.newPage());
  const reported = new Set();
  let failures = 0;
  let exitCode;
  const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve((exitCode = code))));
  let done;
  let summary;
  const finished = new Promise((resolve) => (done = resolve));
  page.on('console', (message) => {
    const text = message.text();
    const at = text.indexOf('DNE2E {');
    const end = text.indexOf('DNE2E-DONE {');
    if (at !== -1) {
      const result = JSON.parse(text.slice(at + 'DNE2E '.length, text.lastIndexOf('}') + 1));
      reported.add(result.test);
      if (!result.ok) failures++;
      record(`host: ${result.test}`, result.ok, result.ms, result.error);
    } else if (end !== -1) {
      summary = JSON.parse(text.slice(end + 'DNE2E-DONE '.length, text.lastIndexOf('}') + 1));
      done();
    }
  });
  page.on('pageerror', (error) => console.log(`    page error: ${error.message.split('\n')[0]}`));
  console.log(`[${elapsed()}] extension-host tests`);
  const t0 = Date.now();
  await page.goto(windowUrl(join(tmp, 'ws-host'), [
    ['extensionDevelopmentPath', remote(root)],
    ['extensionTestsPath', remote(join(tmp, 'suite', 'index.js'))],
  ]));
  try {
    await Promise.race([exited, timeout(180_000, 'the extension-host tests to finish')]);
    await Promise.race([finished, timeout(5_000, 'the summary line of the extension-host tests')]);
    if (summary.total !== reported.size) throw new Error(`${summary.total} tests ran but ${reported.size} reported`);
    if ((exitCode === 0) !== (failures === 0)) throw new Error(`the test module exited with ${exitCode} after ${failures} failures`);
  } catch (error) {
    record('host: the extension-host tests ran to the end', false, Date.now() - t0, error);
  }
  await page.close();
}

// --- 2. UI checks -------------------------------------------------------------------------------------

async function check(name, body) {
  const t0 = Date.now();
  try {
    await Promise.race([body(), timeout(60_000, name)]);
    record(`ui: ${name}`, true, Date.now() - t0);
  } catch (error) {
    const shot = join(tmp, `failed-${name.replace(/\W+/g, '-')}.png`);
    await currentPage?.screenshot({ path: shot }).catch(() => {});
    record(`ui: ${name}`, false, Date.now() - t0, `${error?.stack ?? error}\n(screenshot: ${shot})`);
  }
}

/** Runs a command from the command palette, by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** The rows' texts of the view whose pane header is `title`. */
async function viewRows(page, title) {
  const pane = page.locator('.pane', { has: page.locator('.pane-header', { hasText: title }) });
  return pane.locator('.pane-body .monaco-list-row').allTextContents();
}

async function uiChecks() {
  const page = (currentPage = await context.newPage());
  page.on('pageerror', (error) => console.log(`    page error: ${error.message.split('\n')[0]}`));
  mkdirSync(screenshots, { recursive: true });
  console.log(`[${elapsed()}] UI checks`);
  await page.goto(windowUrl(join(tmp, 'ws-ui'), [['extensionDevelopmentPath', remote(root)]]));
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });

  await check('the Dated Notes container shows Note Outline and Entries by Date with entries', async () => {
    const container = page.locator('.activitybar .action-item a[aria-label^="Dated Notes"], .activitybar .action-label[aria-label^="Dated Notes"]').first();
    await container.waitFor({ state: 'visible', timeout: 30_000 });
    // Open the note through Quick Open, as a user would.
    await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } });
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill('2024-03-10-model-journal');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'model-journal.md' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines', { hasText: 'Open weights' }).first().waitFor({ state: 'visible' });
    await container.click();
    const headers = page.locator('.pane-header');
    await headers.filter({ hasText: 'Note Outline' }).first().waitFor({ state: 'visible' });
    await headers.filter({ hasText: 'Entries by Date' }).first().waitFor({ state: 'visible' });
    const want = {
      'Note Outline': ['Open weights', '【2024-3-10】 Mistral 7B 读后', '【2023-07-03】 长上下文综述', 'Evaluation harness', '【2024-5-6】 排行榜笔记'],
      'Entries by Date': ['2024', 'May 2024', '排行榜笔记', '2023'],
    };
    for (const [title, labels] of Object.entries(want)) {
      let rows = [];
      for (let i = 0; i < 100; i++) {
        rows = await viewRows(page, title);
        if (labels.every((label) => rows.some((row) => row.includes(label)))) break;
        await page.waitForTimeout(200);
      }
      for (const label of labels) if (!rows.some((row) => row.includes(label))) throw new Error(`${title} has no row “${label}”; rows: ${JSON.stringify(rows)}`);
    }
    const description = await page.locator('.pane-header', { hasText: 'Entries by Date' }).first().textContent();
    if (!description.includes('9 entries')) throw new Error(`the Entries by Date header says “${description}”, expected it to count 9 entries`);
    // The note's findings are underlined once the server has linted it; then a quiet screenshot.
    await page.locator('.monaco-editor .squiggly-warning').nth(1).waitFor({ state: 'attached' });
    await page.mouse.move(900, 700);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(screenshots, 'vscode-views.png') });
  });

  await check('the Problems panel lists the findings of Lint Workspace with their rule ids', async () => {
    await runCommand(page, 'Dated Notes: Lint Workspace');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible' });
    const want = ['Unexpected `Mircosoft`, expected `Microsoft` (company)', 'entity-spelling', 'Unexpected `【2023-07-03】`, expected `【2023-7-3】`', 'date-format', 'Unexpected fragment `#Evaluation-Harness`: `/model-journal` has no heading with that id; nearest: `#evaluation-harness`', 'link-broken-anchor'];
    let text = '';
    for (let i = 0; i < 100; i++) {
      text = (await panel.locator('.monaco-list-row').allTextContents()).join('\n');
      if (want.every((part) => text.includes(part))) break;
      await page.waitForTimeout(200);
    }
    for (const part of want) if (!text.includes(part)) throw new Error(`the Problems panel lacks “${part}”; it shows:\n${text}`);
    await page.screenshot({ path: join(screenshots, 'vscode-problems.png') });
  });

  await check('hovering a name in a note shows its card', async () => {
    // Monaco renders spaces as no-break spaces and may split a line into several spans: find the name's
    // characters in the rendered text and point at their middle.
    const point = await page.evaluate(() => {
      const lines = document.querySelector('.monaco-editor .view-lines');
      const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const match = /Mistral\sAI/.exec(node.data);
        if (!match) continue;
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const box = range.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
      return undefined;
    });
    if (!point) throw new Error('the editor shows no “Mistral AI”');
    await page.mouse.move(point.x, point.y - 30);
    await page.mouse.move(point.x, point.y, { steps: 5 });
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Mistral AI' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await hover.textContent();
    for (const part of ['Mistral AI — company · 2023', 'https://mistral.ai', '1 dated entry mentions it: first 2024-03-10 “Mistral 7B 读后”']) {
      if (!text.includes(part)) throw new Error(`the hover lacks “${part}”; it shows: ${text}`);
    }
    await page.screenshot({ path: join(screenshots, 'vscode-hover.png') });
  });
  await page.close();
}
