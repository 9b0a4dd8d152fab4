// Unit tests of the search script's text rules and engine, in Node (no browser).
// The folding and tokenizing vectors are the ones the Rust tests read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const scriptPath = path.join(repo, 'themes/default/static/static/search.js');
const search = createRequire(import.meta.url)(scriptPath);

function vectors(name) {
  return readFileSync(path.join(repo, 'tests/fixtures', name), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split('\t'));
}
const unescape = (s) => s.replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, h) => String.fromCodePoint(parseInt(h, 16)));

test('folding agrees with the Rust index (tests/fixtures/folding.tsv)', () => {
  const rows = vectors('folding.tsv');
  assert.ok(rows.length >= 10);
  for (const [input, want] of rows) assert.equal(search.fold(unescape(input)), unescape(want ?? ''), input);
});

test('tokenizing agrees with the Rust index (tests/fixtures/tokens.tsv)', () => {
  const rows = vectors('tokens.tsv');
  assert.ok(rows.length >= 10);
  for (const [input, want] of rows) {
    assert.equal(search.tokenize(input).map((t) => t.folded).join(' '), want ?? '', input);
  }
});

// Written by tests/browser.rs from the Rust tokenizer on pseudo-random text.
test('tokenizing agrees with the Rust index on generated text', { skip: !process.env.TOKEN_VECTORS }, () => {
  const lines = readFileSync(process.env.TOKEN_VECTORS, 'utf8').split('\n').filter((l) => l.includes('\t'));
  assert.ok(lines.length >= 100);
  for (const line of lines) {
    const [input, want] = line.split('\t');
    assert.equal(search.tokenize(input).map((t) => t.folded).join(' '), want, JSON.stringify(input));
  }
});

test('queries: words, last-word prefix, phrases, periods', () => {
  let q = search.parseQuery('Thuê ba');
  assert.deepEqual(q.words.map((w) => [w.exact, w.folded, !!w.prefix]), [['thuê', 'thue', false], ['ba', 'ba', true]]);
  q = search.parseQuery('thuê bao ');
  assert.equal(!!q.words[1].prefix, false, 'a trailing space ends the word');
  q = search.parseQuery('"internet băng thông rộng" 2014');
  assert.deepEqual(q.phrases, [['internet', 'bang', 'thong', 'rong']]);
  assert.equal(q.words.at(-1).prefix, true);
  q = search.parseQuery('"thuê bao"');
  assert.equal(!!q.words.at(-1).prefix, false, 'a closed phrase is complete');
  for (const text of ['8/2014', '08/2014', '2014-08', 'tháng 8/2014', 'Thang 8 nam 2014', 'tháng 8 năm 2014']) {
    q = search.parseQuery(text);
    assert.equal(q.period, 'p201408', text);
    assert.deepEqual(q.words, [], text);
  }
  assert.equal(search.parseQuery('285/BC-STTTT').period, null);
  assert.deepEqual(search.parseQuery('285/BC-STTTT').words.map((w) => w.folded), ['285', 'bc', 'stttt']);
  assert.equal(search.parseQuery('13/2014').period, null, 'no month 13');
});

test('the shipped script never builds HTML from strings', () => {
  const source = readFileSync(scriptPath, 'utf8');
  for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function']) {
    assert.ok(!source.includes(sink), `search.js uses ${sink}`);
  }
  assert.ok(Buffer.byteLength(source) < 34000, `search.js is ${Buffer.byteLength(source)} bytes`);
});

// Shard i of a hand-made index is written `t/<i>.json` here; its file is
// named by its separator (the manifest's t[i]), as src/search/shards.rs names it.
function named(files) {
  const out = { ...files };
  // (front coded: these hand-made separators share no prefix, each is '0' + itself)
  files['manifest.json'].t.split('|').map((s) => s.slice(1)).forEach((separator, i) => {
    const file = out[`t/${i}.json`];
    delete out[`t/${i}.json`];
    if (file) out[`t/${search.shardName(separator)}.json`] = file;
  });
  return out;
}

