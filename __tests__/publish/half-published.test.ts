// A failed publish never leaves the tag on an artifact without its
// attestation, and always names what is already public: the artifact goes
// in by digest, the referrer after it, and the tag moves last.
import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EnclaveBuildError } from '../../src/errors.js'
import { publishArtifact } from '../../src/publish/push.js'

const sha = (b: Uint8Array | string): string =>
  createHash('sha256').update(b).digest('hex')

/**
 * An OCI distribution registry in memory (the HTTP API of the distribution
 * spec: blob HEAD/POST/PUT, manifest PUT/GET), answering through fetch.
 * `failPut` makes the PUT of a manifest whose body matches fail with 500.
 */
function memoryRegistry(failPut: (body: string) => boolean) {
  const blobs = new Set<string>()
  const manifests = new Map<string, string>()
  const puts: string[] = []
  const answer = (input: string | URL, init?: RequestInit): Response => {
    const url = new URL(input)
    const method = init?.method ?? 'GET'
    const path = url.pathname
    if (path === '/v2/') return new Response('{}')
    const blob = /^\/v2\/acme\/app\/blobs\/(sha256:[a-f0-9]{64})$/.exec(path)
    if (blob && method === 'HEAD')
      return new Response(null, { status: blobs.has(blob[1]) ? 200 : 404 })
    if (path === '/v2/acme/app/blobs/uploads/' && method === 'POST')
      return new Response(null, {
        status: 202,
        headers: { location: '/v2/acme/app/blobs/uploads/1' }
      })
    if (path === '/v2/acme/app/blobs/uploads/1' && method === 'PUT') {
      blobs.add(url.searchParams.get('digest') ?? '')
      return new Response(null, { status: 201 })
    }
    const m = /^\/v2\/acme\/app\/manifests\/(.+)$/.exec(path)
    if (m && method === 'PUT') {
      const body = Buffer.from(init?.body as Uint8Array).toString()
      puts.push(m[1])
      if (failPut(body)) return new Response('broken', { status: 500 })
      manifests.set(m[1], body)
      return new Response(null, {
        status: 201,
        headers: { 'docker-content-digest': `sha256:${sha(body)}` }
      })
    }
    if (m && method === 'GET') {
      const body = manifests.get(m[1])
      return body === undefined
        ? new Response('{}', { status: 404 })
        : new Response(body)
    }
    return new Response('no', { status: 404 })
  }
  const fetch = (input: string | URL, init?: RequestInit) =>
    Promise.resolve(answer(input, init))
  return { fetch, manifests, puts }
}

function input() {
  const dir = mkdtempSync(join(tmpdir(), 'eb-half-'))
  const file = join(dir, 'app.eif')
  writeFileSync(file, 'enclave image')
  return {
    reference: 'oci://127.0.0.1:5999/acme/app:v1',
    facts: {
      target: 'nitro',
      measurements: [{ name: 'PCR0', value: '00'.repeat(48) }]
    },
    files: [{ kind: 'eif', path: file, sha256: sha('enclave image') }],
    bundle: {
      json: { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' },
      predicateType: 'https://example.com/measurement/v1'
    }
  }
}

describe('publish when the referrer cannot be stored', () => {
  it('does not move the tag, and names the artifact already public', async () => {
    // the referrer manifest is the one with a subject
    const reg = memoryRegistry((body) => body.includes('"subject"'))
    const err = await publishArtifact(input(), {
      fetch: reg.fetch as typeof fetch,
      sleep: () => Promise.resolve()
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(EnclaveBuildError)
    expect(reg.manifests.has('v1')).toBe(false)
    expect(reg.puts).not.toContain('v1')
    const message = (err as Error).message
    expect(message).toMatch(
      /Already public: the artifact oci:\/\/127\.0\.0\.1:5999\/acme\/app@sha256:[a-f0-9]{64} \(untagged\)/
    )
    expect(message).toMatch(/acme\/app:v1 was not moved/)
  })

  it('moves the tag last when everything is stored', async () => {
    const reg = memoryRegistry(() => false)
    const r = await publishArtifact(input(), {
      fetch: reg.fetch as typeof fetch,
      sleep: () => Promise.resolve()
    })
    expect(reg.puts[reg.puts.length - 1]).toBe('v1')
    expect(reg.manifests.get('v1')).toBe(reg.manifests.get(r.digest))
    expect(r.bundleDigest).toMatch(/^sha256:/)
  })
})
