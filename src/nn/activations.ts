/** Elementwise activations with their derivatives expressed through the OUTPUT y = f(x). */

export type ActivationName = 'tanh' | 'relu' | 'leaky-relu' | 'identity' | 'sigmoid';
export const ACTIVATIONS: readonly ActivationName[] = ['tanh', 'relu', 'leaky-relu', 'identity', 'sigmoid'];

/** The negative slope of 'leaky-relu' (the verifier's relaxations read it: src/verify/network.ts). */
export const LEAK = 0.01;

/** y = f(x), in place allowed (x and y may alias). */
export function activate(name: ActivationName, x: Float32Array, y: Float32Array, size: number): void {
  switch (name) {
    case 'tanh':
      // 1 − 2/(e^{2x} + 1): about twice as fast as Math.tanh in V8, saturates correctly at ±∞.
      for (let i = 0; i < size; i++) y[i] = 1 - 2 / (Math.exp(2 * x[i]) + 1);
      return;
    case 'relu':
      for (let i = 0; i < size; i++) y[i] = x[i] > 0 ? x[i] : 0;
      return;
    case 'leaky-relu':
      for (let i = 0; i < size; i++) y[i] = x[i] > 0 ? x[i] : LEAK * x[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < size; i++) y[i] = 1 / (1 + Math.exp(-x[i]));
      return;
    case 'identity':
      if (x !== y) y.set(x.subarray(0, size));
      return;
  }
}

/** dx = dy ⊙ f'(x), computed from y = f(x). dx and dy may alias. */
export function activateBackward(name: ActivationName, y: Float32Array, dy: Float32Array, dx: Float32Array, size: number): void {
  switch (name) {
    case 'tanh':
      for (let i = 0; i < size; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
      return;
    case 'relu':
      for (let i = 0; i < size; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
      return;
    case 'leaky-relu':
      for (let i = 0; i < size; i++) dx[i] = y[i] > 0 ? dy[i] : LEAK * dy[i];
      return;
    case 'sigmoid':
      for (let i = 0; i < size; i++) dx[i] = dy[i] * y[i] * (1 - y[i]);
      return;
    case 'identity':
      if (dx !== dy) dx.set(dy.subarray(0, size));
      return;
  }
}