test('shard files are named by FNV-1a of their separator, as in Rust', () => {
  // src/search/shards/tests.rs asserts the same names
  assert.equal(search.shardName(''), '811c9dc5');
  assert.equal(search.shardName('thue'), search.shardName('thue'));
  assert.equal(search.shardName('a'), 'e40c292c');
  assert.equal(search.shardName('đ'), search.shardName('\u0111'));
});

// A tiny index written by hand in the shard format (see src/search/shards.rs).
// Documents 0 and 1 are Hà Nội's (2013, 2014), 2 is Quảng Ninh's (2014), 3 an indicator.
function memoryIndex(manifest) {
  const files = {
    'manifest.json': { v: 2, n: 4, k: 2, d: 2, t: '0|0thue', pn: 'Sở ', p: [['ha-noi', 'Hà Nội'], ['quang-ninh', 'Quảng Ninh']], g: [[1, 0, 2013, 0, [1, 2]], [1, 1, 2014, 1, 1]] },
    't/0.json': { t: [
      ['bao', 4, [], [0, 300, 1, 200, 1, 100, 1, 50], 0],
      ['bao cao', 1, [], [3, 500], 0],
      ['cao', 1, [], [3, 250], 0],
    ], c: [[0, 'r', 'Một', '', '', 'a/', '']] },
    't/1.json': { t: [
      ['thue', 3, ['thue', 'thuê', 'thuế'], [0, 300, 2, 2, 400, 4], [100, 0]],
      ['thue bao', 2, [], [0, 600, 1, 100], 0],
    ], c: [] },
    'x/0.json': [[1], [2, 1]],
    'd/0.json': [['r', 'Một', '', '', 'a/', ''], ['r', 'Hai', '', '', 'b/', '']],
    'd/1.json': [['r', 'Ba', '', '', 'c/', ''], ['r', 'Bốn', '', '', 'd/', '']],
  };
  if (manifest) files['manifest.json'] = manifest;
  const fetched = [];
  const engine = search.search((p) => { fetched.push(p); return Promise.resolve(structuredClone(named(files)[p])); });
  return { engine, fetched };
}

test('engine: AND, exact diacritics first, tails when needed, pair bonus', async () => {
  const { engine, fetched } = memoryIndex();
  let r = await engine.run('thuê bao');
  // doc 0 has thuê (mask 2) and the pair; doc 1 comes from the tail with thuê; doc 2 has thuế only
  assert.deepEqual(r.results.map((x) => x.doc), [0, 1, 2]);
  assert.deepEqual(r.results.map((x) => x.exact), [2, 2, 1]);
  assert.ok(fetched.includes('x/0.json'), 'the tail file is loaded when the heads are short');
  r = await engine.run('thuế bao');
  assert.equal(r.results[0].doc, 2, 'the exact diacritic match ranks first');
  r = await engine.run('ca');
  assert.deepEqual(r.results.map((x) => x.doc), [3], 'the last word is a prefix');
  r = await engine.run('"bao cao"');
  assert.deepEqual(r.results.map((x) => x.doc), [3]);
  r = await engine.run('"cao bao"');
  assert.deepEqual(r.results.map((x) => x.doc), [], 'a phrase keeps its order');
  assert.deepEqual(await engine.card(3), ['r', 'Bốn', '', '', 'd/', '']);
});

test('engine: cards come with their shard when they can', async () => {
  const { engine, fetched } = memoryIndex();
  await engine.run('bao');
  assert.deepEqual(await engine.card(0), ['r', 'Một', '', '', 'a/', '']);
  assert.ok(!fetched.some((p) => p.startsWith('d/')), `no card file: ${fetched}`);
  assert.equal((await engine.card(1))[1], 'Hai');
  assert.deepEqual(fetched.filter((p) => p.startsWith('d/')), ['d/0.json']);
});

