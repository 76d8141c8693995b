/**
 * Deterministic randomness. Everything the simulator invents is a pure function of the seed and
 * a few integers (queue index, hour index, sequence number), so the same seed gives the same
 * organisation and the same conversations forever, and any piece can be regenerated on demand.
 */

/** 32-bit finaliser (murmur3 fmix32): spreads every input bit over the whole word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash any number of 32-bit integers into one unsigned 32-bit integer. */
export function hash32(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = fmix32((h ^ (p | 0)) + 0x6d2b79f5);
  }
  return h;
}

/** Hash a string into an unsigned 32-bit integer (FNV-1a, then mixed). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for synthetic traffic. Returns floats in [0, 1). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A PRNG seeded from a hash of the given integers. */
export function rngFor(...parts: number[]): Rng {
  return mulberry32(hash32(...parts));
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9).
 * Used once, to fill the quantile table below.
 */
function inverseNormalCdf(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

// Normal deviates by table lookup: traffic generation draws millions of them, and a 4096-step
// quantile table is indistinguishable from the real thing at this scale (and far cheaper).
const NORMAL_TABLE_SIZE = 4096;
const NORMAL_TABLE = new Float64Array(NORMAL_TABLE_SIZE);
for (let i = 0; i < NORMAL_TABLE_SIZE; i++) NORMAL_TABLE[i] = inverseNormalCdf((i + 0.5) / NORMAL_TABLE_SIZE);

/** Standard normal deviate (table-based; tails beyond ~3.5 sigma are cut). */
export function normal(rng: Rng): number {
  return NORMAL_TABLE[(rng() * NORMAL_TABLE_SIZE) | 0]!;
}

/** Log-normal with the given median and log-space sigma: the usual shape of handle times. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(rng));
}

/** Poisson count: Knuth for small means, a rounded normal approximation above. */
export function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng();
    while (p > limit) {
      k++;
      p *= rng();
    }
    return k;
  }
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(rng)));
}

/** Pick an index with probability proportional to its weight. */
export function weightedIndex(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let x = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return i;
  }
  return weights.length - 1;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function hex8(n: number): string {
  return HEX_BYTE[(n >>> 24) & 255]! + HEX_BYTE[(n >>> 16) & 255]! + HEX_BYTE[(n >>> 8) & 255]! + HEX_BYTE[n & 255]!;
}

/** A version-4-shaped UUID derived from the given integers (deterministic, not random). */
export function uuidFrom(...parts: number[]): string {
  const a = hash32(...parts, 1);
  const b = hash32(...parts, 2);
  const c = hash32(...parts, 3);
  const d = hash32(...parts, 4);
  return formatUuid(a, b, c, d);
}

/** Format four 32-bit words as a UUID, forcing the version (4) and variant (10xx) bits. */
export function formatUuid(a: number, b: number, c: number, d: number): string {
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const v = ((parseInt(h[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${v}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Multiplicative inverse of an odd number modulo 2^32 (Newton's iteration). */
function inverseOdd(c: number): number {
  let x = c;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(c, x));
  return x >>> 0;
}

const SCRAMBLE = 0x9e3779b1; // odd, so multiplication by it is a bijection on 32-bit words
const UNSCRAMBLE = inverseOdd(SCRAMBLE);

/** A reversible 32-bit scramble: consecutive inputs give unrelated-looking outputs. */
export function scramble32(x: number, key: number): number {
  return Math.imul((x ^ key) >>> 0, SCRAMBLE) >>> 0;
}
export function unscramble32(y: number, key: number): number {
  return (Math.imul(y >>> 0, UNSCRAMBLE) ^ key) >>> 0;
}
