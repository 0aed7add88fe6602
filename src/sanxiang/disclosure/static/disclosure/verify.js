/* Verify a published decision in the browser (R-PUB-04): the record's digest, the ledger
 * entry that registered it, the inclusion proof up to the signed checkpoint's root, and
 * each of the checkpoint's signatures: SM2 (GB/T 32918) always, Ed25519 where the
 * browser's SubtleCrypto has it.
 *
 * Browsers have no SM3, the ledger's default digest (GB/T 32905), nor SM2: they come from
 * the shared sanxiang/sm3.js and sanxiang/sm2.js, loaded first; SHA-256 and Ed25519 come
 * from SubtleCrypto. The same checks in Python are
 * ``manage verify_record``; the byte formats are described in ``ledger/entries.py``,
 * ``ledger/checkpoints.py`` and ``disclosure/canonical.py``.
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

  function unhex(text) {
    if (!/^([0-9a-f]{2})*$/.test(text)) { throw new Error("not hex"); }
    var out = new Uint8Array(text.length / 2);
    for (var i = 0; i < out.length; i++) { out[i] = parseInt(text.substr(2 * i, 2), 16); }
    return out;
  }

  function concat(parts) {
    var size = 0, i;
    for (i = 0; i < parts.length; i++) { size += parts[i].length; }
    var out = new Uint8Array(size), at = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }

  function hash(algorithm, bytes) {
    if (algorithm === "sm3") { return Promise.resolve(sm3(bytes)); }
    if (algorithm === "sha256" && window.crypto && window.crypto.subtle) {
      return window.crypto.subtle.digest("SHA-256", bytes).then(function (b) { return new Uint8Array(b); });
    }
    return Promise.reject(new Error("unsupported digest " + algorithm));
  }

  function parseDigest(text) {
    var at = String(text).indexOf(":");
    var algorithm = String(text).slice(0, at);
    if (at < 1 || (algorithm !== "sm3" && algorithm !== "sha256")) { throw new Error("not a digest"); }
    return { algorithm: algorithm, raw: unhex(String(text).slice(at + 1)) };
  }

  function equal(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) { if (a[i] !== b[i]) { return false; } }
    return true;
  }

  // The ledger's canonical JSON: sorted keys, no spaces, UTF-8 kept as is.
  function canonicalJson(value) {
    if (Array.isArray(value)) { return "[" + value.map(canonicalJson).join(",") + "]"; }
    if (value !== null && typeof value === "object") {
      return "{" + Object.keys(value).sort().map(function (k) {
        return JSON.stringify(k) + ":" + canonicalJson(value[k]);
      }).join(",") + "}";
    }
    return JSON.stringify(value);
  }

  function number(value) {
    if (value === null || value === undefined) { return "-"; }
    if (typeof value === "number" && Number.isInteger(value)) { return String(value); }
    return "x" + value;
  }

  function entryBytes(e) {
    return utf8([number(e.seq), String(e.recorded_at), number(e.actor_id), String(e.actor_name),
                 number(e.kind), String(e.subject_type), String(e.subject_id), String(e.payload),
                 String(e.prev_digest)].join("\x1f"));
  }

  function hashLeaf(algorithm, data) { return hash(algorithm, concat([new Uint8Array([0]), data])); }
  function hashChildren(algorithm, l, r) { return hash(algorithm, concat([new Uint8Array([1]), l, r])); }

  // RFC 9162 §2.1.3.2; arithmetic instead of bit operators, which JavaScript does in 32 bits.
  function rootFromInclusion(algorithm, leaf, index, size, path) {
    if (!(index >= 0 && index < size)) { return Promise.resolve(null); }
    var fn = index, sn = size - 1, i = 0;
    function odd(n) { return n % 2 === 1; }
    function half(n) { return Math.floor(n / 2); }
    function step(r) {
      if (i === path.length) { return sn === 0 ? r : null; }
      if (sn === 0) { return null; }
      var p = path[i++], next;
      if (odd(fn) || fn === sn) {
        next = hashChildren(algorithm, p, r);
        while (!odd(fn) && fn !== 0) { fn = half(fn); sn = half(sn); }
      } else {
        next = hashChildren(algorithm, r, p);
      }
      fn = half(fn); sn = half(sn);
      return next.then(step);
    }
    return Promise.resolve(leaf).then(step);
  }

  function contains(value, text) {
    if (Array.isArray(value)) { return value.some(function (v) { return contains(v, text); }); }
    if (value !== null && typeof value === "object") {
      return Object.keys(value).some(function (k) { return contains(value[k], text); });
    }
    return value === text;
  }

  function statement(c) {
    return utf8("sanxiang-ledger-checkpoint/v1\n" + c.tree_size + "\n" + c.root + "\n" +
                c.signed_at + "\n");
  }

  function base64(text) {
    var binary = atob(text), out = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { out[i] = binary.charCodeAt(i); }
    return out;
  }

  function algorithmName(algorithm) {
    return algorithm === "sm2" ? "SM2" : (algorithm === "ed25519" ? "Ed25519" : String(algorithm));
  }

  // Every signature of the checkpoint: its own fields first, then its "signatures" list
  // (Ed25519 and SM2 when the platform makes both), each once.
  function signaturesOf(c) {
    var seen = {}, found = [];
    [c].concat(Array.isArray(c.signatures) ? c.signatures : []).forEach(function (s) {
      if (!s || s.signature === undefined) { return; }
      var item = { algorithm: String(s.signature_algorithm), key_id: String(s.key_id),
                   signature: String(s.signature) };
      var id = item.algorithm + " " + item.key_id + " " + item.signature;
      if (!seen[id]) { seen[id] = true; found.push(item); }
    });
    return found;
  }

  // The published key (in the proof) whose digest is the signature's key id, or null.
  function keyFor(proof, item) {
    var keys = (proof.public_keys || []).concat(proof.public_key ? [proof.public_key] : []);
    var matching = keys.filter(function (k) {
      return k && k.key_id === item.key_id && (k.algorithm || "ed25519") === item.algorithm;
    });
    if (!matching.length) { return Promise.resolve(null); }
    var raw = base64(matching[0].raw), keyDigest = parseDigest(item.key_id);
    return hash(keyDigest.algorithm, raw).then(function (id) { return equal(id, keyDigest.raw) ? raw : null; });
  }

  // true / false, or null when this browser cannot check it (Ed25519 without SubtleCrypto's
  // support) or the proof has no key for it.
  function checkOne(proof, item) {
    var c = proof.checkpoint, signature;
    try { signature = base64(item.signature); parseDigest(item.key_id); } catch (error) { return Promise.resolve(false); }
    if (item.algorithm !== "sm2" && item.algorithm !== "ed25519") { return Promise.resolve(false); }
    return keyFor(proof, item).then(function (raw) {
      if (raw === null) { return null; }
      if (item.algorithm === "sm2") {
        return window.SanxiangSM2 ? window.SanxiangSM2.verify(raw, signature, statement(c)) : null;
      }
      if (!window.crypto || !window.crypto.subtle) { return null; }
      return window.crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"])
        .then(function (k) {
          return window.crypto.subtle.verify({ name: "Ed25519" }, k, signature, statement(c));
        }, function () { return null; });
    });
  }

  // [{item, ok}] for every signature, in order.
  function checkSignatures(proof) {
    var items = signaturesOf(proof.checkpoint);
    return Promise.all(items.map(function (item) {
      return checkOne(proof, item).then(function (ok) { return { item: item, ok: ok }; },
                                        function () { return { item: item, ok: false }; });
    }));
  }

  // --- the checks ---------------------------------------------------------------------

  function verify(proof, pageDigest) {
    var results = [];
    function add(ok, key, values) { results.push({ ok: ok, key: key, values: values || {} }); return ok; }
    var stated = parseDigest(proof.digest);
    var entry = proof.entry, checkpoint = proof.checkpoint, inclusion = proof.proof;
    return hash(stated.algorithm, utf8(canonicalJson(proof.record))).then(function (digest) {
      add(equal(digest, stated.raw), equal(digest, stated.raw) ? "record_ok" : "record_bad",
          { digest: proof.digest });
      if (pageDigest && pageDigest !== proof.digest) { add(false, "page_bad"); }
      var leaf = parseDigest(entry.digest);
      return hashLeaf(leaf.algorithm, entryBytes(entry)).then(function (computed) {
        var payload = null;
        try { payload = JSON.parse(entry.payload); } catch (error) { payload = null; }
        var ok = equal(computed, leaf.raw) && entry.kind === 804 && contains(payload, proof.digest);
        add(ok, ok ? "entry_ok" : "entry_bad", { seq: entry.seq });
        var root = parseDigest(checkpoint.root);
        var path = (inclusion.path || []).map(function (node) { return parseDigest(node).raw; });
        var shaped = inclusion.tree_size === checkpoint.tree_size &&
          inclusion.leaf_index === entry.seq - 1 && leaf.algorithm === root.algorithm;
        return rootFromInclusion(root.algorithm, leaf.raw, entry.seq - 1, checkpoint.tree_size, path)
          .then(function (found) {
            var proofOk = shaped && found !== null && equal(found, root.raw);
            add(proofOk, proofOk ? "proof_ok" : "proof_bad", { seq: entry.seq, size: checkpoint.tree_size });
            return checkSignatures(proof);
          });
      });
    }).then(function (checked) {
      checked.forEach(function (one) {
        var values = { key: one.item.key_id, size: checkpoint.tree_size,
                       algorithm: algorithmName(one.item.algorithm) };
        if (one.ok === null) {
          results.push({ ok: null, key: "sig_skipped", values: values });
        } else {
          add(one.ok, one.ok ? "sig_ok" : "sig_bad", values);
        }
      });
      return results;
    });
  }

  // --- the page -----------------------------------------------------------------------

  function messages() {
    var node = document.getElementById("verify-messages");
    return node ? JSON.parse(node.textContent) : {};
  }

  function say(text, values) {
    return String(text || "").replace(/\{(\w+)\}/g, function (m, name) {
      return values[name] === undefined ? m : String(values[name]);
    });
  }

  function show(output, results, texts) {
    output.textContent = "";
    var failed = results.some(function (r) { return r.ok === false; });
    var verdict = document.createElement("div");
    verdict.className = "verdict " + (failed ? "verdict-bad" : "verdict-ok");
    verdict.id = "verify-verdict";
    var p = document.createElement("p");
    p.textContent = failed ? texts.failure : texts.success;
    verdict.appendChild(p);
    output.appendChild(verdict);
    var list = document.createElement("ul");
    list.className = "plain-list";
    results.forEach(function (r) {
      var item = document.createElement("li");
      var mark = r.ok === true ? texts.passed : (r.ok === false ? texts.failed : texts.skipped);
      item.textContent = mark + "  " + say(texts[r.key], r.values);
      item.dataset.check = r.key;
      list.appendChild(item);
    });
    output.appendChild(list);
  }

  function start(button) {
    var output = document.getElementById("verify-result");
    var texts = messages();
    button.disabled = true;
    output.textContent = texts.checking || "";
    fetch(button.dataset.proofUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (proof) { return verify(proof, button.dataset.digest); })
      .then(function (results) { show(output, results, texts); },
            function (error) {
              show(output, [{ ok: false, key: "error", values: { error: error.message } }], texts);
            })
      .then(function () { button.disabled = false; });
  }

  window.SanxiangVerify = { sm3: sm3, hex: hex, utf8: utf8, canonicalJson: canonicalJson,
                            entryBytes: entryBytes, statement: statement, verify: verify };

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("verify-button");
    if (button) { button.addEventListener("click", function () { start(button); }); }
  });
}());
