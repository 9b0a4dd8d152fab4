// Replays typical queries through the real search script against an index
// written by `cargo run --release --example search_bench -- SITE DIR` and
// prints, per query, the requests and bytes the script fetches (raw and
// gzip) with a cold cache, including the cards of the first 10 results.
//   node tests/browser/bench.mjs DIR
// With publishers in the index, the queries are replayed again narrowed to
// the first publisher and the years 2012–2014. With RELEVANCE=1 the queries
// are those of tests/fixtures/relevance.tsv (with their filters), each run
// as a submitted search (its last word complete), as the relevance test does,
// and the script exits with 1 when a query needs more than MAX_REQUESTS (3)
// requests or MAX_KB (100) KB raw.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const search = createRequire(import.meta.url)(path.join(here, '../../themes/default/static/static/search.js'));
const dir = path.join(process.argv[2] ?? 'target/search-bench/S', 'search/index');
const QUERIES = [
  'internet', 'thuê bao', 'thue bao dien thoai', 'viễn thông', 'Quảng Ninh', 'thanh tra', 'bưu chính',
  'tần số vô tuyến', '"báo chí"', 'phat thanh truyen hinh', '285/BC-STTTT', '8/2014', 'tháng 8/2014 internet', 'thue ba',
];

async function measure(query, filter, label = query) {
  const log = [];
  const engine = search.search((p) => {
    const bytes = readFileSync(path.join(dir, p));
    log.push({ p, raw: bytes.length, gz: gzipSync(bytes, { level: 6 }).length });
    return Promise.resolve(JSON.parse(bytes.toString('utf8')));
  });
  const started = performance.now();
  const r = await engine.run(query, filter);
  const cards = await Promise.all(r.results.slice(0, 10).map((x) => engine.card(x.doc)));
  const ms = performance.now() - started;
  const sum = (k) => log.reduce((a, x) => a + x[k], 0);
  const trips = 2 + ['x/', 'd/'].filter((d) => log.some((x) => x.p.startsWith(d))).length;
  const count = (d) => log.filter((x) => x.p.startsWith(d)).length;
  return { query: label, results: r.results.length, complete: r.complete, requests: log.length, trips, shards: count('t/'), tails: count('x/'), cards: count('d/'), raw: sum('raw'), gz: sum('gz'), ms, first: cards[0]?.[1]?.slice(0, 40), files: log.map((x) => x.p) };
}

const kb = (n) => (n / 1024).toFixed(1);
function table(rows) {
  console.log('| query | results | requests | term shards | tail files | card files | round trips | KB raw | KB gzip |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(`| \`${r.query}\` | ${r.results}${r.complete ? '' : '+'} | ${r.requests} | ${r.shards} | ${r.tails} | ${r.cards} | ${r.trips} | ${kb(r.raw)} | ${kb(r.gz)} |`);
  const median = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[rows.length >> 1];
  const within = rows.filter((r) => r.requests <= 3).length;
  console.log(`\nmedian: ${median('requests')} requests, ${kb(median('raw'))} KB raw, ${kb(median('gz'))} KB gzip; max ${Math.max(...rows.map((r) => r.requests))} requests, ${kb(Math.max(...rows.map((r) => r.raw)))} KB raw; ${within}/${rows.length} queries in ≤ 3 requests`);
  if (process.env.VERBOSE) for (const r of rows) console.log(r.query, r.first, r.files.join(' '));
}

const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
if (process.env.RELEVANCE) {
  const set = readFileSync(path.join(here, '../fixtures/relevance.tsv'), 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const rows = [];
  for (const line of set) {
    const [query, filter] = line.split('\t');
    const f = Object.fromEntries(new URLSearchParams(filter ?? ''));
    rows.push(await measure(query + ' ', f, query + (filter ? ` [${filter}]` : '')));
  }
  table(rows);
  const maxRequests = Number(process.env.MAX_REQUESTS ?? 3), maxKb = Number(process.env.MAX_KB ?? 100);
  const over = rows.filter((r) => r.requests > maxRequests || r.raw > maxKb * 1024);
  console.log(`${rows.length - over.length}/${rows.length} queries within ${maxRequests} requests and ${maxKb} KB` + (over.length ? `; over: ${over.map((r) => r.query).join(', ')}` : ''));
  // a failure above the bound, so that the national figure can be checked by a script
  process.exit(over.length ? 1 : 0);
}
const rows = [];
for (const q of QUERIES) rows.push(await measure(q));
table(rows);
if (manifest.p?.length) {
  const filter = { publisher: manifest.p[0][0], from: 2012, to: 2014 };
  console.log(`\nnarrowed to ${JSON.stringify(filter)}:\n`);
  const narrowed = [];
  for (const q of QUERIES) narrowed.push(await measure(q, filter));
  table(narrowed);
}
