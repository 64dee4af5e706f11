// Hostile archives and image layouts given to the command line: every one
// ends in a coded error (INPUT_INVALID, exit 2, for the user's own files)
// or in exactly what the reference tool computes, promptly, and never as
// INTERNAL (a TypeError passing for a bug of ours).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cli } from '../../src/cli/main.js'
import { EnclaveBuildError } from '../../src/errors.js'
import { layerToExt4 } from '../../src/targets/aci/layer-hash.js'
import { readTar } from '../../src/targets/aci/tar-reader.js'
import {
  imageConfig,
  imageManifest,
  indexManifests,
  LOCAL_LAYOUT,
  MAX_LAYERS
} from '../../src/model/oci-shape.js'
import { writeLayout } from '../../src/targets/oci/layout-write.js'
import type { BuiltImage } from '../../src/targets/oci/image.js'
import { hostileTars } from '../../__fixtures__/aci/hostile-tars.js'
import { tar as makeTar } from '../../__fixtures__/aci/tar-gen.js'
import { capture } from '../gramine/helpers.js'

const oracle = JSON.parse(
  readFileSync('__fixtures__/aci/hostile.json', 'utf8')
) as { layers: Record<string, { rootHash?: string; refused?: string }> }

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'eb-hostile-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(args: string[]) {
  const io = capture()
  const t0 = Date.now()
  const code = await cli(args, io)
  return { code, out: io.out, err: io.err, ms: Date.now() - t0 }
}

describe('aci layer-hash on hostile layer tars agrees with hcsshim v0.15.0', () => {
  const tars = hostileTars()
  it('covers every layer the oracle was run on', () => {
    expect(Object.keys(tars).sort()).toEqual(Object.keys(oracle.layers).sort())
  })
  it.each(Object.keys(tars))('%s', async (name) => {
    const file = join(dir, `${name}.tar`)
    writeFileSync(file, tars[name])
    const r = await run(['aci', 'layer-hash', file, '--json'])
    const want = oracle.layers[name]
    if (want.rootHash !== undefined) {
      expect(r.err).toBe('')
      expect(JSON.parse(r.out)).toEqual({ rootHash: want.rootHash })
    } else {
      expect(r.err).toMatch(/^error\[INPUT_INVALID\]/)
      expect(r.code).toBe(2)
    }
    expect(r.ms).toBeLessThan(5_000)
  })
})

