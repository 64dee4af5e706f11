// One number must not buy unbounded work: an
// sgx.enclave_size no Gramine enclave can have is refused before anything
// is hashed, and a long measurement shows progress in a terminal only.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { measureManifestSgx } from '../../src/targets/gramine/pipeline.js'
import {
  MAX_ENCLAVE_SIZE,
  sgxParams
} from '../../src/targets/gramine/sgx-params.js'
import { applyDefaults } from '../../src/targets/gramine/manifest.js'
import { parseToml } from '../../src/targets/gramine/toml.js'
import { MrenclaveBuilder } from '../../src/targets/sgx/measure.js'
import { terminalProgress } from '../../src/util/progress.js'
import { capture, codeOf, LIBPAL, tempDir } from './helpers.js'

/** A finished .manifest.sgx of the given size, without EDMM (every page hashed). */
function manifestSgx(size: string): Buffer {
  return Buffer.from(
    `[libos]\nentrypoint = "/app/hello"\n\n[loader.entrypoint]\nuri = "file:/usr/lib/x86_64-linux-gnu/gramine/libsysdb.so"\nsha256 = "${'0'.repeat(64)}"\n\n[fs]\nmounts = []\n\n[sgx]\nenclave_size = "${size}"\nmax_threads = 4\nedmm_enable = false\n`
  )
}

describe('sgx.enclave_size above what Gramine can load', () => {
  it('is 1 TiB, the EDMM default', () => {
    expect(MAX_ENCLAVE_SIZE).toBe(2 ** 40)
    const m = parseToml('[sgx]\nenclave_size = "1024G"\n')
    applyDefaults(m, '/g')
    expect(sgxParams(m).enclaveSize).toBe(2 ** 40)
  })

  it.each(['2048G', '1048576G', '0x20000000000', '2147483648M'])(
    '%s is refused as MANIFEST_INVALID before any hashing',
    async (size) => {
      const t0 = Date.now()
      const libpal = readFileSync(LIBPAL)
      const err = await codeOf(() =>
        measureManifestSgx(manifestSgx(size), libpal)
      )
      expect(err).toBe('MANIFEST_INVALID')
      // hashing 2 TiB takes ~25 s; the check takes nothing
      expect(Date.now() - t0).toBeLessThan(2000)
    }
  )

  it('the CLI says what the limit is and why', async () => {
    const dir = await tempDir()
    const path = join(dir, 'big.manifest.sgx')
    await writeFile(path, manifestSgx('1048576G'))
    const io = capture()
    expect(
      await cli(
        ['gramine', 'measure', '--manifest-sgx', path, '--libpal', LIBPAL],
        io
      )
    ).toBe(2)
    expect(io.err).toMatch(/^error\[MANIFEST_INVALID\]: sgx.enclave_size/)
    expect(io.err).toContain('1024G')
  })
})

describe('progress of a long measurement', () => {
  it('is drawn only in a terminal, after a second, and cleared at the end', () => {
    let t = 0
    const drawn: string[] = []
    const tty = { isTTY: true, write: (s: string) => drawn.push(s) }
    const p = terminalProgress('measuring', tty, () => t)
    expect(p).toBeDefined()
    p!(1, 100) // at once: nothing (short work shows nothing)
    t = 1500
    p!(37, 100)
    t = 1550
    p!(38, 100) // too soon after the last redraw
    t = 2000
    p!(50, 100)
    p!(100, 100)
    expect(drawn).toEqual([
      '\rmeasuring: 37% of 0 GiB\x1b[K',
      '\rmeasuring: 50% of 0 GiB\x1b[K',
      '\r\x1b[K'
    ])
    expect(terminalProgress('x', { isTTY: false, write: () => 0 })).toBe(
      undefined
    )
    expect(terminalProgress('x', { write: () => 0 })).toBe(undefined)
  })

  it('the measurement reports its bytes as it goes, and ends at the size', () => {
    const size = 2 ** 32 // 4 GiB: 16 batches of 256 MiB
    const seen: number[] = []
    const m = new MrenclaveBuilder(size, (done, total) => {
      expect(total).toBe(size)
      seen.push(done)
    })
    m.ecreate(4)
    m.addUnmeasuredPages(0, size / 4096, 0x207)
    m.digest()
    expect(seen.length).toBeGreaterThan(8)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(seen.at(-1)).toBe(size)
  })

  it('the CLI draws it when stderr is a terminal, and not otherwise', async () => {
    const dir = await tempDir()
    const path = join(dir, 'g.manifest.sgx')
    await writeFile(path, manifestSgx('16G'))
    const args = [
      'gramine',
      'measure',
      '--manifest-sgx',
      path,
      '--libpal',
      LIBPAL
    ]
    const piped = capture()
    expect(await cli(args, piped)).toBe(0)
    expect(piped.err).toBe('')
    const tty = Object.assign(capture(), { stderrIsTTY: true })
    expect(await cli(args, tty)).toBe(0)
    expect(tty.out).toBe(piped.out)
    // 16 GiB may hash in under the quiet second: drawn or not, it is cleared
    if (tty.err !== '') expect(tty.err.endsWith('\r\x1b[K')).toBe(true)
  })
})
