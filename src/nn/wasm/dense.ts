// AssemblyScript source of the whole-layer kernels (compiled to dense.wasm by build.sh and
// committed). The memory is IMPORTED: each network instantiates this module over its own
// WebAssembly.Memory, where its parameters, gradients, Adam moments, activations and deltas
// live (layout: ../mlp-fused.ts). Pointers are byte offsets; matrices are row-major f32.
//
// Every kernel reproduces, operation for operation, what the TypeScript path does between the
// gemm calls (Mlp with the gemm.wasm kernel): the same gemmNT source, f32 adds where TS adds two
// float32 values, f64 arithmetic where TS computes in doubles before storing to a Float32Array,
// and V8's own exp (fdlibm; ../dense-kernels.ts checks tanh and sigmoid against the TS ones at load). So a network on
// these kernels trains to the same bits as one on gemm.wasm.

import { gemmNT } from './gemm';

export { gemmNT };

// Activation codes (mlp-fused.ts CODES); 0 is identity.
const RELU = 1;
const LEAKY = 2;
const TANH = 3;
const SIGMOID = 4;
/** activations.ts LEAK, the double 0.01. */
const LEAK: f64 = 0.01;

function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** dst[cols×rows] = src[rows×cols]ᵀ: 4×4 tiles through lane shuffles, scalar edges. */
export function transpose(src: usize, rows: i32, cols: i32, dst: usize): void {
  const r4 = rows & ~3;
  const c4 = cols & ~3;
  for (let r = 0; r < r4; r += 4) {
    for (let c = 0; c < c4; c += 4) {
      const a0 = v128.load(at(src, r * cols + c));
      const a1 = v128.load(at(src, (r + 1) * cols + c));
      const a2 = v128.load(at(src, (r + 2) * cols + c));
      const a3 = v128.load(at(src, (r + 3) * cols + c));
      const t0 = v128.shuffle<i32>(a0, a1, 0, 4, 1, 5);
      const t1 = v128.shuffle<i32>(a0, a1, 2, 6, 3, 7);
      const t2 = v128.shuffle<i32>(a2, a3, 0, 4, 1, 5);
      const t3 = v128.shuffle<i32>(a2, a3, 2, 6, 3, 7);
      v128.store(at(dst, c * rows + r), v128.shuffle<i32>(t0, t2, 0, 1, 4, 5));
      v128.store(at(dst, (c + 1) * rows + r), v128.shuffle<i32>(t0, t2, 2, 3, 6, 7));
      v128.store(at(dst, (c + 2) * rows + r), v128.shuffle<i32>(t1, t3, 0, 1, 4, 5));
      v128.store(at(dst, (c + 3) * rows + r), v128.shuffle<i32>(t1, t3, 2, 3, 6, 7));
    }
    for (let rr = r; rr < r + 4; rr++) for (let c = c4; c < cols; c++) store<f32>(at(dst, c * rows + rr), load<f32>(at(src, rr * cols + c)));
  }
  for (let r = r4; r < rows; r++) for (let c = 0; c < cols; c++) store<f32>(at(dst, c * rows + r), load<f32>(at(src, r * cols + c)));
}

/** out[i×n + j] += bias[j] (f32 adds). */
export function addBias(out: usize, bias: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < rows; i++) {
    const row = at(out, i * n);
    let j = 0;
    for (; j < n4; j += 4) v128.store(at(row, j), f32x4.add(v128.load(at(row, j)), v128.load(at(bias, j))));
    for (; j < n; j++) store<f32>(at(row, j), load<f32>(at(row, j)) + load<f32>(at(bias, j)));
  }
}

/** gb[j] += Σ_i delta[i×n + j], row by row (f32 adds in the order TS makes them). */
export function biasGrad(delta: usize, gb: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < rows; i++) {
    const row = at(delta, i * n);
    let j = 0;
    for (; j < n4; j += 4) v128.store(at(gb, j), f32x4.add(v128.load(at(gb, j)), v128.load(at(row, j))));
    for (; j < n; j++) store<f32>(at(gb, j), load<f32>(at(gb, j)) + load<f32>(at(row, j)));
  }
}

