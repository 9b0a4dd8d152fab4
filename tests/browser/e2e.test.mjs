// End-to-end tests of search in headless Chromium (Debian's `chromium`),
// driven by playwright-core. Builds tests/fixtures/search-site with the
// annals binary (ANNALS_BIN, else target/debug/annals) for a base URL with a
// sub-path, serves it on 127.0.0.1 and types queries as a reader would.
// Set SCREENSHOT_DIR to keep screenshots of the pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const BIN = process.env.ANNALS_BIN || path.join(repo, 'target/debug/annals');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml' };
const XSS = '<img src=x onerror=alert(1)>';

let server, browser, out, outMany, base, baseMany;
const problems = []; // dialogs, page errors, CSP violations: any is a failure

before(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'annals-search-'));
  outMany = mkdtempSync(path.join(tmpdir(), 'annals-search-many-'));
  // /bao-cao/: tests/fixtures/search-site; /nhieu/: tests/fixtures/search-publishers
  server = createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    const [prefix, dir] = rel.startsWith('/nhieu/') ? ['/nhieu/', outMany] : ['/bao-cao/', out];
    if (!rel.startsWith(prefix)) { res.writeHead(404); res.end(); return; }
    rel = rel.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) { res.writeHead(404); res.end('not found'); return; }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}/bao-cao/`;
  baseMany = `http://127.0.0.1:${server.address().port}/nhieu/`;
  execFileSync(BIN, ['build', '--quiet', '--root', path.join(repo, 'tests/fixtures/search-site'), '--out', out, '--base-url', base], { stdio: 'inherit' });
  execFileSync(BIN, ['build', '--quiet', '--root', path.join(repo, 'tests/fixtures/search-publishers'), '--out', outMany, '--base-url', baseMany], { stdio: 'inherit' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
  for (const dir of [out, outMany]) if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
  const page = await context.newPage();
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  await page.goto(url);
  return page;
}

async function shot(page, name) {
  if (process.env.SCREENSHOT_DIR) await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, name), fullPage: true });
}

/** Types like a reader into the search page's box and waits for the result count. */
async function searchFor(page, query) {
  const box = page.locator('#search-page-q');
  await box.fill('');
  await box.pressSequentially(query, { delay: 15 });
  await page.waitForFunction((q) => {
    const s = document.getElementById('search-status').textContent;
    return s && !s.includes('…') && new URL(location.href).searchParams.get('q') === q;
  }, query);
  return page.locator('#search-results h3').allTextContents();
}

test('diacritics, case, prefix while typing', async () => {
  const page = await open(base + 'search/');
  for (const q of ['thue bao', 'THUÊ BAO', 'thuê bao', 'thue ba']) {
    const titles = await searchFor(page, q);
    assert.ok(titles.includes('Báo cáo công tác tháng 7 năm 2014'), `${q}: ${titles}`);
    assert.ok(titles.includes('Báo cáo hoạt động thông tin và truyền thông tháng 8 năm 2014'), `${q}: ${titles}`);
    assert.match(await page.locator('#search-status').textContent(), /kết quả/);
  }
  const marks = await page.locator('#search-results mark').allTextContents();
  assert.ok(marks.some((m) => m.toLowerCase() === 'thuê'), `highlights: ${marks}`);
  assert.ok(new URL(page.url()).searchParams.get('q') === 'thue ba', 'the query is in the URL');
  await shot(page, 'search-results.png');
  await page.context().close();
});

