// The staking portal in headless Chromium (Debian's), driven by pinned
// puppeteer-core, against a running devnet: connect a wallet (a CosmJS signer
// injected as window.keplr), find and filter open nodes, contribute, see a
// rejected contribution's error, claim, request an exit, project the pool;
// check labels and keyboard use; keep screenshots. Writes a JSON report for
// tests/e2e/portal_test.go, which checks the chain's state.
//
// Environment: PORTAL_URL, TEST_KEY (hex secp256k1 key of the account),
// OPEN_NODE (pubkey of an open node the Go test registered), MY_NODE (pubkey
// of the account's own active node), ARTIFACTS (screenshot directory),
// REPORT, CHROMIUM [/usr/bin/chromium]; NODE_PATH the pinned node_modules.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const puppeteer = require('puppeteer-core');

const { PORTAL_URL, TEST_KEY, OPEN_NODE, MY_NODE, ARTIFACTS, REPORT } = process.env;
const STEP_TIMEOUT = 60_000;

const report = { steps: [], a11y: {}, keplrCalls: [] };
function step(name, data = {}) {
  report.steps.push({ name, ...data });
  console.log(`ok   ${name} ${JSON.stringify(data)}`);
}

async function main() {
  const shim = esbuild.buildSync({
    entryPoints: [path.join(__dirname, 'keplr-shim.ts')], bundle: true, write: false, format: 'iife',
    platform: 'browser', target: 'es2020', nodePaths: [process.env.NODE_PATH],
  }).outputFiles[0].text;

  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.setViewport({ width: 1280, height: 900 });
    const consoleErrors = (report.consoleErrors = []);
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    // The open-node filters are the chain's (Query/OpenNodes): record what was asked.
    const openNodeQueries = (report.openNodeQueries = []);
    page.on('request', (r) => { if (r.url().includes('/open_nodes')) openNodeQueries.push(new URL(r.url()).search); });
    await page.evaluateOnNewDocument(`window.__TEST_KEY = ${JSON.stringify(TEST_KEY)};`);
    await page.evaluateOnNewDocument(shim);

    const shot = (name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
    const message = async () => page.$eval('#message', (el) => ({ text: el.textContent, error: el.classList.contains('error'), hidden: el.hidden }));
    const waitMessage = async (re) => {
      await page.waitForFunction((src) => {
        const el = document.querySelector('#message');
        return !el.hidden && new RegExp(src).test(el.textContent);
      }, {}, re.source);
      await page.waitForSelector('body:not([data-loading])');
      return message();
    };

    await page.goto(`${PORTAL_URL}#nodes`);
    await page.waitForSelector('body[data-ready="true"]:not([data-loading])');
    await page.waitForSelector(`#nodes-table tr[data-pubkey="${OPEN_NODE}"]`);
    await page.waitForFunction(() => /%|No active node/.test(document.querySelector('#median-fee').textContent));
    report.medianFee = await page.$eval('#median-fee', (el) => ({ text: el.textContent, bps: el.dataset.bps }));
    step('open nodes listed', { rows: await page.$$eval('#nodes-table tbody tr[data-pubkey]', (r) => r.length), median: report.medianFee.text });
    await shot('01-open-nodes');

    // Filters: a maximum fee below the node's (7%) hides it; clearing shows it again.
    await page.type('#f-max-fee', '5');
    await page.waitForFunction((pk) => !document.querySelector(`#nodes-table tr[data-pubkey="${pk}"]`), {}, OPEN_NODE);
    await page.$eval('#f-max-fee', (el) => { el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForSelector(`#nodes-table tr[data-pubkey="${OPEN_NODE}"]`);
    // A minimum contribution at most 1 SESH hides it (its minimum is far more).
    await page.type('#f-max-min', '1');
    await page.waitForFunction((pk) => !document.querySelector(`#nodes-table tr[data-pubkey="${pk}"]`), {}, OPEN_NODE);
    await page.$eval('#f-max-min', (el) => { el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForSelector(`#nodes-table tr[data-pubkey="${OPEN_NODE}"]`);
    // Room left at least the whole requirement hides it; less shows it.
    await page.type('#f-min-room', '25000');
    await page.waitForFunction((pk) => !document.querySelector(`#nodes-table tr[data-pubkey="${pk}"]`), {}, OPEN_NODE);
    await page.$eval('#f-min-room', (el) => { el.value = '18750'; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForSelector(`#nodes-table tr[data-pubkey="${OPEN_NODE}"]`);
    await page.$eval('#f-min-room', (el) => { el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true })); });
    await page.waitForSelector('body:not([data-loading])');
    await page.select('#f-sort', 'room');
    step('fee, minimum and room filters hide and show the node', { queries: openNodeQueries });

    // Connect the wallet.
    await page.click('#connect');
    await page.waitForFunction(() => document.querySelector('#account').textContent.startsWith('session1'));
    await page.waitForSelector('body:not([data-loading])');
    const address = await page.$eval('#account', (el) => el.textContent);
    step('wallet connected', { address });

    // A contribution below the minimum: the chain's registered error is shown.
    await page.click(`#nodes-table tr[data-pubkey="${OPEN_NODE}"] button`);
    await page.waitForSelector('#contribute-form:not([hidden])');
    const rules = await page.$$eval('#c-rules li', (l) => l.map((x) => x.textContent));
    if (!rules.some((r) => /Minimum for this node/.test(r)) || !rules.some((r) => /24 h/.test(r)) || !rules.some((r) => /30 days/.test(r))) {
      throw new Error(`the minimum and the 24 h / 30-day rules are not shown before signing: ${JSON.stringify(rules)}`);
    }
    step('minimum and rules shown before signing', { rules: rules.length });
    await shot('02-contribute-form');
    const minimum = await page.$eval('#c-amount', (el) => el.value);
    await page.$eval('#c-amount', (el) => { el.value = '1'; });
    await page.click('#contribute-form button[type=submit]');
    const rejected = await waitMessage(/^Rejected by the chain/);
    if (!rejected.error) throw new Error(`a rejected contribution is not shown as an error: ${rejected.text}`);
    step('rejected contribution explained', { message: rejected.text });
    await shot('03-rejected');

    // The real contribution, at the minimum shown.
    await page.click(`#nodes-table tr[data-pubkey="${OPEN_NODE}"] button`);
    await page.waitForSelector('#contribute-form:not([hidden])');
    await page.$eval('#c-amount', (el, v) => { el.value = v; }, minimum);
    await page.click('#contribute-form button[type=submit]');
    const contributed = await waitMessage(/Contribute .*: done in block/);
    report.contributeTx = /transaction ([0-9A-F]+)/.exec(contributed.text)[1];
    step('contributed', { amount: minimum, message: contributed.text });

    // My stakes: the new contribution is there; claim; request an exit of the own node.
    await page.click('nav a[data-page="stakes"]');
    await page.waitForSelector('body:not([data-loading])');
    await page.waitForSelector(`#stakes-table tr[data-pubkey="${OPEN_NODE}"]`);
    await page.waitForSelector('#fig-claimable');
    const before = await page.$eval('#fig-claimable', (el) => el.textContent);
    report.perDay = await page.$eval('#fig-perday', (el) => el.dataset.nsesh);
    report.lifetimeBefore = await page.$eval('#fig-claimed', (el) => el.dataset.nsesh);
    await page.waitForSelector('#fig-24h');
    report.recent = await page.$eval('#fig-24h', (el) => ({ nsesh: el.dataset.nsesh ?? '', from: el.dataset.from ?? '', to: el.dataset.to ?? '', text: el.textContent }));
    step('my stakes shows the contribution', {
      claimable: before,
      perDay: await page.$eval('#fig-perday', (el) => el.textContent),
      recent: report.recent.text,
      lifetime: await page.$$eval('#fig-claimed, #fig-returned, #fig-penalties', (l) => l.map((x) => x.textContent)),
    });
    await shot('04-my-stakes');
    await page.click('#claim');
    const claimed = await waitMessage(/Claim rewards: done in block/);
    report.claimTx = /transaction ([0-9A-F]+)/.exec(claimed.text)[1];
    await page.waitForFunction((b) => BigInt(document.querySelector('#fig-claimed').dataset.nsesh) > BigInt(b), {}, report.lifetimeBefore);
    report.lifetimeClaimed = await page.$eval('#fig-claimed', (el) => el.dataset.nsesh);
    step('claimed', { message: claimed.text, lifetimeClaimed: report.lifetimeClaimed });

    await page.waitForSelector(`#stakes-table tr[data-pubkey="${MY_NODE}"] button`);
    await page.click(`#stakes-table tr[data-pubkey="${MY_NODE}"] button`);
    const exited = await waitMessage(/Request exit: done in block/);
    report.exitTx = /transaction ([0-9A-F]+)/.exec(exited.text)[1];
    await page.waitForSelector(`#stakes-table tr[data-pubkey="${MY_NODE}"] .countdown`);
    const countdown = await page.$eval(`#stakes-table tr[data-pubkey="${MY_NODE}"] .countdown`, (el) => el.textContent);
    step('exit requested, countdown shown', { countdown });
    await shot('05-exit-requested');

    // The pool and its projection with a daily inflow.
    await page.click('nav a[data-page="pool"]');
    await page.waitForSelector('#projection-chart svg path[data-points]');
    await page.$eval('#p-inflow', (el) => { el.value = '20000'; });
    await page.select('#p-years', '5');
    await page.click('#projection-form button[type=submit]');
    await page.waitForFunction(() => /5 year/.test(document.querySelector('#projection-caption').textContent));
    step('pool projection', {
      balance: await page.$eval('#pool-balance', (el) => el.textContent),
      pro: await page.$eval('#pool-pro', (el) => el.textContent),
      names: await page.$eval('#pool-names', (el) => el.textContent),
      caption: await page.$eval('#projection-caption', (el) => el.textContent),
      points: await page.$eval('#projection-chart svg path[data-points]', (el) => Number(el.dataset.points)),
    });
    await shot('06-pool');

    // Accessibility basics: every form control has a label, every button a
    // name, the table has a caption; the keyboard reaches the navigation and
    // Enter on a link changes the page.
    report.a11y = await page.evaluate(() => {
      const controls = [...document.querySelectorAll('input, select, textarea')];
      const unlabeled = controls.filter((c) => c.labels.length === 0 && !c.getAttribute('aria-label')).map((c) => c.id || c.name);
      const unnamed = [...document.querySelectorAll('button')].filter((b) => !(b.textContent.trim() || b.getAttribute('aria-label'))).map((b) => b.outerHTML);
      const captions = [...document.querySelectorAll('table')].every((t) => t.caption);
      return { controls: controls.length, unlabeled, unnamed, captions, lang: document.documentElement.lang };
    });
    await page.focus('body');
    let reached = '';
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => (document.activeElement.matches('nav a[data-page="register"]') ? 'register' : ''));
    }
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('#page-register').hidden);
    report.a11y.keyboardNav = reached === 'register';
    step('accessibility', report.a11y);
    await shot('07-register');

    // The median fee once more, now that the account's node is leaving (no
    // longer active): the Go test compares it with the chain's.
    await page.click('nav a[data-page="nodes"]');
    await page.waitForSelector('body:not([data-loading])');
    report.medianFee = await page.$eval('#median-fee', (el) => ({ text: el.textContent, bps: el.dataset.bps }));
    step('median fee after the exit request', report.medianFee);

    report.keplrCalls = await page.evaluate(() => window.__keplrCalls);
    report.address = address;
  } catch (err) {
    report.failure = err.message;
    report.lastMessage = await browser.pages().then((p) => p[p.length - 1].$eval('#message', (el) => el.textContent)).catch(() => '');
    throw err;
  } finally {
    await browser.close();
    fs.writeFileSync(REPORT, JSON.stringify(report, null, 2));
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
