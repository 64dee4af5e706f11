import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

// The import structure of src/ (docs/architecture.md): dependencies point
// down only, so the floors stay few and nothing imports back up.
describe('src/ structure', () => {
  it('has no import cycles, no back-arrows and at most 6 floors', () => {
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '..', 'scripts', 'structure.ts')],
      { encoding: 'utf8' }
    )
    expect(r.stderr).not.toMatch(/Error/)
    const count = (label: string): number =>
      Number(new RegExp(`^${label}: (\\d+)$`, 'm').exec(r.stdout)?.[1])
    expect(count('module cycles')).toBe(0)
    expect(count('back-arrows')).toBe(0)
    expect(count('floors')).toBeLessThanOrEqual(6)
    expect(r.status).toBe(0)
  })
})
