import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { EnclaveBuildError } from '../../src/errors.js'
import { readDynamic } from '../../src/elf/dynamic.js'
import { lddInChroot } from '../../src/targets/cgo/ldd.js'
import { renderTemplate } from '../../src/targets/gramine/template.js'
import { codeOf, tempDir } from './helpers.js'

/** A minimal x86-64 ELF64 with PT_INTERP, one PT_LOAD and a PT_DYNAMIC. */
function makeElf(o: {
  needed: string[]
  interp?: string
  rpath?: string
  runpath?: string
}): Buffer {
  const buf = Buffer.alloc(2048)
  buf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1])
  buf.writeUInt16LE(3, 16) // ET_DYN
  buf.writeUInt16LE(62, 18) // EM_X86_64
  buf.writeUInt32LE(1, 20)
  buf.writeBigUInt64LE(64n, 32) // e_phoff
  buf.writeUInt16LE(64, 52)
  buf.writeUInt16LE(56, 54)
  buf.writeUInt16LE(3, 56)
  let str = '\0'
  const at = (s: string): number => {
    const off = str.length
    str += `${s}\0`
    return off
  }
  const dyn: [number, number][] = o.needed.map((n) => [1, at(n)])
  if (o.rpath !== undefined) dyn.push([15, at(o.rpath)])
  if (o.runpath !== undefined) dyn.push([29, at(o.runpath)])
  const interpOff = 1900
  if (o.interp !== undefined) buf.write(`${o.interp}\0`, interpOff, 'latin1')
  dyn.push([5, 256], [10, str.length], [0, 0])
  buf.write(str, 256, 'latin1')
  dyn.forEach(([t, v], i) => {
    buf.writeBigInt64LE(BigInt(t), 1024 + 16 * i)
    buf.writeBigUInt64LE(BigInt(v), 1032 + 16 * i)
  })
  const ph = (i: number, type: number, off: number, size: number): void => {
    const b = 64 + 56 * i
    buf.writeUInt32LE(type, b)
    buf.writeBigUInt64LE(BigInt(off), b + 8)
    buf.writeBigUInt64LE(BigInt(off), b + 16)
    buf.writeBigUInt64LE(BigInt(size), b + 32)
    buf.writeBigUInt64LE(BigInt(size), b + 40)
  }
  ph(0, o.interp === undefined ? 0 : 3, interpOff, (o.interp?.length ?? 0) + 1)
  ph(1, 1, 0, 2048)
  ph(2, 2, 1024, 16 * dyn.length)
  return buf
}

let root = ''
const put = async (p: string, data: Buffer | string): Promise<void> => {
  await mkdir(dirname(join(root, p)), { recursive: true })
  await writeFile(join(root, p), data)
}

