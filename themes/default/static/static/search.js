/* annals search: client of the index in search/index/ (src/search). Text
   rules as in src/search/tokens.rs (shared vectors in tests/fixtures).
   Index and query strings only ever become text nodes. */
(() => {
'use strict';
var D = globalThis.document, PAGE = 10;
var TOKEN_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u, DIGITS = /^\d+$/;

var lower = s => Array.from(s, c => c.toLowerCase()).join('');
var fold = s => lower(s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd'));

/* tokens of text with their span in text.normalize('NFC') */
function spans(text) {
  var s = text.normalize('NFC'), chars = Array.from(s), out = [], cur = '', start = 0, pos = 0;
  function flush() {
    if (cur && [...cur].length <= 40) {
      var raw = DIGITS.test(cur) ? cur.replace(/^0+/, '') || '0' : cur;
      var exact = lower(raw.normalize('NFC')).normalize('NFC'), folded = fold(exact);
      if (folded) out.push({ exact, folded, start, end: pos });
    }
    cur = '';
  }
  chars.forEach((c, i) => {
    if (TOKEN_CHAR.test(c)) { if (!cur) start = pos; cur += c; }
    else if (!((c == '.' || c == ',') && DIGITS.test(cur) && /\d/.test(chars[i + 1]))) flush();
    pos += c.length;
  });
  flush();
  return { text: s, tokens: out };
}
var tokenize = text => spans(text).tokens;
/* no pairs of figures over 4 digits (src/search/index.rs) */
var pairable = folded => !/^\d{5,}$/.test(folded);

var PERIODS = [
  [/(?:th[aá]ng\s*)?(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)/, 1, 2],
  [/(?<!\d)(\d{4})\s*[/-]\s*(\d{1,2})(?!\d)/, 2, 1],
  [/th[aá]ng\s+(\d{1,2})\s+(?:n[aă]m\s+)?(\d{4})(?!\d)/, 1, 2]
];

/* words (AND; the last a prefix while typing), phrases (syllables in
   order) and the period term of `8/2014` or `2014-08` */
function parseQuery(query) {
  var q = lower(query.normalize('NFC')), period = null;
  for (var p of PERIODS) {
    var m = p[0].exec(q), mo = m && +m[p[1]];
    if (mo >= 1 && mo <= 12) {
      period = 'p' + m[p[2]] + (mo < 10 ? '0' : '') + mo;
      q = q.slice(0, m.index) + ' ' + q.slice(m.index + m[0].length);
      break;
    }
  }
  var parts = q.split(/["“”]/), words = [], phrases = [], seen = {};
  parts.forEach((part, i) => {
    var toks = tokenize(part);
    if (i % 2 && toks.length > 1) phrases.push(toks.map(t => t.folded));
    toks.forEach(t => { if (!seen[t.folded]) { seen[t.folded] = 1; words.push(t); } });
  });
  /* while typing, the last word is a prefix (also in an open quote) */
  var last = words.at(-1), tail = parts.at(-1);
  if (last && (parts.length == 1 || tail.trim()) && /[\p{L}\p{N}\p{M}]$/u.test(q)) {
    last.prefix = true;
    if (parts.length % 2 == 0 && phrases.length && tokenize(tail).length > 1) phrases.at(-1).pop();
  }
  return { words, phrases, period };
}

/* a tail: docs (gaps or base64 bitmap), masks (runs, or '#' + mask each) */
function decode(docs, masks) {
  var d = [], m = masks && [], k = 0, i, b;
  if (typeof docs == 'string') {
    docs = atob(docs);
    for (i = 0; i < docs.length; i++) for (b = 0; b < 8; b++) if (docs.charCodeAt(i) >> b & 1) d.push(i * 8 + b);
  } else docs.forEach(g => d.push(k += g));
  if (typeof masks == 'string') m = [...masks].map(c => c.charCodeAt() - 35);
  else for (i = 0; m && i < masks.length; i += 2) for (b = 0; b < masks[i + 1]; b++) m.push(masks[i]);
  return { d, m };
}

function search(load) {
  var M, files = {}, cards = {}, P = [], Y = [];
  function get(path) {
    return files[path] || (files[path] = load(path).then(s => {
      s.c?.map?.(c => cards[c[0]] = c.slice(1));
      return s;
    }));
  }
  /* the manifest; each document's publisher and year */
  function ready() {
    return get('manifest.json').then(m => {
      if (!M) m.g.forEach(s => s.slice(2).forEach((n, i) => { while (n--) { P.push(s[0]); Y.push(s[1] && s[1] + i); } }));
      M = m;
    });
  }
  var at = key => Math.max(M.t.findLastIndex(x => x <= key), 0), shardOf = term => 't/' + at(term) + '.json';
  var lookup = term => get(shardOf(term)).then(s => s.t.filter(e => e[0] == term));
  function expand(prefix, i) {
    /* the prefix's words in its shard (or the next, if none) */
    i ??= at(prefix);
    return get('t/' + i + '.json').then(s => {
      var found = s.t.filter(e => e[0].startsWith(prefix) && !e[0].includes('~'));
      if (!found.length && M.t[i + 1]?.startsWith(prefix)) return expand(prefix, i + 1);
      found.sort((a, b) => (b[0] == prefix) - (a[0] == prefix) || b[1] - a[1]);
      return found.slice(0, 24);
    });
  }
  /* an entry's postings (head, tail if known) into: doc -> [score, exact] */
  function postings(entry, word, tail, factor, into) {
    var v = entry[2], stride = v.length > 1 ? 3 : 2, p = entry[3], bit = 0, all = false, d = 0, i;
    var same = f => word && (word.prefix ? f.startsWith(word.exact) : f == word.exact);
    if (v.length < 2) all = same(v.length ? v[0] : entry[0]);
    else v.forEach((f, i) => { if (same(f)) bit |= 1 << i; });
    function add(doc, score, mask) {
      var exact = all || (mask & bit) != 0, old = into.get(doc);
      score *= factor;
      into.set(doc, old ? [Math.max(old[0], score), old[1] || exact] : [score, exact]);
    }
    for (i = 0; i < p.length; i += stride) { d += p[i]; add(d, p[i + 1], p[i + 2]); }
    if (tail) tail.d.forEach((doc, i) => add(doc, entry[4][0], tail.m ? tail.m[i] : 0));
  }
  /* a word's (pair's, period's) entries; complete once their tails are in */
  function clause(entries, word) {
    var c = { tail: 0 }, main = e => !word || !word.prefix || e[0] == word.folded;
    c.build = () => {
      c.map = new Map(); c.complete = true;
      entries.forEach(e => {
        var t = e[4];
        if (t && typeof t[1] != 'number' && !e.x) e.x = decode(t[1], t[2]);
        if (t && !e.x && main(e)) { c.complete = false; c.tail = Math.max(c.tail, t[0]); }
        postings(e, word, e.x, main(e) ? 1 : 0.9, c.map);
      });
    };
    c.loadTails = () => Promise.all(entries.filter(e => e[4] && !e.x && main(e)).map(e =>
      get('x/' + e[4][1] + '.json').then(x => { e.x = decode(x[0], x[1]); }))).then(c.build);
    c.build();
    return c;
  }
  /* AND of the clauses, within the filter; a doc missing from an incomplete
     word's head counts if a pair proves the word is there */
  function rank(words, req, pairs, ok) {
    if (!req.length) return [];
    var smallest = req.reduce((a, b) => b.map.size < a.map.size ? b : a), cands = new Set(smallest.map.keys()), out = [];
    pairs.forEach(p => p.c.map.forEach((_, doc) => cands.add(doc)));
    cands.forEach(doc => {
      var score = 0, exact = 0, hit = c => { var h = c.map.get(doc); if (h) score += h[0]; return h; };
      if (!ok(doc) || !words.every((c, k) => {
        var h = c.map.get(doc);
        if (!h && !c.complete && pairs.some(p => (p.a == k || p.b == k) && p.c.map.has(doc))) h = [c.tail, false];
        if (h) { score += h[0]; exact += h[1] ? 1 : 0; }
        return h;
      }) || !req.slice(words.length).every(hit)) return;
      pairs.forEach(p => p.req || hit(p.c));
      out.push({ doc, score, exact });
    });
    return out.sort((a, b) => b.exact - a.exact || b.score - a.score || a.doc - b.doc);
  }
  /* filter: {publisher: id, from: year, to: year}, all optional */
  function run(query, filter) {
    var q = parseQuery(query), ws = q.words, f = filter || {}, ok;
    var one = term => lookup(term).then(es => clause(es));
    return ready().then(() => {
      var pub = M.p.some(p => p[0] == f.publisher) && f.publisher;
      ok = doc => (!pub || (M.p[P[doc]] || [])[0] == pub) && (!f.from || Y[doc] >= f.from) && (!f.to || Y[doc] && Y[doc] <= f.to);
      var words = ws.map(w => (w.prefix ? expand : lookup)(w.folded).then(es => clause(es, w)));
      var others = q.period ? [one(q.period)] : [], pairs = [], index = {};
      ws.forEach((w, k) => { index[w.folded] = k; });
      function pair(a, b, req) {
        var term = a + '~' + b;
        if (pairable(a) && pairable(b) && (req || files[shardOf(term)])) pairs.push(one(term).then(c => ({ a: index[a], b: index[b], c, req })));
      }
      q.phrases.forEach(ph => ph.forEach((t, i) => i && pair(ph[i - 1], t, true)));
      ws.forEach((w, i) => i && !w.prefix && pair(ws[i - 1].folded, w.folded, false));
      return Promise.all([Promise.all(words), Promise.all(others), Promise.all(pairs)]);
    }).then(g => {
      var req = g[0].concat(g[1], g[2].filter(p => p.req).map(p => p.c));
      var again = () => ({ query: q, results: rank(g[0], req, g[2], ok), complete: req.every(c => c.complete) }), r = again();
      return r.results.length >= PAGE || r.complete ? r : Promise.all(req.map(c => c.complete || c.loadTails())).then(again);
    });
  }
  var card = doc => cards[doc] ? Promise.resolve(cards[doc]) : ready().then(() => get('d/' + (doc / M.d | 0) + '.json').then(s => s[doc % M.d]));
  var publisher = doc => (M && M.p[P[doc]] || '')[1];
  return { run, card, publisher };
}

/* text with the query's words in <mark>s (append() adds text nodes) */
function highlight(text, words, width) {
  var sp = spans(text), t = sp.text, from = 0, to = t.length, frag = D.createDocumentFragment(), at;
  /* a word typed with diacritics marks those forms, unless none is there */
  var hit = any => tok => words.some(w => {
    var k = any || w.exact == w.folded ? 'folded' : 'exact';
    return w.prefix ? tok[k].startsWith(w[k]) : tok[k] == w[k];
  }), hits = sp.tokens.filter(hit(0));
  if (!hits.length) hits = sp.tokens.filter(hit(1));
  if (width && t.length > width) {
    from = Math.max(0, (hits[0]?.start | 0) - (width >> 2));
    to = Math.min(t.length, from + width);
    while (from > 0 && from < t.length && !/\s/.test(t[from - 1])) from++;
    while (to < t.length && to > from && !/\s/.test(t[to])) to--;
  }
  if (at = from) frag.append('… ');
  hits.forEach(h => {
    if (h.start < at || h.end > to) return;
    frag.append(t.slice(at, h.start), el('mark', '', t.slice(h.start, h.end)));
    at = h.end;
  });
  frag.append(t.slice(at, to) + (to < t.length ? ' …' : ''));
  return frag;
}

function el(tag, cls, ...kids) {
  var e = D.createElement(tag);
  e.className = cls;
  e.append(...kids.filter(k => k));
  return e;
}

/* an input bound to a results list; opts.limit: the header box;
   opts.filters: publisher and year fields (named as in the URL) */
function bind(engine, base, T, input, list, status, more, opts) {
  var timer, seq = 0, shown = 0, current, hide = opts.onEmpty || Object, fs = opts.filters || [];
  var say = t => (status.textContent = t), fmt = (key, n, q) => (T[key] || '').replace('{n}', n).replace('{q}', q);
  function item(c, doc, words) {
    var a = el('a', '', highlight(c[1], words, 0)), ind = c[0] == 'i', who = engine.publisher(doc);
    a.href = base + c[4];
    return el('li', 'search-result', el('h3', '', a),
      el('p', 'report-meta', el('span', 'search-kind', ind ? T.kind_indicator : T.kind_report),
        who && el('span', 'search-publisher', who), c[2] && el('span', '', c[2]), c[3] && el('span', '', (ind ? '' : T.number + ' ') + c[3])),
      c[5] && !opts.limit && el('p', 'search-snippet', highlight(c[5], words, 220)));
  }
  function page(my) {
    var from = shown, slice = current.results.slice(from, from + (opts.limit || PAGE));
    return Promise.all(slice.map(r => engine.card(r.doc))).then(cards => {
      if (my != seq) return;
      cards.forEach((c, i) => c && list.append(item(c, slice[i].doc, current.query.words)));
      shown = from + slice.length;
      more.hidden = !opts.limit && shown >= current.results.length;
    });
  }
  function go() {
    var q = input.value, my = ++seq, url = new URL(location.href);
    if (opts.url) {
      [input, ...fs].forEach(f => f.value.trim() ? url.searchParams.set(f.name, f.value) : url.searchParams.delete(f.name));
      history.replaceState(null, '', url);
    }
    if (!q.trim()) { list.replaceChildren(); say(''); more.hidden = true; hide(); return; }
    say(T.loading);
    engine.run(q, Object.fromEntries(fs.map(f => [f.name, f.value]))).then(r => {
      if (my != seq) return;
      current = r; shown = 0;
      list.replaceChildren();
      var n = r.results.length;
      (opts.onResults || Object)();
      return page(my).then(() => my == seq && say(n ? fmt(n == 1 ? 'results_one' : r.complete ? 'results_many' : 'results_more', n) : fmt('no_results', 0, q.trim())));
    }).catch(() => { if (my == seq) say(T.error); });
  }
  var later = () => { clearTimeout(timer); timer = setTimeout(go, 150); };
  [input, ...fs].forEach(f => { f.addEventListener('input', later); f.addEventListener('change', later); });
  if (!opts.limit) more.addEventListener('click', () => { if (current) page(seq); });
  /* arrows: between box and results; Escape: back to the box */
  function key(e) {
    var links = [input, ...list.querySelectorAll('a')], i = links.indexOf(D.activeElement), k = e.key;
    if (i < 0) return;
    if (/^Arrow(Up|Down)$/.test(k)) { e.preventDefault(); (links[k == 'ArrowUp' ? i - 1 : i + 1] || links[i]).focus(); }
    if (k == 'Escape') { input.focus(); hide(); }
  }
  input.addEventListener('keydown', key);
  list.addEventListener('keydown', key);
  return go;
}

function start() {
  var script = D.querySelector('script[data-search-index]');
  if (!script) return;
  var data = script.dataset, T = JSON.parse(data.strings || '{}'), base = data.base || '/', root = data.searchIndex, v = data.version || '';
  var engine = search(path => fetch(root + path + '?v=' + v).then(r => r.ok ? r.json() : Promise.reject(Error(path))));
  var $ = id => D.getElementById(id), page = $('search-page-q'), header = $('site-search');
  if (page) {
    var params = new URLSearchParams(location.search), filters = [...D.querySelectorAll('.search-filters [name]')];
    [page, ...filters].forEach(f => { f.value = params.get(f.name) || ''; });
    var go = bind(engine, base, T, page, $('search-results'), $('search-status'), $('search-more'), { url: true, filters });
    if (header) header.value = page.value;
    if (page.value) go();
  } else if (header) {
    var list = el('ol', 'search-results'), st = el('p', 'visually-hidden'), all = el('a', 'search-all', T.all_results);
    var box = el('div', 'search-popup', list, all), hide = () => { box.hidden = true; };
    st.setAttribute('role', 'status');
    list.id = 'search-popup-list';
    header.setAttribute('aria-controls', list.id);
    hide();
    header.form.append(st, box);
    bind(engine, base, T, header, list, st, all, {
      limit: 5, onEmpty: hide,
      onResults: () => { all.href = header.form.action + '?q=' + encodeURIComponent(header.value); box.hidden = false; }
    });
    D.addEventListener('click', e => { if (!header.form.contains(e.target)) hide(); });
  }
}

var api = { fold, tokenize, spans, parseQuery, search, highlight, decode };
if (typeof module == 'object' && module.exports) module.exports = api;
else if (D) D.readyState == 'loading' ? D.addEventListener('DOMContentLoaded', start) : start();
})();
