/**
 * MRENCLAVE speed for big Gramine enclaves (64 threads, a libpal-sized ELF),
 * in CPU time (user + system) of paired rounds:
 *  - in-process: measureManifestSgx() beside one in-process SHA-256 pass
 *    over exactly as many bytes as MRENCLAVE hashes (the floor; goal ≤1.3×);
 *  - whole process, the same job on both sides: when Gramine's
 *    gramine-sgx-sign is on PATH, it and `enclave-build gramine sign` are
 *    given the same unexpanded manifest, libpal and key; both expand it and
 *    sign, and their SIGSTRUCTs must carry the same MRENCLAVE.
 *
 *   bash bench/run-ts.sh bench/gramine.ts [256M 4G 64G 256G]
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measureManifestSgx } from '../src/targets/gramine/pipeline.js'
import { parseSize } from '../src/targets/gramine/sgx-params.js'
import { pairedInProcess, pairedProcesses, type Cpu } from './cpu.js'
import {
  fakeLibpal,
  manifestFor,
  PAL_SPAN,
  streamLength,
  THREADS
} from './gramine-job.js'

const sizes =
  process.argv.slice(2).length > 0
    ? process.argv.slice(2)
    : ['256M', '4G', '64G', '256G']
const dir = mkdtempSync(join(tmpdir(), 'bench-gramine-'))
const libpal = fakeLibpal()
const libpalPath = join(dir, 'libpal.so')
writeFileSync(libpalPath, libpal)
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'index.js')
const sgxSign = spawnSync('sh', ['-c', 'command -v gramine-sgx-sign'])
  .stdout.toString()
  .trim()
const key = join(dir, 'k.pem')
if (sgxSign) execFileSync('gramine-sgx-gen-private-key', [key])

/** MRENCLAVE of a SIGSTRUCT, read by our sigstruct-view. */
function sigMrenclave(sig: string): string {
  const out = execFileSync(
    process.execPath,
    [cli, 'sgx', 'sigstruct-view', sig, '--json'],
    { encoding: 'utf8' }
  )
  return (JSON.parse(out) as { mr_enclave: string }).mr_enclave
}

const f = (c: Cpu): string => `${c.median.toFixed(0).padStart(6)} ms`
console.log(
  `MRENCLAVE, ${THREADS} threads, libpal-sized ELF (${(libpal.length / 2 ** 20).toFixed(1)} MiB file); CPU time, medians of paired rounds`
)
console.log(
  'size    MiB hashed   ours(in-proc)   SHA-256 pass   ratio   sign: ours(CLI)   gramine-sgx-sign   ratio'
)
const zeros = Buffer.alloc(4 << 20)
for (const size of sizes) {
  const text = manifestFor(size)
  const bytes = Buffer.from(text)
  const n = streamLength(parseSize(size), bytes.length, PAL_SPAN)
  let mr = ''
  const rounds = parseSize(size) > 2 ** 36 ? 3 : 7
  const t = pairedInProcess(
    {
      ours: () => {
        mr = measureManifestSgx(bytes, libpal)
      },
      floor: () => {
        const h = createHash('sha256')
        for (let left = n; left > 0; left -= zeros.length)
          h.update(left >= zeros.length ? zeros : zeros.subarray(0, left))
        h.digest()
      }
    },
    rounds
  )
  if (!/^[0-9a-f]{64}$/.test(mr)) throw new Error('no MRENCLAVE')
  let sign = '       n/a (gramine-sgx-sign not on PATH)'
  if (sgxSign && existsSync(cli)) {
    const manifest = join(dir, `m-${size}.manifest`)
    writeFileSync(manifest, text)
    const args = (out: string): string[] => [
      '--manifest',
      manifest,
      '--output',
      join(dir, `${out}.manifest.sgx`),
      '--libpal',
      libpalPath,
      '--key',
      key,
      '--sigfile',
      join(dir, `${out}.sig`)
    ]
    const w = pairedProcesses(
      {
        ours: {
          cmd: process.execPath,
          args: [cli, 'gramine', 'sign', ...args('ours')]
        },
        peer: { cmd: sgxSign, args: args('peer') }
      },
      3,
      1
    )
    const a = sigMrenclave(join(dir, 'ours.sig'))
    const b = sigMrenclave(join(dir, 'peer.sig'))
    if (a !== b) throw new Error(`MRENCLAVE differs: ours ${a}, Gramine ${b}`)
    sign = `${f(w.ours)}        ${f(w.peer)}      ${(w.ours.median / w.peer.median).toFixed(2)}×`
  }
  console.log(
    `${size.padEnd(7)} ${(n / 2 ** 20).toFixed(0).padStart(8)}   ${f(t.ours)}       ${f(t.floor)}    ${(t.ours.median / t.floor.median).toFixed(2)}×   ${sign}`
  )
}
if (process.env.KEEP) console.log(`kept ${dir}`)
else rmSync(dir, { recursive: true, force: true })
