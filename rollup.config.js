import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import { dirname } from 'node:path'

function onwarn(warning, warn) {
  // Optional native dependency of the proxy agent inside @sigstore/sign,
  // used only for Kerberos proxies; it stays an unresolved dynamic import.
  if (warning.code === 'UNRESOLVED_IMPORT' && warning.exporter === 'kerberos')
    return
  if (warning.code === 'THIS_IS_UNDEFINED') return
  if (warning.code === 'CIRCULAR_DEPENDENCY') return
  if (warning.code === 'EVAL') return
  if (warning.code === 'INVALID_ANNOTATION') return
  warn(warning)
}

const plugins = (outDir) => [
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    outDir,
    sourceMap: false
  }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs({ ignoreDynamicRequires: true }),
  json()
]

/** One self-contained file: the action's main and post steps. */
const single = (input, file) => ({
  input,
  output: { esModule: true, file, format: 'es', inlineDynamicImports: true },
  onwarn,
  plugins: plugins(dirname(file))
})

/**
 * The command line keeps its heavy parts (signing, verification) in chunks
 * loaded on demand, so `measure` subcommands start in tens of milliseconds.
 */
const cli = {
  input: { index: 'src/cli/index.ts' },
  output: {
    esModule: true,
    dir: 'dist/cli',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    // The dispatcher and the small modules every command uses travel in one
    // chunk: each extra file on the `measure` path costs a resolve, a read
    // and a compile-cache lookup at every start.
    manualChunks: (id) =>
      /[\\/]src[\\/](cli[\\/](main|io|args|version|target-verbs)|errors)\.ts$/.test(
        id
      )
        ? 'main'
        : undefined,
    banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : '')
  },
  onwarn,
  plugins: plugins('dist/cli')
}

export default [
  single('src/index.ts', 'dist/main/index.js'),
  single('src/post-entry.ts', 'dist/post/index.js'),
  cli
]