/** A layout directory: the blobs by their digest and index.json. */
function layout(name: string, index: unknown, blobs: Buffer[] = []): string {
  const d = join(dir, name)
  mkdirSync(join(d, 'blobs', 'sha256'), { recursive: true })
  for (const b of blobs) writeFileSync(join(d, 'blobs', 'sha256', sha(b)), b)
  writeFileSync(
    join(d, 'index.json'),
    typeof index === 'string' ? index : JSON.stringify(index)
  )
  writeFileSync(join(d, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  return d
}
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex')
const J = (v: unknown): Buffer => Buffer.from(JSON.stringify(v))
const desc = (
  b: Buffer,
  mediaType = 'application/vnd.oci.image.manifest.v1+json'
) => ({
  mediaType,
  digest: `sha256:${sha(b)}`,
  size: b.length
})
const LAYER = makeTar([{ name: 'a', type: '0', data: Buffer.from('a') }])
const LAYER_DESC = desc(LAYER, 'application/vnd.oci.image.layer.v1.tar')
const config = (extra: Record<string, unknown> = {}, diffIds = 1) =>
  J({
    architecture: 'amd64',
    os: 'linux',
    rootfs: {
      type: 'layers',
      diff_ids: Array(diffIds).fill(`sha256:${sha(LAYER)}`)
    },
    ...extra
  })
/** A layout of one image whose manifest and config are given. */
function image(name: string, manifest: unknown, blobs: Buffer[]): string {
  const m = J(manifest)
  return layout(name, { schemaVersion: 2, manifests: [desc(m)] }, [m, ...blobs])
}
const manifestOf = (c: Buffer, layers = [LAYER_DESC]) => ({
  schemaVersion: 2,
  config: desc(c, 'application/vnd.oci.image.config.v1+json'),
  layers
})

describe('OCI layouts of the wrong shape are INPUT_INVALID, never INTERNAL', () => {
  const cases: [string, () => string, RegExp][] = [
    [
      'index.json is null',
      () => layout('n1', 'null'),
      /index\.json is not a JSON object/
    ],
    [
      'manifests is an object',
      () => layout('n2', { manifests: {} }),
      /manifests is not a list/
    ],
    [
      'manifests holds null',
      () => layout('n3', { manifests: [null] }),
      /manifest 0 is not a descriptor/
    ],
    [
      'a digest with ../',
      () =>
        layout('n4', {
          manifests: [{ digest: 'sha256:../../../etc/passwd', size: 1 }]
        }),
      /unsupported digest/
    ],
    [
      'a negative size',
      () =>
        layout('n5', {
          manifests: [{ digest: `sha256:${'0'.repeat(64)}`, size: -1 }]
        }),
      /no valid size/
    ],
    [
      'a layer that is null',
      () => {
        const c = config()
        return image('n6', manifestOf(c, [null as never]), [c])
      },
      /layer 0 is not a descriptor/
    ],
    [
      'config that is null',
      () => {
        const c = J(null)
        return image('n7', manifestOf(c), [c, LAYER])
      },
      /config is not a JSON object/
    ],
    [
      'config without rootfs',
      () => {
        const c = J({ os: 'linux', architecture: 'amd64' })
        return image('n8', manifestOf(c), [c, LAYER])
      },
      /rootfs\.diff_ids/
    ],
    [
      'diff_ids not one per layer',
      () => {
        const c = config({}, 2)
        return image('n9', manifestOf(c), [c, LAYER])
      },
      /2 diff_ids for the manifest's 1 layers/
    ],
    [
      'Env that is a string',
      () => {
        const c = config({ config: { Env: 'A=1' } })
        return image('n10', manifestOf(c), [c, LAYER])
      },
      /Env is not of its type/
    ],
    [
      'Labels with a number',
      () => {
        const c = config({ config: { Labels: { a: 1 } } })
        return image('n11', manifestOf(c), [c, LAYER])
      },
      /Labels is not of its type/
    ],
    [
      `${MAX_LAYERS + 1} layers`,
      () => {
        const c = config({}, MAX_LAYERS + 1)
        return image(
          'n12',
          manifestOf(
            c,
            Array.from({ length: MAX_LAYERS + 1 }, () => LAYER_DESC)
          ),
          [c, LAYER]
        )
      },
      /lists 1001 entries, more than 1000/
    ],
    [
      'a config blob named as the manifest',
      () => {
        const c = config()
        return layout('n13', { manifests: [desc(c)] }, [c])
      },
      /the manifest has no config or layers/
    ],
    [
      'indexes nested three deep',
      () => {
        const IDX = 'application/vnd.oci.image.index.v1+json'
        const c = J({ manifests: [desc(J({}))] })
        const b = J({ manifests: [desc(c, IDX)] })
        const a = J({ manifests: [desc(b, IDX)] })
        return layout('n14', { manifests: [desc(a, IDX)] }, [a, b, c])
      },
      /exactly one image manifest/
    ]
  ]
  it.each(cases)(
    '%s: aci policy and oci image --base-layout',
    async (_n, make, msg) => {
      const img = make()
      const bin = join(dir, 'true.elf')
      writeFileSync(bin, readFileSync('/usr/bin/true'))
      for (const args of [
        [
          'aci',
          'policy',
          '--image',
          img,
          '--output',
          join(img, '..', `${_n}.rego`)
        ],
        [
          'oci',
          'image',
          '--binary',
          bin,
          '--base-layout',
          img,
          '--output',
          join(img, '..', `${_n}.out`)
        ]
      ]) {
        const r = await run(args)
        expect(r.err).toMatch(/^error\[INPUT_INVALID\]: OCI layout: /)
        expect(r.err).toMatch(msg)
        expect(r.code).toBe(2)
        expect(existsSync(args[args.length - 1])).toBe(false)
      }
    }
  )

  it('a well-formed layout still gives a policy (null runtime fields as Docker writes them)', async () => {
    const c = config({
      config: { Env: null, Labels: null, Cmd: null, Entrypoint: ['/a'] }
    })
    const img = image('ok', manifestOf(c), [c, LAYER])
    const r = await run([
      'aci',
      'policy',
      '--image',
      img,
      '--output',
      join(dir, 'ok.rego'),
      '--json'
    ])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
  })

  it('a layer listed many times is hashed once', async () => {
    const n = MAX_LAYERS
    const c = config({}, n)
    const img = image(
      'dup',
      manifestOf(
        c,
        Array.from({ length: n }, () => LAYER_DESC)
      ),
      [c, LAYER]
    )
    const r = await run([
      'aci',
      'policy',
      '--image',
      img,
      '--output',
      join(dir, 'dup.rego'),
      '--json'
    ])
    expect(r.code).toBe(0)
    const layers = (JSON.parse(r.out) as { layers: string[] }).layers
    expect(new Set(layers).size).toBe(1)
    expect(layers).toHaveLength(n)
    // 1000 layers hashed one by one took ~3 s here; once, a few ms
    expect(r.ms).toBeLessThan(2_000)
  })
})

describe('a registry that serves documents of the wrong shape is blamed (HTTP_ERROR)', () => {
  const remote = {
    code: 'HTTP_ERROR' as const,
    prefix: 'registry.example served'
  }
  it.each([
    [
      'a manifest that is a list',
      () => imageManifest(Buffer.from('[]'), remote)
    ],
    [
      'an index of strings',
      () =>
        indexManifests(Buffer.from('{"manifests":["x"]}'), 'an index', remote)
    ],
    [
      'a config without os',
      () => imageConfig(Buffer.from('{"rootfs":{"diff_ids":[]}}'), 0, remote)
    ]
  ])('%s', (_n, f) => {
    expect(f).toThrow(expect.objectContaining({ code: 'HTTP_ERROR' }))
    expect(f).toThrow(/^registry\.example served /)
  })
})

describe('properties: the readers of untrusted archives throw only coded errors', () => {
  const coded = (f: () => unknown): void => {
    try {
      f()
    } catch (err) {
      if (!(err instanceof EnclaveBuildError) || err.code === 'INTERNAL')
        throw err
    }
  }
  const seeds = Object.values(hostileTars()).filter(
    (b) => b.length > 0 && b.length < 8192
  )
  it('readTar and layerToExt4 on mutated hostile tars', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          maxLength: 8
        }),
        fc.nat(),
        (seed, flips, cut) => {
          const b = Buffer.from(seed)
          for (const [at, v] of flips) b[at % b.length] = v
          const t = b.subarray(0, cut % (b.length + 1))
          coded(() => [...readTar(t)])
          coded(() => layerToExt4(t))
        }
      ),
      { numRuns: 300 }
    )
  })
  it('the index, manifest and config checks on any JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const b = Buffer.from(JSON.stringify(v) ?? 'null')
        coded(() => indexManifests(b, 'index.json', LOCAL_LAYOUT))
        coded(() => imageManifest(b, LOCAL_LAYOUT))
        coded(() => imageConfig(b, 1, LOCAL_LAYOUT))
      }),
      { numRuns: 500 }
    )
  })
})

describe('oci image writes its layout whole or not at all', () => {
  it('a write that fails half-way leaves no directory and no temp', async () => {
    const out = join(dir, 'half')
    const blobs = new Map<string, Buffer>([
      [`sha256:${'a'.repeat(64)}`, Buffer.from('first')],
      // a name no file system takes: the second write fails
      [`sha256:${'b'.repeat(300)}`, Buffer.from('second')]
    ])
    const img = {
      blobs,
      manifestDescriptor: {
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${'a'.repeat(64)}`,
        size: 5,
        platform: { architecture: 'amd64', os: 'linux' }
      }
    } as unknown as BuiltImage
    await expect(writeLayout(out, img)).rejects.toThrow(EnclaveBuildError)
    expect(existsSync(out)).toBe(false)
    expect(
      readdirSync(dir).filter((n) => n.includes('enclave-build-tmp'))
    ).toEqual([])
  })
})
