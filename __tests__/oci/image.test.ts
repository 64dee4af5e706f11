import { describe, expect, it } from '@jest/globals'
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    cwd: process.cwd(),
    env: {},
    stdout: (t: string) => {
      io.out += t
    },
    stderr: (t: string) => {
      io.err += t
    }
  }
  return io
}

interface Out {
  digest: string
  manifest: string
  config: string
  layers: string[]
  diffIds: string[]
}

/** A small x86-64 ELF64 header and payload: what `oci image` packs is bytes. */
function fakeElf(payload: string): Buffer {
  const h = Buffer.alloc(64)
  h.write('\x7fELF', 0, 'latin1')
  h[4] = 2
  h[5] = 1
  h[6] = 1
  h.writeUInt16LE(2, 16)
  h.writeUInt16LE(62, 18)
  return Buffer.concat([h, Buffer.from(payload)])
}

async function image(args: string[]): Promise<Out> {
  const io = capture()
  const code = await cli(['oci', 'image', ...args, '--json'], io)
  if (code !== 0) throw new Error(io.err)
  return JSON.parse(io.out) as Out
}

const sha = (b: Buffer): string =>
  `sha256:${createHash('sha256').update(b).digest('hex')}`
const blob = (dir: string, d: string): Buffer =>
  readFileSync(join(dir, 'blobs', 'sha256', d.slice(7)))

describe('oci image', () => {
  const work = mkdtempSync(join(tmpdir(), 'eb-oci-'))
  const bin1 = join(work, 'a', 'server')
  const bin2 = join(work, 'b-server')
  spawnSync('mkdir', ['-p', join(work, 'a')])
  writeFileSync(bin1, fakeElf('program'))
  writeFileSync(bin2, fakeElf('program'))
  const common = [
    '--entrypoint',
    '/app/server',
    '--env',
    'A=1',
    '--label',
    'tee.launch_policy.log_redirect=always',
    '--user',
    '65532',
    '--created',
    '2025-01-02T03:04:05Z'
  ]

  it('regression: the same inputs from another path give the same digests; the layout is self-consistent', async () => {
    const x = await image([
      '--binary',
      bin1,
      '--output',
      join(work, 'x'),
      ...common
    ])
    const y = await image([
      '--binary',
      bin2,
      '--output',
      join(work, 'y'),
      ...common
    ])
    expect(y).toEqual(x)
    expect(x.manifest).toBe(x.digest)
    const manifest = blob(join(work, 'x'), x.digest)
    expect(sha(manifest)).toBe(x.digest)
    const m = JSON.parse(manifest.toString()) as {
      config: { digest: string }
      layers: { digest: string }[]
    }
    expect(m.config.digest).toBe(x.config)
    const config = JSON.parse(blob(join(work, 'x'), x.config).toString()) as {
      config: {
        Entrypoint: string[]
        Env: string[]
        Labels: Record<string, string>
        User: string
      }
      rootfs: { diff_ids: string[] }
    }
    expect(config.config).toEqual({
      User: '65532',
      Env: ['A=1'],
      Entrypoint: ['/app/server'],
      Labels: { 'tee.launch_policy.log_redirect': 'always' }
    })
    expect(config.rootfs.diff_ids).toEqual(x.diffIds)
    const other = await image([
      '--binary',
      bin1,
      '--output',
      join(work, 'z'),
      ...common.slice(0, -1),
      '2025-01-02T03:04:06Z'
    ])
    expect(other.digest).not.toBe(x.digest)
  })

  it('a gzip layer inflates (node:zlib) to the tar its diff ID names, and GNU tar lists it with fixed owners and times', async () => {
    const g = await image([
      '--binary',
      bin1,
      '--output',
      join(work, 'g'),
      '--compression',
      'gzip',
      ...common
    ])
    const gz = blob(join(work, 'g'), g.layers[0])
    const tar = gunzipSync(gz)
    expect(sha(tar)).toBe(g.diffIds[0])
    writeFileSync(join(work, 'layer.tar'), tar)
    const list = spawnSync(
      'tar',
      ['--numeric-owner', '--full-time', '-tvf', join(work, 'layer.tar')],
      { encoding: 'utf8' }
    )
    expect(list.status).toBe(0)
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' '))
    ).toEqual([
      'drwxr-xr-x 0/0 0 2025-01-02 03:04:05 app/',
      `-rwxr-xr-x 0/0 ${fakeElf('program').length} 2025-01-02 03:04:05 app/server`
    ])
  })

  it('refuses an unpinned base, a non-empty output and a bad --created', async () => {
    for (const args of [
      ['--base', 'ghcr.io/x/y:latest'],
      ['--output', join(work, 'x')],
      ['--created', 'yesterday']
    ]) {
      const io = capture()
      const all = [
        'oci',
        'image',
        '--binary',
        bin1,
        '--output',
        join(work, `n${Math.random()}`),
        ...args
      ]
      expect(await cli(all, io)).toBe(2)
    }
  })
})

