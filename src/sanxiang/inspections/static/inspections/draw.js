/* Recompute a random-inspection draw in the browser (R-INS-03).
 *
 * The exact algorithm is docs/adr/0013-verifiable-draws.md; the Python definition is
 * sanxiang/inspections/drawing.py, and this file must agree with it byte for byte. It
 * fetches the draw's published data (GET /api/inspections/draws/{id}), recomputes the
 * digest of the lists and, once the seed is in, the whole draw, and compares.
 *
 * SM3 (GB/T 32905) comes from the shared sanxiang/sm3.js (browsers have none); SHA-256
 * draws use SubtleCrypto where the browser offers it.
 */
(function () {
  "use strict";

  // SM3 comes from sanxiang/sm3.js, which the page loads before this file.
  var sm3 = window.SanxiangSM3.sm3;

  // --- bytes, digests, the ledger's formats -------------------------------------------

  var encoder = new TextEncoder();

  function utf8(text) { return encoder.encode(text); }

  function hex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) { s += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return s;
  }

  function concat(a, b) {
    var out = new Uint8Array(a.length + b.length);
    out.set(a); out.set(b, a.length);
    return out;
  }

  // --- the draw (sanxiang-draw/1) ----------------------------------------------------------

  var FORMAT = "sanxiang-draw/1";
  var SEPARATOR = "\u001f";
  var SPACE = 281474976710656; // 2^48: exact in a double, and so is every step below

  function canonical(value) {
    if (Array.isArray(value)) { return "[" + value.map(canonical).join(",") + "]"; }
    if (value !== null && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (k) {
        return JSON.stringify(k) + ":" + canonical(value[k]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  function hashSync(algorithm, bytes) {
    if (algorithm === "sm3") { return sm3(bytes); }
    throw new Error("unsupported digest " + algorithm);
  }

  function hashAsync(algorithm, bytes) {
    if (algorithm === "sha256" && window.crypto && window.crypto.subtle) {
      return window.crypto.subtle.digest("SHA-256", bytes).then(function (b) { return new Uint8Array(b); });
    }
    return Promise.resolve().then(function () { return hashSync(algorithm, bytes); });
  }

  function normaliseSeed(seed) {
    return String(seed).split(/\s+/).filter(function (p) { return p.length > 0; }).join(" ");
  }

  function Stream(algorithm, listsDigest, seed, label) {
    this.algorithm = algorithm;
    this.prefix = encoder.encode([FORMAT, listsDigest, seed, label, ""].join(SEPARATOR));
    this.counter = 0;
  }

  Stream.prototype.below = function (m) {
    if (m <= 0) { throw new Error("empty range"); }
    var limit = SPACE - SPACE % m;
    for (;;) {
      var block = hashSync(this.algorithm, concat(this.prefix, encoder.encode(String(this.counter))));
      this.counter += 1;
      var value = block[0] * 1099511627776 + block[1] * 4294967296 +
        ((block[2] << 24) >>> 0) + (block[3] << 16) + (block[4] << 8) + block[5];
      if (value < limit) { return value % m; }
    }
  };

  function shuffle(items, stream) {
    var a = items.slice();
    for (var i = a.length - 1; i > 0; i--) {
      var j = stream.below(i + 1);
      var t = a[i]; a[i] = a[j]; a[j] = t;
    }
    return a;
  }

  function pick(n, take, stream) {
    var moved = new Map(), chosen = [];
    for (var i = 0; i < Math.min(take, n); i++) {
      var j = i + stream.below(n - i);
      var atI = moved.has(i) ? moved.get(i) : i, atJ = moved.has(j) ? moved.get(j) : j;
      moved.set(i, atJ); moved.set(j, atI);
      chosen.push(atJ);
    }
    return chosen;
  }

  function draw(lists, seed, listsDigest) {
    var algorithm = lists.algorithm;
    seed = normaliseSeed(seed);
    var selected = [];
    (lists.strata || []).forEach(function (stratum, index) {
      var stream = new Stream(algorithm, listsDigest, seed, "objects/" + index);
      pick(stratum.objects.length, stratum.take, stream).forEach(function (position) {
        selected.push([stratum.objects[position], stratum.key]);
      });
    });
    var inspectors = lists.inspectors || [];
    var conflicts = new Set((lists.conflicts || []).map(function (p) { return p[0] + SEPARATOR + p[1]; }));
    var perObject = lists.per_object, round = 0, order = [], position = inspectors.length;
    // Joint tasks that ask for it: every group (body) has an inspector on each object.
    var groups = lists.each_group ? (lists.groups || {}) : {};
    var required = Array.from(new Set(Object.keys(groups).map(function (k) { return groups[k]; })));
    if (required.length > perObject) { throw new Error("fewer inspectors per object than groups"); }
    return selected.map(function (entry) {
      var chosen = [], scanned = 0;
      while (chosen.length < perObject) {
        if (position >= inspectors.length) {
          order = shuffle(inspectors, new Stream(algorithm, listsDigest, seed, "inspectors/" + round));
          round += 1; position = 0;
        }
        var candidate = order[position];
        position += 1; scanned += 1;
        if (scanned > 2 * inspectors.length + perObject) { throw new Error("too few inspectors for " + entry[0]); }
        if (chosen.indexOf(candidate) >= 0 || conflicts.has(entry[0] + SEPARATOR + candidate)) { continue; }
        if (required.length) {
          var covered = new Set(chosen.concat([candidate]).map(function (c) { return groups[c]; }));
          var missing = required.filter(function (g) { return !covered.has(g); }).length;
          if (chosen.length + 1 + missing > perObject) { continue; }
        }
        chosen.push(candidate);
      }
      return { object: entry[0], stratum: entry[1], inspectors: chosen };
    });
  }

  // --- the page -----------------------------------------------------------------------------

  function messages() {
    var node = document.getElementById("verify-messages");
    return node ? JSON.parse(node.textContent) : {};
  }

  function format(text, values) {
    return String(text).replace(/%\((\w+)\)s/g, function (_m, key) { return values[key]; });
  }

  function show(box, lines, ok) {
    box.textContent = "";
    box.className = "verdict " + (ok ? "verdict-good" : "verdict-bad");
    lines.forEach(function (line) {
      var p = document.createElement("p");
      p.textContent = line;
      box.appendChild(p);
    });
  }

  function verify(published, texts) {
    var lists = published.lists;
    var at = String(published.lists_digest).indexOf(":");
    var algorithm = lists.algorithm;
    return hashAsync(algorithm, encoder.encode(canonical(lists))).then(function (raw) {
      var digest = algorithm + ":" + hex(raw);
      var lines = [], ok = digest === published.lists_digest && at > 0;
      lines.push(ok ? texts.lists_ok : texts.lists_bad);
      if (!published.seed) {
        lines.push(texts.no_seed);
        return { ok: ok, lines: lines };
      }
      var ours = draw(lists, published.seed, digest);
      var theirs = (published.result && published.result.selected) || [];
      var differs = -1;
      for (var i = 0; i < Math.max(ours.length, theirs.length); i++) {
        if (canonical(ours[i] || null) !== canonical(theirs[i] || null)) { differs = i; break; }
      }
      if (differs >= 0 || canonical(normaliseSeed(published.seed)) !== canonical(published.result.seed)) {
        ok = false;
        lines.push(format(texts.draw_bad, { index: Math.max(differs, 0) + 1 }));
      } else {
        lines.push(format(texts.draw_ok, { count: ours.length }));
      }
      return { ok: ok, lines: lines };
    });
  }

  function start() {
    var button = document.getElementById("verify-button");
    var box = document.getElementById("verify-result");
    if (!button || !box) { return; }
    button.addEventListener("click", function () {
      var texts = messages();
      show(box, [texts.running], true);
      box.className = "verdict";
      fetch(button.dataset.url, { headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error("HTTP " + response.status); }
          return response.json();
        })
        .then(function (published) { return verify(published, texts); })
        .then(function (outcome) {
          show(box, outcome.lines, outcome.ok);
          box.dataset.outcome = outcome.ok ? "match" : "mismatch";
        })
        .catch(function (error) {
          show(box, [format(texts.failed, { error: error.message })], false);
          box.dataset.outcome = "error";
        });
    });
  }

  // Exposed for tests and for anyone who wants to recompute by hand in the console.
  window.sanxiangDraw = { canonical: canonical, draw: draw, sm3: sm3, hex: hex };

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
}());
