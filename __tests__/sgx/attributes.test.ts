import { describe, expect, it } from '@jest/globals'
import { enclaveAttributes } from '../../src/targets/sgx/attributes.js'
import { codeOf } from '../gramine/helpers.js'

const defaults = (): Map<string, unknown> =>
  new Map<string, unknown>([
    ['avx', 'unspecified'],
    ['avx512', 'unspecified'],
    ['amx', 'unspecified'],
    ['mpx', 'disabled'],
    ['pkru', 'disabled']
  ])

describe('enclave attributes', () => {
  it('gives Gramine defaults: MODE64BIT, legacy XFRM, constant mask', () => {
    const a = enclaveAttributes({
      debug: false,
      useExinfo: false,
      cpuFeatures: defaults()
    })
    expect(a).toEqual({
      flags: 4n,
      xfrm: 3n,
      xfrmMask: 0xfffffffffff9ff1bn,
      miscSelect: 0
    })
  })

  it('sets DEBUG and MISCSELECT.EXINFO only for a literal true', () => {
    expect(enclaveAttributes({ debug: true, useExinfo: true }).flags).toBe(6n)
    expect(enclaveAttributes({ debug: true, useExinfo: true }).miscSelect).toBe(
      1
    )
    expect(enclaveAttributes({ debug: 'true', useExinfo: 1 }).flags).toBe(4n)
    expect(enclaveAttributes({ debug: 'true', useExinfo: 1 }).miscSelect).toBe(
      0
    )
  })

  it('clears AVX again when avx512 is disabled after avx is required (Gramine quirk)', () => {
    const f = defaults()
    f.set('avx', 'required')
    f.set('avx512', 'disabled')
    const a = enclaveAttributes({
      debug: true,
      useExinfo: true,
      cpuFeatures: f
    })
    expect(a.xfrm).toBe(3n)
    expect(a.xfrmMask).toBe(0xfffffffffff9ffffn)
  })

  it('requires features into XFRM and the mask', () => {
    const f = defaults()
    f.set('amx', 'required')
    f.set('pkru', 'required')
    const a = enclaveAttributes({
      debug: false,
      useExinfo: false,
      cpuFeatures: f
    })
    expect(a.xfrm).toBe(3n | 0x60000n | 0x200n)
    expect(a.xfrmMask).toBe(0xfffffffffff9ff1bn | 0x60000n | 0x200n)
  })

  it('refuses unknown values, and "unspecified" for mpx/pkru', async () => {
    const f = defaults()
    f.set('avx', 'maybe')
    expect(
      await codeOf(() =>
        enclaveAttributes({ debug: false, useExinfo: false, cpuFeatures: f })
      )
    ).toBe('MANIFEST_INVALID')
    const g = defaults()
    g.set('mpx', 'unspecified')
    expect(
      await codeOf(() =>
        enclaveAttributes({ debug: false, useExinfo: false, cpuFeatures: g })
      )
    ).toBe('MANIFEST_INVALID')
  })
})