/** y = f(x) in place (activations.ts activate); the caller runs tanh and sigmoid in TS when the exp check failed. */
export function activate(act: i32, y: usize, size: i32): void {
  if (act === RELU) {
    const s4 = size & ~3;
    const zero = f32x4.splat(0);
    let i = 0;
    for (; i < s4; i += 4) {
      const x = v128.load(at(y, i));
      v128.store(at(y, i), v128.and(x, f32x4.gt(x, zero)));
    }
    for (; i < size; i++) {
      const x = load<f32>(at(y, i));
      store<f32>(at(y, i), x > 0 ? x : 0);
    }
  } else if (act === LEAKY) {
    for (let i = 0; i < size; i++) {
      const x = load<f32>(at(y, i));
      store<f32>(at(y, i), x > 0 ? x : <f32>(LEAK * <f64>x));
    }
  } else if (act === TANH) {
    tanhForward(y, size);
  } else if (act === SIGMOID) {
    for (let i = 0; i < size; i++) store<f32>(at(y, i), <f32>(1 / (1 + v8exp(-<f64>load<f32>(at(y, i))))));
  }
}

/** dx = dy ⊙ f'(x) from y = f(x) (activations.ts activateBackward); dx and dy may alias. */
export function activateBackward(act: i32, y: usize, dy: usize, dx: usize, size: i32): void {
  if (act === TANH) {
    for (let i = 0; i < size; i++) {
      const yi = <f64>load<f32>(at(y, i));
      store<f32>(at(dx, i), <f32>(<f64>load<f32>(at(dy, i)) * (1 - yi * yi)));
    }
  } else if (act === RELU) {
    for (let i = 0; i < size; i++) store<f32>(at(dx, i), load<f32>(at(y, i)) > 0 ? load<f32>(at(dy, i)) : 0);
  } else if (act === LEAKY) {
    for (let i = 0; i < size; i++) {
      const d = load<f32>(at(dy, i));
      store<f32>(at(dx, i), load<f32>(at(y, i)) > 0 ? d : <f32>(LEAK * <f64>d));
    }
  } else if (act === SIGMOID) {
    for (let i = 0; i < size; i++) {
      const yi = <f64>load<f32>(at(y, i));
      store<f32>(at(dx, i), <f32>(<f64>load<f32>(at(dy, i)) * yi * (1 - yi)));
    }
  } else if (dx !== dy) {
    memory.copy(dx, dy, <usize>size << 2);
  }
}

/** out[batch×n] = f(x[batch×k] · w[n×k]ᵀ + b): one dense layer forward. */
export function denseForward(x: usize, w: usize, b: usize, out: usize, batch: i32, n: i32, k: i32, act: i32): void {
  gemmNT(x, w, out, batch, n, k, 0);
  addBias(out, b, batch, n);
  activate(act, out, batch * n);
}

/**
 * Backward of one dense layer from its output delta (already through the activation):
 * gW += δᵀ·x and gB += Σ δ exactly as mlp.ts computes them (the same gemmNT on transposes),
 * then, when `prev` is non-zero, prev = δ·W followed by the previous layer's activation backward.
 */
export function denseBackward(delta: usize, x: usize, w: usize, gw: usize, gb: usize, prev: usize, sa: usize, sb: usize, batch: i32, n: i32, k: i32, prevAct: i32): void {
  transpose(delta, batch, n, sa);
  transpose(x, batch, k, sb);
  gemmNT(sa, sb, gw, n, k, batch, 1);
  biasGrad(delta, gb, batch, n);
  if (prev === 0) return;
  transpose(w, n, k, sa);
  gemmNT(delta, sa, prev, batch, k, n, 0);
  activateBackward(prevAct, x, prev, prev, batch * k);
}

