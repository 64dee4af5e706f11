import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import {
  capture,
  expected,
  NAMES,
  ROOTFS,
  tempDir,
  VECTORS,
  vectorFile
} from './helpers.js'

// Every vector made by Gramine v1.9's own tools, reproduced at all three
// levels through the command line the held-out vectors are run against.
describe.each(NAMES)('vector %s', (name) => {
  const e = expected(name)
  const at = (p: string): string => join(VECTORS, p)

  it('.manifest -> .manifest.sgx and .sig are byte-identical', async () => {
    const dir = await tempDir()
    const io = capture()
    const args = [
      'gramine',
      'sign',
      '--manifest',
      vectorFile(name, '.manifest'),
      '--output',
      join(dir, 'x.manifest.sgx'),
      '--sigfile',
      join(dir, 'x.sig'),
      '--libpal',
      at(e.libpal),
      '--key',
      at(e.key),
      '--date',
      e.date,
      '--chroot',
      ROOTFS,
      '--json'
    ]
    expect(await cli(args, io)).toBe(0)
    expect(readFileSync(join(dir, 'x.manifest.sgx'))).toEqual(
      readFileSync(vectorFile(name, '.manifest.sgx'))
    )
    expect(readFileSync(join(dir, 'x.sig'))).toEqual(
      readFileSync(vectorFile(name, '.sig'))
    )
    expect(JSON.parse(io.out)).toEqual({
      mrenclave: e.mrenclave,
      mrsigner: e.mrsigner,
      isvprodid: e.isvprodid,
      isvsvn: e.isvsvn,
      debug: e.debug
    })
  })

  it('.manifest.sgx + libpal -> MRENCLAVE', async () => {
    const io = capture()
    const args = [
      'gramine',
      'measure',
      '--manifest-sgx',
      vectorFile(name, '.manifest.sgx'),
      '--libpal',
      at(e.libpal),
      '--json'
    ]
    expect(await cli(args, io)).toBe(0)
    expect(JSON.parse(io.out)).toEqual({ mrenclave: e.mrenclave })
  })

  it('sigstruct-view JSON equals gramine-sgx-sigstruct-view', async () => {
    const io = capture()
    expect(
      await cli(
        ['sgx', 'sigstruct-view', vectorFile(name, '.sig'), '--json'],
        io
      )
    ).toBe(0)
    const want = JSON.parse(
      readFileSync(join(VECTORS, name, 'sigstruct.json'), 'utf8')
    ) as unknown
    expect(JSON.parse(io.out)).toEqual(want)
    expect(JSON.parse(io.out)).toEqual(e.sigstruct_view)
  })
})

// g6 has no template: its .manifest was written by hand.
const WITH_TEMPLATE = NAMES.filter((n) =>
  existsSync(vectorFile(n, '.manifest.template'))
)

describe.each(WITH_TEMPLATE)('vector %s template', (name) => {
  const e = expected(name)
  const template = vectorFile(name, '.manifest.template')
  it('template -> .manifest is byte-identical', async () => {
    const dir = await tempDir()
    const out = join(dir, 'out.manifest')
    const io = capture()
    const defines = e.defines.flatMap((d) => ['-D', d])
    const code = await cli(
      [
        'gramine',
        'manifest',
        '--template',
        template,
        '--output',
        out,
        '--chroot',
        ROOTFS,
        ...defines,
        '--json'
      ],
      io
    )
    expect(io.err).toBe('')
    expect(code).toBe(0)
    expect(readFileSync(out)).toEqual(
      readFileSync(vectorFile(name, '.manifest'))
    )
  })
})
