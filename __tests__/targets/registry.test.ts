import { describe, expect, it } from '@jest/globals'
import { COMMAND_NAMES } from '../../src/cli/main.js'
import { inputSections, SECRET_INPUTS } from '../../src/inputs.js'
import { OUTPUTS } from '../../src/outputs.js'
import {
  actionOutputs,
  TARGET_NAMES,
  TARGETS
} from '../../src/targets/index.js'

describe('target registry', () => {
  it('offers every registered target, and only those, as the target input', () => {
    expect(inputSections.base.shape.target.unwrap().options).toEqual([
      'none',
      ...TARGET_NAMES
    ])
  })

  it.each(TARGET_NAMES)(
    '%s: its secrets are its own inputs and masked',
    (n) => {
      const shape = Object.keys(TARGETS[n].options.shape)
      for (const s of TARGETS[n].secretInputs) {
        expect(shape).toContain(s)
        expect(SECRET_INPUTS).toContain(s)
      }
    }
  )

  it.each(TARGET_NAMES)(
    '%s: its outputs are described in action.yml under its name',
    (n) => {
      const all = actionOutputs()
      for (const [o, text] of Object.entries(TARGETS[n].outputs)) {
        expect(text).not.toBe('')
        // An output several targets set names each: "snp, tdx: ..." or
        // "snp: ...; tdx: ...".
        expect(all[o]).toMatch(new RegExp(`(^|; )([a-z]+, )*${n}(, [a-z]+)*: `))
        expect(all[o]).toContain(text)
      }
    }
  )

  it('describes every output once, the shared ones for each who sets them', () => {
    const all = actionOutputs()
    for (const o of Object.keys(OUTPUTS)) expect(all[o]).toBeDefined()
    expect(all['initrd-path']).toMatch(/^snp, tdx, uki: path of the initrd/)
    expect(all.measurement).toBe(
      'snp: the SEV-SNP launch digest (hex); verify: the verified measurement'
    )
  })

  it.each(TARGET_NAMES)('%s: its inputs are a section of action.yml', (n) => {
    expect(inputSections[n]).toBe(TARGETS[n].options)
  })

  it.each(TARGET_NAMES)('%s: has command-line verbs', (n) => {
    expect(COMMAND_NAMES.filter((c) => c.startsWith(`${n} `))).not.toEqual([])
  })

  it.each(TARGET_NAMES)('%s: load() gives a target of that name', async (n) => {
    expect((await TARGETS[n].load()).name).toBe(n)
  })
})
