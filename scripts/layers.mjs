// The dependency rules of the repository, checked on the real import graph. esbuild (already our bundler) parses every
// source file and reports, in its metafile, each import it resolved; files are grouped into units (a package, or a
// folder of the server) and the units must form no cycle and break none of the "never" rules below.
//
// Why not dependency-cruiser or madge: on this toolchain (Node 20, TypeScript 7 without a JS compiler API) neither can
// parse TypeScript. esbuild sees runtime imports only: `import type` is erased, so type-only references (the service
// contract in deps.ts naming the writer's types, say) do not count, and they cannot cause load-order trouble.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The unit a file belongs to: `server/modules/chat`, `server/gateway`, `server/app.ts`…, or a whole package
 * (`protocol`, `sdk`, `widget`, `console`, `ui`).
 */
export function unitOf(file) {
  const m = /^packages\/([^/]+)\/src\/(.*)$/.exec(file);
  if (!m) return undefined;
  const [, pkg, rest] = m;
  if (pkg !== 'server') return pkg;
  const parts = rest.split('/');
  if (parts[0] === 'modules') return `server/modules/${parts[1]}`;
  return `server/${parts[0]}`;
}

const any =
  (...patterns) =>
  (unit) =>
    patterns.some((p) => (p instanceof RegExp ? p.test(unit) : p === unit));

/** Pairs that must never depend on each other, in that direction. */
export const rules = [
  { name: 'protocol depends on nothing of ours', from: any('protocol'), to: (u) => u !== 'protocol' },
  { name: 'the server knows no client', from: any(/^server\//), to: any('sdk', 'widget', 'console', 'ui', 'react') },
  { name: 'clients know no server', from: any('sdk', 'widget', 'console', 'ui', 'react'), to: any(/^server\//) },
  { name: 'the widget and the console stay apart', from: any('widget'), to: any('console') },
  { name: 'the console and the widget stay apart', from: any('console'), to: any('widget') },
  { name: 'shared UI pieces know neither app', from: any('ui'), to: any('widget', 'console', 'sdk') },
  {
    name: 'the database layer is the bottom',
    from: any('server/db'),
    to: any('server/bus', 'server/gateway', 'server/http', 'server/identity', /^server\/modules\//),
  },
  {
    name: 'the bus sits below the modules',
    from: any('server/bus'),
    to: any('server/gateway', 'server/http', 'server/identity', /^server\/modules\//),
  },
  {
    name: 'identity sits below http and the modules',
    from: any('server/identity'),
    to: any('server/gateway', 'server/http', /^server\/modules\//),
  },
  {
    name: 'http helpers sit below the modules',
    from: any('server/http'),
    to: any('server/gateway', /^server\/modules\//),
  },
  {
    name: 'modules never reach up into the gateway',
    from: any(/^server\/modules\//),
    to: any('server/gateway', 'server/app.ts', 'server/main.ts'),
  },
];

/** Unit-level edges from file-level ones, each with one file pair as the example to fix. */
export function unitEdges(fileEdges) {
  const edges = new Map();
  for (const [from, to] of fileEdges) {
    const a = unitOf(from);
    const b = unitOf(to);
    if (!a || !b || a === b) continue;
    const key = `${a} -> ${b}`;
    if (!edges.has(key)) edges.set(key, { from: a, to: b, example: `${from} -> ${to}` });
  }
  return [...edges.values()];
}

export function ruleViolations(edges) {
  return edges.flatMap((e) => rules.filter((r) => r.from(e.from) && r.to(e.to)).map((r) => ({ rule: r.name, ...e })));
}

/** Strongly connected components of more than one unit (Tarjan): each is a cycle to break. */
export function cycles(edges) {
  const next = new Map();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let i = 0;
  const visit = (v) => {
    index.set(v, i);
    low.set(v, i);
    i++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of new Set(edges.flatMap((e) => [e.from, e.to]))) if (!index.has(v)) visit(v);
  return found.map((units) => ({
    units,
    examples: edges.filter((e) => units.includes(e.from) && units.includes(e.to)).map((e) => e.example),
  }));
}

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' ? [] : sources(p);
    return /\.(ts|mjs|js)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every runtime import between our source files, as [from, to] paths relative to the repository root. */
export async function importGraph() {
  const packages = readdirSync(path.join(root, 'packages'));
  const entryPoints = packages.flatMap((p) => {
    try {
      return sources(path.join(root, 'packages', p, 'src'));
    } catch {
      return [];
    }
  });
  const result = await build({
    entryPoints,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    outdir: '/tmp/sc-layers',
    logLevel: 'silent',
    absWorkingDir: root,
    plugins: [
      {
        name: 'ours-only',
        setup(b) {
          // Our packages are followed (to their sources); everything else is someone else's and left out.
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@support-chat/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  const edges = [];
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    for (const imp of input.imports) if (!imp.external) edges.push([file, imp.path]);
  }
  return edges;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const edges = unitEdges(await importGraph());
  const broken = ruleViolations(edges);
  const loops = cycles(edges);
  for (const v of broken) console.error(`layers: ${v.rule}: ${v.from} -> ${v.to} (${v.example})`);
  for (const c of loops) console.error(`layers: cycle between ${c.units.join(', ')}:\n  ${c.examples.join('\n  ')}`);
  console.log(
    `layers: ${edges.length} dependencies between units, ${broken.length} broken rules, ${loops.length} cycles`,
  );
  process.exit(broken.length || loops.length ? 1 : 0);
}
