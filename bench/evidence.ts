/**
 * Evidence benchmark: one SGX quote, one TDX quote and one SEV-SNP report
 * verified in-process to the vendor root with their collateral (the real
 * fixtures of __fixtures__/evidence), first call and median of the rest,
 * beside `openssl verify` of the quote's PCK chain (the reference for the
 * X.509 part; a whole process, so mostly its start-up). The goal is under
 * 50 ms per verification. Run:
 *   bash bench/run-ts.sh bench/evidence.ts [runs]
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDcapCollateral } from '../src/verify/evidence/dcap-collateral.js'
import { splitDcapQuote } from '../src/verify/evidence/dcap-quote.js'
import { verifyDcapQuote } from '../src/verify/evidence/dcap-verify.js'
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
  'tdx-quote': series(() =>
    verifyDcapQuote('tdx-quote', tdxQuote, {
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
const worst = Math.max(...Object.values(results).map((r) => r.median))
console.log(
  `goal < 50 ms per verification: ${worst < 50 ? 'met' : 'NOT met'} (worst median ${worst.toFixed(2)} ms)`
)
