import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { publishImage } from '../../src/publish/image.js'
import { REGISTRY_DISTRIBUTION, startRegistry } from '../publish/registry.js'

const CRANE = process.env.CRANE

/*
 * The oci target's publish: the image itself pushed to Debian's
 * distribution registry on loopback, the bundle attached as its referrer
 * (tag schema: that registry has no referrers API), and crane, which we
 * did not write, reading back the same digest and the referrers tag.
 */
;(REGISTRY_DISTRIBUTION && CRANE ? describe : describe.skip)(
  'publish an oci image as is, bundle as referrer (needs REGISTRY_DISTRIBUTION from .ci/registry.sh and CRANE from .ci/crane.sh)',
  () => {
    it('the registry serves the attested digest; the referrers tag names the bundle', async () => {
      const w = mkdtempSync(join(tmpdir(), 'eb-oci-pub-'))
      const h = Buffer.alloc(64)
      h.write('\x7fELF\x02\x01\x01', 0, 'latin1')
      h.writeUInt16LE(62, 18)
      writeFileSync(join(w, 'server'), Buffer.concat([h, Buffer.from('x')]))
      let out = ''
      const io: CliIO = {
        cwd: w,
        env: {},
        stdout: (t) => (out += t) as unknown as void,
        stderr: () => undefined
      }
      expect(
        await cli(
          [
            'oci',
            'image',
            '--binary',
            'server',
            '--output',
            'img',
            '--compression',
            'gzip',
            '--json'
          ],
          io
        )
      ).toBe(0)
      const img = JSON.parse(out) as { digest: string }
      const reg = await startRegistry(REGISTRY_DISTRIBUTION)
      try {
        const r = await publishImage(join(w, 'img'), {
          reference: `oci://${reg.host}/acme/app:v1`,
          bundle: {
            json: {
              mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json'
            },
            predicateType: 'https://example/p'
          },
          created: '2025-01-01T00:00:00Z'
        })
        expect(r.digest).toBe(img.digest)
        expect(r.referrers).toBe('tag-schema')
        const crane = (...a: string[]): string => {
          const c = spawnSync(CRANE as string, [...a, '--insecure'], {
            encoding: 'utf8'
          })
          if (c.status !== 0) throw new Error(c.stderr)
          return c.stdout.trim()
        }
        expect(crane('digest', `${reg.host}/acme/app:v1`)).toBe(img.digest)
        const tag = `sha256-${img.digest.slice(7)}`
        const index = JSON.parse(
          crane('manifest', `${reg.host}/acme/app:${tag}`)
        ) as { manifests: { digest: string }[] }
        expect(index.manifests.map((m) => m.digest)).toEqual([r.bundleDigest])
        expect(
          crane('validate', '--remote', `${reg.host}/acme/app:v1`)
        ).toMatch(/PASS/)
      } finally {
        await reg.stop()
      }
    })
  }
)
