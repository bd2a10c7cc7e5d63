/**
 * NumPy's summation order, so rewards match Gymnasium's bit for bit. `np.sum` over a contiguous
 * array is a pairwise sum (numpy/_core/src/umath/loops_utils.h.src): below 8 values a plain loop,
 * up to 128 values eight interleaved accumulators combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))
 * then the remainder, above 128 a recursive split. For float32 arrays every partial sum is
 * float32, so `round = Math.fround`; for float64 `round` is the identity.
 */
const identity = (x: number) => x;

/** Pairwise sum of `f(i)` for i in [start, start + n), accumulating with `round`. */
function pairwise(f: (i: number) => number, start: number, n: number, round: (x: number) => number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = round(res + f(start + i));
    return res;
  }
  if (n <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => f(start + j));
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] = round(r[j] + f(start + i + j));
    let res = round(round(round(r[0] + r[1]) + round(r[2] + r[3])) + round(round(r[4] + r[5]) + round(r[6] + r[7])));
    for (; i < n; i++) res = round(res + f(start + i));
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return round(pairwise(f, start, n2, round) + pairwise(f, start + n2, n - n2, round));
}

/** `np.sum(np.square(a))` for a float32 array: a float32 value. Allocation-free below 8 values. */
export function float32SquareSum(a: Float32Array): number {
  const f = Math.fround;
  if (a.length < 8) {
    let s = 0;
    for (let i = 0; i < a.length; i++) s = f(s + f(a[i] * a[i]));
    return s;
  }
  return pairwise((i) => f(a[i] * a[i]), 0, a.length, f);
}

/**
 * Gymnasium's control cost under NumPy ≥ 2 (NEP 50): `weight * np.sum(np.square(action))`
 * with a float32 action stays float32: f32(f32(weight) · S32).
 */
export function controlCost(weight: number, action: Float32Array): number {
  return Math.fround(Math.fround(weight) * float32SquareSum(action));
}

/** `np.sum(values)` of a float64 array (pairwise order). */
export function float64Sum(values: ArrayLike<number>): number {
  return pairwise((i) => values[i], 0, values.length, identity);
}
