import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { generateSigningKey } from '../../src/attest/key.js'
import { attestOptionsSchema } from '../../src/attest/options.js'
import { MEASUREMENT_PREDICATE_TYPE } from '../../src/model/predicate.js'
import { attestResult } from '../../src/attest/run.js'
import type { BuildRecord } from '../../src/model/build-record.js'
import { referrersTag } from '../../src/oci/artifact.js'
import { discoverArtifact } from '../../src/oci/discover.js'
import { filesOfResult } from '../../src/publish/from.js'
import { publishArtifact } from '../../src/publish/push.js'
import type { TargetResult } from '../../src/targets/target.js'
import { sha256Hex } from '../../src/util/fs.js'
import { runVerify } from '../../src/verify/run.js'
import { sampleBuild, sampleResult } from '../attest/sample.js'
import {
  hasHtpasswd,
  REGISTRY_CUE,
  REGISTRY_DISTRIBUTION,
  startCueRegistry,
  startRegistry,
  type Registry
} from './registry.js'

/** The parts of a manifest or index the assertions read. */
interface Described {
  mediaType: string
  digest: string
  artifactType?: string
  annotations?: Record<string, string>
}
interface Manifest {
  artifactType?: string
  config: Described
  layers: Described[]
  annotations: Record<string, string>
}

/**
 * The OCI round trip against real CNCF distribution registries on
 * loopback: push the artefacts as one artifact, attach the key-signed
 * bundle as a referrer, then verify from the oci:// reference alone. CUE's
 * registry answers the referrers API; the CNCF distribution registry (2.8,
 * Debian's) has none, so the referrers tag schema carries the bundle.
 */