test('exact diacritics rank first; words are AND; phrases keep order', async () => {
  const page = await open(base + 'search/');
  let titles = await searchFor(page, 'thuế');
  assert.equal(titles[0], 'Báo cáo tháng 10 năm 2014 về thuế', titles.join(' | '));
  assert.equal(titles[1], 'Báo cáo công tác tháng 7 năm 2014', 'thuế in the body beats thuê');
  const marks = await page.locator('#search-results li').nth(1).locator('mark').allTextContents();
  assert.deepEqual(marks, ['thuế'], 'a word typed with diacritics marks that form only');
  titles = await searchFor(page, 'thuê bao di động');
  assert.deepEqual(titles, ['Báo cáo công tác tháng 7 năm 2014']);
  titles = await searchFor(page, '"băng thông rộng"');
  assert.ok(!titles.includes('Báo cáo tháng 10 năm 2014 về thuế'), 'reversed words do not match a phrase');
  assert.ok(titles.includes('Thuê bao Internet băng thông rộng'), `the indicator is found: ${titles}`);
  const indicatorLink = await page.locator('#search-results a', { hasText: 'Thuê bao Internet băng thông rộng' }).getAttribute('href');
  assert.equal(indicatorLink, '/bao-cao/indicators/broadband-internet/');
  titles = await searchFor(page, 'khongcochunay');
  assert.deepEqual(titles, []);
  assert.match(await page.locator('#search-status').textContent(), /Không tìm thấy/);
  await page.context().close();
});

test('document numbers and periods find their report first', async () => {
  const page = await open(base + 'search/');
  const august = 'Báo cáo hoạt động thông tin và truyền thông tháng 8 năm 2014';
  for (const q of ['285/BC-STTTT', '285/bc-stttt', '8/2014', '2014-08', 'tháng 8/2014']) {
    const titles = await searchFor(page, q);
    assert.equal(titles[0], august, `${q}: ${titles.join(' | ')}`);
  }
  const meta = await page.locator('#search-results .report-meta').first().textContent();
  assert.match(meta, /Tháng 8\/2014/);
  assert.match(meta, /285\/BC-STTTT/);
  const href = await page.locator('#search-results a').first().getAttribute('href');
  assert.equal(href, '/bao-cao/reports/2014/08/');
  await page.context().close();
});

test('markup in titles and queries is shown as text and runs nothing', async () => {
  const page = await open(base + 'search/?q=' + encodeURIComponent(XSS));
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0);
  assert.equal(await page.locator('#search-page-q').inputValue(), XSS);
  assert.equal(await page.locator('#search-results img, #search-results script').count(), 0);
  const title = await page.locator('#search-results h3').first().textContent();
  assert.equal(title, XSS);
  const snippet = await page.locator('#search-results .search-snippet').first().textContent();
  assert.match(snippet, /alert\(3\)/, 'the passage that matched, as text');
  await searchFor(page, '<script>alert(5)</script>');
  assert.equal(await page.locator('#search-results script, #search-results img').count(), 0);
  await page.waitForTimeout(200);
  assert.deepEqual(problems, []);
  await shot(page, 'search-xss.png');
  await page.context().close();
});

test('?q= opens with results; keyboard reaches them', async () => {
  const page = await open(base + 'search/?q=' + encodeURIComponent('internet'));
  await page.waitForFunction(() => document.querySelectorAll('#search-results a').length >= 2);
  await page.locator('#search-page-q').focus();
  await page.keyboard.press('ArrowDown');
  const first = await page.evaluate(() => document.activeElement.closest('#search-results') !== null);
  assert.ok(first, 'ArrowDown moves into the results');
  await page.keyboard.press('ArrowDown');
  const second = await page.evaluate(() => document.activeElement.textContent);
  assert.ok(second.length > 0);
  assert.equal(await page.locator('#search-status').getAttribute('aria-live'), 'polite');
  await page.context().close();
});

test('the header box shows results on every page', async () => {
  const page = await open(base);
  await page.locator('#site-search').pressSequentially('bang thong', { delay: 15 });
  // Results of the words typed so far show while typing: wait for the popup of the whole query.
  await page.waitForFunction(() => {
    const all = document.querySelector('.search-popup .search-all');
    return all && (all.getAttribute('href') || '').endsWith('q=bang%20thong') && document.querySelectorAll('.search-popup a').length > 1;
  });
  const titles = await page.locator('.search-popup h3').allTextContents();
  assert.ok(titles.includes('Báo cáo hoạt động thông tin và truyền thông tháng 8 năm 2014'), titles.join(' | '));
  const all = await page.locator('.search-popup .search-all').getAttribute('href');
  assert.equal(new URL(all, base).pathname + new URL(all, base).search, '/bao-cao/search/?q=bang%20thong');
  await shot(page, 'header-popup.png');
  const first = await page.locator('.search-popup a').first().getAttribute('href');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement && document.activeElement.closest('.search-popup'));
  const target = await page.evaluate(() => document.activeElement.getAttribute('href'));
  assert.equal(target, first, 'the arrow key goes to the first result');
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname === target);
  await page.context().close();
});

