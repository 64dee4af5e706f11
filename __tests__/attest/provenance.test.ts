import { describe, expect, it } from '@jest/globals'
import {
  BUILD_TYPE,
  buildProvenanceStatement,
  SLSA_PROVENANCE_TYPE
} from '../../src/attest/provenance.js'
import { sampleBuild, sampleResult } from './sample.js'

const h1 = Buffer.alloc(32, 7)

describe('buildProvenanceStatement', () => {
  it('describes the GitHub run: builder, source, toolchain, modules, pins', () => {
    const build = sampleBuild()
    build.source.repository = 'https://github.com/acme/app'
    build.buildinfo.deps.push({
      path: 'github.com/x/y',
      version: 'v1.0.0',
      sum: `h1:${h1.toString('base64')}`
    })
    const st = buildProvenanceStatement({
      result: sampleResult(),
      build,
      inputs: {
        target: 'nitro',
        'attestation-key': 'PEM',
        'github-token': 't',
        ldflags: '-s'
      },
      env: {
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_SHA: build.source.commit,
        GITHUB_REF: 'refs/tags/v1',
        GITHUB_WORKFLOW_REF:
          'acme/app/.github/workflows/release.yml@refs/tags/v1',
        GITHUB_RUN_ID: '9',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_EVENT_NAME: 'push',
        RUNNER_ENVIRONMENT: 'github-hosted'
      },
      startedOn: new Date('2026-01-01T00:00:00Z'),
      finishedOn: new Date('2026-01-01T00:01:00Z')
    })
    expect(st.predicateType).toBe(SLSA_PROVENANCE_TYPE)
    expect(st.subject.map((s) => s.name)).toEqual([
      'server',
      'app.eif',
      'initrd.cpio'
    ])
    const { buildDefinition: def, runDetails } = st.predicate
    expect(def.buildType).toBe(BUILD_TYPE)
    expect(def.externalParameters).toEqual({
      inputs: { target: 'nitro', ldflags: '-s' },
      workflow: {
        ref: 'refs/tags/v1',
        repository: 'https://github.com/acme/app',
        path: '.github/workflows/release.yml'
      }
    })
    expect(def.internalParameters).toEqual({
      github: { event_name: 'push', runner_environment: 'github-hosted' }
    })
    expect(def.resolvedDependencies).toEqual([
      {
        uri: 'git+https://github.com/acme/app@refs/tags/v1',
        digest: { gitCommit: build.source.commit }
      },
      {
        name: 'go',
        uri: 'https://go.dev/dl/#go1.24.3',
        annotations: { goVersion: 'go1.24.3' }
      },
      { name: 'go.sum', digest: { sha256: build.goSumSha256 } },
      { uri: 'pkg:golang/golang.org/x/sys@v0.30.0' },
      {
        uri: 'pkg:golang/github.com/x/y@v1.0.0',
        digest: { dirHash: h1.toString('hex') }
      },
      { name: 'kernel', digest: { sha256: sampleResult().pinned[0].sha256 } }
    ])
    expect(runDetails).toEqual({
      builder: {
        id: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1'
      },
      metadata: {
        invocationId: 'https://github.com/acme/app/actions/runs/9/attempts/2',
        startedOn: '2026-01-01T00:00:00.000Z',
        finishedOn: '2026-01-01T00:01:00.000Z'
      }
    })
  })

  it("a checkout other than the workflow's: the record wins, no ref", () => {
    const st = buildProvenanceStatement({
      result: sampleResult(),
      build: sampleBuild(),
      inputs: {},
      env: {
        GITHUB_REPOSITORY: 'acme/tools',
        GITHUB_SHA: 'd'.repeat(40),
        GITHUB_REF: 'refs/heads/main'
      }
    })
    expect(st.predicate.buildDefinition.resolvedDependencies[0]).toEqual({
      uri: 'git+https://github.com/acme/enclave-app',
      digest: { gitCommit: sampleBuild().source.commit }
    })
  })

  it('outside GitHub: the build record source, a local builder, no metadata', () => {
    const st = buildProvenanceStatement({
      result: sampleResult(),
      build: sampleBuild(),
      inputs: {},
      env: {}
    })
    expect(st.predicate.buildDefinition.resolvedDependencies[0]).toEqual({
      uri: 'git+https://github.com/acme/enclave-app',
      digest: { gitCommit: sampleBuild().source.commit }
    })
    expect(st.predicate.runDetails).toEqual({
      builder: { id: 'https://enclave-build.dev/builders/local' }
    })
    expect(st.predicate.buildDefinition.internalParameters).toBeUndefined()
  })
})