/** optim.ts Adam.step's loop, in f64 with f32 stores where TS stores into Float32Arrays; two lanes at a time. */
export function adam(p: usize, g: usize, m: usize, v: usize, size: i32, b1: f64, omb1: f64, b2: f64, omb2: f64, stepSize: f64, sqrtC2: f64, eps: f64): void {
  const vb1 = f64x2.splat(b1), vomb1 = f64x2.splat(omb1), vb2 = f64x2.splat(b2), vomb2 = f64x2.splat(omb2);
  const vstep = f64x2.splat(stepSize), vsqrtC2 = f64x2.splat(sqrtC2), veps = f64x2.splat(eps);
  let i = 0;
  for (; i + 1 < size; i += 2) {
    const gi = f64x2.promote_low_f32x4(v128.load64_zero(at(g, i)));
    // m and v are rounded to f32 when stored, and read back rounded: demote, then promote again.
    const mi = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(vb1, f64x2.promote_low_f32x4(v128.load64_zero(at(m, i)))), f64x2.mul(vomb1, gi)));
    const vi = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(vb2, f64x2.promote_low_f32x4(v128.load64_zero(at(v, i)))), f64x2.mul(f64x2.mul(vomb2, gi), gi)));
    v128.store64_lane(at(m, i), mi, 0);
    v128.store64_lane(at(v, i), vi, 0);
    const update = f64x2.div(f64x2.mul(vstep, f64x2.promote_low_f32x4(mi)), f64x2.add(f64x2.div(f64x2.sqrt(f64x2.promote_low_f32x4(vi)), vsqrtC2), veps));
    v128.store64_lane(at(p, i), f32x4.demote_f64x2_zero(f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(at(p, i))), update)), 0);
  }
  for (; i < size; i++) {
    const gi = <f64>load<f32>(at(g, i));
    const mi = <f32>(b1 * <f64>load<f32>(at(m, i)) + omb1 * gi);
    const vi = <f32>(b2 * <f64>load<f32>(at(v, i)) + omb2 * gi * gi);
    store<f32>(at(m, i), mi);
    store<f32>(at(v, i), vi);
    store<f32>(at(p, i), <f32>(<f64>load<f32>(at(p, i)) - (stepSize * <f64>mi) / (Math.sqrt(<f64>vi) / sqrtC2 + eps)));
  }
}

/** y = 1 − 2/(e^{2y} + 1) in place (activations.ts tanh), two lanes at a time. */
function tanhForward(y: usize, size: i32): void {
  const one = f64x2.splat(1);
  const two = f64x2.splat(2);
  let i = 0;
  for (; i + 1 < size; i += 2) {
    const p = at(y, i);
    const x = f64x2.promote_low_f32x4(v128.load64_zero(p));
    const r = f64x2.sub(one, f64x2.div(two, f64x2.add(v8exp2(f64x2.add(x, x)), one)));
    v128.store64_lane(p, f32x4.demote_f64x2_zero(r), 0);
  }
  for (; i < size; i++) store<f32>(at(y, i), <f32>(1 - 2 / (v8exp(2 * <f64>load<f32>(at(y, i))) + 1)));
}

// V8's Math.exp (src/base/ieee754.cc: fdlibm's __ieee754_exp with exp(1) special-cased to E).
const HALF0: f64 = 0.5, HALF1: f64 = -0.5;
const LN2HI0: f64 = 6.93147180369123816490e-01, LN2HI1: f64 = -6.93147180369123816490e-01;
const LN2LO0: f64 = 1.90821492927058770002e-10, LN2LO1: f64 = -1.90821492927058770002e-10;
const INVLN2: f64 = 1.44269504088896338700e+00;
const P1: f64 = 1.66666666666666019037e-01, P2: f64 = -2.77777777770155933842e-03, P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06, P5: f64 = 4.13813679705723846039e-08;
const O_THRESHOLD: f64 = 7.09782712893383973096e+02, U_THRESHOLD: f64 = -7.45133219101941108420e+02;
const TWOM1000: f64 = 9.33263618503218878990e-302;
const E: f64 = 2.718281828459045;

