// Whose fault is it: a registry that sends a 3 GiB manifest or garbage is
// a remote fault (a remote code, exit 1), not the user's INPUT_INVALID; and
// a service that never answers is given up on at an overall deadline that
// the error states, not after four full timeouts.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { cli } = await import('../../src/cli/main.js')
const { httpRequest } = await import('../../src/util/http.js')

let server: Server
let port: number
const requests: string[] = []
beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`)
    if (req.url === '/v2/' || req.url === '/v2') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{}')
      return
    }
    if (req.url?.startsWith('/v2/huge/manifests/')) {
      // says 3 GiB, sends one byte, and waits
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'content-length': String(3 * 2 ** 30),
        'docker-content-digest': `sha256:${'0'.repeat(64)}`
      })
      res.write('{')
      return
    }
    if (req.url?.startsWith('/v2/garbage/manifests/')) {
      res.writeHead(200, {
        'content-type': 'application/vnd.oci.image.manifest.v1+json'
      })
      res.end('this is not json')
      return
    }
    if (req.url?.startsWith('/silent')) return // never answers
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

async function run(argv: string[]) {
  let stderr = ''
  const status = await cli(argv, {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd: process.cwd(),
    env: {}
  })
  return { status, stderr }
}

describe('a misbehaving registry', () => {
  it.each(['huge', 'garbage'])(
    'verify --bundle oci://…/%s: a remote code and exit 1',
    async (name) => {
      const r = await run([
        'verify',
        '--bundle',
        `oci://127.0.0.1:${port}/${name}:v1`,
        '--measurement',
        '00'.repeat(48)
      ])
      expect(r.stderr).toMatch(/^error\[(HTTP_ERROR|REGISTRY_REFUSED)\]/)
      expect(r.stderr).not.toMatch(/INPUT_INVALID/)
      expect(r.status).toBe(1)
    },
    20_000
  )
})

describe('a service that never answers', () => {
  it('is given up on at the overall deadline, which the error states', async () => {
    const t0 = Date.now()
    const err = await httpRequest(`http://127.0.0.1:${port}/silent`, {
      what: 'asking the silent service',
      timeoutMs: 60_000,
      retries: 3,
      deadlineMs: 3000
    }).catch((e: unknown) => e)
    const ms = Date.now() - t0
    expect((err as { code?: string }).code).toBe('HTTP_ERROR')
    expect((err as Error).message).toMatch(/3 s deadline/)
    expect(ms).toBeLessThan(6000)
  }, 20_000)
})
