import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { parseChallenge } from '../../src/oci/auth.js'
import { digestOf, RegistryClient } from '../../src/oci/client.js'
import { parseOciReference } from '../../src/oci/reference.js'
import type { FetchFn } from '../../src/util/http.js'

/** A fetch that answers from a script and records what was asked. */
function scripted(answer: (url: string, init: RequestInit) => Response): {
  fetch: FetchFn
  calls: { url: string; init: RequestInit }[]
} {
  const calls: { url: string; init: RequestInit }[] = []
  const fetch = ((url: string, init: RequestInit) => {
    calls.push({ url, init })
    return Promise.resolve(answer(url, init))
  }) as unknown as FetchFn
  return { fetch, calls }
}
const header = (init: RequestInit, name: string): string | undefined =>
  (init.headers as Record<string, string> | undefined)?.[name]

describe('parseOciReference', () => {
  it('splits registry, name, tag and digest; http only on loopback', () => {
    expect(parseOciReference('oci://ghcr.io/acme/app:v1.2.3')).toEqual({
      registry: 'ghcr.io',
      name: 'acme/app',
      tag: 'v1.2.3',
      baseUrl: 'https://ghcr.io'
    })
    const d = `sha256:${'a'.repeat(64)}`
    expect(parseOciReference(`oci://127.0.0.1:5000/x/y@${d}`)).toMatchObject({
      digest: d,
      baseUrl: 'http://127.0.0.1:5000'
    })
    expect(parseOciReference('oci://localhost:5000/x:t').baseUrl).toBe(
      'http://localhost:5000'
    )
    expect(parseOciReference('oci://reg.example:443/x:t').baseUrl).toBe(
      'https://reg.example:443'
    )
  })

  it('refuses what is not a reference, never guessing docker.io', () => {
    for (const bad of [
      'ghcr.io/acme/app:v1',
      'oci://acme/app:v1',
      'oci://ghcr.io/Acme/app:v1',
      'oci://ghcr.io/acme/app',
      'oci://ghcr.io/acme/app:-bad',
      'oci://ghcr.io/acme/app@sha256:abc',
      'oci://gh cr.io/acme/app:v1',
      'oci://ghcr.io//app:v1'
    ])
      expect(() => parseOciReference(bad)).toThrow(
        expect.objectContaining({ code: 'INPUT_INVALID' })
      )
    expect(() =>
      parseOciReference(`oci://ghcr.io/a/b@sha256:${'0'.repeat(64)}`, {
        needTag: true
      })
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }))
  })

  it('never throws anything but INPUT_INVALID (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseOciReference(`oci://${s}`)
        } catch (err) {
          expect((err as { code?: string }).code).toBe('INPUT_INVALID')
        }
      })
    )
  })
})

describe('parseChallenge', () => {
  it('reads Bearer and Basic challenges as registries send them', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:a/b:pull"'
      )
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://ghcr.io/token',
        service: 'ghcr.io',
        scope: 'repository:a/b:pull'
      }
    })
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' }
    })
    expect(parseChallenge('Negotiate abc')).toBeUndefined()
    expect(parseChallenge(null)).toBeUndefined()
  })
})

const ref = parseOciReference('oci://reg.example/acme/app:v1')
const sleep = (): Promise<void> => Promise.resolve()

describe('RegistryClient', () => {
  it('answers a Bearer challenge with a token for the push scope, sent with the login', async () => {
    const manifest = Buffer.from('{"schemaVersion":2}')
    const { fetch, calls } = scripted((url, init) => {
      if (url.startsWith('https://auth.example/token'))
        return Response.json({ token: 'T0KEN' })
      if (header(init, 'Authorization') !== 'Bearer T0KEN')
        return new Response('', {
          status: 401,
          headers: {
            'WWW-Authenticate':
              'Bearer realm="https://auth.example/token",service="reg.example"'
          }
        })
      return new Response('', {
        status: 201,
        headers: { 'Docker-Content-Digest': digestOf(manifest) }
      })
    })
    const client = new RegistryClient(ref, {
      actions: 'pull,push',
      credentials: { username: 'u', password: 'p' },
      fetch,
      sleep
    })
    await expect(
      client.putManifest('v1', manifest, 'application/json')
    ).resolves.toEqual({ digest: digestOf(manifest) })
    const token = new URL(calls[1].url)
    expect(token.searchParams.get('scope')).toBe(
      'repository:acme/app:pull,push'
    )
    expect(token.searchParams.get('service')).toBe('reg.example')
    expect(header(calls[1].init, 'Authorization')).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`
    )
    expect(calls).toHaveLength(3)
  })

  it('never sends the login to a token realm over plain http', async () => {
    const { fetch, calls } = scripted((url) =>
      url.startsWith('http://auth.example')
        ? Response.json({ token: 'T' })
        : new Response('', {
            status: 401,
            headers: {
              'WWW-Authenticate': 'Bearer realm="http://auth.example/t"'
            }
          })
    )
    const client = new RegistryClient(ref, {
      actions: 'pull',
      credentials: { username: 'u', password: 'p' },
      fetch,
      sleep
    })
    await expect(client.getManifest('v1')).rejects.toMatchObject({
      code: 'REGISTRY_REFUSED'
    })
    expect(header(calls[1].init, 'Authorization')).toBeUndefined()
  })

  it('retries 5xx and 429, then succeeds', async () => {
    let n = 0
    const { fetch } = scripted(() =>
      ++n < 3
        ? new Response('busy', { status: n === 1 ? 503 : 429 })
        : new Response('', { status: 200 })
    )
    const client = new RegistryClient(ref, { actions: 'pull', fetch, sleep })
    await expect(client.hasBlob(`sha256:${'a'.repeat(64)}`)).resolves.toBe(true)
    expect(n).toBe(3)
  })

  it('refuses a manifest larger than 4 MiB and bytes that do not match the digest', async () => {
    const big = Buffer.alloc(4 * 1024 * 1024 + 1, 0x20)
    const { fetch } = scripted(() => new Response(big))
    const client = new RegistryClient(ref, { actions: 'pull', fetch, sleep })
    // the registry's fault: a remote code (exit 1), not the user's
    await expect(client.getManifest('v1')).rejects.toMatchObject({
      code: 'HTTP_ERROR'
    })
    const liar = new RegistryClient(ref, {
      actions: 'pull',
      fetch: scripted(() => new Response('{}')).fetch,
      sleep
    })
    await expect(
      liar.getManifest(`sha256:${'b'.repeat(64)}`)
    ).rejects.toMatchObject({ code: 'SIGNATURE_INVALID' })
  })

  it('treats a referrers answer that is not an OCI index as no referrers API', async () => {
    const client = new RegistryClient(ref, {
      actions: 'pull',
      fetch: scripted(() => new Response('<html>', { status: 200 })).fetch,
      sleep
    })
    await expect(client.referrers(`sha256:${'c'.repeat(64)}`)).resolves.toBe(
      undefined
    )
  })
})
