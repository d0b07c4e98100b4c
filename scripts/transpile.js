// How TypeScript becomes JavaScript outside ts-node and tsc, one file at a
// time, with no bundling and no type-check (`npm run typecheck`, `npm run
// build:page` and the images' tsc build do that):
// - the services' CommonJS, for `npm run backup|restore`, the tests of
//   compiled services (scripts/compile-for-start.js), the bench
//   (bench/lib/build.ts) and, bundled, `npm start`
//   (scripts/bundle-for-start.js), with what tsconfig.json means for emitted
//   code: CommonJS, ES2022, esModuleInterop's default imports, ES2022 class
//   fields;
// - the page's ES modules at `npm start` (scripts/build-page.js's
//   transpilePage), with what tsconfig.page.json means: ES2022 modules the
//   browser loads as they are.
//
// esbuild rather than TypeScript's transpileModule: the same output for this
// code, about 25 times faster (the 247 service files in 0.6 s instead of
// 16 s on this 2-core machine under load, 35 ms to load instead of 0.6-0.9 s),
// so a first `npm start` after a checkout or a pull is ready in about the
// time of a warm one.
'use strict';

// Read from the tsconfig files by tsc; stated here, as a transform sees no tsconfig.
const COMPILER_OPTIONS = { useDefineForClassFields: true, verbatimModuleSyntax: false };
const NODE = { loader: 'ts', format: 'cjs', target: 'es2022', tsconfigRaw: { compilerOptions: COMPILER_OPTIONS } };
const BROWSER = { loader: 'ts', format: 'esm', target: 'es2022', tsconfigRaw: { compilerOptions: COMPILER_OPTIONS } };

/** What the output depends on besides the source: a change here makes compiled copies stale. */
const TRANSPILER = JSON.stringify({ esbuild: require('esbuild/package.json').version, NODE, BROWSER });

let esbuild; // loaded on the first file to compile: a start with nothing changed loads no compiler

/** `source` (the TypeScript of `fileName`, relative to the repository) as CommonJS JavaScript. */
function toCommonJs(source, fileName) {
  esbuild ??= require('esbuild');
  return esbuild.transformSync(source, { ...NODE, sourcefile: fileName }).code;
}

/** `source` (a file of the page) as the ES module the browser loads. */
function toBrowserModule(source, fileName) {
  esbuild ??= require('esbuild');
  return esbuild.transformSync(source, { ...BROWSER, sourcefile: fileName }).code;
}

module.exports = { NODE, toBrowserModule, toCommonJs, TRANSPILER };
