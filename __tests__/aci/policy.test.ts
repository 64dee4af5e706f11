import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { acePolicy } from '../../src/targets/aci/policy.js'

const SAMPLE = readFileSync(
  '__fixtures__/aci/confcom/policy_infrastructure_svn.rego',
  'utf8'
)

describe('aci policy text in the shape az confcom acipolicygen writes', () => {
  // the inputs of confcom's helloworld sample, read from its own policy
  const containers = JSON.parse(
    /^containers := (.*)$/m.exec(SAMPLE)?.[1] ?? '[]'
  ) as {
    command: string[]
    env_rules: { pattern: string; strategy: string }[]
    id: string
    layers: string[]
    working_dir: string
  }[]
  const hello = containers[0]
  const env = hello.env_rules
    .filter((r) => r.strategy === 'string' && r.pattern !== 'TERM=xterm')
    .map((r) => r.pattern)

  it('reproduces the confcom sample byte for byte from the same image facts', () => {
    const { text, hostData } = acePolicy({
      id: hello.id,
      layers: hello.layers,
      minimumSvn: '99',
      config: {
        architecture: 'amd64',
        os: 'linux',
        config: { Cmd: hello.command, Env: env, WorkingDir: hello.working_dir },
        rootfs: { type: 'layers', diff_ids: [] }
      }
    })
    expect(text).toBe(SAMPLE)
    // HOST_DATA is SHA-256 of the policy text (Confidential_ACI_SCHEME.md); sha256sum of the sample
    expect(hostData).toBe(
      'c7eaa835375d9243dd49a2e05489e13ea4f2dfe56369a89ca3c2e66bd97ea7c4'
    )
    expect(hostData).toBe(createHash('sha256').update(SAMPLE).digest('hex'))
  })
})
