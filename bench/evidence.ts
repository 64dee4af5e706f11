/**
 * Evidence benchmark: one SGX quote, one TDX quote and one SEV-SNP report
 * verified in-process to the vendor root with their collateral (the real
 * fixtures of __fixtures__/evidence), first call and median of the rest,
 * beside `openssl verify` of the quote's PCK chain (the reference for the
 * X.509 part; a whole process, so mostly its start-up), and beside the
 * independent verifiers when installed: dcap-qvl's verify in-process in
 * Python ($DCAP_QVL_PYTHON, .ci/dcap-qvl.sh) and go-sev-guest's check as a
 * process ($SEV_GUEST_CHECK, .ci/sev-guest-check.sh). The goal is under
 * 50 ms per verification. Run:
 *   bash bench/run-ts.sh bench/evidence.ts [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDcapCollateral } from '../src/verify/evidence/dcap-collateral.js'
import { splitDcapQuote } from '../src/verify/evidence/dcap-quote.js'
import { verifyDcapQuote } from '../src/verify/evidence/dcap-verify.js'
import { AMD_ROOTS } from '../src/verify/evidence/amd-roots.js'
import { INTEL_SGX_ROOT_PEM } from '../src/verify/evidence/intel-root.js'
import { DEFAULT_SNP_POLICY } from '../src/verify/evidence/snp-policy.js'
import { verifySnpReport } from '../src/verify/evidence/snp-verify.js'

const here = import.meta.dirname
const fx = join(here, '..', '__fixtures__', 'evidence')
const work = join(here, '.work', 'evidence')
const runs = Number(process.argv[2] ?? 21)
mkdirSync(work, { recursive: true })

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function time(fn: () => void): number {
  const t = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - t) / 1e6
}

function series(fn: () => void): { first: number; median: number } {
  const first = time(fn)
  return {
    first,
    median: median(Array.from({ length: runs }, () => time(fn)))
  }
}

const read = (p: string): Buffer => readFileSync(join(fx, p))
const accept = {
  acceptedStatuses: ['UpToDate', 'ConfigurationAndSWHardeningNeeded'] as (
    'UpToDate' | 'ConfigurationAndSWHardeningNeeded'
  )[],
  debug: false
}
const dcapAt = new Date('2025-06-25T00:00:00Z')
const sgxQuote = read('dcap/sgx_quote')
const sgxCollateral = parseDcapCollateral(
  read('dcap/sgx_quote_collateral.json').toString('utf8'),
  'sgx'
)
const tdxQuote = read('dcap/tdx_quote')
const tdxCollateral = parseDcapCollateral(
  read('dcap/tdx_quote_collateral.json').toString('utf8'),
  'tdx'
)
const snpReport = read('snp/dstack-report.bin')
const snpCerts = {
  vcek: read('snp/dstack-vcek.pem'),
  ask: read('snp/dstack-ask.pem')
}

const results = {
  'sgx-quote': series(() =>
    verifyDcapQuote('sgx-quote', sgxQuote, {
      collateral: sgxCollateral,
      policy: accept,
      at: dcapAt
    })
  ),
  'td-quote': series(() =>
    verifyDcapQuote('td-quote', tdxQuote, {
      collateral: tdxCollateral,
      policy: accept,
      at: dcapAt
    })
  ),
  'snp-report': series(() =>
    verifySnpReport(snpReport, {
      certificates: snpCerts,
      policy: DEFAULT_SNP_POLICY,
      at: new Date('2026-07-01T00:00:00Z')
    })
  )
}

// openssl verify of the SGX quote's PCK chain, at the same time.
const pems = splitDcapQuote('sgx-quote', sgxQuote).pckChainPem.match(
  /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g
) as string[]
writeFileSync(join(work, 'root.pem'), INTEL_SGX_ROOT_PEM)
writeFileSync(join(work, 'pck-ca.pem'), pems[1])
writeFileSync(join(work, 'pck.pem'), pems[0])
const attime = String(Math.floor(dcapAt.getTime() / 1000))
const openssl = median(
  Array.from({ length: runs }, () =>
    time(() =>
      execFileSync(
        'openssl',
        [
          'verify',
          '-attime',
          attime,
          '-CAfile',
          join(work, 'root.pem'),
          '-untrusted',
          join(work, 'pck-ca.pem'),
          join(work, 'pck.pem')
        ],
        { stdio: 'pipe' }
      )
    )
  )
)

for (const [name, r] of Object.entries(results))
  console.log(
    `${name.padEnd(11)} first ${r.first.toFixed(2).padStart(7)} ms, median ${r.median.toFixed(2).padStart(6)} ms over ${runs} (${(r.median / openssl).toFixed(2)}x openssl verify of the PCK chain)`
  )
console.log(
  `openssl verify (PCK chain, process) median ${openssl.toFixed(2)} ms`
)
// dcap-qvl, in-process in Python: median of `runs` calls per quote.
const python = process.env.DCAP_QVL_PYTHON
if (python) {
  const script = `
import json, sys, time, statistics, dcap_qvl
for name, now in (("sgx_quote", 1750809600), ("tdx_quote", 1750809600)):
    q = open(sys.argv[1] + "/" + name, "rb").read()
    c = dcap_qvl.QuoteCollateralV3.from_json(open(sys.argv[1] + "/" + name + "_collateral.json").read())
    ts = []
    for _ in range(${runs + 1}):
        t = time.perf_counter(); dcap_qvl.verify(q, c, now); ts.append((time.perf_counter() - t) * 1000)
    print(f"dcap-qvl {name.replace('_quote', '-quote'):9} first {ts[0]:7.2f} ms, median {statistics.median(ts[1:]):6.2f} ms (in-process, Python bindings)")
`
  const r = spawnSync(python, ['-c', script, join(fx, 'dcap')], {
    encoding: 'utf8'
  })
  console.log(r.status === 0 ? r.stdout.trim() : `dcap-qvl: failed ${r.stderr}`)
} else console.log('dcap-qvl: not installed (bash .ci/dcap-qvl.sh)')

// go-sev-guest check, a whole process per report (report ‖ cert table).
const check = process.env.SEV_GUEST_CHECK
if (check) {
  const table = (certs: Buffer[], guids: string[]): Buffer => {
    const header = Buffer.alloc((certs.length + 1) * 24)
    let offset = header.length
    certs.forEach((c, i) => {
      Buffer.from(guids[i].replace(/-/g, ''), 'hex').copy(header, i * 24)
      header.writeUInt32LE(offset, i * 24 + 16)
      header.writeUInt32LE(c.length, i * 24 + 20)
      offset += c.length
    })
    return Buffer.concat([header, ...certs])
  }
  const file = join(work, 'snp-extended.bin')
  writeFileSync(
    file,
    Buffer.concat([
      snpReport,
      table(
        [snpCerts.vcek, snpCerts.ask, AMD_ROOTS.Milan.ark].map(
          (c) => new X509Certificate(c).raw
        ),
        [
          '63da758d-e664-4564-adc5-f4b93be8accd',
          '4ab7b379-bbac-4fe4-a02f-05aef327c782',
          'c0b406a4-a803-4952-9743-3fb6014cd0ae'
        ]
      )
    ])
  )
  const t = median(
    Array.from({ length: runs }, () =>
      time(() =>
        execFileSync(check, [
          '-in',
          file,
          '-inform',
          'bin',
          '-network=false',
          '-guest_policy',
          '0x0f0000'
        ])
      )
    )
  )
  console.log(
    `go-sev-guest check snp-report median ${t.toFixed(2)} ms (a process; ours in-process is ${(results['snp-report'].median / t).toFixed(2)}x)`
  )
} else
  console.log('go-sev-guest check: not installed (bash .ci/sev-guest-check.sh)')

const worst = Math.max(...Object.values(results).map((r) => r.median))
console.log(
  `goal < 50 ms per verification: ${worst < 50 ? 'met' : 'NOT met'} (worst median ${worst.toFixed(2)} ms)`
)