test('without JavaScript the search page says so and links to the archive', async () => {
  const page = await open(base + 'search/', { javaScriptEnabled: false });
  const notice = page.locator('.search-noscript');
  assert.ok(await notice.isVisible());
  assert.equal(await notice.locator('a').getAttribute('href'), '/bao-cao/reports/');
  await page.context().close();
});

/** Waits until the search page shows `count` results whose titles all match `pattern`. */
async function settled(page, count, pattern = '') {
  await page.waitForFunction(([n, p]) => {
    const s = document.getElementById('search-status').textContent;
    const titles = [...document.querySelectorAll('#search-results h3')].map((h) => h.textContent);
    return s && !s.includes('…') && titles.length === n && titles.every((t) => new RegExp(p).test(t));
  }, [count, pattern]);
  return page.locator('#search-results h3').allTextContents();
}

test('results show their publisher and narrow by publisher and years, in the URL', async () => {
  const q = 'thanh tra';
  const page = await open(baseMany + 'search/?q=' + encodeURIComponent(q) + '&publisher=quang-ninh&from=2012&to=2014');
  let titles = await settled(page, 3);
  assert.deepEqual(titles.sort(), [2012, 2013, 2014].map((y) => `Báo cáo tháng 8 năm ${y} của Quảng Ninh`));
  assert.equal(await page.getByLabel('Đơn vị báo cáo').inputValue(), 'quang-ninh');
  assert.equal(await page.getByLabel('Từ năm').inputValue(), '2012');
  assert.equal(await page.getByLabel('Đến năm').inputValue(), '2014');
  const publishers = await page.locator('#search-results .search-publisher').allTextContents();
  assert.deepEqual(publishers, Array(3).fill('Sở Thông tin và Truyền thông Quảng Ninh'));
  await shot(page, 'search-filters.png');
  // another publisher, from the keyboard: the select is reached with Tab and changed with the arrows
  await page.getByLabel('Đơn vị báo cáo').selectOption('ha-noi');
  titles = await settled(page, 3, 'của Hà Nội$');
  assert.deepEqual(titles.sort(), [2012, 2013, 2014].map((y) => `Báo cáo tháng 8 năm ${y} của Hà Nội`));
  let url = new URL(page.url());
  assert.equal(url.searchParams.get('publisher'), 'ha-noi');
  assert.equal(url.searchParams.get('q'), q);
  // no upper year: 2012–2015
  await page.getByLabel('Đến năm').fill('');
  titles = await settled(page, 4, 'của Hà Nội$');
  url = new URL(page.url());
  assert.equal(url.searchParams.get('to'), null, 'an empty filter leaves the URL');
  assert.equal(url.searchParams.get('from'), '2012');
  // every publisher, every year: all 15 reports match
  await page.getByLabel('Đơn vị báo cáo').selectOption('');
  await page.getByLabel('Từ năm').fill('');
  await page.waitForFunction(() => /15 kết quả/.test(document.getElementById('search-status').textContent));
  assert.equal(await page.locator('#search-results li').count(), 10);
  assert.equal(new URL(page.url()).search, '?q=thanh+tra');
  await page.context().close();
});

test('the filters work from the keyboard alone', async () => {
  const page = await open(baseMany + 'search/');
  await page.locator('#search-page-q').focus();
  await page.keyboard.type('thanh tra');
  await page.keyboard.press('Tab'); // the button
  await page.keyboard.press('Tab'); // the publisher
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-publisher');
  await page.keyboard.press('ArrowDown'); // the first publisher (ha-noi)
  await page.keyboard.press('Tab');
  await page.keyboard.type('2015');
  const titles = await settled(page, 1, '2015 của Hà Nội$');
  assert.deepEqual(titles, ['Báo cáo tháng 8 năm 2015 của Hà Nội']);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('publisher'), 'ha-noi');
  assert.equal(url.searchParams.get('from'), '2015');
  await page.context().close();
});

