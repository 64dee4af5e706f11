import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { readInputs } = await import('../../src/inputs.js')

const read = (values: Record<string, string>) =>
  readInputs((name) => values[name] ?? '')

describe('publish inputs', () => {
  it('are parsed in build mode, and registry-password is masked', () => {
    const inputs = read({
      publish: 'oci://ghcr.io/acme/app:v1',
      'registry-password': 'hunter2-registry'
    })
    expect(inputs.publish).toEqual({
      publish: 'oci://ghcr.io/acme/app:v1',
      'registry-username': '',
      'registry-password': 'hunter2-registry'
    })
    expect(core.setSecret).toHaveBeenCalledWith('hunter2-registry')
  })

  it('refuse a reference without a tag or registry, naming the form', () => {
    for (const publish of ['oci://ghcr.io/acme/app', 'ghcr.io/acme/app:v1'])
      expect(() => read({ publish })).toThrow(
        expect.objectContaining({
          code: 'INPUT_INVALID',
          message: expect.stringContaining('oci://REGISTRY/NAME:TAG')
        })
      )
  })
})
