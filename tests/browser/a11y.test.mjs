// Accessibility of the default theme, checked by axe-core in headless
// Chromium on every kind of page: the bundled archive (one real report) and
// a generated archive with several publishers. Any violation of the WCAG
// 2.x A and AA rules fails the test, and so does any best-practice finding
// axe rates moderate or worse (duplicate landmarks, missing main…).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const BIN = process.env.ANNALS_BIN || path.join(repo, 'target/debug/annals');
const GEN = process.env.ANNALS_GEN || path.join(repo, 'target/debug/examples/gen-archive');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };

let server, browser, root;
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
  root = mkdtempSync(path.join(tmpdir(), 'annals-a11y-'));
  // Each site is served at the root of its own port.
  for (const name of ['bundled', 'publishers']) {
    const out = path.join(root, `${name}-out`);
    const handler = serve(out);
    const srv = createServer(handler);
    await new Promise((ok) => srv.listen(0, '127.0.0.1', ok));
    const base = `http://127.0.0.1:${srv.address().port}/`;
    let site = repo;
    if (name === 'publishers') {
      site = path.join(root, 'publishers-site');
      execFileSync(GEN, ['--publishers', '6', '--years', '2', '--body-bytes', '1500', '--out', site], { stdio: 'ignore' });
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

async function audit(url, viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const response = await page.goto(url);
  assert.equal(response.status(), 200, url);
  // evaluate() runs through DevTools, so the page's CSP does not block axe.
  await page.evaluate(AXE);
  const result = await page.evaluate(() => globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  await context.close();
  const wcag = (v) => v.tags.some((t) => t.startsWith('wcag'));
  return result.violations.filter((v) => wcag(v) || v.impact !== 'minor')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const PAGES = {
  bundled: ['', 'reports/', 'reports/2014/', 'reports/2014/08/', 'indicators/', 'indicators/broadband-internet/', 'search/?q=thue+bao', 'coverage/', '404.html'],
  publishers: ['', 'reports/', 'reports/2011/', 'reports/ha-noi/', 'reports/ha-noi/2011/', 'reports/ha-noi/2011/03/', 'indicators/phone-subscribers/', 'indicators/phone-subscribers/ha-noi/', 'indicators/', 'coverage/'],
};

for (const [name, pages] of Object.entries(PAGES)) {
  for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 800 }]]) {
    test(`${name} site, ${label}: no accessibility violation`, async () => {
      const found = [];
      for (const page of pages) {
        for (const v of await audit(sites[name].base + page, viewport)) found.push(`/${page}: ${v}`);
      }
      assert.deepEqual(found, []);
    });
  }
}
