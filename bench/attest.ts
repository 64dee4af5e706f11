// Signing and verifying the measurement attestation.
//   bash bench/run-ts.sh bench/attest.ts [runs]
// In-process: statement + key signing + key verification, and keyless
// signing against the loopback mock Sigstore (Fulcio + Rekor + TSA).
// Whole process (needs `npm run package`): `attest sign --key` of the
// bundled CLI beside cosign attest-blob (when $COSIGN is set) and the raw
// `openssl dgst -sha256 -sign` over the same statement bytes.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  signWithMock,
  startMockSigstore
} from '../__fixtures__/sigstore-mock.js'
import { sampleBuild, sampleResult } from '../__tests__/attest/sample.js'
import { generateSigningKey } from '../src/attest/key.js'
import { verifyBundleWithKey } from '../src/attest/key-verify.js'
import { signStatement } from '../src/attest/sign.js'
import { buildMeasurementStatement } from '../src/attest/statement.js'
import { statementPayload } from '../src/model/statement.js'

const runs = Number(process.argv[2] ?? 20)
const dir = mkdtempSync(join(tmpdir(), 'eb-bench-attest-'))
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function timeIt(n: number, f: () => Promise<unknown>): Promise<number> {
  const ts: number[] = []
  for (let i = 0; i < n; i++) {
    const t = performance.now()
    await f()
    ts.push(performance.now() - t)
  }
  return median(ts)
}

function timeProc(n: number, cmd: string, args: string[], env = {}): number {
  return median(
    Array.from({ length: n }, () => {
      const t = performance.now()
      execFileSync(cmd, args, {
        cwd: dir,
        stdio: 'ignore',
        env: { ...process.env, ...env }
      })
      return performance.now() - t
    })
  )
}

const statement = buildMeasurementStatement({
  result: sampleResult(),
  build: sampleBuild(),
  toolVersion: 'bench'
})
const { privateKeyPem, publicKeyPem } = generateSigningKey()
writeFileSync(join(dir, 'k.pem'), privateKeyPem)
writeFileSync(join(dir, 'st.json'), statementPayload(statement))

const build = await timeIt(runs, () =>
  Promise.resolve(
    buildMeasurementStatement({
      result: sampleResult(),
      build: sampleBuild(),
      toolVersion: 'bench'
    })
  )
)
const keySign = await timeIt(runs, () =>
  signStatement(statement, { mode: 'key', privateKeyPem })
)
const signed = await signStatement(statement, { mode: 'key', privateKeyPem })
const keyVerify = await timeIt(runs, () =>
  Promise.resolve(verifyBundleWithKey(signed.bundle, publicKeyPem))
)
const mock = await startMockSigstore()
const keyless = await timeIt(Math.min(runs, 10), () =>
  signWithMock(mock, statement)
)
await mock.close()

console.log(`in-process, median of ${runs} (ms)`)
console.log(`  build statement          ${build.toFixed(2)}`)
console.log(`  sign (key, P-256)        ${keySign.toFixed(2)}`)
console.log(`  verify (key)             ${keyVerify.toFixed(2)}`)
console.log(
  `  sign keyless (mock, loopback Fulcio+Rekor) ${keyless.toFixed(1)}`
)

const procRuns = 5
const openssl = timeProc(procRuns, 'openssl', [
  'dgst',
  '-sha256',
  '-sign',
  'k.pem',
  '-out',
  'st.sig',
  'st.json'
])
console.log(`\nwhole process, median of ${procRuns} (ms)`)
console.log(`  openssl dgst -sha256 -sign  ${openssl.toFixed(0)}  (1.00x)`)
const cli = join(import.meta.dirname, '..', 'dist', 'cli', 'index.js')
if (existsSync(cli)) {
  const ours = timeProc(procRuns, process.execPath, [
    cli,
    'attest',
    'sign',
    '--statement',
    'st.json',
    '--key',
    'k.pem',
    '--output',
    'st.sigstore.json'
  ])
  console.log(
    `  enclave-build attest sign   ${ours.toFixed(0)}  (${(ours / openssl).toFixed(2)}x openssl)`
  )
  const cosign = process.env.COSIGN
  if (cosign) {
    execFileSync(cosign, ['generate-key-pair'], {
      cwd: dir,
      env: { ...process.env, COSIGN_PASSWORD: '' },
      stdio: 'ignore'
    })
    writeFileSync(join(dir, 'pred.json'), JSON.stringify(statement.predicate))
    writeFileSync(join(dir, 'server'), 'binary')
    const theirs = timeProc(
      procRuns,
      cosign,
      [
        'attest-blob',
        '--key',
        'cosign.key',
        '--predicate',
        'pred.json',
        '--type',
        statement.predicateType,
        '--tlog-upload=false',
        '--new-bundle-format',
        '--bundle',
        'c.sigstore.json',
        '--yes',
        'server'
      ],
      { COSIGN_PASSWORD: '' }
    )
    console.log(
      `  cosign attest-blob --key    ${theirs.toFixed(0)}  (${(theirs / openssl).toFixed(2)}x openssl; ours/cosign ${(ours / theirs).toFixed(2)})`
    )
  } else console.log('  cosign: set COSIGN to compare (bash .ci/cosign.sh)')
} else console.log('  dist/cli/index.js missing: run npm run package')
rmSync(dir, { recursive: true, force: true })
