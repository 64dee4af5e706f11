import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { applyDefaults } from '../../src/targets/gramine/manifest.js'
import { finalizeManifest } from '../../src/targets/gramine/pipeline.js'
import { parseToml, type TomlTable } from '../../src/targets/gramine/toml.js'
import {
  expandTrustedFiles,
  hashLoaderEntrypoint
} from '../../src/targets/gramine/trusted-files.js'
import { codeOf, tempDir } from './helpers.js'

const sha = (s: string): string => createHash('sha256').update(s).digest('hex')

/** A small enclave root with nested dirs, symlinks and a file outside. */
async function root(): Promise<string> {
  const base = await tempDir()
  const r = join(base, 'root')
  await mkdir(join(r, 'lib/sub'), { recursive: true })
  await mkdir(join(r, 'other'), { recursive: true })
  await writeFile(join(base, 'secret'), 'outside')
  await writeFile(join(r, 'lib/b.so'), 'b')
  await writeFile(join(r, 'lib/a.so'), 'a')
  await writeFile(join(r, 'lib/Z.so'), 'Z')
  await writeFile(join(r, 'lib/.hidden'), 'h')
  await writeFile(join(r, 'lib/sub/c.so'), 'c')
  await writeFile(join(r, 'other/o.txt'), 'o')
  await symlink('a.so', join(r, 'lib/link.so'))
  await symlink('/other', join(r, 'lib/dirlink'))
  await symlink('../../../secret', join(r, 'lib/escape'))
  await symlink('loop2', join(r, 'loop1'))
  await symlink('loop1', join(r, 'loop2'))
  return r
}

async function expand(r: string, entries: string): Promise<[string, string][]> {
  const m = parseToml(
    `sgx.trusted_files = ${entries}\nloader.entrypoint.sha256 = "x"`
  )
  applyDefaults(m, '/gramine')
  await expandTrustedFiles(m, r)
  const tfs = (m.get('sgx') as TomlTable).get('trusted_files') as TomlTable[]
  return tfs.map((t) => [t.get('uri') as string, t.get('sha256') as string])
}

describe('trusted files with --chroot', () => {
  it('expands directories in sorted order, keeps file symlinks, skips symlinked dirs', async () => {
    const r = await root()
    // lib/escape points outside: refused, so it is tested separately
    await writeFile(join(r, 'lib/escape-free'), 'e')
    const got = await expand(r, '["file:/lib/sub/", "file:/other/"]')
    expect(got).toEqual([
      ['file:/lib/sub/c.so', sha('c')],
      ['file:/other/o.txt', sha('o')]
    ])
  })

  it('lists a whole directory like Gramine: byte order, hidden files, symlink target hashes', async () => {
    const r = await root()
    const { unlink } = await import('node:fs/promises')
    await unlink(join(r, 'lib/escape'))
    const got = await expand(r, '["file:/lib/"]')
    expect(got).toEqual([
      ['file:/lib/.hidden', sha('h')],
      ['file:/lib/Z.so', sha('Z')],
      ['file:/lib/a.so', sha('a')],
      ['file:/lib/b.so', sha('b')],
      ['file:/lib/link.so', sha('a')],
      ['file:/lib/sub/c.so', sha('c')]
    ])
  })

  it('merges duplicates and keeps a given sha256', async () => {
    const r = await root()
    const got = await expand(
      r,
      `["file:/lib/a.so", { uri = "file:/lib/b.so", sha256 = "${'0'.repeat(64)}" }, "file:/lib/b.so", "file:/lib/a.so"]`
    )
    expect(got).toEqual([
      ['file:/lib/a.so', sha('a')],
      ['file:/lib/b.so', '0'.repeat(64)]
    ])
  })

  it('refuses conflicting sha256 values for one URI', async () => {
    const r = await root()
    const e = `["1", "2"]`
      .replace(
        '"1"',
        `{ uri = "file:/lib/a.so", sha256 = "${'1'.repeat(64)}" }`
      )
      .replace(
        '"2"',
        `{ uri = "file:/lib/a.so", sha256 = "${'2'.repeat(64)}" }`
      )
    expect(await codeOf(() => expand(r, e))).toBe('MANIFEST_INVALID')
  })

  it('refuses paths and symlinks that climb out of the root', async () => {
    const r = await root()
    expect(await codeOf(() => expand(r, '["file:/../secret"]'))).toBe(
      'PATH_ESCAPES_ROOT'
    )
    expect(await codeOf(() => expand(r, '["file:/lib/escape"]'))).toBe(
      'PATH_ESCAPES_ROOT'
    )
    expect(await codeOf(() => expand(r, '["file:/lib/"]'))).toBe(
      'PATH_ESCAPES_ROOT'
    )
  })

  it('re-roots absolute symlinks inside the chroot', async () => {
    const r = await root()
    await symlink('/lib/b.so', join(r, 'abs.so'))
    expect(await expand(r, '["file:/abs.so"]')).toEqual([
      ['file:/abs.so', sha('b')]
    ])
  })

  it('refuses loops, missing files, wrong slashes, other schemes and relative paths', async () => {
    const r = await root()
    expect(await codeOf(() => expand(r, '["file:/loop1"]'))).toBe(
      'MANIFEST_INVALID'
    )
    expect(await codeOf(() => expand(r, '["file:/nope"]'))).toBe(
      'FILE_NOT_FOUND'
    )
    expect(await codeOf(() => expand(r, '["file:/nodir/x"]'))).toBe(
      'FILE_NOT_FOUND'
    )
    expect(await codeOf(() => expand(r, '["file:/lib"]'))).toBe(
      'MANIFEST_INVALID'
    )
    expect(await codeOf(() => expand(r, '["file:/lib/a.so/"]'))).toBe(
      'MANIFEST_INVALID'
    )
    expect(await codeOf(() => expand(r, '["http://x/y"]'))).toBe(
      'MANIFEST_INVALID'
    )
    expect(await codeOf(() => expand(r, '["file:lib/a.so"]'))).toBe(
      'MANIFEST_INVALID'
    )
    expect(
      await codeOf(() => expand(r, '[{ uri = "file:/lib/a.so", extra = 1 }]'))
    ).toBe('MANIFEST_INVALID')
    expect(await codeOf(() => expand(r, '[1]'))).toBe('MANIFEST_INVALID')
  })

  it('hashes loader.entrypoint inside the chroot', async () => {
    const r = await root()
    const entry = new Map([['uri', 'file:/lib/a.so']]) as TomlTable
    await hashLoaderEntrypoint(entry, r)
    expect(entry.get('sha256')).toBe(sha('a'))
  })
})

describe('trusted files without --chroot', () => {
  it('reads host paths and keeps URIs as written', async () => {
    const r = await root()
    const text = await finalizeManifest(
      `libos.entrypoint = "/x"\nfs.mounts = []\nloader.entrypoint.uri = "file:${r}/lib/a.so"\nsgx.trusted_files = ["file:${r}/lib/sub/"]`,
      {}
    )
    expect(text).toContain(
      `uri = "file:${r}/lib/sub/c.so"\nsha256 = "${sha('c')}"`
    )
    expect(text).toContain(`sha256 = "${sha('a')}"`)
  })
})
