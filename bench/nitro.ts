/**
 * Nitro benchmark, in CPU time (user + system) of paired rounds: a 20 MiB
 * Go-binary-sized input → customer ramdisk → EIF + PCR0/1/2 in-process,
 * beside reading the binary and one SHA-384 pass in the same process (the
 * goal: ≤1.2× warm, ≤1.5× cold). Run:
 *   bash bench/run-ts.sh bench/nitro.ts [sizeMiB] [runs]
 * AWS's eif_build, when built (`bash .ci/eif-build.sh`, or $EIF_BUILD), is
 * timed as a whole process beside the bundled CLI on the same inputs.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureNitroInputs } from '../__fixtures__/nitro-inputs.js'
import {
  bootstrapRamdisk,
  customerRamdisk
} from '../src/targets/nitro/ramdisk.js'
import { pairedProcesses, type Cpu, type Job } from './cpu.js'
import { nitroJob, standIn } from './nitro-job.js'

const here = import.meta.dirname
const work = join(here, '.work', 'nitro')
const inputs = join(here, '..', '__fixtures__', 'vectors', 'nitro', 'inputs')
ensureNitroInputs(inputs)
const sizeMiB = Number(process.argv[2] ?? 20)
const runs = Number(process.argv[3] ?? 15)
mkdirSync(work, { recursive: true })

const binPath = join(work, `app-${sizeMiB}M.bin`)
if (!existsSync(binPath)) writeFileSync(binPath, standIn(sizeMiB * 1024 * 1024))
const init = readFileSync(join(inputs, 'init-standin.bin'))
const nsm = readFileSync(join(inputs, 'nsm-standin.ko'))
const cmdline = 'reboot=k panic=30 pci=off nomodules console=ttyS0'
const metadata = {
  imageName: 'bench',
  imageVersion: '1.0',
  buildTime: '1970-01-01T00:00:00+00:00',
  buildTool: 'enclave-build',
  buildToolVersion: '0.1.0',
  operatingSystem: 'Generic Linux',
  kernelVersion: 'Unknown version'
}

// In-process beside in-process: ours (binary → ramdisks → EIF + PCR0/1/2 →
// disk, as target.ts does it) and reading the binary plus one SHA-384 pass
// in this same process, in CPU time of paired rounds (bench/nitro-job.ts):
// warm (digest worker up, as in the action) and cold (a one-shot CLI run).
const inProcess = await nitroJob(work, runs, sizeMiB)

// Whole process, on prebuilt ramdisks: the bundled CLI, and AWS's eif_build
// when it is here ($EIF_BUILD, or .tools/eif-build from .ci/eif-build.sh),
// interleaved run by run on the same inputs and flags. Their EIFs must be
// the same bytes.
const cli = join(here, '..', 'dist', 'cli', 'index.js')
const eifBuild =
  process.env.EIF_BUILD ?? join(here, '..', '.tools/eif-build/bin/eif_build')
const haveEifBuild = existsSync(eifBuild)
let whole: Record<string, Cpu> = {}
if (existsSync(cli)) {
  const boot = join(work, 'boot.cpio')
  const cust = join(work, 'cust.cpio')
  writeFileSync(
    boot,
    bootstrapRamdisk({ init, nsm, layout: 'linuxkit', mtime: 1 })
  )
  writeFileSync(
    cust,
    customerRamdisk({ binary: readFileSync(binPath), mtime: 1 })
  )
  const flags = (output: string): string[] => [
    '--kernel',
    join(inputs, 'kernel-odd.bin'),
    '--cmdline',
    cmdline,
    '--ramdisk',
    boot,
    '--ramdisk',
    cust,
    '--output',
    output,
    // every metadata flag given: the two tools' defaults differ
    '--build-time',
    metadata.buildTime,
    '--build-tool',
    'eif_build',
    '--build-tool-version',
    '0.3.1',
    '--img-os',
    metadata.operatingSystem,
    '--img-kernel',
    metadata.kernelVersion
  ]
  const jobs: Record<string, Job> = {
    cli: {
      cmd: process.execPath,
      args: [cli, 'nitro', 'build', ...flags(join(work, 'cli.eif')), '--json']
    }
  }
  if (haveEifBuild)
    jobs.aws = { cmd: eifBuild, args: flags(join(work, 'aws.eif')) }
  whole = pairedProcesses(jobs, Math.min(runs, 7), 3)
  if (
    haveEifBuild &&
    !readFileSync(join(work, 'cli.eif')).equals(
      readFileSync(join(work, 'aws.eif'))
    )
  )
    throw new Error('dist/cli and eif_build wrote different EIFs')
}

const f = (c: Cpu): string => `${c.median.toFixed(1)} ms [${c.min.toFixed(1)}]`
console.log(
  `nitro bench: ${sizeMiB} MiB binary, CPU time (user+sys), medians [minima] of ${runs} paired rounds`
)
for (const [name, r] of [
  ['warm (action: digest worker up)', inProcess.warm],
  ['cold (one-shot: WebCrypto PCR2)', inProcess.cold]
] as const)
  console.log(
    `  ${name}: ours in-process ${f(r.ours)} | read + one SHA-384 pass in-process ${f(r.floor)} | ratio ${(r.ours.median / r.floor.median).toFixed(2)}×`
  )
if (whole.cli)
  console.log(
    `  dist/cli nitro build (whole process, prebuilt ramdisks): ${f(whole.cli)}${whole.aws ? ` | eif_build ${f(whole.aws)} | ratio ${(whole.cli.median / whole.aws.median).toFixed(2)}×` : ' | eif_build not found (bash .ci/eif-build.sh or $EIF_BUILD)'}`
  )
else console.log('  dist/cli/index.js not built: run `npm run package`')
