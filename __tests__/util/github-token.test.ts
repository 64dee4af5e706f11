import { describe, expect, it } from '@jest/globals'
import { githubToken } from '../../src/util/github-token.js'

describe('githubToken', () => {
  it('takes the value given', () => {
    expect(githubToken('t1', { GITHUB_TOKEN: 'env' })).toBe('t1')
  })

  it('falls back to GITHUB_TOKEN, then GH_TOKEN, for empty or unexpanded values', () => {
    for (const given of [undefined, '', '${{ github.token }}']) {
      expect(githubToken(given, { GITHUB_TOKEN: 'a', GH_TOKEN: 'b' })).toBe('a')
      expect(githubToken(given, { GH_TOKEN: 'b' })).toBe('b')
      expect(githubToken(given, {})).toBeUndefined()
    }
  })
})
