// ESLint rule: the one-way arrows between src/ modules (docs/architecture.md).
// A module may import another only if the arrow allows it, and only through that module's index.ts.
import path from 'node:path';

/** Which modules each module may import. */
export const allowedImports = {
  template: [],
  validate: ['template'],
  cloud: ['template'],
  store: ['template'],
  localcloud: ['template'],
  pipeline: ['validate', 'cloud', 'store', 'template'],
  synth: ['pipeline', 'validate', 'cloud', 'store', 'template'],
  server: ['pipeline', 'validate', 'cloud', 'store', 'template'],
  cli: ['pipeline', 'validate', 'cloud', 'store', 'template', 'localcloud', 'server', 'synth'],
};

function moduleOf(file) {
  const rel = path.relative(path.resolve('src'), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  const [first, ...rest] = rel.split(path.sep);
  return rest.length === 0 ? undefined : { name: first, inner: rest.join('/') };
}

export default {
  meta: { type: 'problem', schema: [], messages: {} },
  create(context) {
    const here = moduleOf(context.filename);
    if (!here) return {};
    return {
      'ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration, ImportExpression'(node) {
        const source = node.source && node.source.value;
        if (typeof source !== 'string' || !source.startsWith('.')) return;
        const target = moduleOf(path.resolve(path.dirname(context.filename), source));
        if (!target || target.name === here.name) return;
        const allowed = allowedImports[here.name] ?? [];
        if (!allowed.includes(target.name)) {
          context.report({ node, message: `src/${here.name} may not import src/${target.name} (see docs/architecture.md)` });
        } else if (target.inner !== 'index.js') {
          context.report({ node, message: `import src/${target.name} through its index.js, not ${target.inner}` });
        }
      },
    };
  },
};
