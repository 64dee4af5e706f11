/**
 * The README's command block, made from the flag definitions the command
 * parsers read (the same ones `--help` prints), so the README cannot
 * disagree with the program.
 *
 *   bash bench/run-ts.sh scripts/cli-readme.ts   (rewrites README.md)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { COMMAND_NAMES, commandFlags } from '../src/cli/main.js'
import { formatSynopsis } from '../src/cli/help.js'

/** Section titles by the command's first word, in the README's order. */
const GROUPS: [string, string][] = [
  ['build', "The action's build mode in one command"],
  [
    'fetch-platform',
    'Real platform files: firmware, stub and kernel from pinned Debian packages, Nitro blobs from a folder'
  ],
  ['go', 'Go'],
  ['gramine', "Intel SGX with Gramine (Gramine v1.9's semantics and bytes)"],
  ['sgx', 'Intel SGX'],
  ['nitro', "AWS Nitro Enclaves (eif_build's and nitro-cli's semantics)"],
  ['snp', "AMD SEV-SNP (sev-snp-measure's semantics and flags)"],
  ['tdx', "Intel TDX (dstack-mr's flags; --gce-shape: Google Cloud's MRTD)"],
  ['attest', 'Attestation'],
  [
    'verify',
    "Verification: from a measurement, or the enclave's own evidence, to the source commit"
  ],
  [
    'publish',
    'Publishing: the files an attestation names, as one OCI artifact with the bundle attached'
  ]
]

const START = '<!-- cli-commands -->'
const END = '<!-- /cli-commands -->'

/** The block between the markers: every command, grouped. */
export async function renderCommandBlock(): Promise<string> {
  const byGroup = new Map<string, string[]>()
  for (const name of COMMAND_NAMES) {
    const group = name.split(' ')[0]
    const { options, meta } = await commandFlags(name)
    const list = byGroup.get(group) ?? []
    list.push(formatSynopsis(name, options, meta))
    byGroup.set(group, list)
  }
  const known = GROUPS.map(([g]) => g)
  const order = [
    ...known.filter((g) => byGroup.has(g)),
    ...[...byGroup.keys()].filter((g) => !known.includes(g)).sort()
  ]
  const parts = order.map((g) => {
    const title = GROUPS.find(([k]) => k === g)?.[1] ?? g
    return [`# ${title}`, ...byGroup.get(g)!].join('\n')
  })
  return `${START}\n\`\`\`text\n${parts.join('\n\n')}\n\`\`\`\n${END}`
}

/** README.md with its command block replaced by the generated one. */
export async function updateCommandBlock(readme: string): Promise<string> {
  const a = readme.indexOf(START)
  const b = readme.indexOf(END)
  if (a < 0 || b < a) throw new Error(`README.md lacks ${START} … ${END}`)
  return (
    readme.slice(0, a) +
    (await renderCommandBlock()) +
    readme.slice(b + END.length)
  )
}

if (process.argv[1]?.endsWith('cli-readme.ts')) {
  const readme = readFileSync('README.md', 'utf8')
  writeFileSync('README.md', await updateCommandBlock(readme))
}
