import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  finalizeManifest,
  measureManifestSgx,
  signManifest
} from '../../src/targets/gramine/pipeline.js'
import {
  parseDefines,
  renderTemplate
} from '../../src/targets/gramine/template.js'
import { KEY, ROOTFS, VECTORS } from './helpers.js'

// Edge-case vectors made with Gramine v1.9's own Python code (see their README).
const EXTRA = resolve('__fixtures__/vectors/gramine-extra')
const names = readdirSync(EXTRA, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

describe.each(names)('extra vector %s', (name) => {
  const file = (ext: string): string => join(EXTRA, name, `${name}${ext}`)
  const e = JSON.parse(
    readFileSync(join(EXTRA, name, 'expected.json'), 'utf8')
  ) as {
    defines: string[]
    libpal: string
    mrenclave: string
  }
  const libpal = readFileSync(join(VECTORS, e.libpal))

  it('reproduces .manifest, .manifest.sgx, .sig and MRENCLAVE', async () => {
    const rendered = renderTemplate(
      readFileSync(file('.manifest.template'), 'utf8'),
      {
        variables: parseDefines(e.defines)
      }
    )
    const manifest = await finalizeManifest(rendered, { chroot: ROOTFS })
    expect(manifest).toBe(readFileSync(file('.manifest'), 'utf8'))
    const r = await signManifest({
      manifest,
      libpal,
      keyPem: readFileSync(KEY),
      date: { year: 2025, month: 12, day: 31 },
      chroot: ROOTFS
    })
    expect(r.manifestSgx).toBe(readFileSync(file('.manifest.sgx'), 'utf8'))
    expect(r.sig).toEqual(readFileSync(file('.sig')))
    expect(r.mrenclave).toBe(e.mrenclave)
    expect(
      measureManifestSgx(readFileSync(file('.manifest.sgx')), libpal)
    ).toBe(e.mrenclave)
  })
})
