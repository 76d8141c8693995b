/**
 * The ten longest functions in lib/, app/ and cli/ (lines from signature to closing brace, nested
 * functions included in their parent). Used for issue #14's before/after figures:
 *   npx tsx scripts/longest-functions.ts [DIR] [--most N]
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const args = process.argv.slice(2);
const mostAt = args.indexOf("--most");
const most = mostAt >= 0 ? Number(args[mostAt + 1]) : 10;
const root = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--most") ?? ".";

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) yield path;
  }
}

type Found = { where: string; name: string; lines: number };
const found: Found[] = [];

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (parent && ts.isCallExpression(parent)) return `${parent.expression.getText().slice(0, 40)}(…)`;
  return "(anonymous)";
}

for (const folder of ["lib", "app", "cli"]) {
  for (const file of sourceFiles(join(root, folder))) {
    const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
        found.push({ where: `${relative(root, file)}:${start + 1}`, name: nameOf(node), lines: end - start + 1 });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
}

for (const f of found.sort((a, b) => b.lines - a.lines).slice(0, most)) {
  console.log(`${String(f.lines).padStart(5)}  ${f.name.padEnd(34)} ${f.where}`);
}
