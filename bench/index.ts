/**
 * `npm run bench`: the speed table of docs/performance.md, in CPU time
 * (user + system) of paired runs in one sitting (bench/cpu.ts). Every pair
 * first produces the same answer on both sides. Rows whose peer or input is
 * not installed say so and still time our side.
 *
 *   npm run bench [-- --quick]
 *
 * Whole processes need dist/ (npm run package). Peers: $COSIGN,
 * $TDX_GCE_ORACLE (.ci/tdx-oracle.sh), $SEV_SNP_MEASURE (.ci/snp-oracle.sh),
 * firmware $TDX_OVMF_INTELTDX / $SNP_OVMF_AMDSEV (else .tools/). BENCH_DIST
 * points the whole-process rows at another build's dist/.
 */
import { spawnSync } from 'node:child_process'
import { createHash, hash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pairedInProcess, pairedProcesses, type Cpu, type Job } from './cpu.js'
import { fakeLibpal, manifestFor } from './gramine-job.js'
import { keySignedBundle } from './verify-job.js'
import { nitroJob } from './nitro-job.js'
import { measureManifestSgx } from '../src/targets/gramine/pipeline.js'
import { sevHashes } from '../src/targets/snp/hashes.js'
import { launchDigest } from '../src/targets/snp/measure.js'
import { filler } from '../__tests__/snp/fwgen.js'

const quick = process.argv.includes('--quick')
// --only=WORD: just the rows whose job names contain WORD (case-insensitive).
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .toLowerCase()
const wanted = (job: string): boolean =>
  only === undefined || job.toLowerCase().includes(only)
const ROUNDS = quick ? 3 : 7
const BATCH = quick ? 3 : 5
const root = join(import.meta.dirname, '..')
const work = join(root, 'bench', '.work', 'table')
mkdirSync(work, { recursive: true })
const node = process.execPath
// BENCH_DIST: another build's dist/ (e.g. an older commit's), to compare.
const dist = process.env.BENCH_DIST ?? join(root, 'dist')
const cli = join(dist, 'cli', 'index.js')
const action = join(dist, 'main', 'index.js')
const tool = (env: string, rel: string): string | undefined => {
  const p = process.env[env] ?? join(root, '.tools', rel)
  return existsSync(p) ? p : undefined
}

interface Row {
  job: string
  ours?: Cpu
  peer?: Cpu
  peerName: string
  floor?: Cpu
  floorName: string
  goal: string
}
const rows: Row[] = []
const bare: Job = { cmd: node, args: ['-e', '0'] }

/** The stdout of one run, to check both sides agree before timing. */
function output(job: Job): string {
  const r = spawnSync(job.cmd, job.args, {
    cwd: job.cwd,
    env: job.env ?? process.env,
    encoding: 'utf8'
  })
  return `${r.stdout}`.trim()
}

function processRow(
  job: string,
  ours: Job | undefined,
  peer: { name: string; job?: Job; same?: (a: string, b: string) => boolean },
  goal: string
): void {
  if (!wanted(job)) return
  if (!ours) {
    rows.push({ job, peerName: peer.name, floorName: 'node -e 0', goal })
    return
  }
  let peerName = peer.name
  if (peer.job && spawnSync(peer.job.cmd, ['--help']).error) {
    // installed but not runnable right now (e.g. its venv being rebuilt)
    peerName = `${peer.name} (failed to start)`
    peer = { name: peerName }
  }
  if (peer.job && peer.same) {
    const a = output(ours)
    const b = output(peer.job)
    if (!peer.same(a, b))
      throw new Error(`${job}: the answers differ:\n${a}\n---\n${b}`)
  }
  const jobs: Record<string, Job> = { ours, floor: bare }
  if (peer.job) jobs.peer = peer.job
  const t = pairedProcesses(jobs, ROUNDS, BATCH)
  rows.push({
    job,
    ours: t.ours,
    peer: t.peer,
    peerName,
    floor: t.floor,
    floorName: 'node -e 0',
    goal
  })
}

// 1. The action: entry to its first error, with no inputs, in an empty folder.
const empty = join(work, 'empty')
mkdirSync(empty, { recursive: true })
const actionEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')
  )
)
processRow(
  'action: no inputs → first error',
  existsSync(action)
    ? {
        cmd: node,
        args: [action],
        cwd: empty,
        env: { ...actionEnv, GITHUB_WORKSPACE: empty },
        fails: true
      }
    : undefined,
  { name: '—' },
  '≤150 ms, ~3× node'
)

// 2. verify of a key-signed bundle, beside cosign verify-blob-attestation.
const cosign = process.env.COSIGN ?? tool('COSIGN', 'bin/cosign')
const vj = await keySignedBundle(join(work, 'verify'))
processRow(
  'verify key-signed bundle',
  existsSync(cli) ? { cmd: node, args: [cli, ...vj.oursArgs] } : undefined,
  {
    name: 'cosign verify-blob-attestation',
    ...(cosign
      ? {
          job: {
            cmd: cosign,
            args: vj.cosignArgs,
            env: { ...process.env, HOME: vj.dir }
          },
          // both succeed (each job exits 0 in the timing loop): no common output
          same: () => true
        }
      : {})
  },
  '≤ cosign'
)

