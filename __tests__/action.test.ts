import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { renderActionYml, updateReadme } from '../scripts/gen-action.js'

describe('action.yml', () => {
  it('is what scripts/gen-action.ts makes from the input schemas and outputs', () => {
    expect(readFileSync('action.yml', 'utf8')).toBe(renderActionYml())
  })

  it('is described in README.md by the current tables', () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(readme).toBe(updateReadme(readme))
  })

  it('runs on node24 with a post step after success', () => {
    const yml = renderActionYml()
    expect(yml).toContain('  using: node24\n  main: dist/main/index.js\n')
    expect(yml).toContain('  post: dist/post/index.js\n  post-if: success()\n')
  })

  it('describes every input and output', () => {
    expect(renderActionYml()).not.toContain('description: ""')
  })
})
