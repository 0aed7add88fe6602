/* SM2 signature verification (GB/T 32918.2-2016, GM/T 0009-2012) for the public decision's
 * 验证 (disclosure/verify.js): browsers have no SM2, so it is written here with BigInt, as
 * the Python side checks it (sanxiang/ledger/signatures.py, ADR 0022). Verification only —
 * the platform signs; nothing secret is ever handled here, so plain BigInt arithmetic (not
 * constant-time) is fine.
 *
 * The recommended 256-bit curve (GB/T 32918.5), e = SM3(Z_A ‖ M) with Z_A from the default
 * user ID "1234567812345678", the signature DER SEQUENCE {r, s}. Needs sanxiang/sm3.js first.
 *
 * window.SanxiangSM2.verify(publicKey Uint8Array(65) 04‖x‖y, signature Uint8Array (DER),
 *                           message Uint8Array) → true / false.
 */
(function () {
  "use strict";

  var sm3 = window.SanxiangSM3.sm3;

  var P = BigInt("0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF");
  var A = P - 3n;
  var B = BigInt("0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93");
  var N = BigInt("0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123");
  var GX = BigInt("0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7");
  var GY = BigInt("0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0");
  var USER_ID = new TextEncoder().encode("1234567812345678");

  function mod(a, m) { var r = a % m; return r < 0n ? r + m : r; }

  function inverse(a, m) {  // extended Euclid; m is prime and a ≠ 0 mod m
    var t = 0n, next = 1n, r = m, rest = mod(a, m), q, x;
    while (rest !== 0n) {
      q = r / rest;
      x = t - q * next; t = next; next = x;
      x = r - q * rest; r = rest; rest = x;
    }
    return mod(t, m);
  }

  function toBig(bytes) {
    var h = "0x0";
    for (var i = 0; i < bytes.length; i++) { h += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16); }
    return BigInt(h);
  }

  function toBytes(value) {  // 32 bytes, big-endian
    var h = value.toString(16);
    while (h.length < 64) { h = "0" + h; }
    var out = new Uint8Array(32);
    for (var i = 0; i < 32; i++) { out[i] = parseInt(h.substr(2 * i, 2), 16); }
    return out;
  }

  function concat(parts) {
    var size = 0, i;
    for (i = 0; i < parts.length; i++) { size += parts[i].length; }
    var out = new Uint8Array(size), at = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }

  // Points in Jacobian coordinates [X, Y, Z]; Z = 0 is the point at infinity.
  var INFINITY = [1n, 1n, 0n];

  function double(p) {
    if (p[2] === 0n || p[1] === 0n) { return INFINITY; }
    var x = p[0], y = p[1], z = p[2];
    var yy = mod(y * y, P), zz = mod(z * z, P);
    var s = mod(4n * x * yy, P);
    var m = mod(3n * x * x + A * zz * zz, P);
    var x3 = mod(m * m - 2n * s, P);
    var y3 = mod(m * (s - x3) - 8n * yy * yy, P);
    return [x3, y3, mod(2n * y * z, P)];
  }

  function add(p, q) {
    if (p[2] === 0n) { return q; }
    if (q[2] === 0n) { return p; }
    var z1z1 = mod(p[2] * p[2], P), z2z2 = mod(q[2] * q[2], P);
    var u1 = mod(p[0] * z2z2, P), u2 = mod(q[0] * z1z1, P);
    var s1 = mod(p[1] * q[2] * z2z2, P), s2 = mod(q[1] * p[2] * z1z1, P);
    if (u1 === u2) { return s1 === s2 ? double(p) : INFINITY; }
    var h = mod(u2 - u1, P), r = mod(s2 - s1, P);
    var hh = mod(h * h, P), hhh = mod(h * hh, P), v = mod(u1 * hh, P);
    var x3 = mod(r * r - hhh - 2n * v, P);
    var y3 = mod(r * (v - x3) - s1 * hhh, P);
    return [x3, y3, mod(p[2] * q[2] * h, P)];
  }

  // k1·G + k2·Q in one pass (Shamir's trick).
  function twoMultiples(k1, k2, q) {
    var g = [GX, GY, 1n], gq = add(g, q), result = INFINITY;
    var bits = Math.max(k1.toString(2).length, k2.toString(2).length);
    for (var i = bits - 1; i >= 0; i--) {
      result = double(result);
      var b1 = (k1 >> BigInt(i)) & 1n, b2 = (k2 >> BigInt(i)) & 1n;
      if (b1 && b2) { result = add(result, gq); } else if (b1) { result = add(result, g); } else if (b2) { result = add(result, q); }
    }
    return result;
  }

  function affineX(p) {
    var zi = inverse(p[2], P);
    return mod(p[0] * zi * zi, P);
  }

  // The DER element with ``tag`` at ``at`` of ``bytes``: {body, end}, or null.
  function element(bytes, at, tag) {
    if (at + 2 > bytes.length || bytes[at] !== tag) { return null; }
    var size = bytes[at + 1], start = at + 2;
    if (size & 0x80) {
      if (size !== 0x81 || at + 3 > bytes.length) { return null; }
      size = bytes[at + 2]; start = at + 3;
    }
    if (start + size > bytes.length) { return null; }
    return { body: bytes.subarray(start, start + size), end: start + size };
  }

  // DER SEQUENCE { INTEGER r, INTEGER s } → [r, s], or null.
  function parseSignature(der) {
    var seq = element(der, 0, 0x30);
    if (!seq || seq.end !== der.length) { return null; }
    var at = 0, values = [];
    for (var i = 0; i < 2; i++) {
      var item = element(seq.body, at, 0x02);
      if (!item || item.body.length === 0 || (item.body[0] & 0x80)) { return null; }
      values.push(toBig(item.body));
      at = item.end;
    }
    return at === seq.body.length ? values : null;
  }

  function onCurve(x, y) {
    return x < P && y < P && mod(y * y - (x * x * x + A * x + B), P) === 0n;
  }

  function verify(publicKey, signature, message) {
    if (!publicKey || publicKey.length !== 65 || publicKey[0] !== 4) { return false; }
    var x = toBig(publicKey.subarray(1, 33)), y = toBig(publicKey.subarray(33));
    if (!onCurve(x, y)) { return false; }
    var rs = parseSignature(signature);
    if (!rs) { return false; }
    var r = rs[0], s = rs[1];
    if (r < 1n || r >= N || s < 1n || s >= N) { return false; }
    var entl = USER_ID.length * 8;
    var z = sm3(concat([new Uint8Array([entl >> 8, entl & 255]), USER_ID, toBytes(A), toBytes(B),
                        toBytes(GX), toBytes(GY), toBytes(x), toBytes(y)]));
    var e = toBig(sm3(concat([z, message])));
    var t = mod(r + s, N);
    if (t === 0n) { return false; }
    var point = twoMultiples(s, t, [x, y, 1n]);
    if (point[2] === 0n) { return false; }
    return mod(e + affineX(point), N) === r;
  }

  window.SanxiangSM2 = { verify: verify };
}());