// 3. tdx measure, MRTD only, beside gce-tcb-verifier.
const tdxFw = tool('TDX_OVMF_INTELTDX', 'tdx-ovmf/OVMF.inteltdx.ms.fd')
const gce = tool('TDX_GCE_ORACLE', 'tdx-gce-oracle')
processRow(
  'tdx measure (MRTD)',
  existsSync(cli) && tdxFw
    ? { cmd: node, args: [cli, 'tdx', 'measure', '--bios', tdxFw, '--json'] }
    : undefined,
  {
    name: 'gce-tcb-verifier',
    ...(gce && tdxFw
      ? {
          job: { cmd: gce, args: [tdxFw] },
          same: (a: string, b: string) =>
            (JSON.parse(a) as { mrtd: string }).mrtd === b
        }
      : {})
  },
  '≤ gce-tcb-verifier'
)

// 4. snp measure (direct boot, 4 vCPUs), beside sev-snp-measure.
const snpFw = tool('SNP_OVMF_AMDSEV', 'snp-ovmf/OVMF.amdsev.fd')
const snpPeer = tool('SEV_SNP_MEASURE', 'snp-venv/bin/sev-snp-measure')
const kPath = join(work, 'kernel-small')
const iPath = join(work, 'initrd-small')
writeFileSync(kPath, filler('bench-kernel', 18000))
writeFileSync(iPath, filler('bench-initrd', 65536))
const snpArgs = (fw: string): string[] => [
  '--mode',
  'snp',
  '--vcpus',
  '4',
  '--vcpu-type',
  'EPYC-v4',
  '--ovmf',
  fw,
  '--kernel',
  kPath,
  '--initrd',
  iPath,
  '--append',
  'console=ttyS0'
]
processRow(
  'snp measure (direct boot)',
  existsSync(cli) && snpFw
    ? { cmd: node, args: [cli, 'snp', 'measure', ...snpArgs(snpFw)] }
    : undefined,
  {
    name: 'sev-snp-measure',
    ...(snpPeer && snpFw
      ? {
          job: { cmd: snpPeer, args: snpArgs(snpFw) },
          same: (a: string, b: string) => a === b
        }
      : {})
  },
  '≥2× faster than sev-snp-measure'
)

// 5. In-process hot loops beside one pass of their hash over as many bytes.
function inProcessRow(
  job: string,
  ours: () => void,
  floor: () => void,
  floorName: string,
  goal: string
): void {
  if (!wanted(job)) return
  const t = pairedInProcess({ ours, floor }, ROUNDS)
  rows.push({
    job,
    ours: t.ours,
    peerName: '—',
    floor: t.floor,
    floorName,
    goal
  })
}

const libpal = fakeLibpal()
const { streamLength, PAL_SPAN } = await import('./gramine-job.js')
const { parseSize } = await import('../src/targets/gramine/sgx-params.js')
const zeros = Buffer.alloc(4 << 20)
for (const size of quick ? ['256M', '4G'] : ['256M', '4G', '64G']) {
  const text = Buffer.from(manifestFor(size))
  const n = streamLength(parseSize(size), text.length, PAL_SPAN)
  inProcessRow(
    `Gramine MRENCLAVE ${size}, in-process`,
    () => void measureManifestSgx(text, libpal),
    () => {
      const h = createHash('sha256')
      for (let left = n; left > 0; left -= zeros.length)
        h.update(left >= zeros.length ? zeros : zeros.subarray(0, left))
      h.digest()
    },
    `one SHA-256 pass (${(n / 2 ** 20).toFixed(0)} MiB)`,
    '≤1.3×'
  )
}

if (snpFw) {
  const fw = readFileSync(snpFw)
  const input = {
    mode: 'snp' as const,
    firmware: fw,
    vcpus: 4,
    vcpuSig: 0x800f12n,
    hashes: sevHashes(readFileSync(kPath), readFileSync(iPath), 'console=ttyS0')
  }
  inProcessRow(
    'SNP launch digest, in-process',
    () => void launchDigest(input),
    () => void hash('sha384', fw, 'buffer'),
    'one SHA-384 pass (4 MiB)',
    '≤1.5×'
  )
}

const nitro = wanted('nitro')
  ? await nitroJob(join(work, 'nitro'), quick ? 3 : ROUNDS)
  : undefined
for (const [name, r, goal] of nitro
  ? ([
      ['Nitro EIF + PCRs 20 MiB, warm', nitro.warm, '≤1.2×'],
      ['Nitro EIF + PCRs 20 MiB, cold', nitro.cold, '≤1.5×']
    ] as const)
  : [])
  rows.push({
    job: name,
    ours: r.ours,
    peerName: '—',
    floor: r.floor,
    floorName: 'read + one SHA-384 pass',
    goal
  })

// The table.
const f = (c?: Cpu): string => (c ? `${c.median.toFixed(1)} ms` : 'n/a')
const ratio = (a?: Cpu, b?: Cpu): string =>
  a && b ? `${(a.median / b.median).toFixed(2)}×` : '—'
console.log(
  `CPU time (user+sys) per run, medians of ${ROUNDS} paired rounds; ${new Date().toISOString()}`
)
console.log(
  '| job | ours | peer | floor | ours/peer | ours/floor | goal |\n|---|---|---|---|---|---|---|'
)
for (const r of rows)
  console.log(
    `| ${r.job} | ${f(r.ours)} | ${r.peerName === '—' ? '—' : `${r.peerName} ${f(r.peer)}`} | ${r.floorName} ${f(r.floor)} | ${ratio(r.ours, r.peer)} | ${ratio(r.ours, r.floor)} | ${r.goal} |`
  )
