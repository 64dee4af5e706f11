import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateSigningKey } from '../../src/attest/key.js'
import { attestOptionsSchema } from '../../src/attest/options.js'
import { attestResult } from '../../src/attest/run.js'
import type { CliIO } from '../../src/cli/io.js'
import { cli } from '../../src/cli/main.js'
import type { BuildRecord } from '../../src/model/build-record.js'
import { publishOptions } from '../../src/publish/options.js'
import { publishForAction } from '../../src/publish/run.js'
import type { TargetResult } from '../../src/targets/target.js'
import { sha256Hex } from '../../src/util/fs.js'
import { sampleBuild, sampleResult } from '../attest/sample.js'
import {
  REGISTRY_CUE,
  REGISTRY_DISTRIBUTION,
  startCueRegistry,
  startRegistry,
  type Registry
} from './registry.js'

/**
 * `enclave-build publish` and `enclave-build verify --bundle oci://…`, and
 * the action's publish stage, on a real registry (Gramine: the binary is a
 * layer too, since the manifest lists it as a trusted file).
 */

function capture(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const io = {
    out: '',
    err: '',
    cwd,
    env,
    stdout: (t: string) => {
      io.out += t
    },
    stderr: (t: string) => {
      io.err += t
    }
  }
  return io satisfies CliIO
}

const binary = REGISTRY_CUE || REGISTRY_DISTRIBUTION
;(binary ? describe : describe.skip)(
  `publish on the command line and in the action${binary ? '' : ' (needs $REGISTRY_CUE or $REGISTRY_DISTRIBUTION from .ci/registry.sh)'}`,
  () => {
    let dir: string
    let reg: Registry
    let result: TargetResult
    let build: BuildRecord
    let bundlePath: string

    beforeAll(async () => {
      reg = REGISTRY_CUE
        ? await startCueRegistry(REGISTRY_CUE)
        : await startRegistry(REGISTRY_DISTRIBUTION)
      dir = await mkdtemp(join(tmpdir(), 'publish-cli-'))
      const keys = generateSigningKey()
      await writeFile(join(dir, 'attestation.pub'), keys.publicKeyPem)
      const files: Record<string, Buffer> = {
        server: randomBytes(4000),
        'server.manifest': randomBytes(300),
        'server.manifest.sgx': randomBytes(900),
        'server.sig': randomBytes(1808)
      }
      for (const [name, bytes] of Object.entries(files))
        await writeFile(join(dir, name), bytes)
      build = sampleBuild()
      build.binary = {
        path: join(dir, 'server'),
        sha256: sha256Hex(files.server),
        size: files.server.length
      }
      const mrenclave = sha256Hex('mrenclave')
      result = {
        ...sampleResult(),
        target: 'gramine',
        artifacts: [
          ['manifest', 'server.manifest'],
          ['manifest-sgx', 'server.manifest.sgx'],
          ['sigstruct', 'server.sig']
        ].map(([kind, name]) => ({
          kind,
          path: join(dir, name),
          sha256: sha256Hex(files[name])
        })),
        measurements: [
          {
            name: 'MRENCLAVE',
            algorithm: 'sha256',
            value: mrenclave,
            lookupDigest: mrenclave
          }
        ]
      }
      const outcome = await attestResult({
        result,
        build,
        options: attestOptionsSchema.parse({
          signing: 'key',
          'attestation-key': keys.privateKeyPem
        }),
        deps: { env: {}, outDir: dir, toolVersion: '0.1.0' }
      })
      bundlePath = outcome.bundlePath!
    })
    afterAll(async () => {
      await reg?.stop()
      await rm(dir, { recursive: true, force: true })
    })

    it('publish --bundle pushes what the bundle names; verify oci:// checks it', async () => {
      const io = capture(dir)
      const ref = `oci://${reg.host}/acme/sgx-app:v1`
      expect(
        await cli(['publish', ref, '--bundle', bundlePath, '--json'], io)
      ).toBe(0)
      const pushed = JSON.parse(io.out) as { reference: string; layers: number }
      expect(pushed.layers).toBe(4)

      const v = capture(dir)
      const status = await cli(
        [
          'verify',
          '--bundle',
          ref,
          '--public-key',
          join(dir, 'attestation.pub')
        ],
        v
      )
      expect(v.err).toContain('key-signed')
      expect(status).toBe(0)
      expect(v.out).toContain(
        `verified: MRENCLAVE ${result.measurements[0].value}`
      )
      expect(v.out).toContain(`artifact: ${pushed.reference} (4 layer(s)`)
    })

    it('publish refuses a file that is not what the bundle attests', async () => {
      const other = await mkdtemp(join(tmpdir(), 'publish-cli-other-'))
      try {
        for (const name of [
          'server',
          'server.manifest',
          'server.manifest.sgx',
          'server.sig'
        ])
          await writeFile(join(other, name), 'changed')
        const io = capture(other)
        expect(
          await cli(
            [
              'publish',
              `oci://${reg.host}/acme/sgx-app:v2`,
              '--bundle',
              bundlePath,
              '--dir',
              other
            ],
            io
          )
        ).toBe(2)
        expect(io.err).toMatch(/^error\[PIN_MISMATCH\]/)
      } finally {
        await rm(other, { recursive: true, force: true })
      }
    })

    it('publish without a tag or with a bad reference is INPUT_INVALID (exit 2)', async () => {
      for (const ref of [
        `oci://${reg.host}/acme/sgx-app`,
        'docker.io/acme/app:v1',
        'oci://acme/app:v1',
        `oci://${reg.host}/Acme/App:v1`
      ]) {
        const io = capture(dir)
        expect(await cli(['publish', ref, '--bundle', bundlePath], io)).toBe(2)
        expect(io.err).toMatch(/^error\[INPUT_INVALID\]/)
      }
    })

    it("the action's publish stage sets oci-reference and oci-digest", async () => {
      const logs: string[] = []
      const published = await publishForAction({
        options: publishOptions.parse({
          publish: `oci://${reg.host}/acme/sgx-app:action`
        }),
        result,
        build,
        bundlePath,
        env: {},
        log: (m) => logs.push(m),
        warn: (m) => logs.push(`warning: ${m}`)
      })
      expect(published.outputs['oci-digest']).toMatch(/^sha256:[0-9a-f]{64}$/)
      expect(published.outputs['oci-reference']).toBe(
        `oci://${reg.host}/acme/sgx-app@${published.outputs['oci-digest']}`
      )
      expect(logs.join('\n')).toContain('attached the Sigstore bundle')
    })
  }
)
