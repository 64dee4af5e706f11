// Output paths a user (or a script) gets wrong: an output that names one of
// the inputs would silently replace it, since outputs are renamed into
// place; a symlink or a hard link planted at the output path is replaced
// itself, never written through.
import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  copyFileSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { hostileTars } from '../../__fixtures__/aci/hostile-tars.js'
import { capture } from '../gramine/helpers.js'

const blobs = resolve('examples/nitro/blobs')
const root = mkdtempSync(join(tmpdir(), 'eb-outputs-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let dir: string
let n = 0
beforeEach(() => {
  dir = join(root, String(n++))
  mkdirSync(dir)
  for (const f of ['bzImage.standin', 'init.standin'])
    copyFileSync(join(blobs, f), join(dir, f))
})

async function run(args: string[]) {
  const io = capture()
  const code = await cli(args, io)
  return { code, out: io.out, err: io.err }
}
const nitro = (ramdisk: string, output: string) => [
  'nitro',
  'build',
  '--kernel',
  join(dir, 'bzImage.standin'),
  '--cmdline',
  'console=ttyS0',
  '--ramdisk',
  ramdisk,
  '--output',
  output
]
const bytes = (f: string) => readFileSync(f)

describe('an output that is one of the inputs is refused before any work', () => {
  it('nitro build --output naming the ramdisk', async () => {
    const r0 = join(dir, 'init.standin')
    const before = bytes(r0)
    const r = await run(nitro(r0, r0))
    expect(r.err).toMatch(
      /^error\[INPUT_INVALID\]: --output .* is also the input --ramdisk/
    )
    expect(r.code).toBe(2)
    expect(bytes(r0)).toEqual(before)
  })

  it('the input named through a symlink, the output by its real path', async () => {
    symlinkSync('init.standin', join(dir, 'link'))
    const r = await run(
      nitro(join(dir, 'link'), join(dir, 'sub', '..', 'init.standin'))
    )
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/is also the input --ramdisk/)
  })

  it('the output through a symlinked directory', async () => {
    symlinkSync(dir, join(root, `alias-${n}`))
    const r = await run(
      nitro(join(dir, 'init.standin'), join(root, `alias-${n}`, 'init.standin'))
    )
    expect(r.code).toBe(2)
  })

  it('coco initdata --output naming a --file', async () => {
    const t = join(dir, 't.toml')
    writeFileSync(t, 'a = 1\n')
    const r = await run(['coco', 'initdata', '--file', `a=${t}`, '--output', t])
    expect(r.code).toBe(2)
    expect(readFileSync(t, 'utf8')).toBe('a = 1\n')
  })

  it('aci layer-hash --ext4-output naming the layer', async () => {
    const l = join(dir, 'l.tar')
    writeFileSync(l, hostileTars().devices)
    const r = await run(['aci', 'layer-hash', l, '--ext4-output', l])
    expect(r.code).toBe(2)
    expect(bytes(l)).toEqual(hostileTars().devices)
  })

  it('uki build --output naming the kernel', async () => {
    const k = join(dir, 'bzImage.standin')
    const before = bytes(k)
    const r = await run([
      'uki',
      'build',
      '--stub',
      resolve('__fixtures__/uki/synthetic/stub-257.efi'),
      '--kernel',
      k,
      '--initrd',
      join(dir, 'init.standin'),
      '--output',
      k
    ])
    expect(r.err).toMatch(/is also the input --kernel/)
    expect(bytes(k)).toEqual(before)
  })
})

describe('links planted at the output path are replaced, not written through', () => {
  it('a symlink to an unrelated file', async () => {
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'keep')
    symlinkSync(victim, join(dir, 'out.eif'))
    const r = await run(nitro(join(dir, 'init.standin'), join(dir, 'out.eif')))
    expect(r.err).toBe('')
    expect(readFileSync(victim, 'utf8')).toBe('keep')
    expect(lstatSync(join(dir, 'out.eif')).isFile()).toBe(true)
  })

  it('a symlink to the input itself: the link is replaced, the input kept', async () => {
    const r0 = join(dir, 'init.standin')
    const before = bytes(r0)
    symlinkSync(r0, join(dir, 'out.eif'))
    const r = await run(nitro(r0, join(dir, 'out.eif')))
    expect(r.err).toBe('')
    expect(bytes(r0)).toEqual(before)
    expect(lstatSync(join(dir, 'out.eif')).isFile()).toBe(true)
  })

  it('a hard link to the input: the name is replaced, the input kept', async () => {
    const r0 = join(dir, 'init.standin')
    const before = bytes(r0)
    linkSync(r0, join(dir, 'out.eif'))
    const r = await run(nitro(r0, join(dir, 'out.eif')))
    expect(r.err).toBe('')
    expect(bytes(r0)).toEqual(before)
    expect(bytes(join(dir, 'out.eif'))).not.toEqual(before)
  })
})
