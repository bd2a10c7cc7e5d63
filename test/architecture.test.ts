/**
 * The layering of src/ holds (ARCHITECTURE.md): every import between top-level rooms is allowed by
 * the table below, rooms form no cycle, experiments stay out of each other's folders and have no
 * file-level cycles, and no experiment patches a loop member from outside.
 *
 * Imports are read with the TypeScript parser from every non-test .ts file under src/: static
 * `import … from`, side-effect `import '…'`, `export … from`, dynamic `import('…')` and `import('…').T`
 * type references; type-only imports count like any other.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** Room → rooms it may import. The order is the layering, lowest first. */
const LIBRARY: Record<string, string[]> = {
  core: [],
  wrappers: ['core'],
  vector: ['core'],
  nn: ['core'],
  feedback: ['core'],
  preferences: ['core'],
  runs: ['core'],
  envs: ['core', 'wrappers', 'vector'],
  rewards: ['core', 'nn', 'wrappers'],
  agents: ['core', 'nn', 'vector', 'wrappers'],
  analysis: ['core', 'envs', 'rewards', 'wrappers', 'agents'],
  report: ['core', 'analysis'],
  loop: ['core', 'envs', 'wrappers', 'vector', 'nn', 'agents', 'rewards', 'preferences', 'feedback', 'analysis', 'runs'],
  recursive: ['core', 'envs', 'wrappers', 'nn', 'agents', 'rewards', 'analysis', 'report', 'preferences'],
  server: ['core', 'feedback', 'preferences', 'report', 'runs'],
  verify: ['core', 'nn', 'rewards'],
};
const ALLOWED: Record<string, string[]> = {
  ...LIBRARY,
  app: Object.keys(LIBRARY),
  experiments: [...Object.keys(LIBRARY), 'app'],
  cli: [...Object.keys(LIBRARY), 'app', 'experiments'],
};
/** The room of src/index.ts (a file at the top of src/ is a room of its own). */
const ROOT_FILE = 'index.ts';
/**
 * Public entry points: src/index.ts and every file package.json "exports" names (dist/X.js →
 * src/X.ts, e.g. envs/public.ts). Like src/index.ts they are façades that may re-export from every
 * room except cli; the room graph leaves them out.
 */
const API_ROOTS = new Set([ROOT_FILE, ...exportedEntryPoints()]);
const ROOT_ALLOWED = Object.keys(ALLOWED).filter((r) => r !== 'cli');

/**
 * Cross-room imports tolerated for now, as `from → to` file pairs (relative to src/). None today:
 * loop/reward-modeling-loop.ts no longer imports app/presets (the loop roles refactor).
 */
const KNOWN_EXCEPTIONS = new Set<string>([]);

function exportedEntryPoints(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(SRC, '../package.json'), 'utf8')) as { exports?: Record<string, string | Record<string, string>> };
  const targets = Object.values(pkg.exports ?? {}).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)));
  return [...new Set(targets.filter((t) => /^\.\/dist\/.*\.js$/.test(t)).map((t) => t.slice('./dist/'.length).replace(/\.js$/, '.ts')))];
}

