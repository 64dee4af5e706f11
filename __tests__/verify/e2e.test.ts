import { execFileSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { signStatement, writeBundle } from '../../src/attest/sign.js'
import { githubOidcProvider } from '../../src/attest/oidc.js'
import { buildMeasurementStatement } from '../../src/attest/statement.js'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { buildReproducibly } from '../../src/go/reproducible.js'
import { nitroOptions } from '../../src/targets/nitro/options.js'
import { nitroTarget } from '../../src/targets/nitro/target.js'
import { exec } from '../../src/util/exec.js'
import {
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'

/*
 * The whole loop: the example Go program is built reproducibly, packed into
 * a Nitro EIF, its PCR0 attested through the real signing path (against the
 * offline Sigstore), and `verify` given only PCR0 and the bundle names the
 * commit the program was built from.
 */

const blobs = resolve('examples/nitro/blobs')
let dir: string
let mock: MockSigstore | undefined

/** Runs git with a fixed identity and dates, so the commit is reproducible. */
function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z',
      GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z'
    }
  }).trim()
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verify-e2e-'))
})
afterAll(async () => {
  await mock?.close()
  await rm(dir, { recursive: true, force: true })
})

describe('end to end', () => {
  it('Go program → Nitro EIF → PCR0 → signed bundle → verify → the commit', async () => {
    const repo = join(dir, 'repo')
    await cp(resolve('examples/hello'), repo, { recursive: true })
    git(repo, 'init', '-q')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'hello')
    const commit = git(repo, 'rev-parse', 'HEAD')

    const build = await buildReproducibly(
      {
        dir: repo,
        package: '.',
        output: join(dir, 'hello'),
        ldflags: '',
        tags: [],
        cgo: false,
        goamd64: 'v1',
        goarch: 'amd64',
        pgo: 'off',
        goVersion: '',
        rebuildCheck: false
      },
      { exec, env: { ...process.env, GOFLAGS: '-buildvcs=false' } }
    )
    expect(build.source.commit).toBe(commit)
    const outDir = join(dir, 'out')
    await mkdir(outDir)
    const result = await nitroTarget.run(
      {
        build,
        binaryPath: build.binary.path,
        outDir,
        commitTime: new Date(build.source.commitTime),
        exec,
        env: {},
        log: () => undefined,
        warn: () => undefined
      },
      nitroOptions.parse({
        'nitro-kernel': join(blobs, 'bzImage.standin'),
        'nitro-init': join(blobs, 'init.standin'),
        'nitro-nsm': join(blobs, 'nsm.ko.standin'),
        'nitro-cmdline': join(blobs, 'cmdline')
      })
    )
    const pcr0 = result.measurements.find((m) => m.name === 'PCR0')?.value
    expect(pcr0).toMatch(/^[0-9a-f]{96}$/)

    // The workflow of acme/hello at that commit signs the statement.
    mock = await startMockSigstore({
      claims: {
        sha: commit,
        repository: 'acme/hello',
        job_workflow_ref:
          'acme/hello/.github/workflows/release.yml@refs/heads/main',
        ref: 'refs/heads/main'
      }
    })
    const signed = await signStatement(
      buildMeasurementStatement({ result, build, toolVersion: '0.1.0' }),
      {
        mode: 'keyless',
        endpoints: { fulcioURL: mock.fulcioURL, rekorURL: mock.rekorURL },
        identityProvider: githubOidcProvider({
          env: {
            GITHUB_ACTIONS: 'true',
            ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
            ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken
          }
        }),
        retries: 0
      }
    )
    const bundle = await writeBundle(
      join(dir, 'pcr0.sigstore.json'),
      signed.bundle
    )
    const root = join(dir, 'trusted_root.json')
    await writeFile(root, JSON.stringify(mock.trustedRoot))

    const out: string[] = []
    const io: CliIO = {
      stdout: (t) => out.push(t),
      stderr: () => undefined,
      cwd: dir,
      env: {}
    }
    const status = await cli(
      [
        'verify',
        '--measurement',
        pcr0 ?? '',
        '--bundle',
        bundle,
        '--trusted-root',
        root,
        '--json'
      ],
      io
    )
    expect(status).toBe(0)
    expect(JSON.parse(out.join(''))).toMatchObject({
      verified: true,
      measurement: pcr0,
      sourceRepository: 'acme/hello',
      sourceCommit: commit,
      workflow: 'acme/hello/.github/workflows/release.yml@refs/heads/main',
      target: 'nitro',
      build: { binary: { sha256: build.binary.sha256 } }
    })
  })
})
