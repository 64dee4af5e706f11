import { createHash } from 'node:crypto'
import type { BuildRecord } from '../../src/model/build-record.js'
import type { TargetResult } from '../../src/targets/target.js'

const h = (s: string, alg = 'sha256'): string =>
  createHash(alg).update(s).digest('hex')

/** A PCR0-like sha384 value and its lookup digest (sha256 of its raw bytes). */
export const PCR0 = h('pcr0', 'sha384')
export const PCR0_LOOKUP = createHash('sha256')
  .update(Buffer.from(PCR0, 'hex'))
  .digest('hex')
export const MRENCLAVE = h('mrenclave')

/** A plausible Go build record. */
export function sampleBuild(): BuildRecord {
  return {
    schemaVersion: 1,
    goVersion: 'go1.24.3',
    goos: 'linux',
    goarch: 'amd64',
    package: './cmd/server',
    env: { CGO_ENABLED: '0', GOFLAGS: '-mod=readonly' },
    args: ['build', '-trimpath', '-o', '/tmp/out/server', './cmd/server'],
    ldflags: '-s -w',
    tags: [],
    cgo: false,
    goamd64: 'v1',
    goSumSha256: h('go.sum'),
    binary: { path: '/tmp/out/server', sha256: h('binary'), size: 1234 },
    buildinfo: {
      goVersion: 'go1.24.3',
      path: 'example.com/app/cmd/server',
      main: { path: 'example.com/app', version: '(devel)' },
      deps: [{ path: 'golang.org/x/sys', version: 'v0.30.0', sum: 'h1:abc=' }],
      settings: { '-trimpath': 'true', CGO_ENABLED: '0' }
    },
    source: {
      commit: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
      commitTime: '2026-01-02T03:04:05Z',
      repository: 'https://github.com/acme/enclave-app'
    },
    reproducible: true
  }
}

/** A Nitro-like result (sha384 PCRs) plus one sha256 measurement. */
export function sampleResult(): TargetResult {
  return {
    target: 'nitro',
    artifacts: [
      { kind: 'eif', path: '/tmp/out/app.eif', sha256: h('eif') },
      { kind: 'initrd', path: '/tmp/out/initrd.cpio', sha256: h('initrd') }
    ],
    measurements: [
      {
        name: 'PCR0',
        algorithm: 'sha384',
        value: PCR0,
        lookupDigest: PCR0_LOOKUP
      },
      {
        name: 'MRENCLAVE',
        algorithm: 'sha256',
        value: MRENCLAVE,
        lookupDigest: MRENCLAVE
      }
    ],
    signer: { PCR8: h('cert', 'sha384') },
    pinned: [{ name: 'kernel', path: '/opt/bzImage', sha256: h('kernel') }],
    outputs: { pcr0: PCR0 },
    parameters: { cmdline: 'console=ttyS0', vcpus: 2 }
  }
}
