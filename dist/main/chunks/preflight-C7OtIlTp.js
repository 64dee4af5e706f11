/** SEV-SNP's firmware and kernel are readable files before the Go build. */
async function snpPreflight(s, c) {
    await c.file(s['snp-ovmf'], 'snp-ovmf');
    await c.file(s['snp-kernel'], 'snp-kernel');
}

export { snpPreflight };
