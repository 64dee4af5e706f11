import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { lookupAttestations } from '../../src/verify/lookup.js'
import { runVerify } from '../../src/verify/run.js'
import { snappyDecode } from '../../src/verify/snappy.js'
import {
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import {
  COMMIT,
  measurement,
  NITRO,
  signKeyless,
  statements
} from '../../__fixtures__/verify/attestation.js'

let mock: MockSigstore
let dir: string
let root: string
let bundle: unknown
const LOOKUP = measurement('PCR0', 'sha384', NITRO.PCR0).lookupDigest

beforeAll(async () => {
  mock = await startMockSigstore()
  dir = await mkdtemp(join(tmpdir(), 'verify-lookup-'))
  root = join(dir, 'trusted_root.json')
  await writeFile(root, JSON.stringify(mock.trustedRoot))
  bundle = (await signKeyless(mock, statements.nitro())).bundle
})
afterAll(async () => {
  await mock.close()
  await rm(dir, { recursive: true, force: true })
})

/** Snappy with literals only: valid input for any decoder. */
function snappyLiterals(data: Buffer): Buffer {
  const out: number[] = []
  let n = data.length
  do {
    out.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0))
    n >>>= 7
  } while (n > 0)
  const parts: Buffer[] = [Buffer.from(out)]
  for (let i = 0; i < data.length; i += 60) {
    const chunk = data.subarray(i, i + 60)
    parts.push(Buffer.from([(chunk.length - 1) << 2]), chunk)
  }
  return Buffer.concat(parts)
}

/** A fake GitHub API; records the requests it saw. */
function fakeApi(routes: Record<string, () => Response>): {
  fetch: typeof fetch
  seen: { url: string; auth?: string }[]
} {
  const seen: { url: string; auth?: string }[] = []
  const f = (input: string, init?: RequestInit) => {
    const url = input
    const headers = (init?.headers ?? {}) as Record<string, string>
    seen.push({ url, auth: headers.Authorization })
    const route = Object.keys(routes).find((r) => url.startsWith(r))
    return Promise.resolve(
      route
        ? routes[route]()
        : new Response('{"message":"Not Found"}', { status: 404 })
    )
  }
  return { fetch: f as unknown as typeof fetch, seen }
}

const API = 'https://api.example.test'
const LIST = `${API}/repos/acme/enclave-app/attestations/sha256:${LOOKUP}`

describe('snappy', () => {
  it('decodes literals and overlapping copies', () => {
    // "abc" literal, then a copy of 9 bytes at offset 3.
    expect(
      snappyDecode(Buffer.from('0c08616263' + '1503', 'hex'))?.toString()
    ).toBe('abcabcabcabc')
    const data = Buffer.from(JSON.stringify(bundle))
    expect(snappyDecode(snappyLiterals(data))?.equals(data)).toBe(true)
  })

  it('returns undefined, never throws, on garbage', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const r = snappyDecode(bytes)
        expect(r === undefined || Buffer.isBuffer(r)).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })
})

describe('GitHub attestation lookup', () => {
  it('GETs the lookup digest with the token and verifies what comes back', async () => {
    const api = fakeApi({
      [LIST]: () =>
        Response.json({ attestations: [{ bundle, repository_id: 1 }] })
    })
    const r = await runVerify(
      {
        measurement: NITRO.PCR0,
        lookup: { repository: 'acme/enclave-app', token: 't0ken', apiUrl: API },
        trustedRootPath: root,
        policy: {}
      },
      { fetch: api.fetch }
    )
    expect([r.sourceCommit, r.identityPolicy]).toEqual([COMMIT, 'pinned'])
    expect(api.seen[0].url).toContain(
      `/attestations/sha256:${LOOKUP}?per_page=100&predicate_type=`
    )
    expect(api.seen[0].auth).toBe('Bearer t0ken')
  })

  it('fetches bundle_url (Snappy or plain JSON) without the token', async () => {
    const compressed = snappyLiterals(Buffer.from(JSON.stringify(bundle)))
    const api = fakeApi({
      [LIST]: () =>
        Response.json({
          attestations: [
            { bundle: null, bundle_url: 'https://blob.example.test/a' },
            { bundle: null, bundle_url: 'https://blob.example.test/b' }
          ]
        }),
      'https://blob.example.test/a': () => new Response(compressed),
      'https://blob.example.test/b': () => Response.json(bundle)
    })
    const found = await lookupAttestations({
      repository: 'acme/enclave-app',
      digest: LOOKUP,
      token: 't',
      apiUrl: API,
      fetch: api.fetch
    })
    expect(found.map((f) => f.json)).toEqual([bundle, bundle])
    expect(api.seen.slice(1).map((s) => s.auth)).toEqual([undefined, undefined])
  })

  it('ATTESTATION_NOT_FOUND on 404 or an empty list', async () => {
    for (const routes of [
      {},
      { [LIST]: () => Response.json({ attestations: [] }) }
    ]) {
      const err = await lookupAttestations({
        repository: 'acme/enclave-app',
        digest: LOOKUP,
        apiUrl: API,
        fetch: fakeApi(routes).fetch
      }).catch((e: unknown) => e)
      expect((err as EnclaveBuildError).code).toBe('ATTESTATION_NOT_FOUND')
    }
  })

  it('a server error stays an HTTP_ERROR after retries', async () => {
    const api = fakeApi({ [LIST]: () => new Response('down', { status: 502 }) })
    const err = await lookupAttestations({
      repository: 'acme/enclave-app',
      digest: LOOKUP,
      apiUrl: API,
      fetch: api.fetch,
      retries: 2,
      sleep: () => Promise.resolve()
    }).catch((e: unknown) => e)
    expect([(err as EnclaveBuildError).code, api.seen.length]).toEqual([
      'HTTP_ERROR',
      3
    ])
  })

  it('the repository given for lookup also pins the identity', async () => {
    const api = fakeApi({
      [`${API}/repos/evil/fork/`]: () =>
        Response.json({ attestations: [{ bundle }] })
    })
    const err = await runVerify(
      {
        measurement: NITRO.PCR0,
        lookup: { repository: 'evil/fork', apiUrl: API },
        trustedRootPath: root,
        policy: {}
      },
      { fetch: api.fetch }
    ).catch((e: unknown) => e)
    expect((err as EnclaveBuildError).code).toBe('IDENTITY_MISMATCH')
    expect(await readFile(root, 'utf8')).toContain('trustedroot')
  })
})
