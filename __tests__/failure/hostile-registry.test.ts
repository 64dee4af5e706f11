// An image pulled from a registry (aci policy --image oci://…, oci image
// --base) whose documents have the wrong shape is the registry's fault:
// HTTP_ERROR and exit 1, never the user's INPUT_INVALID and never a
// TypeError reported as INTERNAL.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { cli } = await import('../../src/cli/main.js')

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const INDEX = 'application/vnd.oci.image.index.v1+json'
/** Repository name → [content type, body] of its manifest. */
const served: Record<string, [string, string]> = {
  garbage: [MANIFEST, 'this is not json'],
  'null-config': [MANIFEST, '{"schemaVersion":2,"config":null,"layers":[]}'],
  'layers-of-null': [
    MANIFEST,
    `{"schemaVersion":2,"config":{"digest":"sha256:${'0'.repeat(64)}","size":2},"layers":[null]}`
  ],
  'index-of-numbers': [INDEX, '{"manifests":[1,2,3]}'],
  'index-digest-escape': [
    INDEX,
    '{"manifests":[{"digest":"sha256:../../../x","size":1,"platform":{"os":"linux","architecture":"amd64"}}]}'
  ]
}

let server: Server
let port: number
let dir: string
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eb-registry-'))
  server = createServer((req, res) => {
    const m = /^\/v2\/([^/]+)\/manifests\//.exec(req.url ?? '')
    const doc = m ? served[m[1]] : undefined
    if (req.url === '/v2/' || doc) {
      res.writeHead(200, { 'content-type': doc?.[0] ?? 'application/json' })
      res.end(doc?.[1] ?? '{}')
      return
    }
    res.writeHead(404)
    res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
  rmSync(dir, { recursive: true, force: true })
})

describe('a registry serving documents of the wrong shape', () => {
  it.each(Object.keys(served))(
    'aci policy --image oci://…/%s: HTTP_ERROR, exit 1',
    async (name) => {
      let stderr = ''
      const status = await cli(
        [
          'aci',
          'policy',
          '--image',
          `oci://127.0.0.1:${port}/${name}:v1`,
          '--output',
          join(dir, `${name}.rego`)
        ],
        {
          stdout: () => undefined,
          stderr: (t) => (stderr += t),
          cwd: dir,
          env: {}
        }
      )
      expect(stderr).toMatch(
        new RegExp(`^error\\[HTTP_ERROR\\]: 127\\.0\\.0\\.1:${port} served `)
      )
      expect(status).toBe(1)
    },
    20_000
  )
})