test('a site with one publisher offers no publisher filter', async () => {
  const page = await open(base + 'search/?q=internet');
  await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0);
  assert.equal(await page.locator('#search-publisher').count(), 0);
  assert.equal(await page.locator('#search-results .search-publisher').count(), 0);
  assert.equal(await page.getByLabel('Từ năm').count(), 1);
  await page.context().close();
});

test('snippets come from the passage that matched and link to it', async () => {
  const page = await open(base + 'search/');
  const titles = await searchFor(page, 'Ebola');
  assert.deepEqual(titles, ['Báo cáo tháng 11 năm 2014']);
  const snippet = await page.locator('#search-results .search-snippet').first().textContent();
  assert.match(snippet, /bệnh dịch Ebola/, 'the passage, not the first paragraph');
  assert.deepEqual(await page.locator('#search-results .search-snippet mark').allTextContents(), ['Ebola']);
  const href = await page.locator('#search-results h3 a').first().getAttribute('href');
  assert.equal(href, '/bao-cao/reports/2014/11/#ii-cong-tac-tuyen-truyen:~:text=' + encodeURIComponent('Ebola trên các phương tiện thông'));
  const target = await open(new URL(href, base).href.split(':~:')[0]);
  assert.equal(await target.locator('#ii-cong-tac-tuyen-truyen').count(), 1, 'the anchor is the heading of the passage');
  await target.context().close();
  // the signer is searchable, with or without diacritics
  for (const q of ['Đỗ Ngọc Nam', 'do ngoc nam']) assert.deepEqual(await searchFor(page, q), ['Báo cáo tháng 11 năm 2014'], q);
  await page.context().close();
});

test('highlights mark only what the query meant', async () => {
  const page = await open(base + 'search/');
  await searchFor(page, 'thue bao');
  const titleMarks = await page.locator('#search-results h3 mark').allTextContents();
  assert.ok(!titleMarks.some((m) => m.toLowerCase() === 'báo'), `no "Báo" of "Báo cáo": ${titleMarks}`);
  const marks = await page.locator('#search-results .search-snippet mark').allTextContents();
  assert.ok(marks.length >= 2 && marks.every((m) => ['thuê', 'bao'].includes(m.toLowerCase())), `${marks}`);
  await searchFor(page, '285/BC-STTTT');
  assert.deepEqual(await page.locator('#search-results li').first().locator('.report-meta mark').allTextContents(), ['285', 'BC', 'STTTT']);
  await page.context().close();
});

test('a mistyped word gets a suggestion and its results; no results offer ways on', async () => {
  const page = await open(base + 'search/?q=' + encodeURIComponent('bang thongg rong'));
  await page.waitForFunction(() => document.querySelector('#search-status .search-suggestion'));
  assert.equal(await page.locator('#search-status .search-suggestion').textContent(), 'bang thong rong');
  assert.match(await page.locator('#search-status').textContent(), /Không có kết quả cho “bang thongg rong”/);
  assert.ok((await page.locator('#search-results h3').allTextContents()).includes('Thuê bao Internet băng thông rộng'));
  assert.ok(await page.locator('#search-browse').isHidden());
  await searchFor(page, 'khongcochunay');
  assert.ok(await page.locator('#search-browse').isVisible(), 'ways on from no results');
  assert.equal(await page.locator('#search-browse a', { hasText: '2014' }).getAttribute('href'), '/bao-cao/reports/2014/');
  assert.ok(await page.locator('#search-browse a[href="/bao-cao/indicators/"]').count());
  await shot(page, 'search-none.png');
  await page.context().close();
});

test('indicators come first with their latest figure; the order is in the URL', async () => {
  const page = await open(base + 'search/?q=' + encodeURIComponent('internet băng thông rộng'));
  await page.waitForFunction(() => document.querySelectorAll('#search-results h3').length >= 2);
  const first = page.locator('#search-results .search-result').first();
  assert.equal(await first.locator('h3').textContent(), 'Thuê bao Internet băng thông rộng');
  assert.match(await first.locator('.search-latest').textContent(), /103\.988 · Tháng 8\/2014/);
  await page.selectOption('#search-sort', 'newest');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'newest');
  await page.context().close();
});
