import { describe, expect, it, jest } from '@jest/globals'
import * as core from '../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { readInputs } = await import('../src/inputs.js')
const { EnclaveBuildError } = await import('../src/errors.js')

function read(values: Record<string, string>) {
  return readInputs((name) => values[name] ?? '')
}

describe('readInputs', () => {
  it('turns empty inputs into defaults', () => {
    expect(read({})).toMatchObject({
      mode: 'build',
      'working-directory': '.',
      package: '.',
      output: 'app',
      cgo: false,
      goamd64: 'v1',
      'rebuild-check': true,
      cache: true,
      target: 'none'
    })
  })

  it('parses booleans and enums', () => {
    expect(
      read({ cgo: 'true', 'rebuild-check': 'false', target: 'nitro' })
    ).toMatchObject({ cgo: true, 'rebuild-check': false, target: 'nitro' })
  })

  it.each([
    ['goamd64', 'v9'],
    ['goarch', 'mips'],
    ['cgo', 'maybe'],
    ['rebuild-check', 'yes please'],
    ['target', 'tdx'],
    ['mode', 'deploy'],
    ['go-version', 'latest'],
    ['output', '../escape'],
    ['output', 'a/b']
  ])('refuses %s=%s with INPUT_INVALID naming the input', (name, value) => {
    let err: unknown
    try {
      read({ [name]: value })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(EnclaveBuildError)
    expect((err as InstanceType<typeof EnclaveBuildError>).code).toBe(
      'INPUT_INVALID'
    )
    expect((err as Error).message).toMatch(
      new RegExp(`→ at (${name}|\\["${name}"\\])$`, 'm')
    )
  })
})