let dir: string
let keys: { privateKeyPem: string; publicKeyPem: string }
let result: TargetResult
let build: BuildRecord
let bundle: unknown

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'publish-'))
  keys = generateSigningKey()
  await writeFile(join(dir, 'attestation.pub'), keys.publicKeyPem)
  const eif = randomBytes(300_000)
  const binary = randomBytes(50_000)
  await writeFile(join(dir, 'app.eif'), eif)
  await writeFile(join(dir, 'server'), binary)
  build = sampleBuild()
  build.binary = {
    path: join(dir, 'server'),
    sha256: sha256Hex(binary),
    size: binary.length
  }
  result = sampleResult()
  result.artifacts = [
    { kind: 'eif', path: join(dir, 'app.eif'), sha256: sha256Hex(eif) }
  ]
  const outcome = await attestResult({
    result,
    build,
    options: attestOptionsSchema.parse({
      signing: 'key',
      'attestation-key': keys.privateKeyPem
    }),
    deps: { env: {}, outDir: dir, toolVersion: '0.1.0' }
  })
  bundle = JSON.parse(await readFile(outcome.bundlePath!, 'utf8'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const verifyOci = (ref: string, measurement?: string) =>
  runVerify(
    {
      bundles: [ref],
      ...(measurement ? { measurement } : {}),
      publicKeyPath: join(dir, 'attestation.pub'),
      policy: {}
    },
    { registryCredentials: () => Promise.resolve(undefined) }
  )

const publish = (host: string, tag: string, withBundle = true) => {
  const { facts, files } = filesOfResult(result, build)
  return publishArtifact({
    reference: `oci://${host}/acme/enclave-app:${tag}`,
    facts,
    files,
    ...(withBundle
      ? { bundle: { json: bundle, predicateType: MEASUREMENT_PREDICATE_TYPE } }
      : {})
  })
}

for (const [label, binary, referrers] of [
  ['cue mod registry (referrers API)', REGISTRY_CUE, 'api'],
  [
    'distribution 2.8 (referrers tag schema)',
    REGISTRY_DISTRIBUTION,
    'tag-schema'
  ]
] as const) {
  const d = binary ? describe : describe.skip
  const needs = referrers === 'api' ? '$REGISTRY_CUE' : '$REGISTRY_DISTRIBUTION'
  const title = `OCI round trip on ${label}${binary ? '' : ` (needs ${needs} from .ci/registry.sh)`}`
  d(title, () => {
    let reg: Registry
    beforeAll(async () => {
      reg =
        referrers === 'api'
          ? await startCueRegistry(binary)
          : await startRegistry(binary)
    })
    afterAll(async () => {
      await reg?.stop()
    })

    it('pushes one artifact, attaches the bundle, verifies from oci:// alone', async () => {
      const pushed = await publish(reg.host, 'v1')
      expect(pushed.referrers).toBe(referrers)
      expect(pushed.layers).toBe(1)
      expect(pushed.reference).toBe(
        `oci://${reg.host}/acme/enclave-app@${pushed.digest}`
      )

      // The manifest as a registry client sees it.
      const m = await fetch(
        `http://${reg.host}/v2/acme/enclave-app/manifests/v1`,
        { headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' } }
      )
      expect(m.headers.get('docker-content-digest')).toBe(pushed.digest)
      const manifest = (await m.json()) as Manifest
      expect(manifest.artifactType).toBe(
        'application/vnd.enclave-build.nitro.v1'
      )
      expect(manifest.config.mediaType).toBe(
        'application/vnd.oci.empty.v1+json'
      )
      expect(
        manifest.layers[0].annotations?.['org.opencontainers.image.title']
      ).toBe('app.eif')
      expect(manifest.layers[0].digest).toBe(
        `sha256:${result.artifacts[0].sha256}`
      )
      expect(manifest.annotations['dev.enclave-build.measurement.pcr0']).toBe(
        result.measurements[0].value
      )
      expect(manifest.annotations['org.opencontainers.image.revision']).toBe(
        build.source.commit
      )

      const listing =
        referrers === 'api'
          ? `referrers/${pushed.digest}`
          : `manifests/${referrersTag(pushed.digest)}`
      const r = await fetch(
        `http://${reg.host}/v2/acme/enclave-app/${listing}`,
        {
          headers: { Accept: 'application/vnd.oci.image.index.v1+json' }
        }
      )
      expect(r.status).toBe(200)
      const index = (await r.json()) as { manifests: Described[] }
      expect(index.manifests).toHaveLength(1)
      expect(index.manifests[0].artifactType).toBe(
        'application/vnd.dev.sigstore.bundle.v0.3+json'
      )
      expect(index.manifests[0].digest).toBe(pushed.bundleDigest)

      const verified = await verifyOci(`oci://${reg.host}/acme/enclave-app:v1`)
      expect(verified.measurement).toBe(result.measurements[0].value)
      expect(verified.artifact).toEqual({
        reference: pushed.reference,
        digest: pushed.digest,
        referrers,
        layersChecked: ['app.eif']
      })
      const byDigest = await verifyOci(
        pushed.reference,
        result.measurements[1].value
      )
      expect(byDigest.measurementName).toBe('MRENCLAVE')
    })

    it('is idempotent: the same build pushed again has the same digest and one referrer', async () => {
      const a = await publish(reg.host, 'same')
      const b = await publish(reg.host, 'same')
      expect(b.digest).toBe(a.digest)
      expect(b.bundleDigest).toBe(a.bundleDigest)
      const found = await discoverArtifact(
        `oci://${reg.host}/acme/enclave-app:same`
      )
      expect(found.bundles).toHaveLength(1)
      expect(found.referrers).toBe(referrers)
    })

    it('an artifact without a bundle is ATTESTATION_NOT_FOUND, a tag the registry lacks INPUT_INVALID', async () => {
      const { facts, files } = filesOfResult(result, build)
      await publishArtifact({
        reference: `oci://${reg.host}/acme/enclave-app:unsigned`,
        facts: { ...facts, created: '2027-01-01T00:00:00.000Z' },
        files
      })
      await expect(
        verifyOci(`oci://${reg.host}/acme/enclave-app:unsigned`)
      ).rejects.toMatchObject({ code: 'ATTESTATION_NOT_FOUND' })
      await expect(
        verifyOci(`oci://${reg.host}/acme/enclave-app:nope`)
      ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    })

    it('a layer the attestation does not name is refused (ARTIFACT_NOT_ATTESTED)', async () => {
      // Same bundle, but the tag now points at an artifact with another EIF.
      const other = join(dir, 'app-other')
      await rm(other, { recursive: true, force: true })
      await (await import('node:fs/promises')).mkdir(other)
      const bytes = randomBytes(1000)
      await writeFile(join(other, 'app.eif'), bytes)
      const { facts } = filesOfResult(result, build)
      await publishArtifact({
        reference: `oci://${reg.host}/acme/enclave-app:swapped`,
        facts,
        files: [
          {
            kind: 'eif',
            path: join(other, 'app.eif'),
            sha256: sha256Hex(bytes)
          }
        ],
        bundle: { json: bundle, predicateType: MEASUREMENT_PREDICATE_TYPE }
      })
      await expect(
        verifyOci(`oci://${reg.host}/acme/enclave-app:swapped`)
      ).rejects.toMatchObject({
        code: 'ARTIFACT_NOT_ATTESTED',
        message: expect.stringContaining('app.eif has sha256')
      })
    })

    it('verify refuses oci:// mixed with bundle files (layers must be checked)', async () => {
      await expect(
        runVerify(
          {
            bundles: [`oci://${reg.host}/acme/enclave-app:v1`, dir],
            publicKeyPath: join(dir, 'attestation.pub'),
            policy: {}
          },
          { registryCredentials: () => Promise.resolve(undefined) }
        )
      ).rejects.toMatchObject({ code: 'INPUT_INVALID' })
    })

    it('refuses to publish a file that changed since it was measured', async () => {
      const { facts, files } = filesOfResult(result, build)
      await expect(
        publishArtifact({
          reference: `oci://${reg.host}/acme/enclave-app:changed`,
          facts,
          files: [{ ...files[0], sha256: '0'.repeat(64) }]
        })
      ).rejects.toMatchObject({ code: 'PIN_MISMATCH' })
    })
  })
}

const refusing = REGISTRY_DISTRIBUTION
const describeWithLogin = hasHtpasswd() ? describe : describe.skip
;(refusing ? describe : describe.skip)(
  `registries that refuse the push${refusing ? '' : ' (needs $REGISTRY_DISTRIBUTION from .ci/registry.sh)'}`,
  () => {
    it('read-only: REGISTRY_REFUSED, saying why', async () => {
      const reg = await startRegistry(refusing, { readonly: true })
      try {
        const err = await publish(reg.host, 'v1').catch((e: unknown) => e)
        expect(err).toMatchObject({ code: 'REGISTRY_REFUSED' })
        expect((err as Error).message).toMatch(
          /\(405\): the registry is read-only/
        )
      } finally {
        await reg.stop()
      }
    })

    const title2 = `a registry that wants a login${hasHtpasswd() ? '' : ' (needs htpasswd from apache2-utils, which .ci/registry.sh installs)'}`
    describeWithLogin(title2, () => {
      it('login required: anonymous is refused, the right login pushes and verifies', async () => {
        const login = { username: 'ci', password: 'correct horse' }
        const reg = await startRegistry(refusing, { login })
        try {
          await expect(publish(reg.host, 'v1')).rejects.toMatchObject({
            code: 'REGISTRY_REFUSED',
            message: expect.stringContaining('wants a login')
          })
          // The advice names inputs that action.yml really has.
          await expect(publish(reg.host, 'v1')).rejects.toMatchObject({
            message: expect.stringContaining('registry-password inputs')
          })
          const { facts, files } = filesOfResult(result, build)
          const input = {
            reference: `oci://${reg.host}/acme/enclave-app:v1`,
            facts,
            files,
            bundle: {
              json: bundle,
              predicateType: MEASUREMENT_PREDICATE_TYPE
            }
          }
          await expect(
            publishArtifact(input, {
              credentials: { ...login, password: 'wrong' }
            })
          ).rejects.toMatchObject({ code: 'REGISTRY_REFUSED' })
          const pushed = await publishArtifact(input, { credentials: login })
          const verified = await runVerify(
            {
              bundles: [pushed.reference],
              publicKeyPath: join(dir, 'attestation.pub'),
              policy: {}
            },
            { registryCredentials: () => Promise.resolve(login) }
          )
          expect(verified.artifact?.digest).toBe(pushed.digest)
        } finally {
          await reg.stop()
        }
      })
    })
  }
)
