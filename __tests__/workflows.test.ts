import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, jest } from '@jest/globals'
import { parse } from 'yaml'
import * as core from '../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { readInputs } = await import('../src/inputs.js')

/**
 * examples/workflows/*.yml against action.yml: every `with:` key is an
 * input of the action, and the inputs each step gives (expressions replaced
 * by placeholders of the right shape, action.yml's defaults filled in as
 * GitHub does) pass readInputs, which requires what the chosen target or
 * mode needs. Each workflow is complete: a trigger, permissions, and
 * id-token: write wherever keyless signing runs.
 */

type Step = { uses?: string; with?: Record<string, unknown>; run?: string }
type Workflow = {
  on?: unknown
  permissions?: Record<string, string>
  jobs?: Record<
    string,
    { steps?: Step[]; permissions?: Record<string, string> }
  >
}

const root = join(import.meta.dirname, '..')
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>
}
const dir = join(root, 'examples', 'workflows')
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'))

/** A value GitHub would substitute, shaped so validation can judge the rest. */
function placeholder(key: string, value: string): string {
  if (!value.includes('${{')) return value
  if (key.endsWith('-sha256')) return 'a'.repeat(64)
  return value.replace(/\$\{\{[^}]*\}\}/g, 'x')
}

describe('examples/workflows', () => {
  it('has one workflow per use', () => {
    expect(files.sort()).toEqual([
      'aci.yml',
      'coco.yml',
      'confidential-space.yml',
      'gramine.yml',
      'nitro.yml',
      'snp.yml',
      'tdx.yml',
      'uki.yml',
      'verify.yml'
    ])
  })

  for (const file of files) {
    const wf = parse(readFileSync(join(dir, file), 'utf8')) as Workflow
    const steps = Object.values(wf.jobs ?? {}).flatMap((j) => j.steps ?? [])
    const ours = steps.filter((s) =>
      s.uses?.startsWith('enclave-build/enclave-build@')
    )

    it(`${file}: is complete (trigger, permissions, one enclave-build step)`, () => {
      expect(wf.on).toBeDefined()
      expect(wf.permissions).toBeDefined()
      expect(ours).toHaveLength(1)
    })

    it(`${file}: names only inputs action.yml has, and they validate`, () => {
      const given = Object.fromEntries(
        Object.entries(ours[0].with ?? {}).map(([k, v]) => [k, String(v)])
      )
      const unknown = Object.keys(given).filter((k) => !(k in action.inputs))
      expect(unknown).toEqual([])
      const values = (name: string): string => {
        if (name in given) return placeholder(name, given[name])
        const d = action.inputs[name]?.default ?? ''
        return d.includes('${{') ? 'x' : d
      }
      const inputs = readInputs(values)
      if (file === 'verify.yml') {
        expect(inputs.mode).toBe('verify')
        expect(inputs.verify?.bundle).toMatch(/^oci:\/\//)
        return
      }
      // the container platforms share the oci target
      const oci = ['aci.yml', 'coco.yml', 'confidential-space.yml']
      expect(inputs.target).toBe(
        oci.includes(file) ? 'oci' : file.replace('.yml', '')
      )
      expect(inputs.publish?.publish).toMatch(/^oci:\/\/ghcr\.io\//)
      if (inputs.attest?.signing === 'keyless')
        expect(wf.permissions?.['id-token']).toBe('write')
      expect(wf.permissions?.packages).toBe('write')
    })

    it(`${file}: every platform file given is pinned`, () => {
      const w = (ours[0].with ?? {}) as Record<string, string>
      for (const blob of [
        'nitro-kernel',
        'nitro-init',
        'nitro-nsm',
        'nitro-cmdline',
        'snp-ovmf',
        'snp-kernel'
      ])
        if (w[blob] !== undefined) expect(w[`${blob}-sha256`]).toBeTruthy()
      if (w.libpal !== undefined)
        expect(steps.some((s) => s.run?.includes('sha256sum -c'))).toBe(true)
    })
  }
})
