/**
 * Jest global setup: fixtures that are generated, not committed. Jest loads
 * this file with Node's own type stripping (not ts-jest), so the module is
 * named by its .ts file.
 */
export default async function globalSetup(): Promise<void> {
  const generator = './nitro-inputs.ts'
  const { ensureNitroInputs } = (await import(
    generator
  )) as typeof import('./nitro-inputs.js')
  ensureNitroInputs()
}