interface Edge {
  from: string; // file relative to src/
  to: string; // resolved file relative to src/ (or outside src/, starting with '..')
  spec: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module specifier in one source text: imports, re-exports, dynamic imports, import types. */
function specifiersOf(text: string, name = 'probe.ts'): string[] {
  const sf = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      out.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0])) {
      out.push(node.arguments[0].text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      out.push(node.argument.literal.text);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      out.push(node.moduleReference.expression.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The file a relative specifier names: `x.js` → `x.ts`, a folder → its index.ts; undefined when none exists. */
function resolveRelative(from: string, spec: string): string | undefined {
  const base = resolve(dirname(from), spec);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

function collectEdges(): { edges: Edge[]; unresolved: string[] } {
  const edges: Edge[] = [];
  const unresolved: string[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const spec of specifiersOf(readFileSync(file, 'utf8'), file)) {
      if (!spec.startsWith('.')) continue; // packages and node: builtins
      const target = resolveRelative(file, spec);
      if (target === undefined) unresolved.push(`${relative(SRC, file)} → '${spec}'`);
      else edges.push({ from: relative(SRC, file), to: relative(SRC, target), spec });
    }
  }
  return { edges, unresolved };
}

/** Top-level room of a file relative to src/: its first folder, or the file name at the top. */
const roomOf = (file: string): string => file.split('/')[0];

/** One cycle of a directed graph as a node path that returns to its start, or undefined. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const dfs = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (state.get(next) === undefined) {
        const found = dfs(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of [...graph.keys()].sort()) {
    if (state.get(node) === undefined) {
      const found = dfs(node);
      if (found) return found;
    }
  }
  return undefined;
}

function graphOf(pairs: [string, string][]): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const [a, b] of pairs) {
    if (!g.has(a)) g.set(a, new Set());
    g.get(a)!.add(b);
  }
  return g;
}

const { edges, unresolved } = collectEdges();
const pairKey = (e: Edge) => `${e.from} → ${e.to}`;
const crossRoom = edges.filter((e) => roomOf(e.from) !== roomOf(e.to) && !KNOWN_EXCEPTIONS.has(pairKey(e)));

describe('architecture: rooms and their imports', () => {
  it('reads the sources (the parser sees imports of every kind)', () => {
    expect(edges.length).toBeGreaterThan(300);
    const probe = specifiersOf(
      "import a from './a.js';\nimport type { B } from './b.js';\nimport './c.js';\nexport { d } from './d.js';\nexport * from './e.js';\n" +
        "const f = await import('./f.js');\ntype G = import('./g.js').G;\nimport h = require('./h.js');\nimport x from 'node:fs';\n// import z from './not-code.js';\nconst s = \"import y from './in-a-string.js'\";",
    );
    expect(probe).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js', './h.js', 'node:fs']);
  });

  it('finds the package entry points as API roots', () => {
    expect([...API_ROOTS].sort()).toEqual(expect.arrayContaining(['index.ts', 'envs/public.ts']));
    for (const root of API_ROOTS) expect(existsSync(join(SRC, root)), root).toBe(true);
  });

  it('every relative import resolves to a file inside src/', () => {
    expect(unresolved).toEqual([]);
    expect(edges.filter((e) => e.to.startsWith('..')).map(pairKey)).toEqual([]);
  });

  it('every file under src/ belongs to a room of the table', () => {
    const rooms = new Set(sourceFiles(SRC).map((f) => roomOf(relative(SRC, f))));
    expect([...rooms].filter((r) => r !== ROOT_FILE && !(r in ALLOWED))).toEqual([]);
  });

  it('ARCHITECTURE.md shows the same table for the library rooms', () => {
    const doc = readFileSync(resolve(SRC, '../ARCHITECTURE.md'), 'utf8');
    const rows = Object.fromEntries([...doc.matchAll(/^\| `(\w+)` \|.*\| ([^|]*) \|$/gm)].map((m) => [m[1], m[2].trim() === '—' ? [] : m[2].split(',').map((x) => x.trim())]));
    expect(Object.fromEntries(Object.keys(LIBRARY).map((r) => [r, rows[r]]))).toEqual(LIBRARY);
  });

  it('the table itself is layered (no room may reach itself)', () => {
    expect(findCycle(graphOf(Object.entries(ALLOWED).flatMap(([a, bs]) => bs.map((b): [string, string] => [a, b]))))).toBeUndefined();
  });

  it('every cross-room import is allowed by the table', () => {
    const bad = crossRoom.filter((e) => {
      const allowed = API_ROOTS.has(e.from) ? ROOT_ALLOWED : ALLOWED[roomOf(e.from)] ?? [];
      return !allowed.includes(roomOf(e.to));
    });
    expect(bad.map((e) => `${pairKey(e)} (${roomOf(e.from)} may import: ${ALLOWED[roomOf(e.from)]?.join(', ') || 'nothing'})`)).toEqual([]);
  });

  it('the rooms form no import cycle', () => {
    const inner = crossRoom.filter((e) => !API_ROOTS.has(e.from));
    const pairs = inner.map((e): [string, string] => [roomOf(e.from), roomOf(e.to)]);
    const cycle = findCycle(graphOf(pairs));
    const witness = (cycle ?? []).slice(1).map((to, i) => inner.find((e) => roomOf(e.from) === cycle![i] && roomOf(e.to) === to)!);
    expect(cycle ? `room cycle ${cycle.join(' → ')} via ${witness.map(pairKey).join('; ')}` : 'none').toBe('none');
  });
});

/** Experiment folder of a file under src/experiments ('kit', a name, or '' for files at the top). */
const experimentOf = (file: string): string => (file.split('/').length > 2 ? file.split('/')[1] : '');

describe('architecture: experiments and recursive', () => {
  const inExperiments = edges.filter((e) => roomOf(e.from) === 'experiments' && roomOf(e.to) === 'experiments');

  it('no experiment imports another experiment folder (only kit/), and kit/ imports no experiment', () => {
    const bad = inExperiments.filter((e) => {
      const [from, to] = [experimentOf(e.from), experimentOf(e.to)];
      if (from === '' || from === to) return false;
      if (from === 'kit') return to !== '';
      return to !== 'kit';
    });
    expect(bad.map(pairKey)).toEqual([]);
  });

  for (const room of ['experiments', 'recursive']) {
    it(`src/${room} has no file-level import cycle (e.g. report ↔ runner)`, () => {
      const pairs = edges.filter((e) => roomOf(e.from) === room && roomOf(e.to) === room).map((e): [string, string] => [e.from, e.to]);
      const cycle = findCycle(graphOf(pairs));
      expect(cycle ? `file cycle ${cycle.join(' → ')}` : 'none').toBe('none');
    });
  }

  it('the cycle finder finds a planted report ↔ runner cycle', () => {
    const g = graphOf([['a/runner.ts', 'a/report.ts'], ['a/report.ts', 'kit/x.ts'], ['a/report.ts', 'a/runner.ts']]);
    expect(findCycle(g)).toEqual(['a/report.ts', 'a/runner.ts', 'a/report.ts']);
  });
});

/** A name that holds a loop: `loop`, `rmLoop`, `this.loop`… (the root of an assignment target). */
const LOOP_NAME = /^(loop|\w*Loop)$/;

/** Assignments to a member of a loop object (`loop.x = …`, `loop.x.y += …`, `loop['x'] = …`, `++loop.x`, Object.assign/defineProperty(loop…)), as `file:line text`. */
function loopPatches(text: string, name: string): string[] {
  const sf = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const rootName = (e: ts.Expression): string | undefined => {
    let x: ts.Expression = e;
    let member = false;
    for (;;) {
      if (ts.isPropertyAccessExpression(x) || ts.isElementAccessExpression(x)) [x, member] = [x.expression, true];
      else if (ts.isParenthesizedExpression(x) || ts.isAsExpression(x) || ts.isNonNullExpression(x) || ts.isTypeAssertionExpression(x) || ts.isSatisfiesExpression(x)) x = x.expression;
      else break;
    }
    if (ts.isPropertyAccessExpression(e) && x.kind === ts.SyntaxKind.ThisKeyword) return undefined; // a class's own fields
    return member && ts.isIdentifier(x) ? x.text : undefined;
  };
  const report = (node: ts.Node) => out.push(`${name}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText().split('\n')[0]}`);
  const visit = (node: ts.Node): void => {
    const k = ts.SyntaxKind;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind >= k.FirstAssignment && node.operatorToken.kind <= k.LastAssignment && LOOP_NAME.test(rootName(node.left) ?? '')) report(node);
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && [k.PlusPlusToken, k.MinusMinusToken].includes(node.operator) && LOOP_NAME.test(rootName(node.operand) ?? '')) report(node);
    if (ts.isCallExpression(node) && /^Object\.(assign|defineProperty|defineProperties|setPrototypeOf)$/.test(node.expression.getText()) && node.arguments[0]) {
      const a = node.arguments[0];
      if ((ts.isIdentifier(a) && LOOP_NAME.test(a.text)) || LOOP_NAME.test(rootName(a) ?? '')) report(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('architecture: experiments observe the loop, they do not patch it', () => {
  const found = sourceFiles(join(SRC, 'experiments')).flatMap((f) => loopPatches(readFileSync(f, 'utf8'), relative(SRC, f)));

  it('no experiment assigns to a loop member (use the loop roles and observer hooks)', () => {
    expect(found).toEqual([]);
  });

  it('the detector catches planted patches and leaves reads, locals and own fields alone', () => {
    const planted = [
      'loop.ppo.iterate = () => [];', 'rmLoop.model = other;', "(loop as any)['ppo'] = x;", 'loop.steps += 1;', 'loop.count++;', 'Object.assign(loop.ppo, { act });',
    ];
    const innocent = ['const loop = new Loop();', 'x = loop.ppo.act(obs);', 'let loop2 = 1; loop2 = 2;', 'this.loop = loop;', 'loop = other;', 'this.ppo.iterate = f;', 'if (loop.x === 1) y();'];
    expect(planted.map((t) => loopPatches(t, 'p.ts').length)).toEqual(planted.map(() => 1));
    expect(innocent.flatMap((t) => loopPatches(t, 'p.ts'))).toEqual([]);
  });
});
