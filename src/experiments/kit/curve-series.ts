/**
 * Return-vs-labels curves of several arms (strategies, feedback mixes) as chart series: per arm,
 * the mean over its seeds' runs at each evaluation (x = the mean label count then), with the
 * seed range as a band when there is more than one seed. Curves are cut to the shortest run.
 */
import { PALETTE, type Series } from '../../report/charts.js';
import type { CurvePoint } from './curve-measures.js';

export function meanCurveSeries(arms: { name: string; curves: readonly (readonly CurvePoint[])[] }[]): Series[] {
  return arms.map(({ name, curves }, i) => {
    const k = Math.min(...curves.map((c) => c.length));
    const points: [number, number][] = [];
    const band: [number, number, number][] = [];
    for (let j = 0; j < k; j++) {
      const x = curves.reduce((a, c) => a + c[j][0], 0) / curves.length;
      const ys = curves.map((c) => c[j][1]);
      points.push([x, ys.reduce((a, b) => a + b, 0) / ys.length]);
      band.push([x, Math.min(...ys), Math.max(...ys)]);
    }
    return { name, points, color: PALETTE[i % PALETTE.length], ...(curves.length > 1 ? { band } : {}) };
  });
}
