import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { updateCommandBlock } from '../scripts/cli-readme.js'

describe('README.md', () => {
  it("has the command block scripts/cli-readme.ts makes from the parsers' flag tables", async () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(readme).toBe(await updateCommandBlock(readme))
  })
})

describe('the documents', () => {
  const files = execFileSync('git', ['ls-files', '*.md', '**/*.md'], {
    encoding: 'utf8'
  })
    .split('\n')
    .filter((f) => f !== '' && !f.startsWith('node_modules/'))

  it('are found', () => {
    expect(files).toContain('README.md')
    expect(files).toContain('docs/architecture.md')
  })

  it('link only to files that exist (every relative link resolves)', () => {
    const broken: string[] = []
    for (const file of [...new Set(files)]) {
      const text = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '')
      for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1]
        if (/^([a-z][a-z0-9+.-]*:|#|<)/i.test(target)) continue
        const path = decodeURIComponent(target.split('#')[0])
        if (path === '') continue
        if (!existsSync(join(dirname(file), path)))
          broken.push(`${file}: ${target}`)
      }
    }
    expect(broken).toEqual([])
  })
})
