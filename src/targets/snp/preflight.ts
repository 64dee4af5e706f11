import type { PreflightChecks } from '../preflight.js'
import type { SnpOptions } from './options.js'

/** SEV-SNP's firmware and kernel are readable files before the Go build. */
export async function snpPreflight(
  s: SnpOptions,
  c: PreflightChecks
): Promise<void> {
  await c.file(s['snp-ovmf'], 'snp-ovmf')
  await c.file(s['snp-kernel'], 'snp-kernel')
}
