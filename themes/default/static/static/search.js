/* annals search: client of the sharded index in search/index/ (src/search).
   Text rules mirror src/search/tokens.rs (shared vectors: tests/fixtures).
   Strings from the index or the query only ever become text nodes. */
(() => {
  'use strict';
  var D = typeof document === 'object' ? document : null, PAGE = 10, MAX_TOKEN = 40, PREFIX_TERMS = 24;
  var TOKEN_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u, DIGITS = /^\d+$/;

  function lower(s) { return Array.from(s, c => c.toLowerCase()).join(''); }
  function fold(s) { return lower(s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd')); }

  /* tokens of text with their span in text.normalize('NFC') */
  function spans(text) {
    var s = text.normalize('NFC'), chars = Array.from(s), out = [], cur = '', start = 0, pos = 0;
    function flush() {
      if (cur && Array.from(cur).length <= MAX_TOKEN) {
        var raw = DIGITS.test(cur) ? (cur.replace(/^0+/, '') || '0') : cur;
        var exact = lower(raw.normalize('NFC')).normalize('NFC'), folded = fold(exact);
        if (folded) out.push({ exact, folded, start, end: pos });
      }
      cur = '';
    }
    chars.forEach((c, i) => {
      if (TOKEN_CHAR.test(c)) { if (!cur) start = pos; cur += c; }
      else if (!((c === '.' || c === ',') && DIGITS.test(cur) && /\d/.test(chars[i + 1]))) flush();
      pos += c.length;
    });
    flush();
    return { text: s, tokens: out };
  }
  function tokenize(text) { return spans(text).tokens; }
  /* as in src/search/index.rs: no pairs of figures over 4 digits */
  function pairable(folded) { return !/^\d{5,}$/.test(folded); }

  var PERIODS = [
    [/(?:th[aá]ng\s*)?(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)/, 1, 2],
    [/(?<!\d)(\d{4})\s*[/-]\s*(\d{1,2})(?!\d)/, 2, 1],
    [/th[aá]ng\s+(\d{1,2})\s+(?:n[aă]m\s+)?(\d{4})(?!\d)/, 1, 2]
  ];

  /* A query: words (AND; the last one a prefix while typing), phrases
     (syllables in order) and the period term of `8/2014` or `2014-08`. */
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
      toks.forEach(t => {
        if (!seen[t.folded]) { seen[t.folded] = 1; words.push(t); }
      });
    });
    /* while typing, the last word is a prefix (also in an open quote) */
    var last = words.at(-1), open = parts.length % 2 === 0, tail = parts.at(-1);
    if (last && (parts.length === 1 || tail.trim()) && /[\p{L}\p{N}\p{M}]$/u.test(q)) {
      last.prefix = true;
      if (open && phrases.length && tokenize(tail).length > 1) phrases.at(-1).pop();
    }
    return { words, phrases, period };
  }

  function search(load) {
    var manifest = null, files = {};
    function get(path) { return files[path] || (files[path] = load(path)); }
    function at(list, key) { /* the last i with list[i] <= key, else 0 */
      var lo = 0, hi = list.length - 1;
      while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (list[mid] <= key) lo = mid; else hi = mid - 1; }
      return Math.max(lo, 0);
    }
    function shardOf(term) { return 't/' + at(manifest.t, term) + '.json'; }
    function lookup(term) {
      return get(shardOf(term)).then(s => {
        var i = at(s.t.map(e => e[0]), term);
        return s.t[i] && s.t[i][0] === term ? s.t[i] : null;
      });
    }
    function expand(prefix) {
      /* pairs (a~b) sort after a prefix's words: one shard, or two */
      var i = at(manifest.t, prefix), next = manifest.t[i + 1] || '', more = next.startsWith(prefix) && !next.startsWith(prefix + '~');
      return Promise.all([get('t/' + i + '.json'), more && get('t/' + (i + 1) + '.json')]).then(ss => {
        var found = ss.flatMap(s => s ? s.t.filter(e => e[0].startsWith(prefix) && !e[0].includes('~')) : []);
        found.sort((a, b) => (b[0] === prefix) - (a[0] === prefix) || b[1] - a[1]);
        return found.slice(0, PREFIX_TERMS);
      });
    }
    /* an entry's postings (head, tail once loaded) into `into`: doc -> [score, exact] */
    function postings(entry, word, tail, factor, into) {
      var v = entry[2], stride = v.length > 1 ? 3 : 2, p = entry[3], bit = 0, all = false, d = 0, i;
      function same(f) { return word && (word.prefix ? f.startsWith(word.exact) : f === word.exact); }
      if (v.length < 2) all = same(v.length ? v[0] : entry[0]);
      else v.forEach((f, i) => { if (same(f)) bit |= 1 << i; });
      function add(doc, score, mask) {
        var exact = all || (mask & bit) !== 0, old = into.get(doc);
        score *= factor;
        if (!old) into.set(doc, [score, exact]);
        else { old[0] = Math.max(old[0], score); old[1] = old[1] || exact; }
      }
      for (i = 0; i < p.length; i += stride) { d += p[i]; add(d, p[i + 1], p[i + 2]); }
      if (tail) for (i = 0, d = 0; i < tail.d.length; i++) { d += tail.d[i]; add(d, entry[4][1], tail.m ? tail.m[i] : 0); }
    }
    /* one word's (pair's, period's) entries; complete once its tails are in */
    function clause(entries, word) {
      var c = { tails: {}, tail: 0 }, main = e => !word || !word.prefix || e[0] === word.folded;
      c.build = () => {
        c.map = new Map(); c.complete = true;
        entries.forEach(e => {
          var t = e[4] ? c.tails[e[4][0]] : null;
          if (e[4] && !t && main(e)) { c.complete = false; c.tail = Math.max(c.tail, e[4][1]); }
          postings(e, word, t, main(e) ? 1 : 0.9, c.map);
        });
      };
      c.loadTails = () => Promise.all(entries.filter(e => e[4] && main(e)).map(e =>
        get('x/' + e[4][0] + '.json').then(t => { c.tails[e[4][0]] = t; }))).then(c.build);
      c.build();
      return c;
    }
    /* AND of the clauses; a doc missing from an incomplete word's first tier
       still counts when a pair proves the word is there (it is in the tail). */
    function rank(words, others, pairs) {
      var req = words.concat(others, pairs.filter(p => p.req).map(p => p.c));
      if (!req.length) return [];
      var smallest = req.reduce((a, b) => b.map.size < a.map.size ? b : a), cands = new Set(smallest.map.keys()), out = [];
      pairs.forEach(p => p.c.map.forEach((_, doc) => cands.add(doc)));
      cands.forEach(doc => {
        var score = 0, exact = 0, ok = words.every((c, k) => {
          var hit = c.map.get(doc);
          if (!hit && !c.complete && pairs.some(p => (p.a === k || p.b === k) && p.c.map.has(doc))) hit = [c.tail, false];
          if (hit) { score += hit[0]; exact += hit[1] ? 1 : 0; }
          return hit;
        }) && req.slice(words.length).every(c => { var hit = c.map.get(doc); if (hit) score += hit[0]; return hit; });
        if (!ok) return;
        pairs.forEach(p => { var hit = !p.req && p.c.map.get(doc); if (hit) score += hit[0]; });
        out.push({ doc, score, exact });
      });
      return out.sort((a, b) => b.exact - a.exact || b.score - a.score || a.doc - b.doc);
    }
    function run(query) {
      var q = typeof query === 'string' ? parseQuery(query) : query, ws = q.words;
      var ready = get('manifest.json').then(m => { manifest = m; });
      function one(term) { return lookup(term).then(e => clause(e ? [e] : [], null)); }
      return ready.then(() => {
        var words = ws.map(w => (w.prefix ? expand(w.folded) : lookup(w.folded).then(e => e ? [e] : [])).then(es => clause(es, w)));
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
        var clauses = g[0].concat(g[1], g[2].filter(p => p.req).map(p => p.c));
        var done = () => clauses.every(c => c.complete), results = rank(g[0], g[1], g[2]);
        if (results.length >= PAGE || done()) return { query: q, results: results, complete: done() };
        return Promise.all(clauses.map(c => c.complete ? null : c.loadTails()))
          .then(() => ({ query: q, results: rank(g[0], g[1], g[2]), complete: true }));
      });
    }
    function card(doc) {
      return get('manifest.json').then(m => {
        var i = at(m.d, doc);
        return get('d/' + i + '.json').then(s => s[doc - m.d[i]]);
      });
    }
    return { run, card };
  }

  /* Text with the query's words marked: a fragment of text nodes and <mark>s
     (append() with a string adds a text node, never markup). */
  function highlight(text, words, width) {
    var sp = spans(text), t = sp.text, from = 0, to = t.length, frag = D.createDocumentFragment(), at;
    /* a word typed with diacritics marks those forms, unless none is there */
    var hit = any => tok => words.some(w => {
      var k = any || w.exact === w.folded ? 'folded' : 'exact';
      return w.prefix ? tok[k].startsWith(w[k]) : tok[k] === w[k];
    }), hits = sp.tokens.filter(hit(0));
    if (!hits.length) hits = sp.tokens.filter(hit(1));
    if (width && t.length > width) {
      from = hits.length ? Math.max(0, hits[0].start - (width >> 2)) : 0;
      to = Math.min(t.length, from + width);
      while (from > 0 && from < t.length && !/\s/.test(t[from - 1])) from++;
      while (to < t.length && to > from && !/\s/.test(t[to])) to--;
    }
    at = from;
    if (from > 0) frag.append('… ');
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

  /* an input bound to a results list; opts.limit: the header box */
  function bind(engine, base, T, input, list, status, more, opts) {
    var timer = 0, seq = 0, shown = 0, current = null, hide = opts.onEmpty || (() => {});
    var say = t => (status.textContent = t), fmt = (key, n, q) => (T[key] || '').replace('{n}', n).replace('{q}', q);
    function item(c, words) {
      var a = el('a', '', highlight(c[1], words, 0)), ind = c[0] === 'i';
      a.href = base + c[4];
      return el('li', 'search-result', el('h3', '', a),
        el('p', 'report-meta', el('span', 'search-kind', ind ? T.kind_indicator : T.kind_report),
          c[2] && el('span', '', c[2]), c[3] && el('span', '', (ind ? '' : T.number + ' ') + c[3])),
        c[5] && !opts.limit && el('p', 'search-snippet', highlight(c[5], words, 220)));
    }
    function page(my) {
      var from = shown, slice = current.results.slice(from, from + (opts.limit || PAGE));
      return Promise.all(slice.map(r => engine.card(r.doc))).then(cards => {
        if (my !== seq) return;
        var words = current.query.words;
        cards.forEach(c => c && list.append(item(c, words)));
        shown = from + slice.length;
        more.hidden = !opts.limit && shown >= current.results.length;
      });
    }
    function go() {
      var q = input.value, my = ++seq, url = new URL(location.href);
      if (opts.url) history.replaceState(null, '', (q.trim() ? url.searchParams.set('q', q) : url.searchParams.delete('q'), url));
      if (!q.trim()) { list.replaceChildren(); say(''); more.hidden = true; hide(); return; }
      say(T.loading);
      engine.run(q).then(r => {
        if (my !== seq) return;
        current = r; shown = 0;
        list.replaceChildren();
        var n = r.results.length;
        (opts.onResults || Object)();
        return page(my).then(() => my === seq && say(n ? fmt(n === 1 ? 'results_one' : r.complete ? 'results_many' : 'results_more', n) : fmt('no_results', 0, q.trim())));
      }).catch(() => { if (my === seq) say(T.error); });
    }
    input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(go, 150); });
    if (!opts.limit) more.addEventListener('click', () => { if (current) page(seq); });
    /* arrows: between box and results; Escape: back to the box */
    function key(e) {
      var links = [input, ...list.querySelectorAll('a')], i = links.indexOf(D.activeElement), k = e.key;
      if (i < 0) return;
      if (k === 'ArrowDown' || k === 'ArrowUp') { e.preventDefault(); (links[k === 'ArrowUp' ? i - 1 : i + 1] || links[i]).focus(); }
      if (k === 'Escape') { input.focus(); hide(); }
    }
    input.addEventListener('keydown', key);
    list.addEventListener('keydown', key);
    return go;
  }

  function start() {
    var script = D.querySelector('script[data-search-index]');
    if (!script) return;
    var data = script.dataset, T = JSON.parse(data.strings || '{}'), base = data.base || '/', root = data.searchIndex, v = data.version || '';
    var engine = search(path => fetch(root + path + '?v=' + v).then(r => {
      if (!r.ok) throw Error(path);
      return r.json();
    }));
    var $ = id => D.getElementById(id), page = $('search-page-q'), header = $('site-search');
    if (page) {
      var go = bind(engine, base, T, page, $('search-results'), $('search-status'), $('search-more'), { url: true });
      var q = new URLSearchParams(location.search).get('q') || '';
      page.value = q;
      if (header) header.value = q;
      if (q) go();
    } else if (header) {
      var list = el('ol', 'search-results'), st = el('p', 'visually-hidden'), all = el('a', 'search-all', T.all_results);
      var box = el('div', 'search-popup', list, all), hide = () => { box.hidden = true; };
      st.setAttribute('role', 'status'); /* implies aria-live=polite */
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

  var api = { fold, tokenize, spans, parseQuery, search, highlight };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else if (D) D.readyState === 'loading' ? D.addEventListener('DOMContentLoaded', start) : start();
})();
