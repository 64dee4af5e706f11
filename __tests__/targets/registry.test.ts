import { describe, expect, it } from '@jest/globals'
import { COMMAND_NAMES } from '../../src/cli/main.js'
import { inputSections, SECRET_INPUTS } from '../../src/inputs.js'
import { OUTPUTS } from '../../src/outputs.js'
import { TARGET_NAMES, TARGETS } from '../../src/targets/index.js'

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

  it.each(TARGET_NAMES)('%s: its outputs are described and its own', (n) => {
    for (const o of TARGETS[n].outputs) {
      expect(Object.keys(OUTPUTS)).toContain(o)
      // An output several targets set names them all: "snp, tdx: ...".
      expect(OUTPUTS[o]).toMatch(new RegExp(`^([a-z]+, )*${n}(, [a-z]+)*:`))
    }
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