const CRANE = process.env.CRANE
;(CRANE ? describe : describe.skip)(
  'crane reads the image and agrees on every digest (needs CRANE from .ci/crane.sh)',
  () => {
    it('push to crane registry serve on loopback: digest, config, manifest, validate', async () => {
      const work = mkdtempSync(join(tmpdir(), 'eb-oci-crane-'))
      writeFileSync(join(work, 'server'), fakeElf('crane'))
      const out = await image([
        '--binary',
        join(work, 'server'),
        '--output',
        join(work, 'img'),
        '--compression',
        'gzip',
        '--created',
        '2025-01-01T00:00:00Z'
      ])
      const port = 20000 + Math.floor(Math.random() * 20000)
      const reg = spawn(
        CRANE as string,
        ['registry', 'serve', '--address', `127.0.0.1:${port}`],
        { stdio: 'ignore' }
      )
      try {
        await new Promise((r) => setTimeout(r, 700))
        const ref = `127.0.0.1:${port}/img:t`
        const run = (...a: string[]): string => {
          const r = spawnSync(CRANE as string, [...a, '--insecure'], {
            encoding: 'utf8'
          })
          if (r.status !== 0)
            throw new Error(`crane ${a.join(' ')}: ${r.stderr}`)
          return r.stdout
        }
        run('push', join(work, 'img'), ref)
        expect(run('digest', ref).trim()).toBe(out.digest)
        expect(sha(Buffer.from(run('config', ref)))).toBe(out.config)
        expect(sha(Buffer.from(run('manifest', ref)))).toBe(out.digest)
        expect(run('validate', '--remote', ref)).toMatch(/PASS/)
      } finally {
        reg.kill()
      }
    })
  }
)

const UMOCI = process.env.UMOCI
const SKOPEO = process.env.SKOPEO
;(UMOCI && SKOPEO ? describe : describe.skip)(
  'umoci and skopeo read the layout (needs UMOCI, SKOPEO from .ci/umoci.sh)',
  () => {
    it('skopeo raw manifest and config hash to our digests; umoci unpacks the binary', async () => {
      const work = mkdtempSync(join(tmpdir(), 'eb-oci-umoci-'))
      const elf = fakeElf('umoci')
      writeFileSync(join(work, 'server'), elf)
      const out = await image([
        '--binary',
        join(work, 'server'),
        '--output',
        join(work, 'img'),
        '--tag',
        'v1'
      ])
      const sk = (...a: string[]): Buffer => {
        const r = spawnSync(SKOPEO as string, a)
        if (r.status !== 0) throw new Error(r.stderr.toString())
        return r.stdout
      }
      expect(sha(sk('inspect', '--raw', `oci:${join(work, 'img')}:v1`))).toBe(
        out.digest
      )
      expect(
        sha(sk('inspect', '--config', '--raw', `oci:${join(work, 'img')}:v1`))
      ).toBe(out.config)
      const un = spawnSync(
        UMOCI as string,
        [
          'raw',
          'unpack',
          '--rootless',
          '--image',
          `${join(work, 'img')}:v1`,
          join(work, 'root')
        ],
        { encoding: 'utf8' }
      )
      expect(un.status).toBe(0)
      expect(readFileSync(join(work, 'root', 'app', 'server'))).toEqual(elf)
    })
  }
)
