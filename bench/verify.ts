/**
 * Verify benchmark: (1) a Nitro attestation document parsed and verified
 * (COSE ES384 + chain to the pinned root) in-process, beside `openssl
 * verify` of the same chain (the reference for the X.509 part) and `openssl
 * dgst -sha384` over the document bytes; (2) one measurement bundle verified
 * in-process and by the bundled CLI (whole process), beside cosign, the
 * reference verifier ($COSIGN or .tools/bin/cosign, when installed). Run:
 *   bash bench/run-ts.sh bench/verify.ts [runs]
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseNitroDocument } from '../src/verify/evidence/nitro.js'
import { runVerify } from '../src/verify/run.js'
import { startMockSigstore } from '../__fixtures__/sigstore-mock.js'
import {
  NITRO,
  signKeyless,
  statements
} from '../__fixtures__/verify/attestation.js'
import {
  buildNitroDocument,
  nitroFixture
} from '../__fixtures__/verify/evidence.js'

const here = import.meta.dirname
const work = join(here, '.work', 'verify')
const runs = Number(process.argv[2] ?? 21)
mkdirSync(work, { recursive: true })

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function time(fn: () => void): number {
  const t = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - t) / 1e6
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - t) / 1e6
}

// (1) Nitro evidence.
const doc = buildNitroDocument()
const docPath = join(work, 'nitro.cbor')
writeFileSync(docPath, doc)
const rootPem = nitroFixture('root.pem')
const at = new Date(Date.UTC(2027, 0, 1))
const ours = Array.from({ length: runs }, () =>
  time(() => parseNitroDocument(doc, { rootPem, at }))
)
const fx = join(here, '..', '__fixtures__', 'verify', 'nitro')
const opensslVerify = Array.from({ length: runs }, () =>
  time(() =>
    execFileSync(
      'openssl',
      [
        'verify',
        '-attime',
        String(at.getTime() / 1000),
        '-CAfile',
        join(fx, 'root.pem'),
        '-untrusted',
        join(fx, 'int.pem'),
        join(fx, 'leaf.pem')
      ],
      { stdio: 'ignore' }
    )
  )
)
const opensslDgst = Array.from({ length: runs }, () =>
  time(() =>
    execFileSync('openssl', ['dgst', '-sha384', docPath], { stdio: 'ignore' })
  )
)

// (2) A measurement bundle.
const mock = await startMockSigstore()
const bundlePath = join(work, 'pcr0.sigstore.json')
const rootPath = join(work, 'trusted_root.json')
writeFileSync(
  bundlePath,
  JSON.stringify((await signKeyless(mock, statements.nitro())).bundle)
)
writeFileSync(rootPath, JSON.stringify(mock.trustedRoot))
await mock.close()
const input = {
  measurement: NITRO.PCR0,
  bundles: [bundlePath],
  trustedRootPath: rootPath,
  policy: { repository: 'acme/enclave-app' }
}
await runVerify(input) // warm the lazy imports
const inProcess: number[] = []
for (let i = 0; i < runs; i++)
  inProcess.push(await timeAsync(() => runVerify(input)))
const bundleDgst = Array.from({ length: runs }, () =>
  time(() =>
    execFileSync('openssl', ['dgst', '-sha256', bundlePath], {
      stdio: 'ignore'
    })
  )
)
const cli = join(here, '..', 'dist', 'cli', 'index.js')
const cliTimes: number[] = []
if (existsSync(cli))
  for (let i = 0; i < Math.min(runs, 7); i++)
    cliTimes.push(
      time(() => {
        const r = spawnSync(
          process.execPath,
          [
            cli,
            'verify',
            '--bundle',
            bundlePath,
            '--measurement',
            NITRO.PCR0,
            '--trusted-root',
            rootPath,
            '--json'
          ],
          { stdio: 'ignore' }
        )
        if (r.status !== 0) throw new Error('dist/cli verify failed')
      })
    )
// cosign, the reference verifier: $COSIGN, else .tools/bin (see .ci/cosign.sh).
const cosignBin =
  process.env.COSIGN ?? join(here, '..', '.tools', 'bin', 'cosign')
const cosignTimes: number[] = []
if (existsSync(cosignBin))
  for (let i = 0; i < Math.min(runs, 7); i++)
    cosignTimes.push(
      time(() => {
        const r = spawnSync(
          cosignBin,
          [
            'verify-blob-attestation',
            '--bundle',
            bundlePath,
            '--new-bundle-format',
            '--trusted-root',
            rootPath,
            '--type',
            'https://enclave-build.dev/measurement/v1',
            '--certificate-identity-regexp',
            '^https://github.com/acme/',
            '--certificate-oidc-issuer',
            'https://token.actions.githubusercontent.com',
            '--digest',
            createHash('sha256')
              .update(Buffer.from(NITRO.PCR0, 'hex'))
              .digest('hex'),
            '--digestAlg',
            'sha256'
          ],
          { stdio: 'ignore', env: { ...process.env, HOME: work } }
        )
        if (r.status !== 0) throw new Error('cosign refused the bundle')
      })
    )

const n = median(ours)
const ov = median(opensslVerify)
const od = median(opensslDgst)
console.log(`verify bench: ${runs} runs, medians`)
console.log(
  `  nitro document (${doc.length} B) parse + chain + ES384, in-process: ${n.toFixed(2)} ms`
)
console.log(
  `  openssl verify of the same chain (whole process):            ${ov.toFixed(1)} ms   ratio ours/openssl = ${(n / ov).toFixed(3)}×`
)
console.log(
  `  openssl dgst -sha384 of the document (whole process):        ${od.toFixed(1)} ms   ratio = ${(n / od).toFixed(3)}×`
)
console.log(
  `  bundle verify (Sigstore + policy + predicate), in-process:   ${median(inProcess).toFixed(2)} ms   ratio to openssl dgst = ${(median(inProcess) / median(bundleDgst)).toFixed(3)}×`
)
if (cliTimes.length > 0)
  console.log(
    `  dist/cli verify (whole process):                             ${median(cliTimes).toFixed(1)} ms   ratio to openssl dgst = ${(median(cliTimes) / median(bundleDgst)).toFixed(2)}×`
  )
else
  console.log(
    '  dist/cli/index.js not built: run `flock /tmp/package.lock npm run package`'
  )
if (cosignTimes.length > 0) {
  const c = median(cosignTimes)
  console.log(
    `  cosign verify-blob-attestation (reference, whole process):   ${c.toFixed(1)} ms   ratio dist-cli/cosign = ${cliTimes.length > 0 ? (median(cliTimes) / c).toFixed(2) : 'n/a'}×`
  )
} else
  console.log(
    '  cosign (reference): not installed; bash .ci/cosign.sh, then COSIGN=… to time it'
  )
