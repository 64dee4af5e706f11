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
      read({ cgo: 'true', 'rebuild-check': 'false', mode: 'build' })
    ).toMatchObject({ cgo: true, 'rebuild-check': false, mode: 'build' })
  })

  it("parses the chosen target's inputs and only those", () => {
    const inputs = read({
      target: 'snp',
      'snp-ovmf': 'OVMF.fd',
      'snp-ovmf-sha256': 'a'.repeat(64),
      'snp-kernel': 'bzImage',
      'snp-kernel-sha256': 'b'.repeat(64)
    })
    expect(inputs.snp).toMatchObject({
      'snp-vcpus': '1',
      'snp-vmm-type': 'QEMU'
    })
    expect(inputs.nitro).toBeUndefined()
    expect(inputs.attest).toMatchObject({ signing: 'keyless' })
  })

  it('names every missing input of the chosen target at once', () => {
    expect(() => read({ target: 'nitro' })).toThrow(
      /nitro-kernel[\s\S]*nitro-init[\s\S]*nitro-nsm[\s\S]*nitro-cmdline/
    )
  })

  it('masks secret inputs as soon as they are read', () => {
    read({ signing: 'key', 'attestation-key': 'PEM-SECRET' })
    expect(core.setSecret).toHaveBeenCalledWith('PEM-SECRET')
  })

  it.each([
    ['goamd64', 'v9'],
    ['goarch', 'mips'],
    ['cgo', 'maybe'],
    ['rebuild-check', 'yes please'],
    ['target', 'tdx2'],
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

describe('messages of missing or bad target inputs', () => {
  it('name a missing snp-ovmf (not "expected string") and a bad snp-vcpus once', async () => {
    const { readInputs } = await import('../src/inputs.js')
    const all: Record<string, string> = { target: 'snp', 'snp-vcpus': '0' }
    let message = ''
    try {
      readInputs(
        (n) => all[n] ?? '',
        () => undefined
      )
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/snp-ovmf is required for target snp/)
    expect(message).toMatch(/snp-ovmf-sha256 is required for target snp/)
    expect(message).not.toMatch(/expected string/)
    expect(message.match(/snp-vcpus/g)).toHaveLength(2) // the message and its path
  })
})