test('engine: results narrowed by publisher and years', async () => {
  const { engine } = memoryIndex();
  const docs = async (filter) => (await engine.run('bao', filter)).results.map((x) => x.doc).sort();
  assert.deepEqual(await docs({}), [0, 1, 2, 3]);
  assert.deepEqual(await docs({ publisher: 'ha-noi' }), [0, 1]);
  assert.deepEqual(await docs({ from: '2014' }), [1, 2], 'an indicator has no year');
  assert.deepEqual(await docs({ to: 2013 }), [0]);
  assert.deepEqual(await docs({ publisher: 'quang-ninh', from: 2012, to: 2014 }), [2]);
  assert.deepEqual(await docs({ publisher: 'quang-ninh', to: 2013 }), []);
  assert.deepEqual(await docs({ publisher: 'nowhere' }), [0, 1, 2, 3], 'an unknown publisher narrows nothing');
  assert.equal(engine.publisher(2), 'Sở Quảng Ninh', 'the common prefix (pn) is put back');
  assert.equal(engine.publisher(3), undefined, 'an indicator has no publisher');
});

test('engine: a renamed publisher has one manifest entry per name, filtered by its id', async () => {
  // Hà Nội renamed in 2014 (publishers over time): its 2014 report is under its second entry.
  const p = [['ha-noi', 'Sở TTTT Hà Nội'], ['ha-noi', 'Sở KH&CN Hà Nội'], ['quang-ninh', 'Quảng Ninh']];
  const { engine } = memoryIndex({ v: 2, n: 4, k: 2, d: 2, t: '0|0thue', p, g: [[1, 0, 2013, 0, 1], [1, 1, 2014, 0, 1], [1, 2, 2014, 1, 1]] });
  const docs = async (filter) => (await engine.run('bao', filter)).results.map((x) => x.doc).sort();
  assert.deepEqual(await docs({ publisher: 'ha-noi' }), [0, 1], 'both names are Hà Nội');
  assert.deepEqual(await docs({ publisher: 'quang-ninh' }), [2]);
  assert.equal(engine.publisher(0), 'Sở TTTT Hà Nội');
  assert.equal(engine.publisher(1), 'Sở KH&CN Hà Nội', 'the card names the publisher as it was then');
});

test('tails decode from gaps and from bitmaps', () => {
  assert.deepEqual(search.decode([1, 2, 5]), { d: [1, 3, 8], m: undefined });
  assert.deepEqual(search.decode('Aw==', [5, 1, 6, 1]), { d: [0, 1], m: [5, 6] });
  assert.deepEqual(search.decode('/wE=').d, [0, 1, 2, 3, 4, 5, 6, 7, 8]);
});

test('any query parses and runs without throwing', async () => {
  const { engine } = memoryIndex();
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  const alphabet = ['a', 'ă', 'đ', 'Ế', ' ', '"', '“', '/', '-', '.', ',', '0', '8', '2014', 'tháng ', '~', '\u0301', '😀', '<', '>', '\u0000', 'thuê', 'bao'];
  for (let i = 0; i < 300; i++) {
    let q = '';
    for (let n = next() % 12; n > 0; n--) q += alphabet[next() % alphabet.length];
    const parsed = search.parseQuery(q);
    assert.ok(Array.isArray(parsed.words) && Array.isArray(parsed.phrases), q);
    for (const w of parsed.words) assert.ok(w.folded && !w.folded.includes('~') && !/\s/.test(w.folded), q);
    await engine.run(q);
  }
});

const marked = (text, query) => {
  const sp = search.spans(text), hit = search.marks(sp, search.parseQuery(query + ' ').words);
  return sp.tokens.filter((_, i) => hit[i]).map((t) => sp.text.slice(t.start, t.end));
};

test('highlighting marks only what the query meant', () => {
  assert.deepEqual(marked('Báo cáo số thuê bao tháng 8', 'thue bao'), ['thuê', 'bao'], 'not the Báo of Báo cáo');
  assert.deepEqual(marked('Báo cáo hoạt động', 'thue bao'), [], 'a lookalike alone is no match');
  assert.deepEqual(marked('hoạt động, điện thoại di động', 'dien thoai di dong'), ['điện', 'thoại', 'di', 'động']);
  assert.deepEqual(marked('Ông Thắng ký tháng 8', 'Thắng'), ['Thắng'], 'the diacritics typed');
  assert.deepEqual(marked('tháng 8', 'thang'), ['tháng'], 'one word typed without: any form');
  assert.deepEqual(marked('tháng 8', 'Thắng'), [], 'typed with diacritics: never a lookalike');
  assert.deepEqual(marked('Số 285/BC-STTTT', '285/BC-STTTT'), ['285', 'BC', 'STTTT']);
  assert.deepEqual(marked('dịch Ebola và thuê bao', 'ebola thue bao'), ['Ebola', 'thuê', 'bao'], 'a word without diacritics in the text stands alone');
  assert.deepEqual(marked('thuêbao bao', 'thue'), [], 'never part of another word');
});

