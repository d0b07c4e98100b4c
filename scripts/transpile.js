// How the services' TypeScript becomes the CommonJS that runs outside
// ts-node: `npm start`, `npm run backup|restore`, the tests of compiled
// services (scripts/compile-for-start.js) and the bench (bench/lib/build.ts).
// One file at a time, no bundling and no type-check (`npm run typecheck` and
// the images' tsc build do that), with what tsconfig.json means for emitted
// code: CommonJS, ES2022, esModuleInterop's default imports, class fields
// defined as ES2022 defines them.
//
// esbuild rather than TypeScript's transpileModule: the same output for this
// code, about 25 times faster (the 247 service files in 0.6 s instead of
// 16 s on this 2-core machine under load, 35 ms to load instead of 0.6-0.9 s),
// so a first `npm start` after a checkout or a pull is ready in about the
// time of a warm one.
'use strict';

const OPTIONS = {
  loader: 'ts',
  format: 'cjs',
  target: 'es2022',
  // Read from tsconfig.json by tsc; stated here, as a transform sees no tsconfig.
  tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
};

/** What the output depends on besides the source: a change here makes compiled copies stale. */
const TRANSPILER = JSON.stringify({ esbuild: require('esbuild/package.json').version, options: OPTIONS });

let esbuild; // loaded on the first file to compile: a start with nothing changed loads no compiler

/** `source` (the TypeScript of `fileName`, relative to the repository) as CommonJS JavaScript. */
function toCommonJs(source, fileName) {
  esbuild ??= require('esbuild');
  return esbuild.transformSync(source, { ...OPTIONS, sourcefile: fileName }).code;
}

module.exports = { toCommonJs, TRANSPILER };
