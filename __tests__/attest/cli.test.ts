import {
  mkdtemp,
  readFile,
  rm,
  stat,
  writeFile,
  readdir
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleFromJSON } from '@sigstore/bundle'
import { toSignedEntity } from '@sigstore/verify'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import {
  githubPolicy,
  mockVerifier,
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import { PCR0, PCR0_LOOKUP, MRENCLAVE, sampleBuild } from './sample.js'

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

let dir: string
let mock: MockSigstore
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'attest-cli-'))
  mock = await startMockSigstore()
  await writeFile(join(dir, 'build.json'), JSON.stringify(sampleBuild()))
  await writeFile(join(dir, 'app.eif'), 'eif bytes')
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

describe('enclave-build attest', () => {
  it('gen-key, statement, sign --key, verify-key: the README flow', async () => {
    let io = capture(dir)
    expect(
      await cli(['attest', 'gen-key', '--output', 'k.pem', '--json'], io)
    ).toBe(0)
    const key = JSON.parse(io.out) as { publicKey: string; keyHint: string }
    expect(key.publicKey).toBe(join(dir, 'k.pub'))
    expect((await stat(join(dir, 'k.pem'))).mode & 0o777).toBe(0o600)

    io = capture(dir)
    expect(
      await cli(
        [
          'attest',
          'statement',
          '--build-record',
          'build.json',
          '--target',
          'nitro',
          '--measurement',
          `PCR0=${PCR0.toUpperCase()}`,
          '--measurement',
          `MRENCLAVE=${MRENCLAVE}`,
          '--artifact',
          'eif=app.eif',
          '--output',
          'app.intoto.json',
          '--json'
        ],
        io
      )
    ).toBe(0)
    const st = JSON.parse(io.out) as {
      subject: { name: string; digest: { sha256: string } }[]
    }
    expect(st.subject).toContainEqual({
      name: 'measurement:PCR0',
      digest: { sha256: PCR0_LOOKUP }
    })
    expect(st.subject.map((s) => s.name)).toContain('app.eif')

    io = capture(dir)
    expect(
      await cli(
        [
          'attest',
          'sign',
          '--statement',
          'app.intoto.json',
          '--key',
          'k.pem',
          '--output',
          'app.sigstore.json',
          '--json'
        ],
        io
      )
    ).toBe(0)
    expect(JSON.parse(io.out)).toMatchObject({
      mode: 'key',
      keyHint: key.keyHint
    })

    io = capture(dir)
    expect(
      await cli(
        [
          'attest',
          'verify-key',
          '--bundle',
          'app.sigstore.json',
          '--public-key',
          'k.pub',
          '--measurement',
          PCR0,
          '--json'
        ],
        io
      )
    ).toBe(0)
    expect(JSON.parse(io.out)).toMatchObject({
      verified: true,
      subject: 'measurement:PCR0'
    })

    io = capture(dir)
    expect(
      await cli(
        [
          'attest',
          'verify-key',
          '--bundle',
          'app.sigstore.json',
          '--public-key',
          'k.pub',
          '--measurement',
          'cd'.repeat(48)
        ],
        io
      )
    ).toBe(1)
    expect(io.err).toMatch(/^error\[MEASUREMENT_NOT_SUBJECT\]/)
  })

  it('signs keyless against the mock with injected endpoints', async () => {
    await writeFile(
      join(dir, 's.json'),
      JSON.stringify({
        _type: 'https://in-toto.io/Statement/v1',
        subject: [{ name: 'x', digest: { sha256: 'ab'.repeat(32) } }],
        predicateType: 'https://example.com/p/v1',
        predicate: {}
      })
    )
    const io = capture(dir, {
      ACTIONS_ID_TOKEN_REQUEST_URL: mock.oidcRequestURL,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: mock.oidcRequestToken
    })
    expect(
      await cli(
        [
          'attest',
          'sign',
          '--statement',
          's.json',
          '--output',
          's.sigstore.json',
          '--fulcio-url',
          mock.fulcioURL,
          '--rekor-url',
          mock.rekorURL,
          '--json'
        ],
        io
      )
    ).toBe(0)
    expect(JSON.parse(io.out)).toMatchObject({
      mode: 'keyless',
      logIndex: expect.stringMatching(/^\d+$/)
    })
    const bundle = bundleFromJSON(
      JSON.parse(await readFile(join(dir, 's.sigstore.json'), 'utf8'))
    )
    expect(() =>
      mockVerifier(mock.trustedRoot).verify(
        toSignedEntity(bundle),
        githubPolicy()
      )
    ).not.toThrow()
  })

  it('fails with coded errors and leaves no output behind', async () => {
    const before = await readdir(dir)
    const cases: [string[], RegExp, number][] = [
      [
        ['attest', 'sign', '--output', 'o.json'],
        /INPUT_INVALID.*--statement/,
        2
      ],
      [
        [
          'attest',
          'sign',
          '--statement',
          'missing.json',
          '--output',
          'o.json',
          '--key',
          'k.pem'
        ],
        /FILE_NOT_FOUND/,
        2
      ],
      [
        [
          'attest',
          'sign',
          '--statement',
          'build.json',
          '--output',
          'o.json',
          '--key',
          'k.pem'
        ],
        /INPUT_INVALID.*in-toto/,
        2
      ],
      [
        [
          'attest',
          'sign',
          '--statement',
          'app.intoto.json',
          '--output',
          'o.json'
        ],
        /INPUT_INVALID.*not a GitHub Actions job/,
        2
      ],
      [
        [
          'attest',
          'statement',
          '--build-record',
          'build.json',
          '--target',
          't',
          '--measurement',
          'PCR0=abc',
          '--output',
          'o.json'
        ],
        /INPUT_INVALID.*hex digits/,
        2
      ],
      [
        [
          'attest',
          'statement',
          '--build-record',
          'app.eif',
          '--target',
          't',
          '--output',
          'o.json'
        ],
        /INPUT_INVALID.*not JSON/,
        2
      ],
      [
        [
          'attest',
          'statement',
          '--build-record',
          'build.json',
          '--target',
          't',
          '--measurement',
          `M=${MRENCLAVE}`,
          '--artifact',
          'eif=nope.eif',
          '--output',
          'o.json'
        ],
        /FILE_NOT_FOUND/,
        2
      ],
      [
        ['attest', 'gen-key', '--output', 'x.pem', '--public-key', 'x.pem'],
        /INPUT_INVALID/,
        2
      ]
    ]
    for (const [argv, err, status] of cases) {
      const io = capture(dir)
      expect({ argv, status: await cli(argv, io) }).toEqual({ argv, status })
      expect(io.err).toMatch(err)
    }
    expect(await readdir(dir)).toEqual(before)
  })
})
