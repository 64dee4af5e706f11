import { describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

interface Out {
  digest: string
  config: string
  layers: string[]
  diffIds: string[]
}

function elf(payload: string): Buffer {
  const h = Buffer.alloc(64)
  h.write('\x7fELF\x02\x01\x01', 0, 'latin1')
  h.writeUInt16LE(2, 16)
  h.writeUInt16LE(62, 18)
  return Buffer.concat([h, Buffer.from(payload)])
}

async function image(cwd: string, args: string[]): Promise<Out> {
  let out = ''
  let err = ''
  const io: CliIO = {
    cwd,
    env: {},
    stdout: (t) => {
      out += t
    },
    stderr: (t) => {
      err += t
    }
  }
  const code = await cli(['oci', 'image', ...args, '--json'], io)
  if (code !== 0) throw new Error(err)
  return JSON.parse(out) as Out
}

const work = mkdtempSync(join(tmpdir(), 'eb-oci-base-'))
writeFileSync(join(work, 'base-bin'), elf('base'))
writeFileSync(join(work, 'app'), elf('app'))

describe('oci image on a base', () => {
  it('--base-layout keeps the base layers and diff IDs first, inherits env, names the base digest', async () => {
    const base = await image(work, [
      '--binary',
      'base-bin',
      '--output',
      'base',
      '--env',
      'PATH=/bin',
      '--env',
      'A=base'
    ])
    const app = await image(work, [
      '--binary',
      'app',
      '--output',
      'app-img',
      '--base-layout',
      'base',
      '--env',
      'A=app'
    ])
    expect(app.layers.slice(0, 1)).toEqual(base.layers)
    expect(app.diffIds.slice(0, 1)).toEqual(base.diffIds)
    expect(app.layers).toHaveLength(2)
    const blob = (d: string): Record<string, unknown> =>
      JSON.parse(
        readFileSync(
          join(work, 'app-img', 'blobs', 'sha256', d.slice(7)),
          'utf8'
        )
      ) as Record<string, unknown>
    expect((blob(app.config).config as { Env: string[] }).Env).toEqual([
      'PATH=/bin',
      'A=app'
    ])
    expect(
      (blob(app.digest).annotations as Record<string, string>)[
        'org.opencontainers.image.base.digest'
      ]
    ).toBe(base.digest)
    // the base's layer blob is in the new layout, byte for byte
    expect(
      readFileSync(
        join(work, 'app-img', 'blobs', 'sha256', base.layers[0].slice(7))
      )
    ).toEqual(
      readFileSync(
        join(work, 'base', 'blobs', 'sha256', base.layers[0].slice(7))
      )
    )
  })
})

const CRANE = process.env.CRANE
;(CRANE ? describe : describe.skip)(
  'oci image --base REF@sha256 from a registry (needs CRANE from .ci/crane.sh)',
  () => {
    it('pulls the pinned base through the OCI client; crane validates the result', async () => {
      const w = mkdtempSync(join(tmpdir(), 'eb-oci-base-reg-'))
      writeFileSync(join(w, 'base-bin'), elf('base2'))
      writeFileSync(join(w, 'app'), elf('app2'))
      const base = await image(w, [
        '--binary',
        'base-bin',
        '--output',
        'base',
        '--compression',
        'gzip'
      ])
      const port = 20000 + Math.floor(Math.random() * 20000)
      const reg = spawn(
        CRANE as string,
        ['registry', 'serve', '--address', `127.0.0.1:${port}`],
        { stdio: 'ignore' }
      )
      try {
        await new Promise((r) => setTimeout(r, 700))
        const push = spawnSync(
          CRANE as string,
          ['push', join(w, 'base'), `127.0.0.1:${port}/base:v1`, '--insecure'],
          { encoding: 'utf8' }
        )
        expect(push.status).toBe(0)
        const app = await image(w, [
          '--binary',
          'app',
          '--output',
          'app-img',
          '--compression',
          'gzip',
          '--base',
          `127.0.0.1:${port}/base@${base.digest}`
        ])
        expect(app.layers[0]).toBe(base.layers[0])
        const p2 = spawnSync(
          CRANE as string,
          [
            'push',
            join(w, 'app-img'),
            `127.0.0.1:${port}/app:v1`,
            '--insecure'
          ],
          { encoding: 'utf8' }
        )
        expect(p2.status).toBe(0)
        const v = spawnSync(
          CRANE as string,
          ['validate', '--remote', `127.0.0.1:${port}/app:v1`, '--insecure'],
          { encoding: 'utf8' }
        )
        expect(v.stdout).toMatch(/PASS/)
        expect(
          spawnSync(
            CRANE as string,
            ['digest', `127.0.0.1:${port}/app:v1`, '--insecure'],
            { encoding: 'utf8' }
          ).stdout.trim()
        ).toBe(app.digest)
      } finally {
        reg.kill()
      }
    })
  }
)
