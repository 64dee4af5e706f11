import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import { layerRootHash } from '../../src/targets/aci/layer-hash.js'
import { randomLayer, tar } from '../../__fixtures__/aci/tar-gen.js'

interface Vector {
  seed: number
  rootHash?: string
  error?: string
}
const { vectors } = JSON.parse(
  readFileSync('__fixtures__/aci/vectors.json', 'utf8')
) as { vectors: Vector[] }

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

describe('aci layer-hash against hcsshim v0.15.0 (committed vectors)', () => {
  for (const v of vectors)
    it(`layer ${v.seed}: ${v.rootHash ?? 'refused'}`, () => {
      const layer = randomLayer(v.seed)
      if (v.rootHash !== undefined)
        expect(layerRootHash(layer)).toBe(v.rootHash)
      else
        expect(() => layerRootHash(layer)).toThrow(
          /cannot replace a directory with a file/
        )
    })

  it('the CLI prints {"rootHash"}, takes a gzip layer alike, and exits non-zero on a refused tar', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eb-aci-'))
    const v = vectors.find((x) => x.rootHash !== undefined) as Vector
    writeFileSync(join(dir, 'l.tar'), randomLayer(v.seed))
    writeFileSync(join(dir, 'l.tar.gz'), gzipSync(randomLayer(v.seed)))
    for (const f of ['l.tar', 'l.tar.gz']) {
      const io = capture()
      expect(await cli(['aci', 'layer-hash', join(dir, f), '--json'], io)).toBe(
        0
      )
      expect(JSON.parse(io.out)).toEqual({ rootHash: v.rootHash })
    }
    const bad = vectors.find((x) => x.error !== undefined) as Vector
    writeFileSync(join(dir, 'bad.tar'), randomLayer(bad.seed))
    writeFileSync(join(dir, 'junk.tar'), Buffer.alloc(700, 7))
    for (const f of ['bad.tar', 'junk.tar']) {
      const io = capture()
      expect(await cli(['aci', 'layer-hash', join(dir, f)], io)).not.toBe(0)
      expect(io.err).toMatch(/^error\[INPUT_INVALID\]/)
    }
  })
})

const ORACLE = process.env.HCSSHIM_ROOTHASH
;(ORACLE ? describe : describe.skip)(
  'aci layer-hash equals hcsshim on 25 random layers and edge cases (needs HCSSHIM_ROOTHASH from .ci/hcsshim.sh)',
  () => {
    it('every layer: the same root hash, or both refuse', () => {
      const dir = mkdtempSync(join(tmpdir(), 'eb-aci-oracle-'))
      const files: string[] = []
      const layers = new Map<string, Buffer>()
      for (let seed = 100; seed < 125; seed++)
        layers.set(`r${seed}`, randomLayer(seed))
      layers.set('empty', tar([]))
      layers.set(
        'root-only',
        tar([{ name: './', type: '5', mode: 0o700, mtime: 1 }])
      )
      layers.set(
        'implied-parents',
        tar([
          { name: 'a/', type: '5', mode: 0o751, mtime: 1234567, uid: 7 },
          { name: 'a/b/c/d', type: '0', data: Buffer.from('x'), mtime: 99 }
        ])
      )
      for (const [name, bytes] of layers) {
        const f = join(dir, `${name}.tar`)
        writeFileSync(f, bytes)
        files.push(f)
      }
      const r = spawnSync(ORACLE as string, files, { encoding: 'utf8' })
      expect(r.status).toBe(0)
      const lines = r.stdout.trim().split('\n')
      expect(lines).toHaveLength(files.length)
      for (const line of lines) {
        const [f, result] = line.split(' ')
        const name = f.slice(dir.length + 1, -4)
        const bytes = layers.get(name) as Buffer
        if (result === 'ERROR') expect(() => layerRootHash(bytes)).toThrow()
        else expect(`${name} ${layerRootHash(bytes)}`).toBe(`${name} ${result}`)
      }
    })

    it('tars GNU tar writes of this repository (gnu, pax, posix formats) hash alike', () => {
      const dir = mkdtempSync(join(tmpdir(), 'eb-aci-gnutar-'))
      const files: string[] = []
      for (const format of ['gnu', 'pax', 'posix']) {
        const f = join(dir, `${format}.tar`)
        const t = spawnSync(
          'tar',
          [`--format=${format}`, '-cf', f, 'src', '__fixtures__/aci'],
          { encoding: 'utf8' }
        )
        expect(t.status).toBe(0)
        files.push(f)
      }
      const r = spawnSync(ORACLE as string, files, { encoding: 'utf8' })
      for (const line of r.stdout.trim().split('\n')) {
        const [f, hash] = line.split(' ')
        expect(`${f} ${layerRootHash(readFileSync(f))}`).toBe(`${f} ${hash}`)
      }
    })
  }
)
