/**
 * Which operations have a handler, read from the server's source text without importing it (the generator
 * must run on a tree whose server code does not compile yet, and must not start anything the domains start).
 *
 * The rule: in every `routes.ts` / `*routes.ts` under mock-server/domains/ (tests aside), every object-literal
 * property key that is an operationId of the spec is a handler; in the other files there, so is every such key
 * of the value of a property or top-level variable named `routes` (a domain manifest's table, the registry's).
 * A spread (`...appchatRoutes`) or a bare name (`routes: tagRoutes`) is followed to the variable it names,
 * through imports and re-exports, wherever that variable lives; the keys of its object literals count too. The runtime table (`implementedOperations()`) is compared with
 * this reading by spec/codegen/coverage.test.ts, so the two cannot drift apart silently.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROUTES_FILE = /routes\.ts$/;
const TABLE_NAME = 'routes';

function listSources(dir: string): string[] {
  const out: string[] = [];
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listSources(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

class Reader {
  private readonly files = new Map<string, ts.SourceFile | null>();
  /** `file#name` already followed (a spread cycle or a table spread twice). */
  private readonly followed = new Set<string>();
  readonly keys = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly ids: ReadonlySet<string>,
  ) {}

  source(file: string): ts.SourceFile | null {
    if (!this.files.has(file)) {
      this.files.set(
        file,
        existsSync(file) ? ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS) : null,
      );
    }
    return this.files.get(file)!;
  }

  /** `./x.js` from `file` → the .ts file on disk (or x/index.ts), or undefined for a package import. */
  private resolveModule(file: string, spec: string): string | undefined {
    if (!spec.startsWith('.')) return undefined;
    const base = resolve(dirname(file), spec);
    for (const c of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) if (existsSync(c)) return c;
    return undefined;
  }

  /** Collects handler keys from every object literal under `node`. */
  collect(node: ts.Node, file: string): void {
    const visit = (n: ts.Node): void => {
      if (ts.isObjectLiteralExpression(n)) {
        for (const p of n.properties) {
          if (ts.isSpreadAssignment(p)) {
            if (ts.isIdentifier(p.expression)) this.follow(file, p.expression.text);
            continue;
          }
          const key = p.name ? propertyKey(p.name) : undefined;
          if (key !== undefined && this.ids.has(key) && !this.keys.has(key)) this.keys.set(key, relative(this.root, file));
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
  }

  /** A table's value: a name is followed to its declaration, anything else is searched for object literals. */
  collectValue(expr: ts.Expression, file: string): void {
    if (ts.isIdentifier(expr)) this.follow(file, expr.text);
    else this.collect(expr, file);
  }

  /** In a file that is not a routes file, only the tables named `routes` count. */
  collectTables(sf: ts.SourceFile, file: string): void {
    const visit = (n: ts.Node): void => {
      if (ts.isPropertyAssignment(n) && propertyKey(n.name) === TABLE_NAME) this.collectValue(n.initializer, file);
      else if (ts.isShorthandPropertyAssignment(n) && n.name.text === TABLE_NAME) this.follow(file, TABLE_NAME);
      ts.forEachChild(n, visit);
    };
    visit(sf);
    this.follow(file, TABLE_NAME);
  }

  /** Follows an identifier of `file` to its declaration (local, imported or re-exported) and collects it. */
  private follow(file: string, name: string): void {
    const mark = `${file}#${name}`;
    if (this.followed.has(mark)) return;
    this.followed.add(mark);
    const sf = this.source(file);
    if (!sf) return;
    for (const st of sf.statements) {
      if (ts.isVariableStatement(st)) {
        for (const d of st.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) this.collect(d.initializer, file);
        }
      } else if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const bindings = st.importClause?.namedBindings;
        if (bindings && ts.isNamedImports(bindings)) {
          for (const el of bindings.elements) {
            if (el.name.text !== name) continue;
            const target = this.resolveModule(file, st.moduleSpecifier.text);
            if (target) this.follow(target, (el.propertyName ?? el.name).text);
          }
        }
      } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier)) {
        const target = this.resolveModule(file, st.moduleSpecifier.text);
        if (!target) continue;
        if (!st.exportClause) this.follow(target, name);
        else if (ts.isNamedExports(st.exportClause)) {
          for (const el of st.exportClause.elements) if (el.name.text === name) this.follow(target, (el.propertyName ?? el.name).text);
        }
      }
    }
  }
}

/**
 * operationId → the file (relative to `root`) where its handler key was found, for every operationId of `ids`
 * that has one.
 */
export function readImplemented(root: string, ids: ReadonlySet<string>): Map<string, string> {
  const reader = new Reader(root, ids);
  for (const file of listSources(join(root, 'mock-server', 'domains'))) {
    const sf = reader.source(file)!;
    if (ROUTES_FILE.test(file)) reader.collect(sf, file);
    else reader.collectTables(sf, file);
  }
  return reader.keys;
}
