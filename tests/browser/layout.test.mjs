// Layout of the default theme as readers see it, in headless Chromium at a
// phone's width (360 px) and a desktop's (1280 px), on every kind of page
// of the bundled archive and of a generated archive of 10 publishers:
// - no page scrolls sideways;
// - chart text is at least 12 CSS px on the phone (the narrow drawing);
// - the header takes at most 120 px of a 390 px phone;
// - the home and indicator pages show figures (national ones with several
//   publishers), not dashes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync, appendFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const BIN = process.env.ANNALS_BIN || path.join(repo, 'target/debug/annals');
const GEN = process.env.ANNALS_GEN || path.join(repo, 'target/debug/examples/gen-archive');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.csv': 'text/csv' };

let browser, root;
const sites = {};

function serve(dir) {
  return (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname).slice(1);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  };
}

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'annals-layout-'));
  for (const name of ['bundled', 'national']) {
    const out = path.join(root, `${name}-out`);
    const srv = createServer(serve(out));
    await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${srv.address().port}/`;
    let site = repo;
    if (name === 'national') {
      site = path.join(root, 'national-site');
      execFileSync(GEN, ['--publishers', '10', '--years', '3', '--body-bytes', '1500', '--out', site], { stdio: 'ignore' });
      // Two publishers have not reported the latest month yet, and a due date is declared.
      const last = `${2010 + 2}-12`;
      unlinkSync(path.join(site, 'content', 'ha-noi', '2012', `${last}.md`));
      unlinkSync(path.join(site, 'content', 'hai-phong', '2012', `${last}.md`));
      appendFileSync(path.join(site, 'site.yaml'), 'due: { day: 20, month: same }\n');
    }
    execFileSync(BIN, ['build', '--quiet', '--root', site, '--out', out, '--base-url', base], { stdio: 'ignore' });
    sites[name] = { base, srv };
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
});

after(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) site.srv.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

// Every page kind of each site.
const PAGES = {
  bundled: ['', 'reports/', 'reports/2014/', 'reports/2014/08/', 'indicators/', 'indicators/broadband-internet/', 'indicators/phone-subscribers/', 'search/?q=thue+bao', 'coverage/', '404.html'],
  national: ['', 'reports/', 'reports/2011/', 'reports/ha-noi/', 'reports/ha-noi/2011/', 'reports/ha-noi/2011/03/', 'indicators/', 'indicators/phone-subscribers/', 'indicators/phone-subscribers/ha-noi/', 'search/?q=thue+bao', 'coverage/', '404.html'],
};

async function measure(url, width) {
  const context = await browser.newContext({ viewport: { width, height: 844 } });
  const page = await context.newPage();
  const response = await page.goto(url);
  assert.equal(response.status(), url.endsWith('404.html') ? 200 : 200, url);
  const found = await page.evaluate(() => {
    const doc = document.documentElement;
    // Chart text actually drawn: its font size times the drawing's scale.
    const small = [];
    for (const svg of document.querySelectorAll('svg.chart')) {
      if (svg.getBoundingClientRect().width === 0) continue;
      const matrix = svg.getScreenCTM();
      const scale = matrix ? matrix.a : 1;
      for (const text of svg.querySelectorAll('text')) {
        if (text.getBoundingClientRect().width === 0) continue;
        const px = parseFloat(getComputedStyle(text).fontSize) * scale;
        if (px < 12) small.push(`${text.textContent} (${px.toFixed(1)} px)`);
      }
    }
    const header = document.querySelector('.site-header');
    return {
      overflow: doc.scrollWidth - doc.clientWidth,
      small: small.slice(0, 3),
      header: header ? header.getBoundingClientRect().height : 0,
      cards: [...document.querySelectorAll('.indicator-card .card-value')].map((e) => e.textContent.trim()),
      latest: [...document.querySelectorAll('.indicator-list td.num:nth-child(3)')].map((e) => e.textContent.trim()),
      charts: [...document.querySelectorAll('svg.chart')].filter((s) => s.getBoundingClientRect().width > 0).length,
    };
  });
  await context.close();
  return found;
}

for (const [name, pages] of Object.entries(PAGES)) {
  for (const width of [360, 390, 1280]) {
    test(`${name} site at ${width} px: no sideways scrolling, readable charts, a short header`, async () => {
      const problems = [];
      for (const page of pages) {
        const m = await measure(sites[name].base + page, width);
        if (m.overflow > 0) problems.push(`/${page}: scrolls sideways by ${m.overflow} px`);
        if (width < 600 && m.small.length) problems.push(`/${page}: chart text under 12 px: ${m.small.join(', ')}`);
        if (width === 390 && m.header > 120) problems.push(`/${page}: header ${m.header} px tall`);
        if (page.startsWith('indicators/') && page.length > 'indicators/'.length && m.charts !== (name === 'national' && page.split('/').length === 3 ? 2 : 1)) {
          problems.push(`/${page}: ${m.charts} charts shown`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }
  test(`${name} site: figures on the home and indicator pages`, async () => {
    const home = await measure(sites[name].base, 1280);
    assert.ok(home.cards.length > 0, 'the home page has indicator cards');
    for (const value of home.cards) assert.match(value, /\d/, `home card shows a figure, not "${value}"`);
    const index = await measure(sites[name].base + 'indicators/', 1280);
    assert.ok(index.latest.length > 0);
    const withFigures = index.latest.filter((v) => /\d/.test(v));
    assert.ok(withFigures.length >= index.latest.length / 2, `most indicators show a figure: ${index.latest.join(' | ')}`);
  });
}

test('national site: a month with reports missing gives the count and the range, not a sum', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(sites.national.base);
  const reported = await page.locator('.indicator-card .card-reported').first().textContent();
  assert.match(reported, /8\/10 đơn vị đã báo cáo/);
  const value = await page.locator('.indicator-card .card-value').first().textContent();
  assert.match(value, /\d{1,3}(\.\d{3})+/);
  const meta = await page.locator('.indicator-card .card-meta time').first().textContent();
  assert.equal(meta.trim(), 'Tháng 11/2012', 'the sum is of the latest month every publisher reported');
  const named = await page.locator('.publisher-latest h3').allTextContents();
  assert.equal(named.length, 10);
  assert.ok(named.includes('Sở Thông tin và Truyền thông Hà Nội'));
  assert.equal(await page.locator('.publisher-latest li.behind').count(), 2);
  await page.goto(sites.national.base + 'coverage/');
  assert.equal(await page.locator('details.coverage-year[open] td.cov-missing').count(), 2);
  assert.ok(await page.locator('td.cov-on-time, td.cov-late').count() > 0);
  await context.close();
});
