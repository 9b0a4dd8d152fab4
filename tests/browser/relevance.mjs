// The relevance test set: queries through the real search script (Node,
// files read from disk, cold cache each) against a built site's index,
// each with the results that must come first.
//   node tests/browser/relevance.mjs SITE_DIR [SET.tsv]
// SET.tsv (default tests/fixtures/relevance.tsv): query <TAB> filter (URL
// parameters: publisher=da-nang&from=2012, or empty) <TAB> expected paths,
// space-separated, `*` matching any characters. A query succeeds at k when
// one of its first k results is expected. Prints success@1, success@5 and
// the mean reciprocal rank (first expected result within 10), and per
// query its requests and bytes; exits with 1 when success@5 is below
// RELEVANCE_FLOOR (default 0.9) or a query fetches more than MAX_REQUESTS
// or MAX_KB, when those are set.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const search = createRequire(import.meta.url)(path.join(here, '../../themes/default/static/static/search.js'));
const site = process.argv[2];
const setFile = process.argv[3] ?? path.join(here, '../fixtures/relevance.tsv');
if (!site) {
  console.error('usage: node relevance.mjs SITE_DIR [SET.tsv]');
  process.exit(2);
}
const dir = path.join(site, 'search/index');
const floor = Number(process.env.RELEVANCE_FLOOR ?? 0.9);
const maxRequests = Number(process.env.MAX_REQUESTS ?? Infinity);
const maxKb = Number(process.env.MAX_KB ?? Infinity);

const cases = readFileSync(setFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim() && !l.startsWith('#'))
  .map((l) => {
    const [query, filter, expected] = l.split('\t');
    return { query, filter: Object.fromEntries(new URLSearchParams(filter ?? '')), expected: (expected ?? '').split(' ').filter(Boolean) };
  });
const pattern = (p) => new RegExp('^' + p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$');

let s1 = 0, s5 = 0, mrr = 0, overBudget = 0;
const rows = [];
for (const c of cases) {
  const log = [];
  const engine = search.search((p) => {
    const bytes = readFileSync(path.join(dir, p));
    log.push({ p, raw: bytes.length });
    return Promise.resolve(JSON.parse(bytes.toString('utf8')));
  });
  // a submitted query (as from the search page's URL): the last word is complete
  const r = await engine.run(c.query + ' ', c.filter);
  const top = await Promise.all(r.results.slice(0, 10).map((x) => engine.card(x.doc)));
  const paths = top.map((card) => card?.[4] ?? '');
  const want = c.expected.map(pattern);
  const rank = paths.findIndex((p) => want.some((w) => w.test(p))) + 1;
  if (rank == 1) s1++;
  if (rank >= 1 && rank <= 5) s5++;
  if (rank) mrr += 1 / rank;
  const kb = log.reduce((a, x) => a + x.raw, 0) / 1024;
  const over = log.length > maxRequests || kb > maxKb;
  if (over) overBudget++;
  rows.push({ c, rank, paths, requests: log.length, kb, over, corrected: r.corrected });
}
const n = cases.length;
for (const { c, rank, paths, requests, kb, over, corrected } of rows) {
  const filter = new URLSearchParams(c.filter).toString();
  console.log(`${rank && rank <= 5 ? 'ok  ' : 'FAIL'} #${rank || '-'} ${JSON.stringify(c.query)}${filter ? ' [' + filter + ']' : ''}${corrected ? ' → ' + JSON.stringify(corrected) : ''}  ${requests} requests ${kb.toFixed(1)} KB${over ? ' OVER BUDGET' : ''}`);
  if (!rank || rank > 5) console.log(`       expected ${c.expected.join(' ')}; got ${paths.slice(0, 5).join(' ')}`);
}
const maxReq = Math.max(...rows.map((r) => r.requests));
const maxK = Math.max(...rows.map((r) => r.kb));
console.log(`\n${n} queries: success@1 ${(s1 / n).toFixed(3)}, success@5 ${(s5 / n).toFixed(3)}, MRR ${(mrr / n).toFixed(3)}; at most ${maxReq} requests and ${maxK.toFixed(1)} KB per query`);
if (s5 / n < floor) {
  console.log(`success@5 is below the floor of ${floor}`);
  process.exit(1);
}
if (overBudget) {
  console.log(`${overBudget} queries over the budget (${maxRequests} requests, ${maxKb} KB)`);
  process.exit(1);
}
