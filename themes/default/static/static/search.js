/* annals search: the client of the sharded index under search/index/.
   Text rules mirror src/search/tokens.rs (shared vectors: tests/fixtures).
   Every string from the index or the query is inserted as a text node. */
(function () {
  'use strict';
  var PAGE = 10, MAX_TOKEN = 40, PREFIX_TERMS = 24;
  var TOKEN_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u, DIGITS = /^[0-9]+$/;

  function lower(s) { var o = ''; for (var c of s) o += c.toLowerCase(); return o; }
  function fold(s) { return lower(s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd')); }

  /* Tokens of text with their span in text.normalize('NFC'). */
  function spans(text) {
    var s = text.normalize('NFC'), out = [], cur = '', start = 0, i = 0;
    var chars = Array.from(s), pos = 0;
    function flush() {
      if (cur && Array.from(cur).length <= MAX_TOKEN) {
        var raw = DIGITS.test(cur) ? (cur.replace(/^0+/, '') || '0') : cur;
        var exact = lower(raw.normalize('NFC')).normalize('NFC'), folded = fold(exact);
        if (folded) out.push({ exact: exact, folded: folded, start: start, end: pos });
      }
      cur = '';
    }
    for (i = 0; i < chars.length; i++) {
      var c = chars[i];
      if (TOKEN_CHAR.test(c)) { if (!cur) start = pos; cur += c; }
      else if (!((c === '.' || c === ',') && DIGITS.test(cur) && /[0-9]/.test(chars[i + 1] || ''))) flush();
      pos += c.length;
    }
    flush();
    return { text: s, tokens: out };
  }
  function tokenize(text) { return spans(text).tokens; }

  var PERIODS = [
    [/(?:th[aá]ng\s*)?(?<![0-9])([0-9]{1,2})\s*[/.-]\s*([0-9]{4})(?![0-9])/, 1, 2],
    [/(?<![0-9])([0-9]{4})\s*[/-]\s*([0-9]{1,2})(?![0-9])/, 2, 1],
    [/th[aá]ng\s+([0-9]{1,2})\s+(?:n[aă]m\s+)?([0-9]{4})(?![0-9])/, 1, 2]
  ];

  /* A query: words (AND; the last one a prefix while typing), phrases
     (syllables in order) and the period term of `8/2014` or `2014-08`. */
  function parseQuery(query) {
    var q = lower(query.normalize('NFC')), period = null;
    for (var p of PERIODS) {
      var m = p[0].exec(q);
      if (m && +m[p[1]] >= 1 && +m[p[1]] <= 12) {
        period = 'p' + m[p[2]] + ('0' + +m[p[1]]).slice(-2);
        q = q.slice(0, m.index) + ' ' + q.slice(m.index + m[0].length);
        break;
      }
    }
    var parts = q.split(/["“”]/), words = [], phrases = [], seen = {};
    parts.forEach(function (part, i) {
      var toks = tokenize(part);
      if (i % 2 && toks.length > 1) phrases.push(toks.map(function (t) { return t.folded; }));
      toks.forEach(function (t) {
        if (!seen[t.folded]) { seen[t.folded] = 1; words.push({ exact: t.exact, folded: t.folded, prefix: false }); }
      });
    });
    /* while typing: the last word is a prefix (also inside an unclosed quote) */
    var last = words[words.length - 1], open = parts.length % 2 === 0, tail = parts[parts.length - 1];
    if (last && (parts.length === 1 || tail.trim()) && /[\p{L}\p{N}\p{M}]$/u.test(q)) {
      last.prefix = true;
      if (open && phrases.length && tokenize(tail).length > 1) phrases[phrases.length - 1].pop();
    }
    return { words: words, phrases: phrases, period: period };
  }

  function search(load) {
    var manifest = null, files = {};
    function get(path) { return files[path] || (files[path] = load(path)); }
    function first(list, key) { /* last index i with list[i] <= key */
      var lo = 0, hi = list.length - 1, r = 0;
      while (lo <= hi) { var mid = (lo + hi) >> 1; if (list[mid] <= key) { r = mid; lo = mid + 1; } else hi = mid - 1; }
      return r;
    }
    function shard(i) { return get('t/' + i + '.json'); }
    function lookup(term) {
      return shard(first(manifest.t, term)).then(function (s) {
        var lo = 0, hi = s.t.length - 1;
        while (lo <= hi) {
          var mid = (lo + hi) >> 1, t = s.t[mid][0];
          if (t === term) return s.t[mid];
          if (t < term) lo = mid + 1; else hi = mid - 1;
        }
        return null;
      });
    }
    function expand(prefix) {
      var i = first(manifest.t, prefix), more = i + 1 < manifest.t.length && manifest.t[i + 1].startsWith(prefix);
      return Promise.all([shard(i), more ? shard(i + 1) : null]).then(function (ss) {
        var found = [];
        ss.forEach(function (s) {
          if (s) s.t.forEach(function (e) { if (e[0].startsWith(prefix) && e[0].indexOf(' ') < 0) found.push(e); });
        });
        found.sort(function (a, b) { return (b[0] === prefix) - (a[0] === prefix) || b[1] - a[1]; });
        return found.slice(0, PREFIX_TERMS);
      });
    }
    /* doc -> [score, exact] of one entry: head postings, then its tail if loaded. */
    function postings(entry, word, tail, factor, into) {
      var v = entry[2], stride = v.length > 1 ? 3 : 2, p = entry[3], bit = -1, all = false;
      if (word) {
        if (v.length === 0) all = word.prefix ? entry[0].startsWith(word.exact) : entry[0] === word.exact;
        else if (v.length === 1) all = word.prefix ? v[0].startsWith(word.exact) : v[0] === word.exact;
        else v.forEach(function (f, i) { if (word.prefix ? f.startsWith(word.exact) : f === word.exact) bit = bit < 0 ? 1 << i : bit | 1 << i; });
      }
      function add(doc, score, mask) {
        var exact = all || (bit > 0 && (mask & bit) !== 0), old = into.get(doc);
        score *= factor;
        if (!old) into.set(doc, [score, exact]);
        else { if (score > old[0]) old[0] = score; old[1] = old[1] || exact; }
      }
      for (var i = 0; i < p.length; i += stride) add(p[i], p[i + 1], stride === 3 ? p[i + 2] : 0);
      if (tail) for (var j = 0, d = 0; j < tail.d.length; j++) { d += tail.d[j]; add(d, entry[4][1], tail.m ? tail.m[j] : 0); }
    }
    /* A clause: the entries of one word or pair; complete once tails are in. */
    function clause(entries, word, prefix) {
      var c = { entries: entries, word: word, tails: {}, map: null, complete: false };
      c.build = function () {
        c.map = new Map();
        c.complete = true;
        entries.forEach(function (e) {
          var t = e[4] ? c.tails[e[4][0]] : null, main = !prefix || e[0] === word.folded;
          if (e[4] && !t && main) c.complete = false;
          postings(e, word, t, main ? 1 : 0.9, c.map);
        });
      };
      c.loadTails = function () {
        return Promise.all(entries.filter(function (e) { return e[4] && (!prefix || e[0] === word.folded); }).map(function (e) {
          return get('x/' + e[4][0] + '.json').then(function (t) { c.tails[e[4][0]] = t; });
        })).then(c.build);
      };
      c.build();
      return c;
    }
    function rank(clauses, bonus) {
      var base = clauses.slice().sort(function (a, b) { return a.map.size - b.map.size; }), out = [];
      if (!base.length) return out;
      base[0].map.forEach(function (v, doc) {
        var score = 0, exact = 0;
        for (var c of base) {
          var hit = c.map.get(doc);
          if (!hit) return;
          score += hit[0]; exact += hit[1] ? 1 : 0;
        }
        bonus.forEach(function (b) { var hit = b.get(doc); if (hit) score += hit[0]; });
        out.push({ doc: doc, score: score, exact: exact });
      });
      return out.sort(function (a, b) { return b.exact - a.exact || b.score - a.score || a.doc - b.doc; });
    }
    function run(query) {
      var parsed = typeof query === 'string' ? parseQuery(query) : query;
      var ready = manifest ? Promise.resolve(manifest) : get('manifest.json').then(function (m) { manifest = m; return m; });
      return ready.then(function () {
        var jobs = parsed.words.map(function (w) {
          return (w.prefix ? expand(w.folded) : lookup(w.folded).then(function (e) { return e ? [e] : []; }))
            .then(function (es) { return clause(es, w, w.prefix); });
        });
        if (parsed.period) jobs.push(lookup(parsed.period).then(function (e) { return clause(e ? [e] : [], null, false); }));
        parsed.phrases.forEach(function (ph) {
          for (var i = 0; i + 1 < ph.length; i++) {
            jobs.push(lookup(ph[i] + ' ' + ph[i + 1]).then(function (e) { return clause(e ? [e] : [], null, false); }));
          }
        });
        /* adjacent words rank higher: their pair, when its shard is already loaded */
        var pairs = [], ws = parsed.words;
        for (var i = 0; i + 1 < ws.length; i++) {
          if (!ws[i + 1].prefix) {
            var pair = ws[i].folded + ' ' + ws[i + 1].folded;
            if (files['t/' + first(manifest.t, pair) + '.json']) pairs.push(lookup(pair));
          }
        }
        return Promise.all([Promise.all(jobs), Promise.all(pairs)]);
      }).then(function (got) {
        var clauses = got[0], bonus = got[1].filter(Boolean).map(function (e) { var m = new Map(); postings(e, null, null, 1, m); return m; });
        var results = rank(clauses, bonus), done = function () { return clauses.every(function (c) { return c.complete; }); };
        if (results.length >= PAGE || done()) return { query: parsed, results: results, complete: done() };
        return Promise.all(clauses.map(function (c) { return c.complete ? null : c.loadTails(); }))
          .then(function () { return { query: parsed, results: rank(clauses, bonus), complete: true }; });
      });
    }
    function card(doc) {
      return get('manifest.json').then(function (m) {
        var i = first(m.d, doc);
        return get('d/' + i + '.json').then(function (s) { return s[doc - m.d[i]]; });
      });
    }
    return { run: run, card: card };
  }

  /* Text with the query's words marked: a DocumentFragment of text nodes and <mark>s. */
  function highlight(doc, text, words, width) {
    var sp = spans(text), t = sp.text, hits = sp.tokens.filter(function (tok) {
      return words.some(function (w) { return w.prefix ? tok.folded.startsWith(w.folded) : tok.folded === w.folded; });
    });
    var from = 0, to = t.length;
    if (width && t.length > width) {
      from = hits.length ? Math.max(0, hits[0].start - (width >> 2)) : 0;
      to = Math.min(t.length, from + width);
      while (from > 0 && from < t.length && !/\s/.test(t[from - 1])) from++;
      while (to < t.length && to > from && !/\s/.test(t[to])) to--;
    }
    var frag = doc.createDocumentFragment(), at = from;
    if (from > 0) frag.appendChild(doc.createTextNode('… '));
    hits.forEach(function (h) {
      if (h.start < at || h.end > to) return;
      frag.appendChild(doc.createTextNode(t.slice(at, h.start)));
      var mark = doc.createElement('mark');
      mark.textContent = t.slice(h.start, h.end);
      frag.appendChild(mark);
      at = h.end;
    });
    frag.appendChild(doc.createTextNode(t.slice(at, to) + (to < t.length ? ' …' : '')));
    return frag;
  }

  function el(doc, tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  /* Binds an input to a results list; `opts.limit` caps the list (header box). */
  function bind(doc, engine, base, T, input, list, status, more, opts) {
    var timer = 0, seq = 0, shown = 0, current = null;
    function say(text) { if (status) status.textContent = text; }
    function fmt(key, n, q) { return (T[key] || '').replace('{n}', String(n)).replace('{q}', q || ''); }
    function item(c, words) {
      var li = el(doc, 'li', 'search-result'), a = el(doc, 'a');
      a.href = base + c[4];
      a.appendChild(highlight(doc, c[1], words, 0));
      var h = el(doc, 'h3');
      h.appendChild(a);
      li.appendChild(h);
      var meta = el(doc, 'p', 'report-meta');
      meta.appendChild(el(doc, 'span', 'search-kind', c[0] === 'i' ? T.kind_indicator : T.kind_report));
      if (c[2]) meta.appendChild(el(doc, 'span', '', c[2]));
      if (c[3]) meta.appendChild(el(doc, 'span', '', (c[0] === 'i' ? '' : T.number + ' ') + c[3]));
      li.appendChild(meta);
      if (c[5] && !opts.limit) {
        var p = el(doc, 'p', 'search-snippet');
        p.appendChild(highlight(doc, c[5], words, 220));
        li.appendChild(p);
      }
      return li;
    }
    function page(my) {
      var from = shown, slice = current.results.slice(from, from + (opts.limit || PAGE));
      return Promise.all(slice.map(function (r) { return engine.card(r.doc); })).then(function (cards) {
        if (my !== seq) return;
        var words = current.query.words;
        cards.forEach(function (c) { if (c) list.appendChild(item(c, words)); });
        shown = from + slice.length;
        if (more) more.hidden = opts.limit ? false : shown >= current.results.length;
      });
    }
    function go() {
      var q = input.value, my = ++seq;
      if (opts.url) {
        var url = new URL(doc.location.href);
        if (q.trim()) url.searchParams.set('q', q); else url.searchParams.delete('q');
        doc.defaultView.history.replaceState(null, '', url.toString());
      }
      if (!q.trim()) { list.replaceChildren(); say(''); if (more) more.hidden = true; if (opts.onEmpty) opts.onEmpty(); return; }
      say(T.loading);
      engine.run(q).then(function (r) {
        if (my !== seq) return;
        current = r; shown = 0;
        list.replaceChildren();
        var n = r.results.length;
        say(n ? fmt(n === 1 ? 'results_one' : r.complete ? 'results_many' : 'results_more', n) : fmt('no_results', 0, q.trim()));
        if (opts.onResults) opts.onResults(n);
        return page(my);
      }).catch(function () { if (my === seq) say(T.error); });
    }
    input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(go, 150); });
    if (more && !opts.limit) more.addEventListener('click', function () { if (current) page(seq); });
    list.addEventListener('keydown', function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll('a')), i = links.indexOf(doc.activeElement);
      if (e.key === 'ArrowDown' && i >= 0) { e.preventDefault(); (links[i + 1] || links[i]).focus(); }
      if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); (i ? links[i - 1] : input).focus(); }
      if (e.key === 'Escape') { input.focus(); if (opts.onEmpty) opts.onEmpty(); }
    });
    input.addEventListener('keydown', function (e) {
      var a = list.querySelector('a');
      if (e.key === 'ArrowDown' && a) { e.preventDefault(); a.focus(); }
      if (e.key === 'Escape' && opts.onEmpty) opts.onEmpty();
    });
    return go;
  }

  function start() {
    var doc = document, script = doc.querySelector('script[data-search-index]');
    if (!script) return;
    var T = JSON.parse(script.getAttribute('data-strings') || '{}'), base = script.getAttribute('data-base') || '/';
    var root = script.getAttribute('data-search-index'), v = script.getAttribute('data-version') || '';
    var engine = search(function (path) {
      return fetch(root + path + '?v=' + encodeURIComponent(v)).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + path);
        return r.json();
      });
    });
    var page = doc.getElementById('search-page-q'), header = doc.getElementById('site-search');
    if (page) {
      var go = bind(doc, engine, base, T, page, doc.getElementById('search-results'),
        doc.getElementById('search-status'), doc.getElementById('search-more'), { url: true });
      var q = new URL(doc.location.href).searchParams.get('q') || '';
      page.value = q;
      if (header) header.value = q;
      if (q) go();
    } else if (header) {
      var box = el(doc, 'div', 'search-popup'), list = el(doc, 'ol', 'search-results'), st = el(doc, 'p', 'visually-hidden');
      var all = el(doc, 'a', 'search-all', T.all_results);
      st.setAttribute('role', 'status');
      st.setAttribute('aria-live', 'polite');
      box.hidden = true;
      box.append(list, all);
      header.form.append(st, box);
      header.setAttribute('aria-controls', 'search-popup-list');
      list.id = 'search-popup-list';
      var hide = function () { box.hidden = true; };
      bind(doc, engine, base, T, header, list, st, all, {
        limit: 5, onEmpty: hide,
        onResults: function () { all.href = header.form.action + '?q=' + encodeURIComponent(header.value); box.hidden = false; }
      });
      doc.addEventListener('click', function (e) { if (!header.form.contains(e.target)) hide(); });
    }
  }

  var api = { fold: fold, tokenize: tokenize, spans: spans, parseQuery: parseQuery, search: search, highlight: highlight };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else if (typeof document !== 'undefined') {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
  }
})();
