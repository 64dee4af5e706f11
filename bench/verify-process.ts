/**
 * Whole-process `enclave-build verify --evidence` against go-sev-guest's
 * `check` on the same SEV-SNP report (the real Genoa report and VCEK of
 * __fixtures__/evidence/real/snp), and against the floor of an empty Node
 * process. Runs are paired (ours, peer, floor back to back) so machine
 * load hits all three alike; the figure is user+system CPU time of each
 * child, and the result the medians and their ratios. Also the in-process
 * first call and median of every evidence kind on the real corpus.
 *   SEV_GUEST_CHECK=… bash bench/run-ts.sh bench/verify-process.ts [runs] [cli.js]
 * (cli.js: default dist/cli/index.js; rebuild dist first.)
 */
import { spawnSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AMD_ROOTS } from '../src/verify/evidence/amd-roots.js'

const here = import.meta.dirname
const fx = join(here, '..', '__fixtures__', 'evidence', 'real')
const work = join(here, '.work', 'verify-process')
mkdirSync(work, { recursive: true })
const runs = Number(process.argv[2] ?? 15)
const cli = process.argv[3] ?? join(here, '..', 'dist', 'cli', 'index.js')
const check = process.env.SEV_GUEST_CHECK

/** CPU seconds (user + system) of one child, via bash's `time`. */
function cpu(argv: string[]): number {
  const quoted = argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')
  const r = spawnSync(
    'bash',
    ['-c', `TIMEFORMAT='%3U %3S'; { time ${quoted} >/dev/null 2>&1; } 2>&1`],
    { encoding: 'utf8' }
  )
  const [u, s] = r.stdout.trim().split(/\s+/).map(Number)
  return (u + s) * 1000
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

// The report with its certificates appended, as `check -inform bin` reads it.
const report = readFileSync(join(fx, 'snp/azure-genoa-report.bin'))
const vcekPem = readFileSync(join(fx, 'snp/azure-genoa-vcek.pem'))
const der = (c: string | Buffer): Buffer => new X509Certificate(c).raw
const GUID = [
  '63da758d-e664-4564-adc5-f4b93be8accd',
  '4ab7b379-bbac-4fe4-a02f-05aef327c782',
  'c0b406a4-a803-4952-9743-3fb6014cd0ae'
]
const certs = [der(vcekPem), der(AMD_ROOTS.Genoa.ask), der(AMD_ROOTS.Genoa.ark)]
const table = Buffer.alloc(4 * 24)
let offset = table.length
certs.forEach((c, i) => {
  Buffer.from(GUID[i].replace(/-/g, ''), 'hex').copy(table, i * 24)
  table.writeUInt32LE(offset, i * 24 + 16)
  table.writeUInt32LE(c.length, i * 24 + 20)
  offset += c.length
})
const extended = join(work, 'genoa-extended.bin')
writeFileSync(extended, Buffer.concat([report, table, ...certs]))

const ours = [
  process.execPath,
  cli,
  'verify',
  '--evidence',
  join(fx, 'snp/azure-genoa-report.bin'),
  '--evidence-type',
  'snp-report',
  '--snp-vcek',
  join(fx, 'snp/azure-genoa-vcek.pem'),
  '--json'
]
const peer = check
  ? [check, '-in', extended, '-inform', 'bin', '-network=false']
  : undefined
const floor = [process.execPath, '-e', '0']

const ok = spawnSync(ours[0], ours.slice(1), { encoding: 'utf8' })
if (ok.status !== 0) throw new Error(`ours failed: ${ok.stderr}`)
const t = { ours: [] as number[], peer: [] as number[], floor: [] as number[] }
for (let i = 0; i < runs; i++) {
  t.ours.push(cpu(ours))
  if (peer) t.peer.push(cpu(peer))
  t.floor.push(cpu(floor))
}
const m = {
  ours: median(t.ours),
  peer: peer ? median(t.peer) : NaN,
  floor: median(t.floor)
}
console.log(
  `whole process, CPU ms (median of ${runs} paired runs): ours ${m.ours.toFixed(0)}, go-sev-guest check ${peer ? m.peer.toFixed(0) : 'n/a ($SEV_GUEST_CHECK unset)'}, empty node ${m.floor.toFixed(0)}`
)
console.log(
  `ratios: ours/check ${(m.ours / m.peer).toFixed(2)}, ours/empty-node ${(m.ours / m.floor).toFixed(2)}, check/empty-node ${(m.peer / m.floor).toFixed(2)}`
)

// In-process: the first call of each kind (its verifier module loaded on
// demand, so the load counts; from TypeScript sources here, so an upper
// bound of what the bundled dist costs) and the median of later calls.
const { readEvidence } = await import('../src/verify/evidence/index.js')
const { parseDcapCollateral } =
  await import('../src/verify/evidence/dcap-collateral.js')
const { parseSnpPolicy } = await import('../src/verify/evidence/snp-policy.js')
const real = (p: string): Buffer => readFileSync(join(fx, p))
const kinds: [string, () => Promise<unknown>][] = [
  [
    'nitro (nitrite production document)',
    () =>
      readEvidence('nitro', real('nitro/nitrite-prod.cbor'), {
        at: new Date(),
        nitro: { at: 'document' }
      })
  ],
  [
    'td-quote (GCP, v4)',
    () =>
      readEvidence('td-quote', real('tdx/gcp-cos113-v4.dat'), {
        at: new Date('2025-02-20T00:00:00Z'),
        dcap: {
          collateral: parseDcapCollateral(
            real('tdx/collateral-00806f050000-2025-02.json').toString('utf8'),
            'c'
          ),
          policy: { acceptedStatuses: ['UpToDate'], debug: false }
        }
      })
  ],
  [
    'snp-report (Azure Genoa)',
    () =>
      readEvidence('snp-report', report, {
        at: new Date(),
        snp: {
          certificates: { vcek: vcekPem },
          policy: parseSnpPolicy('')
        }
      })
  ]
]
for (const [name, run] of kinds) {
  let t = performance.now()
  await run()
  const first = performance.now() - t
  const rest: number[] = []
  for (let i = 0; i < runs; i++) {
    t = performance.now()
    await run()
    rest.push(performance.now() - t)
  }
  console.log(
    `in-process ${name}: first call ${first.toFixed(1)} ms, then median ${median(rest).toFixed(1)} ms`
  )
}
