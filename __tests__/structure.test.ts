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

  it('has no module over 250 lines without a reason at its top', () => {
    const r = spawnSync(
      process.execPath,
      [join(import.meta.dirname, '..', 'scripts', 'structure.ts')],
      { encoding: 'utf8' }
    )
    const at = r.stdout.indexOf('modules over 250 lines without a reason: ')
    expect(at).toBeGreaterThanOrEqual(0)
    // the script lists each as `  path (lines)` under its count
    const listed = r.stdout
      .slice(at)
      .split('\n')
      .slice(1)
      .filter((l) => l.startsWith('  '))
      .map((l) => l.trim().replace(/ \(\d+\)$/, ''))
    const count = Number(
      /^modules over 250 lines without a reason: (\d+)$/m.exec(r.stdout)?.[1]
    )
    expect(listed).toHaveLength(count)
    expect(listed).toEqual([])
  })
})
