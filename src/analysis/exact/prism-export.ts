/**
 * A Markov chain in PRISM's explicit-model format (PRISM manual, appendix "Explicit Model
 * Files"), so a third party can re-check our numbers with PRISM or Storm:
 *
 *     prism -importtrans model.tra -importstates model.sta -importlabels model.lab -dtmc model.props
 *
 * - `.tra`: first line "n m" (states, transitions), then one "i j p" line per transition, sorted
 *   by source then target. Absorbing states are written with their self-loop (probability 1),
 *   as PRISM completes deadlock states, so every row sums to 1.
 * - `.sta`: first line "(v1,…,vk)", then "i:(x1,…,xk)" per state in index order.
 * - `.lab`: first line `0="init" 1="deadlock" 2="…"` (the chain's own labels follow, sorted by
 *   name), then "i: a b …" for each state that carries a label, in index order.
 * - `.props`: `P=? [ F "label" ]` for every own label (the queries the checker answers).
 *
 * Output is deterministic: the same chain gives the same bytes. Probabilities are written in
 * JavaScript's shortest round-trip form, so the file reproduces them exactly.
 */
import { checkChain, isAbsorbing, type MarkovChain } from './markov-chain.js';

export interface PrismFiles {
  tra: string;
  sta: string;
  lab: string;
  props: string;
}

/** The PRISM files of a chain (checked first: a malformed chain is a ConfigError, never a bad file). */
export function prismFiles(chain: MarkovChain): PrismFiles {
  checkChain(chain);
  return { tra: transitionsFile(chain), sta: statesFile(chain), lab: labelsFile(chain), props: propertiesFile(chain) };
}

function transitionsFile(chain: MarkovChain): string {
  const lines: string[] = [];
  chain.rows.forEach((row, s) => {
    const sorted = row.length === 0 ? [{ to: s, p: 1 }] : [...row].sort((a, b) => a.to - b.to);
    for (const t of sorted) lines.push(`${s} ${t.to} ${String(t.p)}`);
  });
  return `${chain.rows.length} ${lines.length}\n${lines.join('\n')}\n`;
}

function statesFile(chain: MarkovChain): string {
  const v = chain.variables ?? { names: ['s'], values: chain.rows.map((_r, s) => [s]) };
  return `(${v.names.join(',')})\n${v.values.map((t, s) => `${s}:(${t.join(',')})`).join('\n')}\n`;
}

/** Label names in file order: init, deadlock, then the chain's own, sorted. */
export function labelOrder(chain: MarkovChain): string[] {
  return ['init', 'deadlock', ...Object.keys(chain.labels).sort()];
}

function labelsFile(chain: MarkovChain): string {
  const names = labelOrder(chain);
  const perState: number[][] = chain.rows.map(() => []);
  perState[chain.initial].push(0);
  chain.rows.forEach((_r, s) => isAbsorbing(chain, s) && perState[s].push(1));
  names.slice(2).forEach((name, k) => [...new Set(chain.labels[name])].forEach((s) => perState[s].push(k + 2)));
  const header = names.map((name, i) => `${i}="${name}"`).join(' ');
  const lines = perState.flatMap((ls, s) => (ls.length ? [`${s}: ${ls.sort((a, b) => a - b).join(' ')}`] : []));
  return `${header}\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}

function propertiesFile(chain: MarkovChain): string {
  const own = labelOrder(chain).slice(2);
  return `// Reachability queries for this chain (PRISM: -importlabels model.lab, then this file)\n${own.map((name) => `P=? [ F "${name}" ]`).join('\n')}\n`;
}