test('a text fragment starts at the first real match', () => {
  const words = search.parseQuery('thue bao ').words;
  assert.equal(search.fragment('Báo cáo: số thuê bao tăng mạnh trong tháng này', words), ':~:text=' + encodeURIComponent('thuê bao tăng mạnh trong tháng'));
  assert.equal(search.fragment('số thuê bao x-y', words), ':~:text=thu%C3%AA%20bao%20x%2Dy', 'a dash would end the text');
  assert.equal(search.fragment('không có', words), '');
});

test('edit distance counts a transposition as one', () => {
  assert.equal(search.distance('thaoi', 'thoai', 3), 1);
  assert.equal(search.distance('dien', 'dine', 3), 1);
  assert.equal(search.distance('internet', 'intenet', 3), 1);
  assert.equal(search.distance('abc', 'xyz', 3), 3);
  assert.equal(search.distance('a', 'abcdef', 3), 3, 'capped');
});

// Shards with snippets and a vocabulary: documents 0 (2013) and 1 (2014) are reports, 2 an indicator.
function snippetIndex() {
  const files = {
    'manifest.json': { v: 2, n: 3, k: 10, d: 3, t: '0|0thoai', p: [], g: [[1, -1, 2013, 1, [1, 2]]], w: 'thoai thue bao dien' },
    't/0.json': { t: [
      ['bao', 3, [], [0, 100, 1, 100, 1, 300], 0, [[0, 'hai', 'số thuê bao tăng'], [1, '', 'báo cáo bao']]],
      ['dien', 3, [], [0, 100, 1, 100, 1, 300], 0],
      ['dien thoai', 3, [], [0, 100, 1, 100, 1, 300], 0],
    ], c: [] },
    't/1.json': { t: [
      ['thoai', 3, [], [0, 100, 1, 100, 1, 300], 0],
      ['thue', 3, [], [0, 100, 1, 100, 1, 300], 0, [[0, 'mot', 'thuê nhà']]],
      ['thue bao', 3, [], [0, 100, 1, 100, 1, 300], 0, [[0, 'hai', 'số thuê bao tăng']]],
    ], c: [] },
    'd/0.json': [['r', 'A', '', '', 'a/', ''], ['r', 'B', '', '', 'b/', ''], ['i', 'C', '', '', 'c/', '', '12 · 2014', '0259']],
  };
  const fetched = [];
  const engine = search.search((p) => { fetched.push(p); return Promise.resolve(structuredClone(named(files)[p])); });
  return { engine, fetched };
}

test('engine: indicators first, then equal scores newest first', async () => {
  const { engine } = snippetIndex();
  const r = await engine.run('bao ');
  assert.deepEqual(r.results.map((x) => x.doc), [2, 1, 0]);
  const newest = await engine.run('bao ', { sort: 'newest' });
  assert.deepEqual(newest.results.map((x) => x.doc), [2, 1, 0]);
});

test('engine: the snippet of the passage that holds most of the query', async () => {
  const { engine } = snippetIndex();
  const r = await engine.run('thue bao ');
  assert.deepEqual(engine.snippet(0, r.query), { text: 'số thuê bao tăng', anchor: 'hai' });
  assert.deepEqual(engine.snippet(1, r.query), { text: 'báo cáo bao', anchor: '' }, 'a word alone, when no passage has both');
  assert.equal(engine.snippet(2, r.query), null, 'no snippet: the card shows its summary');
});

test('engine: a mistyped word is corrected from the vocabulary', async () => {
  const { engine } = snippetIndex();
  const r = await engine.run('dien thaoi ');
  assert.equal(r.corrected, 'dien thoai');
  assert.equal(r.results.length, 3);
  const none = await engine.run('zzzzzzzz ');
  assert.equal(none.results.length, 0);
  assert.equal(none.corrected, undefined);
});
