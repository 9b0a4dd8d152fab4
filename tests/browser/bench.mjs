// Replays typical queries against an index written by `cargo run --release
// --example search_bench -- N DIR` and prints, per query, the requests and
// bytes the search script fetches (raw and gzip), with a cold cache.
//   node tests/browser/bench.mjs target/search-bench/15000
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const search = createRequire(import.meta.url)(path.join(here, '../../themes/default/static/static/search.js'));
const dir = path.join(process.argv[2] ?? 'target/search-bench/120', 'search/index');
const QUERIES = [
  'internet', 'thuê bao', 'thue bao dien thoai', 'viễn thông', 'Quảng Ninh', 'thanh tra', 'bưu chính',
  'tần số vô tuyến', '"báo chí"', 'phat thanh truyen hinh', '285/BC-STTTT', '8/2014', 'tháng 8/2014 internet', 'thue ba',
];

function measure(query) {
  const log = [];
  const engine = search.search((p) => {
    const bytes = readFileSync(path.join(dir, p));
    log.push({ p, raw: bytes.length, gz: gzipSync(bytes, { level: 6 }).length });
    return Promise.resolve(JSON.parse(bytes.toString('utf8')));
  });
  const started = performance.now();
  return engine.run(query).then(async (r) => {
    const top = r.results.slice(0, 10);
    const cards = await Promise.all(top.map((x) => engine.card(x.doc)));
    const ms = performance.now() - started;
    const sum = (k) => log.reduce((a, x) => a + x[k], 0);
    const trips = 2 + ['x/', 'd/'].filter((d) => log.some((x) => x.p.startsWith(d))).length;
    const cardRequests = log.filter((x) => x.p.startsWith('d/')).length;
    return { query, results: r.results.length, requests: log.length, trips, cardRequests, raw: sum('raw'), gz: sum('gz'), ms, first: cards[0]?.[1]?.slice(0, 40), files: log.map((x) => x.p) };
  });
}

const rows = [];
for (const q of QUERIES) rows.push(await measure(q));
const kb = (n) => (n / 1024).toFixed(1);
console.log('| query | results | requests (of which cards) | round trips | KB raw | KB gzip |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| \`${r.query}\` | ${r.results} | ${r.requests} (${r.cardRequests}) | ${r.trips} | ${kb(r.raw)} | ${kb(r.gz)} |`);
const median = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[rows.length >> 1];
console.log(`\nmedian: ${median('requests')} requests, ${kb(median('raw'))} KB raw, ${kb(median('gz'))} KB gzip`);
if (process.env.VERBOSE) for (const r of rows) console.log(r.query, r.first, r.files.join(' '));
