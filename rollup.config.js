import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import { builtinModules } from 'node:module'
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

/**
 * Built-ins imported by their bare names ('os', 'crypto': @actions/core,
 * sigstore) are emitted as 'node:os', 'node:crypto'. Node resolves a bare
 * name by first trying it as a URL and a package, which costs far more per
 * import at start-up than the 'node:' form it takes directly.
 */
const nodePrefix = {
  name: 'node-prefix',
  resolveId(source) {
    if (!source.startsWith('node:') && builtinModules.includes(source))
      return { id: `node:${source}`, external: true }
    return null
  }
}

const plugins = (outDir) => [
  nodePrefix,
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

/** One self-contained file: the action's post step (it always saves the cache). */
const single = (input, file) => ({
  input,
  output: { esModule: true, file, format: 'es', inlineDynamicImports: true },
  onwarn,
  plugins: plugins(dirname(file))
})

/**
 * The CLI's chunks. Each file on the `measure` path costs a resolve (a
 * realpath and stats), a read and a compile-cache lookup at every start, so
 * the dispatcher, the small modules every command uses (errors, file reads,
 * temps, exit) and the firmware helpers shared by the SNP and TDX commands
 * travel in one `main` chunk, and the TDX measurement in one `tdx` chunk:
 * `tdx measure` reads 4 files instead of 11.
 */
function cliChunk(id) {
  const p = id.replace(/\\/g, '/')
  if (
    /\/src\/(cli\/(main|io|args|version|target-verbs)|errors|util\/(fs|file-error|write-atomic|temps|exit|limits))\.ts$/.test(
      p
    ) ||
    /\/src\/targets\/[^/]+\/(builtins|files|guid)\.ts$/.test(p)
  )
    return 'main'
  if (
    /\/src\/(targets\/tdx\/(cli|measure|mrtd|metadata|size|eventlog|kernel|rtmr0|tdhob-qemu)|pe\/authenticode)\.ts$/.test(
      p
    )
  )
    return 'tdx'
  return undefined
}

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
    manualChunks: cliChunk,
    banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : '')
  },
  onwarn,
  plugins: plugins('dist/cli')
}

/**
 * The action's main step: the entry reads and checks the inputs with only
 * @actions/core, zod and the option schemas loaded; each target, signing
 * mode, publish, verify and the Go cache arrive as chunks when a run needs
 * them, so a mistyped input fails in tens of milliseconds.
 */
const main = {
  input: { index: 'src/index.ts' },
  output: {
    esModule: true,
    dir: 'dist/main',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js'
  },
  // @actions/core imports its OIDC client (http-client, undici, tunnel) and
  // @actions/exec at the top, for functions this action never calls from
  // the entry; loading them has no effect the action relies on, so they stay
  // out of the entry and travel only in the chunks that use them.
  treeshake: {
    moduleSideEffects: (id) =>
      !/[\\/]node_modules[\\/](undici|tunnel|@actions[\\/](http-client|exec))[\\/]/.test(
        id
      )
  },
  onwarn,
  plugins: plugins('dist/main')
}

export default [main, single('src/post-entry.ts', 'dist/post/index.js'), cli]
