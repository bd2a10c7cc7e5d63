// AssemblyScript source of the WebAssembly SIMD kernel (compiled to gemm.wasm by build.sh and
// committed). out[m×n] (+)= a[m×k] · b[n×k]ᵀ, all row-major f32 in linear memory.
// Two rows × two columns per tile, four f32 lanes per step; float32 accumulation.

export function gemmNT(a: usize, b: usize, out: usize, m: i32, n: i32, k: i32, accumulate: i32): void {
  const k4 = k & ~3;
  let i = 0;
  for (; i + 1 < m; i += 2) {
    const a0 = a + (<usize>(i * k) << 2);
    const a1 = a0 + (<usize>k << 2);
    let j = 0;
    for (; j + 1 < n; j += 2) {
      const b0 = b + (<usize>(j * k) << 2);
      const b1 = b0 + (<usize>k << 2);
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
      for (let p = 0; p < k4; p += 4) {
        const off = <usize>p << 2;
        const x0 = v128.load(a0 + off);
        const x1 = v128.load(a1 + off);
        const y0 = v128.load(b0 + off);
        const y1 = v128.load(b1 + off);
        s00 = f32x4.add(s00, f32x4.mul(x0, y0));
        s01 = f32x4.add(s01, f32x4.mul(x0, y1));
        s10 = f32x4.add(s10, f32x4.mul(x1, y0));
        s11 = f32x4.add(s11, f32x4.mul(x1, y1));
      }
      let r00 = hsum(s00), r01 = hsum(s01), r10 = hsum(s10), r11 = hsum(s11);
      for (let p = k4; p < k; p++) {
        const off = <usize>p << 2;
        const x0 = load<f32>(a0 + off), x1 = load<f32>(a1 + off), y0 = load<f32>(b0 + off), y1 = load<f32>(b1 + off);
        r00 += x0 * y0; r01 += x0 * y1; r10 += x1 * y0; r11 += x1 * y1;
      }
      put(out, i * n + j, r00, accumulate);
      put(out, i * n + j + 1, r01, accumulate);
      put(out, (i + 1) * n + j, r10, accumulate);
      put(out, (i + 1) * n + j + 1, r11, accumulate);
    }
    for (; j < n; j++) {
      put(out, i * n + j, dot(a0, b + (<usize>(j * k) << 2), k), accumulate);
      put(out, (i + 1) * n + j, dot(a1, b + (<usize>(j * k) << 2), k), accumulate);
    }
  }
  for (; i < m; i++) {
    const ai = a + (<usize>(i * k) << 2);
    for (let j = 0; j < n; j++) put(out, i * n + j, dot(ai, b + (<usize>(j * k) << 2), k), accumulate);
  }
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

@inline function put(out: usize, index: i32, v: f32, accumulate: i32): void {
  const p = out + (<usize>index << 2);
  store<f32>(p, accumulate ? load<f32>(p) + v : v);
}

function dot(x: usize, y: usize, k: i32): f32 {
  const k4 = k & ~3;
  let s = f32x4.splat(0);
  for (let p = 0; p < k4; p += 4) s = f32x4.add(s, f32x4.mul(v128.load(x + (<usize>p << 2)), v128.load(y + (<usize>p << 2))));
  let r = hsum(s);
  for (let p = k4; p < k; p++) r += load<f32>(x + (<usize>p << 2)) * load<f32>(y + (<usize>p << 2));
  return r;
}