beforeAll(async () => {
  root = await tempDir()
  const LD = '/lib64/ld-linux-x86-64.so.2'
  await put(
    '/app/bin/prog',
    makeElf({
      needed: ['libapp.so', 'libc.so.6'],
      interp: LD,
      runpath: '$ORIGIN/../lib'
    })
  )
  await put(
    '/app/lib/libapp.so',
    makeElf({ needed: ['libz.so.1', 'libc.so.6'] })
  )
  await put(
    '/lib/x86_64-linux-gnu/libc.so.6',
    makeElf({ needed: ['ld-linux-x86-64.so.2'] })
  )
  await put(
    '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
    makeElf({ needed: [] })
  )
  await put('/opt/z/libz.so.1.2', makeElf({ needed: [] }))
  await mkdir(join(root, 'usr/lib/x86_64-linux-gnu'), { recursive: true })
  await symlink(
    '/opt/z/libz.so.1.2',
    join(root, 'usr/lib/x86_64-linux-gnu/libz.so.1')
  )
  await put('/usr/lib/x86_64-linux-gnu/libc.so.6', 'not an ELF')
  await put('/etc/ld.so.conf', 'include /etc/ld.so.conf.d/*.conf\n')
  await put('/etc/ld.so.conf.d/x.conf', '# none\n/nonexistent\n')
  await put('/bin/script', '#!/bin/sh\n')
  await put('/opt/alt/libc.so.6', makeElf({ needed: [] }))
  await put('/lib/x86_64-linux-gnu/libq.so', makeElf({ needed: ['libc.so.6'] }))
  await put(
    '/app/bin/prog2',
    makeElf({
      needed: ['libc.so.6', 'libq.so'],
      interp: LD,
      runpath: '/opt/alt'
    })
  )
  await mkdir(join(root, 'usr/bin'), { recursive: true })
  await symlink('/app/bin/prog', join(root, 'usr/bin/prog'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('ldd() inside the chroot', () => {
  it('follows DT_NEEDED with RUNPATH/$ORIGIN, ld.so.conf and system dirs, without the interpreter', () => {
    expect(lddInChroot(root, ['/app/bin/prog'])).toEqual([
      '/app/bin/../lib/libapp.so',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/usr/lib/x86_64-linux-gnu/libz.so.1'
    ])
  })

  it('loads each DT_NEEDED name once, as the loader matches loaded objects by name', () => {
    expect(lddInChroot(root, ['/app/bin/prog2'])).toEqual([
      '/lib/x86_64-linux-gnu/libq.so',
      '/opt/alt/libc.so.6'
    ])
    // A library has no PT_INTERP: ldd lists it through the system loader, which it leaves out.
    expect(lddInChroot(root, ['/lib/x86_64-linux-gnu/libc.so.6'])).toEqual([])
  })

  it('takes $ORIGIN of the program from the path given, as ldd does (symlink not resolved)', () => {
    // $ORIGIN/../lib is /usr/lib, which has no libapp.so: ldd prints
    // "libapp.so => not found"; gramine-manifest drops it, we refuse.
    expect(() => lddInChroot(root, ['/usr/bin/prog'])).toThrow(
      /^ldd\(\): libapp\.so, needed by \/usr\/bin\/prog, is in none of \/usr\/bin\/\.\.\/lib, \/nonexistent, \/lib\/x86_64-linux-gnu/
    )
    expect(lddInChroot(root, ['/usr/bin/prog'], { skipMissing: true })).toEqual(
      ['/lib/x86_64-linux-gnu/libc.so.6']
    )
  })

  it('is offered to templates only with a chroot', async () => {
    const t = '{% for l in ldd("/app/bin/prog") %}"file:{{ l }}",{% endfor %}'
    expect(renderTemplate(t, { variables: {}, chroot: root })).toBe(
      '"file:/app/bin/../lib/libapp.so","file:/lib/x86_64-linux-gnu/libc.so.6","file:/usr/lib/x86_64-linux-gnu/libz.so.1",'
    )
    expect(await codeOf(() => renderTemplate(t, { variables: {} }))).toBe(
      'TEMPLATE_UNSUPPORTED'
    )
    expect(
      await codeOf(() =>
        renderTemplate('{{ ldd("/bin/script") }}', {
          variables: {},
          chroot: root
        })
      )
    ).toBe('TEMPLATE_INVALID')
    expect(
      await codeOf(() =>
        renderTemplate('{{ ldd("/../../etc/passwd") }}', {
          variables: {},
          chroot: root
        })
      )
    ).toBe('TEMPLATE_INVALID')
  })

  it('a library directory it cannot look at is an error naming it, not a silent skip to the next one', async () => {
    // A name longer than NAME_MAX: lstat fails with ENAMETOOLONG (EACCES
    // cannot be made to happen as root). The next RUNPATH directory has the
    // library, so skipping would quietly give another list of trusted files.
    const long = `/${'x'.repeat(300)}`
    await put(
      '/app/bin/prog3',
      makeElf({
        needed: ['libc.so.6'],
        interp: '/lib64/ld-linux-x86-64.so.2',
        runpath: `${long}:/opt/alt`
      })
    )
    let err: unknown
    try {
      lddInChroot(root, ['/app/bin/prog3'])
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(EnclaveBuildError)
    expect((err as EnclaveBuildError).code).toBe('IO_ERROR')
    expect((err as EnclaveBuildError).message).toMatch(
      /^cannot read ldd\(\): the library path \/x{300}: .*ENAMETOOLONG/
    )
  })

  it('reads what it wrote (DT_NEEDED, RPATH, RUNPATH, PT_INTERP)', () => {
    const d = readDynamic(
      makeElf({ needed: ['a', 'b'], rpath: 'r', runpath: 'q', interp: '/i' })
    )
    expect(d).toEqual({
      needed: ['a', 'b'],
      rpath: 'r',
      runpath: 'q',
      interp: '/i'
    })
  })

  it('never throws anything but ELF_INVALID on mutated ELF files', () => {
    const base = makeElf({
      needed: ['libc.so.6'],
      runpath: '$ORIGIN',
      interp: '/lib64/ld'
    })
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2047), fc.nat(255)), { maxLength: 16 }),
        fc.nat(2048),
        (edits, len) => {
          const b = Buffer.from(base.subarray(0, Math.max(len, 1)))
          for (const [i, v] of edits) if (i < b.length) b[i] = v
          try {
            readDynamic(b)
          } catch (err) {
            expect(err).toBeInstanceOf(EnclaveBuildError)
            expect((err as EnclaveBuildError).code).toBe('ELF_INVALID')
          }
        }
      ),
      { numRuns: 2000 }
    )
  })
})
