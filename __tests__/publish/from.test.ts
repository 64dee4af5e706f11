import { describe, expect, it } from '@jest/globals'
import { filesOfResult } from '../../src/publish/from.js'
import { sampleBuild, sampleResult } from '../attest/sample.js'

describe('the published source repository (org.opencontainers.image.source)', () => {
  it("is the workflow's repository when the checkout has no origin remote, as the predicate names it", () => {
    const build = sampleBuild()
    delete (build.source as { repository?: string }).repository
    const { facts } = filesOfResult(sampleResult(), build, {
      GITHUB_REPOSITORY: 'acme/enclave-app',
      GITHUB_SERVER_URL: 'https://github.com'
    })
    expect(facts.repository).toBe('https://github.com/acme/enclave-app')
    // the build's own remote wins when there is one
    const withRemote = sampleBuild()
    withRemote.source.repository = 'https://example.com/other/app'
    expect(
      filesOfResult(sampleResult(), withRemote, {
        GITHUB_REPOSITORY: 'acme/enclave-app'
      }).facts.repository
    ).toBe('https://example.com/other/app')
  })
})
