/* annals search: client of the index in search/index/ (src/search). Text
   rules as in src/search/tokens.rs (shared vectors in tests/fixtures).
   Index and query strings only ever become text nodes. */
(() => {
'use strict';
var D = globalThis.document, PAGE = 10;
var TOKEN_CHAR = /[\p{Alphabetic}\p{N}\p{M}]/u, DIGITS = /^\d+$/;

var lower = s => Array.from(s, c => c.toLowerCase()).join('');
/* a term shard's file: FNV-1a of its separator's UTF-8, 8 hex digits (src/search/shards.rs, shard_name) */
var shardName = s => { var h = 0x811c9dc5; for (var b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193) >>> 0; return h.toString(16).padStart(8, '0'); };
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
  var parts = q.split(/["“”]/), words = [], phrases = [], seen = {}, adj = [];
  parts.forEach((part, i) => {
    var toks = tokenize(part);
    if (i % 2 && toks.length > 1) phrases.push(toks.map(t => t.folded));
    toks.forEach((t, k) => {
      if (!(t.folded in seen)) { seen[t.folded] = words.length; words.push(t); }
      /* words side by side in the query (not merely after its repeated words are removed) */
      var a = k && seen[toks[k - 1].folded], b = seen[t.folded];
      if (k && a != b && !adj.some(x => x[0] == a && x[1] == b)) adj.push([a, b]);
    });
  });
  /* while typing, the last word is a prefix (also in an open quote) */
  var last = words.at(-1), tail = parts.at(-1);
  if (last && (parts.length == 1 || tail.trim()) && /[\p{L}\p{N}\p{M}]$/u.test(q)) {
    last.prefix = true;
    if (parts.length % 2 == 0 && phrases.length && tokenize(tail).length > 1) phrases.at(-1).pop();
  }
  return { words, phrases, period, adj };
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

/* requests a submitted query may make after the page: the manifest, then
   shards, tails and cards (docs/search.md, "Cost") */
var BUDGET = 3;
/* a word proven by its pair with a neighbour (the pair then required:
   the two words side by side) counts this much of one found by its own entry */
var PAIR_PROOF = 0.6, PAIR_BONUS = 0.3;

function search(load) {
  var M, files = {}, cards = {}, snips = {}, held = {}, P = [], Y = [], V = [], RARE = new Map(), known = null, F = {}, ALL = false;
  function get(path) {
    return files[path] || (files[path] = load(path).then(s => {
      s.c?.map?.(c => cards[c[0]] = c.slice(1));
      if (path[0] == 't') {
        held[path] = new Set((s.c || []).map(c => c[0]));
        s.t.forEach(e => e[5]?.forEach?.(x => (snips[x[0]] ||= []).push([e[0], x[1], x[2]])));
      }
      if (path[0] == 'f') unpack(s);
      return s;
    }));
  }
  /* a card pack: per card a tuple of field templates whose slots take its
     digit runs (U+E000 + n: run n, U+E100 + n: run n padded to two digits) */
  function unpack(s) {
    var d = 0, fill = (t, v) => t.replace(/[\uE000-\uE1FF]/g, x => { var n = x.charCodeAt() - 0xE000; return n < 256 ? v[n] : v[n - 256].padStart(2, '0'); });
    s.c.forEach(c => {
      d += c[0];
      if (cards[d]) return;
      var v = c[2] ? c[2].split(' ') : [];
      cards[d] = (Array.isArray(c[1]) ? c[1] : s.k[c[1]].map(t => fill(s.s[t], v))).concat('');
    });
  }
  /* the manifest; each document's publisher and year; the vocabulary; the indicators' cards */
  function ready() {
    return get('manifest.json').then(m => {
      if (!M) {
        /* runs [n, publisher, first year, gap, count or [count, years], …] (docs/search.md, "Files") */
        m.g.forEach(([n, p, y, gap, ...cs]) => { for (var k = 0; k < n; k++) {
          var i = 0, j, push = (p, y) => { P.push(p); Y.push(y); };
          cs.forEach(c => { for (var [v, r] = c.map ? c : [c, 1]; r--; i++) for (j = v; j--;) push(p < 0 ? p : p + k, y && y + i); });
          for (j = gap; j--;) push(-1, 0);
        } });
        /* front-coded separators; names without their common prefix */
        var prev = '';
        m.t = m.t ? m.t.split('|').map(s => prev = prev.slice(0, s.charCodeAt() - 48) + s.slice(1)) : [];
        m.p.forEach(p => { p[1] = (m.pn || '') + p[1]; });
        V = m.w ? m.w.split(' ') : [];
        RARE = new Map(V.map((w, i) => [w, 0.2 + +(m.wi || '')[i] || 5]));
        if (m.wc) known = new Set(V.concat(m.u ? m.u.split(' ') : []));
        (m.i || []).forEach(c => { cards[c[0]] = c.slice(1); });
        /* a small site: every report's card */
        if (m.a) { unpack(m.a); ALL = true; }
      }
      M = m;
    });
  }
  var at = key => Math.max(M.t.findLastIndex(x => x <= key), 0), tp = i => 't/' + shardName(M.t[i]) + '.json', shardOf = term => tp(at(term));
  var lookup = term => get(shardOf(term)).then(s => s.t.filter(e => e[0] == term));
  function expand(prefix, i) {
    /* the prefix's words in its shard (or the next, if none) */
    i ??= at(prefix);
    return get(tp(i)).then(s => {
      var found = s.t.filter(e => e[0].startsWith(prefix) && !e[0].includes(' '));
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
    var c = { tail: 0, entries }, main = e => !word || !word.prefix || e[0] == word.folded;
    c.build = () => {
      c.map = new Map(); c.complete = true;
      entries.forEach(e => {
        var t = e[4];
        if (t && typeof t[1] != 'number' && !e.x) e.x = decode(t[1], t[2]);
        if (t && !e.x && main(e)) { c.complete = false; c.tail = Math.max(c.tail, t[0]); }
        postings(e, word, e.x, main(e) ? 1 : 0.9, c.map);
      });
    };
    var unread = () => entries.filter(e => e[4] && !e.x && main(e)), file = e => 'x/' + e[4][1] + '.json';
    c.tails = () => unread().map(file);
    /* the tails among `paths` */
    c.loadTails = paths => Promise.all(unread().filter(e => paths.includes(file(e))).map(e =>
      get(file(e)).then(x => { e.x = decode(x[0], x[1]); }))).then(c.build);
    c.build();
    return c;
  }
  /* AND of the proven words (a word proven by a pair only: that pair is
     required instead), the period and the phrases' pairs, within the
     filter; a doc missing from an incomplete word's head counts if a pair
     proves the word is there. By words matched with their exact
     diacritics, indicators first, cards at hand (the best documents of the
     query's shards), score, newest (newest: indicators first, then newest) */
  function rank(wc, others, pairs, ok, newest, champ) {
    var req = wc.filter(Boolean).concat(others, pairs.filter(p => p.req).map(p => p.c)), out = [];
    if (!req.length) return [];
    var smallest = req.reduce((a, b) => b.map.size < a.map.size ? b : a), cands = new Set(smallest.map.keys());
    pairs.forEach(p => p.c.map.forEach((_, doc) => cands.add(doc)));
    cands.forEach(doc => {
      var score = 0, exact = 0;
      if (!ok(doc) || !wc.every((c, k) => {
        if (!c) return 1;
        var h = c.map.get(doc);
        if (!h && !c.complete && pairs.some(p => (p.a == k || p.b == k) && p.c.map.has(doc))) h = [c.tail, false];
        if (h) { score += h[0]; exact += h[1] ? 1 : 0; }
        return h;
      }) || !others.every(c => { var h = c.map.get(doc); if (h) score += h[0]; return h; })
        || !pairs.every(p => { var h = p.c.map.get(doc); if (h) score += h[0]; return h || !p.req; })) return;
      out.push({ doc, score, exact, ind: !Y[doc], champ: champ(doc) });
    });
    var recent = (a, b) => (Y[b.doc] | 0) - (Y[a.doc] | 0) || b.doc - a.doc;
    return out.sort((a, b) => (newest ? 0 : b.exact - a.exact) || b.ind - a.ind || (newest ? 0 : b.champ - a.champ || b.score - a.score) || recent(a, b));
  }
  /* q without its words from..to (a publisher's name) */
  function without(q, from, to) {
    var keep = q.words.map((_, i) => i < from || i > to), at = keep.map((k, i) => keep.slice(0, i).filter(Boolean).length);
    return Object.assign({}, q, { words: q.words.filter((_, i) => keep[i]), adj: (q.adj || []).filter(([a, b]) => keep[a] && keep[b]).map(([a, b]) => [at[a], at[b]]) });
  }
  var can = (a, b) => a && !a.prefix && !b.prefix && pairable(a.folded) && pairable(b.folded);
  /* the query's words side by side that form a pair term, as indices into q.words */
  var sides = q => (q.adj || []).filter(([a, b]) => q.words[a] && q.words[b] && can(q.words[a], q.words[b]));
  /* the shards a query reads, at most `limit` (besides those of its period
     and phrases, which it must read): those proving the most words, a
     rare word (by the manifest's classes, or in no list of words) weighing more; a
     word is proven by its own entry or, less, by its pair with a
     neighbour. Fewer shards on a tie. Independent of what is cached, so
     the same query always gives the same results. */
  function plan(q, limit, own) {
    var ws = q.words, fixed = [], proves = new Map(), best = null;
    var need = s => { if (!fixed.includes(s)) fixed.push(s); };
    var add = (s, k, own) => { if (!proves.has(s)) proves.set(s, []); proves.get(s).push([k, own]); };
    if (q.period) need(at(q.period));
    q.phrases.forEach(ph => ph.forEach((t, i) => i && pairable(ph[i - 1]) && pairable(t) && need(at(ph[i - 1] + ' ' + t))));
    ws.forEach((w, i) => add(at(w.folded), i, 1));
    if (!own) sides(q).forEach(([a, b]) => { var s = at(ws[a].folded + ' ' + ws[b].folded); add(s, a, PAIR_PROOF); add(s, b, PAIR_PROOF); });
    /* a word's weight: its rarity (a word in every document proves little), 10 for a word in no vocabulary list (a figure, a rare word) */
    var weight = w => RARE.get(w.folded) ?? 10;
    /* plus, per pair read, a bonus: the words side by side rank higher */
    var near = own ? [] : sides(q).map(([a, b]) => [at(ws[a].folded + ' ' + ws[b].folded), PAIR_BONUS * (weight(ws[a]) + weight(ws[b])) / 2]);
    var value = set => ws.reduce((a, w, k) => a + weight(w) * Math.max(0, ...set.flatMap(s => (proves.get(s) || []).filter(p => p[0] == k).map(p => p[1]))), 0)
      + near.reduce((a, n) => a + (set.includes(n[0]) ? n[1] : 0), 0);
    var open = [...proves.keys()].filter(s => !fixed.includes(s)).sort((a, b) => a - b), room = Math.max(limit - fixed.length, 0);
    if (room >= open.length) return fixed.concat(open);
    (function walk(from, chosen) {
      var set = fixed.concat(chosen), v = value(set);
      if (!best || v > best.v + 1e-9) best = { v, set };
      if (chosen.length < room) for (var i = from; i < open.length; i++) walk(i + 1, chosen.concat(open[i]));
    })(0, []);
    return best.set;
  }
  /* a publisher named by some of the query's words, not all of them: the
     longest run of its words side by side in the names of one publisher
     only, of two words or more or all that sets its name apart from the
     others ("Cần Thơ", not "minh" of "Hồ Chí Minh") */
  function named(q) {
    var ws = q.words, best = null, fold = n => tokenize(n).map(t => t.folded), common = null;
    M.p.forEach(p => { var t = fold(p[1]); common = common ? common.filter(x => t.includes(x)) : t; });
    var names = M.p.map(p => [p[0], ' ' + fold(p[1]).join(' ') + ' ', fold(p[1]).filter(x => !common.includes(x))]);
    var only = run => [...new Set(names.filter(n => n[1].includes(' ' + run.join(' ') + ' ')).map(n => n[0]))];
    if (M.p.length < 2 || ws.some(w => w.prefix) || (only(ws.map(w => w.folded)).length && !q.period)) return null;
    for (var i = 0; i < ws.length; i++) for (var j = i; j < ws.length; j++) {
      var run = ws.slice(i, j + 1).map(w => w.folded), ids = only(run);
      if (ids.length != 1 || (run.length < 2 && !names.some(n => n[0] == ids[0] && n[2].join(' ') == run.join(' ')))) continue;
      if (!best || j - i > best.to - best.from) best = { id: ids[0], k: M.p.findIndex(p => p[0] == ids[0]), from: i, to: j };
    }
    return best;
  }
  /* filter: {publisher: id, from: year, to: year, sort: 'newest'}, all optional */
  function run(query, filter, again) {
    var f = filter || {}, ok, q;
    return ready().then(() => {
      var pub = M.p.some(p => p[0] == f.publisher) && f.publisher;
      F = { publisher: pub, from: +f.from || 0, to: +f.to || 0 };
      ok = doc => (!pub || (M.p[P[doc]] || [])[0] == pub) && (!F.from || Y[doc] >= F.from) && (!F.to || Y[doc] && Y[doc] <= F.to);
      q = parseQuery(query);
      /* with every word of the index known, a word in none is a typo: corrected before any request */
      var fix = !again && known && correct(q, w => !known.has(w.folded) && !/\d/.test(w.folded), query);
      if (fix) return run(fix, filter, 1).then(c => c.results.length ? Object.assign(c, { corrected: fix.trim() }) : attempt());
      return attempt();
    }).then(r => r.results.length || again || known ? r : suggest(query, q).then(s => s ? run(s, filter, 1).then(c => c.results.length ? Object.assign(c, { corrected: s.trim() }) : r) : r));
    /* the planned shards (one request is kept for the cards of a filtered
       first page); then, for fewer results than a page, the tails */
    function attempt(own) {
      var filtered = F.publisher || F.from || F.to, nm = !filtered && named(q), q2 = nm ? without(q, nm.from, nm.to) : q, ws = q2.words;
      var limit = own ? Infinity : BUDGET - 1 - (filtered || nm ? 1 : 0), within = ok;
      /* a publisher named beside other words: its reports (its name is in them), its pack for their cards */
      if (nm) { F.named = nm.k; ok = doc => within(doc) && (M.p[P[doc]] || [])[0] == nm.id; }
      var shards = plan(q2, limit, own), paths = shards.map(tp), has = t => shards.includes(at(t));
      var champs = new Set(), champ = doc => ALL || champs.has(doc) || !Y[doc];
      return Promise.all(paths.map(get)).then(() => Promise.all(ws.map(w => has(w.folded) ? (w.prefix ? expand : lookup)(w.folded) : null))).then(found => {
        paths.forEach(p => held[p]?.forEach(d => champs.add(d)));
        var pairs = [], seen = {}, index = {};
        ws.forEach((w, k) => { index[w.folded] = k; });
        function pair(a, b, req) {
          var term = a + ' ' + b;
          if (seen[term]) return void (seen[term].req ||= req);
          if (pairable(a) && pairable(b) && has(term)) pairs.push(seen[term] = { a: index[a], b: index[b], term, req });
        }
        q.phrases.forEach(ph => ph.forEach((t, i) => i && pair(ph[i - 1], t, true)));
        sides(q2).forEach(([a, b]) => pair(ws[a].folded, ws[b].folded, false));
        var others = q.period ? [lookup(q.period).then(es => clause(es))] : [];
        return Promise.all([Promise.all(others), Promise.all(pairs.map(p => lookup(p.term).then(es => { p.c = clause(es); return p; })))]).then(g => {
          var wc = found.map((es, k) => es && clause(es, ws[k]));
          /* a word without its own entry is proven by a pair that exists, else left out */
          var dropped = ws.filter((w, k) => {
            if (wc[k]) return false;
            var by = g[1].filter(p => (p.a == k || p.b == k) && p.c.map.size);
            if (by.length && !by.some(p => p.req)) by.reduce((a, b) => b.c.map.size > a.c.map.size ? b : a).req = true;
            return !by.length;
          }).map(w => w.folded);
          var req = wc.filter(Boolean).concat(g[0], g[1].filter(p => p.req).map(p => p.c));
          var result = () => ({ query: q, results: rank(wc, g[0], g[1], ok, f.sort == 'newest', champ), complete: !dropped.length && !g[1].some(p => p.req && !wc[p.a]) && req.every(c => c.complete), dropped }), r = result();
          /* nothing with the words side by side: each word's own entry, whatever it costs */
          if (!r.results.length && !own && !dropped.length && g[1].some(p => p.req && !wc[p.a] || p.req && !wc[p.b])) { ok = within; return attempt(true); }
          if (r.results.length >= PAGE || r.complete) return r;
          /* fewer than a page: the tails not read yet (over the budget if need be: the results must be all there) */
          var tails = [...new Set(req.flatMap(c => c.complete ? [] : c.tails()))];
          if (!tails.length) return r;
          return Promise.all(req.map(c => c.complete || c.loadTails(tails))).then(result);
        });
      });
    }
  }
  /* the query with each word `bad(word)` says is missing replaced by the
     closest word of the vocabulary (folded, edit distance up to 2, 1 for
     short words; the most frequent first), or null */
  function correct(q, bad, text) {
    var fix = {};
    q.words.forEach(w => {
      if (w.prefix || !bad(w)) return;
      var max = [...w.folded].length > 4 ? 2 : 1, best = null, bd = max + 1;
      V.forEach(v => { var d = distance(w.folded, v, bd); if (d < bd) { bd = d; best = v; } });
      if (best) fix[w.folded] = best;
    });
    if (!Object.keys(fix).length) return null;
    var sp = spans(text), out = '', k = 0;
    sp.tokens.forEach(t => { if (fix[t.folded]) { out += sp.text.slice(k, t.start) + fix[t.folded]; k = t.end; } });
    return out + sp.text.slice(k);
  }
  /* without the whole vocabulary: the words whose shard does not hold them */
  function suggest(query, q) {
    return Promise.all(q.words.map(w => w.prefix || /^\d+$/.test(w.folded) ? [1] : lookup(w.folded))).then(found =>
      correct(q, w => !found[q.words.indexOf(w)].length, query));
  }
  /* a card: at hand (from a shard or the manifest), else from the pack of
     the filter's publisher or the result's year, else from its card file */
  function card(doc) {
    if (cards[doc]) return Promise.resolve(cards[doc]);
    return ready().then(() => {
      var k = F.publisher ? M.p.findIndex(p => p[0] == F.publisher) : F.named ?? -1, file = () => get('d/' + (doc / M.d | 0) + '.json').then(s => s[doc % M.d]);
      var pack = k >= 0 ? 'f/p' + k + '.json' : (F.from || F.to) && Y[doc] ? 'f/y' + Y[doc] + '.json' : null;
      return pack ? get(pack).then(() => cards[doc] || file(), file) : file();
    });
  }
  /* the snippet of a document's passage that holds most of the query's words */
  function snippet(doc, q) {
    var ws = q.words, terms = new Set(), best = null, most = 0;
    ws.forEach((w, i) => { terms.add(w.folded); i && terms.add(ws[i - 1].folded + ' ' + w.folded); });
    q.phrases.forEach(ph => ph.forEach((t, i) => i && terms.add(ph[i - 1] + ' ' + t)));
    (snips[doc] || []).forEach(s => {
      if (!terms.has(s[0]) && !ws.some(w => w.prefix && s[0].startsWith(w.folded) && !s[0].includes(' '))) return;
      var toks = tokenize(s[2]).map(t => t.folded);
      var n = ws.filter(w => toks.some(t => w.prefix ? t.startsWith(w.folded) : t == w.folded)).length + (s[0].includes(' ') ? 0.5 : 0);
      if (n > most) { most = n; best = s; }
    });
    return best && { text: best[2], anchor: best[1] };
  }
  var publisher = doc => (M && M.p[P[doc]] || '')[1];
  return { run, card, publisher, snippet, publishers: () => M ? M.p : [] };
}

/* optimal string alignment distance of a and b, or at least `max` when it is */
function distance(a, b, max) {
  a = [...a]; b = [...b];
  if (Math.abs(a.length - b.length) >= max) return max;
  var d = [], i, j;
  for (i = 0; i <= a.length; i++) { d[i] = [i]; for (j = 1; j <= b.length; j++) d[i][j] = i ? 0 : j; }
  for (i = 1; i <= a.length; i++) for (j = 1; j <= b.length; j++) {
    var c = a[i - 1] == b[j - 1] ? 0 : 1;
    d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + c);
    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
  }
  return Math.min(d[a.length][b.length], max);
}

/* which tokens of spans `sp` the query's words really match: words side by
   side in the query's order where the text has them so; a word alone only
   with the diacritics typed (typed without: where the text has none, or
   any form in a one-word query) */
function marks(sp, words) {
  var toks = sp.tokens, n = words.length, hit = toks.map(() => false), inRun = words.map(() => false);
  var m = (t, w, k) => w.prefix ? t[k].startsWith(w[k]) : t[k] == w[k], acc = w => w.exact != w.folded;
  if (n > 1) for (var i = 0; i + 1 < toks.length; i++) for (var k = 0; k + 1 < n; k++)
    if (m(toks[i], words[k], 'folded') && m(toks[i + 1], words[k + 1], 'folded')) hit[i] = hit[i + 1] = inRun[k] = inRun[k + 1] = true;
  words.forEach((w, k) => {
    if (inRun[k]) return;
    var exact = toks.map(t => m(t, w, acc(w) ? 'exact' : 'folded') && (n == 1 || acc(w) || t.exact == t.folded));
    exact.forEach((h, i) => { if (h) hit[i] = true; });
  });
  return hit;
}

/* text with the query's real matches in <mark>s (append() adds text nodes) */
function highlight(text, words, width) {
  var sp = spans(text), t = sp.text, from = 0, to = t.length, frag = D.createDocumentFragment(), at;
  var hit = marks(sp, words), hits = sp.tokens.filter((_, i) => hit[i]);
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

/* a text fragment (#:~:text=) for the words from the first real match on */
function fragment(text, words) {
  var sp = spans(text), hit = marks(sp, words), i = hit.indexOf(true), toks = sp.tokens;
  if (i < 0) return '';
  var e = toks[Math.min(i + 5, toks.length - 1)];
  return ':~:text=' + encodeURIComponent(sp.text.slice(toks[i].start, e.end)).replace(/-/g, '%2D');
}

/* a sparkline of digits 0–9 (oldest first) as an SVG polyline */
function spark(digits, label) {
  var ns = 'http://www.w3.org/2000/svg', svg = D.createElementNS(ns, 'svg'), line = D.createElementNS(ns, 'polyline'), n = digits.length;
  svg.setAttribute('viewBox', '0 0 100 24');
  svg.setAttribute('class', 'search-spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  line.setAttribute('points', [...digits].map((c, i) => (n > 1 ? i * 100 / (n - 1) : 50).toFixed(1) + ',' + (21 - c * 2)).join(' '));
  svg.append(line);
  return svg;
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
  var timer, seq = 0, shown = 0, current, last, hide = opts.onEmpty || Object, fs = opts.filters || [];
  var say = t => (status.textContent = t), fmt = (key, n, q) => (T[key] || '').replace('{n}', n).replace('{q}', q);
  function item(c, doc, q) {
    var words = q.words, ind = c[0] == 'i', who = engine.publisher(doc), sn = !ind && engine.snippet(doc, q), link = base + c[4];
    /* a passage with no real match (only lookalikes) is no snippet */
    if (sn && !marks(spans(sn.text), words).some(Boolean)) sn = null;
    if (sn) link += '#' + sn.anchor + fragment(sn.text, words);
    var a = el('a', '', highlight(c[1], words, 0));
    a.href = link;
    return el('li', 'search-result' + (ind ? ' search-indicator' : ''), el('h3', '', a),
      el('p', 'report-meta', el('span', 'search-kind', ind ? T.kind_indicator : T.kind_report),
        who && el('span', 'search-publisher', who), c[2] && el('span', '', c[2]), c[3] && el('span', '', ind ? highlight(c[3], words, 0) : T.number + ' ', ind ? '' : highlight(c[3], words, 0))),
      ind && c[6] && el('p', 'search-latest', el('span', 'visually-hidden', T.latest + ': '), c[6], c[7] && c[7].length > 1 ? spark(c[7], T.trend) : ''),
      !opts.limit && (sn ? el('p', 'search-snippet', highlight(sn.text, words, 220)) : c[5] && el('p', 'search-snippet', highlight(c[5], words, 220))));
  }
  function page(my) {
    var from = shown, slice = current.results.slice(from, from + (opts.limit || PAGE)), rs = current.results;
    return Promise.all(slice.map(r => engine.card(r.doc))).then(cards => {
      if (my != seq) return;
      cards.forEach((c, i) => {
        var k = from + i, r = rs[k];
        /* indicators, then reports: a heading where a group starts (when both are there) */
        if (c && !opts.limit && rs[0].ind && !rs.at(-1).ind && (!k || rs[k - 1].ind != r.ind)) list.append(el('li', 'search-group', r.ind ? T.indicators : T.reports));
        c && list.append(item(c, r.doc, current.query));
      });
      shown = from + slice.length;
      more.hidden = !opts.limit && shown >= current.results.length;
    });
  }
  /* a publisher whose name holds the query's words (and few others' do): offered as a filter */
  function offer(q) {
    var sel = fs.find(f => f.name == 'publisher'), ws = q.words.map(w => w.folded).join(' ');
    if (!sel || sel.value || !ws) return;
    var named = engine.publishers().filter((p, i, all) => all.findLastIndex(o => o[0] == p[0]) == i && (' ' + tokenize(p[1]).map(t => t.folded).join(' ') + ' ').includes(' ' + ws + ' '));
    if (!named.length || named.length > 3) return;
    named.forEach(p => {
      var b = el('button', 'search-offer', fmt('only_publisher').replace('{p}', p[1]));
      b.type = 'button';
      b.addEventListener('click', () => { sel.value = p[0]; go(1); });
      list.prepend(el('li', 'search-offers', b));
    });
  }
  /* complete: a submitted query (from the URL): its last word is no prefix */
  function go(complete) {
    var q = input.value, url = new URL(location.href), fv = Object.fromEntries(fs.map(f => [f.name, f.value])), key = JSON.stringify([q, complete == 1, fv]);
    /* the same search again (a change event after input events): keep the results, and the focus in them */
    if (key == last) return;
    last = key;
    var my = ++seq;
    if (opts.url) {
      [input, ...fs].forEach(f => f.value.trim() ? url.searchParams.set(f.name, f.value) : url.searchParams.delete(f.name));
      history.replaceState(null, '', url);
    }
    if (opts.browse) opts.browse.hidden = true;
    if (!q.trim()) { list.replaceChildren(); say(''); more.hidden = true; hide(); return; }
    say(T.loading);
    engine.run(complete == 1 ? q + ' ' : q, fv).then(r => {
      if (my != seq) return;
      current = r; shown = 0;
      list.replaceChildren();
      var n = r.results.length;
      (opts.onResults || Object)();
      return page(my).then(() => {
        if (my != seq) return;
        say(n ? fmt(n == 1 ? 'results_one' : r.complete ? 'results_many' : 'results_more', n) : fmt('no_results', 0, q.trim()));
        if (r.corrected) {
          var a = el('a', 'search-suggestion', r.corrected);
          a.href = '?q=' + encodeURIComponent(r.corrected);
          status.replaceChildren(el('span', '', fmt('corrected', 0, q.trim())), ' ', a, ' · ' + fmt(n == 1 ? 'results_one' : r.complete ? 'results_many' : 'results_more', n));
        }
        if (!n && opts.browse) opts.browse.hidden = false;
        if (!opts.limit) offer(r.query);
      });
    }).catch(() => { if (my == seq) { last = null; say(T.error); } });
  }
  /* typing: the last word is a prefix; a filter changed: the query is complete */
  [input, ...fs].forEach(f => {
    var later = () => { clearTimeout(timer); timer = setTimeout(() => go(f == input ? 0 : 1), 150); };
    f.addEventListener('input', later); f.addEventListener('change', later);
  });
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
  /* the index's version, asked once per page (revalidated, never taken from a
     cache): it names every other index file, which hosts may cache for ever;
     a page carries none, so pages stay the same when only the index changes */
  var asked, version = () => asked || (asked = v ? Promise.resolve(v) : fetch(root + 'version.json', { cache: 'no-cache' })
    .then(r => r.ok ? r.json() : {}).then(j => j.v || '', () => ''));
  var engine = search(path => version().then(w => fetch(root + path + '?v=' + w)).then(r => r.ok ? r.json() : Promise.reject(Error(path))));
  var $ = id => D.getElementById(id), page = $('search-page-q'), header = $('site-search');
  if (page) {
    var params = new URLSearchParams(location.search), filters = [...D.querySelectorAll('.search-filters [name], #search-sort')];
    [page, ...filters].forEach(f => { f.value = params.get(f.name) || ''; });
    var go = bind(engine, base, T, page, $('search-results'), $('search-status'), $('search-more'), { url: true, filters, browse: $('search-browse') });
    if (header) header.value = page.value;
    if (page.value) go(1);
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

var api = { shardName, fold, tokenize, spans, parseQuery, search, highlight, marks, fragment, distance, decode };
if (typeof module == 'object' && module.exports) module.exports = api;
else if (D) D.readyState == 'loading' ? D.addEventListener('DOMContentLoaded', start) : start();
})();
