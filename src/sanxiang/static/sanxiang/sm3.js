/* SM3 (GB/T 32905-2016), the platform's default digest, for the pages that recompute
 * digests in the browser: the public decision's 验证 (disclosure/verify.js) and the
 * random-inspection draw's 验证 (inspections/draw.js). Browsers have none, so it is
 * implemented here once; those pages load this file first (both scripts are deferred, so
 * they run in document order). Tests compare it with Python's hashlib SM3.
 *
 * window.SanxiangSM3.sm3(Uint8Array) → Uint8Array(32).
 */
(function () {
  "use strict";


  var IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600,
            0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];

  function rotl(x, n) {
    n %= 32;
    return n === 0 ? x : ((x << n) | (x >>> (32 - n))) >>> 0;
  }

  function p0(x) { return (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0; }
  function p1(x) { return (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0; }

  function compress(v, block, offset) {
    var w = new Array(68), w1 = new Array(64), j;
    for (j = 0; j < 16; j++) {
      var i = offset + 4 * j;
      w[j] = ((block[i] << 24) | (block[i + 1] << 16) | (block[i + 2] << 8) | block[i + 3]) >>> 0;
    }
    for (j = 16; j < 68; j++) {
      w[j] = (p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6]) >>> 0;
    }
    for (j = 0; j < 64; j++) { w1[j] = (w[j] ^ w[j + 4]) >>> 0; }
    var a = v[0], b = v[1], c = v[2], d = v[3], e = v[4], f = v[5], g = v[6], h = v[7];
    for (j = 0; j < 64; j++) {
      var t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
      var a12 = rotl(a, 12);
      var ss1 = rotl((a12 + e + rotl(t, j)) >>> 0, 7);
      var ss2 = (ss1 ^ a12) >>> 0;
      var ff = j < 16 ? (a ^ b ^ c) : ((a & b) | (a & c) | (b & c));
      var gg = j < 16 ? (e ^ f ^ g) : ((e & f) | (~e & g));
      var tt1 = ((ff >>> 0) + d + ss2 + w1[j]) >>> 0;
      var tt2 = ((gg >>> 0) + h + ss1 + w[j]) >>> 0;
      d = c; c = rotl(b, 9); b = a; a = tt1;
      h = g; g = rotl(f, 19); f = e; e = p0(tt2);
    }
    v[0] ^= a; v[1] ^= b; v[2] ^= c; v[3] ^= d; v[4] ^= e; v[5] ^= f; v[6] ^= g; v[7] ^= h;
    for (j = 0; j < 8; j++) { v[j] >>>= 0; }
  }

  function sm3(bytes) {
    var length = bytes.length;
    var padded = new Uint8Array(((length + 9 + 63) >> 6) << 6);
    padded.set(bytes);
    padded[length] = 0x80;
    // The bit length, big-endian in the last 8 bytes (inputs stay far below 2^53 bits).
    var bits = length * 8, k;
    for (k = 0; k < 8; k++) {
      padded[padded.length - 1 - k] = bits % 256;
      bits = Math.floor(bits / 256);
    }
    var v = IV.slice();
    for (var offset = 0; offset < padded.length; offset += 64) { compress(v, padded, offset); }
    var out = new Uint8Array(32);
    for (k = 0; k < 8; k++) {
      out[4 * k] = v[k] >>> 24; out[4 * k + 1] = (v[k] >>> 16) & 255;
      out[4 * k + 2] = (v[k] >>> 8) & 255; out[4 * k + 3] = v[k] & 255;
    }
    return out;
  }

  window.SanxiangSM3 = { sm3: sm3 };
}());