function v8exp(x: f64): f64 {
  const bits = reinterpret<u64>(x);
  let hx = <u32>(bits >> 32);
  const xsb = (hx >> 31) & 1;
  hx &= 0x7fffffff;
  let hi: f64 = 0, lo: f64 = 0;
  let k: i32 = 0;
  if (hx >= 0x40862e42) {
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | <u32>bits) !== 0) return x + x;
      return xsb === 0 ? x : 0.0;
    }
    if (x > O_THRESHOLD) return Infinity;
    if (x < U_THRESHOLD) return 0.0;
  }
  if (hx > 0x3fd62e42) {
    if (hx < 0x3ff0a2b2) {
      if (x === 1.0) return E;
      hi = x - (xsb ? LN2HI1 : LN2HI0);
      lo = xsb ? LN2LO1 : LN2LO0;
      k = 1 - xsb - xsb;
    } else {
      k = <i32>(INVLN2 * x + (xsb ? HALF1 : HALF0));
      const t = <f64>k;
      hi = x - t * LN2HI0;
      lo = t * LN2LO0;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    return 1.0 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) return reinterpret<f64>(reinterpret<u64>(y) + (<u64>(<i64>k) << 52));
  return reinterpret<f64>(reinterpret<u64>(y) + (<u64>(<i64>(k + 1000)) << 52)) * TWOM1000;
}

// |x| with high word 0x3fd62e42 (it holds 0.5 ln2): where fdlibm's high-word test and a rounded k could disagree.
const LOW_EDGE = reinterpret<f64>(0x3fd62e4200000000), HIGH_EDGE = reinterpret<f64>(0x3fd62e4300000000);
const TINY = reinterpret<f64>(0x3e30000000000000); // 2^-28: below it fdlibm returns 1 + x
const SAFE_MAX: f64 = 704; // k ≥ −1016 and no overflow: the plain exponent add scales y

/**
 * v8exp on two lanes. Inside the safe range (2^-28 ≤ |x| ≤ 704, x ≠ 1, |x| outside the edge
 * window) fdlibm's three branches are one computation: for hx ≤ 0x3fd62e42 the rounded k is 0,
 * so hi = x, lo = 0 and its k = 0 formula equals the general one bit for bit; for
 * 0.5 ln2 < |x| < 1.5 ln2 the rounded k is ±1 and t·ln2HI, t·ln2LO are the special case's
 * constants exactly. Lanes outside the range go through the scalar v8exp.
 */
function v8exp2(x: v128): v128 {
  const a = f64x2.abs(x);
  const safe = v128.and(
    v128.and(f64x2.ge(a, f64x2.splat(TINY)), f64x2.le(a, f64x2.splat(SAFE_MAX))),
    v128.and(v128.or(f64x2.lt(a, f64x2.splat(LOW_EDGE)), f64x2.ge(a, f64x2.splat(HIGH_EDGE))), f64x2.ne(x, f64x2.splat(1))),
  );
  if (!i64x2.all_true(safe)) {
    return f64x2.replace_lane(f64x2.splat(v8exp(f64x2.extract_lane(x, 0))), 1, v8exp(f64x2.extract_lane(x, 1)));
  }
  const half = v128.or(f64x2.splat(0.5), v128.and(x, i64x2.splat(0x8000000000000000)));
  const kf = f64x2.trunc(f64x2.add(f64x2.mul(f64x2.splat(INVLN2), x), half));
  const hi = f64x2.sub(x, f64x2.mul(kf, f64x2.splat(LN2HI0)));
  const lo = f64x2.mul(kf, f64x2.splat(LN2LO0));
  const r = f64x2.sub(hi, lo);
  const t = f64x2.mul(r, r);
  let poly = f64x2.add(f64x2.splat(P4), f64x2.mul(t, f64x2.splat(P5)));
  poly = f64x2.add(f64x2.splat(P3), f64x2.mul(t, poly));
  poly = f64x2.add(f64x2.splat(P2), f64x2.mul(t, poly));
  poly = f64x2.add(f64x2.splat(P1), f64x2.mul(t, poly));
  const c = f64x2.sub(r, f64x2.mul(t, poly));
  const q = f64x2.div(f64x2.mul(r, c), f64x2.sub(f64x2.splat(2), c));
  const y = f64x2.sub(f64x2.splat(1), f64x2.sub(f64x2.sub(lo, q), hi));
  const k = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(kf));
  return i64x2.add(y, i64x2.shl(k, 52));
}
