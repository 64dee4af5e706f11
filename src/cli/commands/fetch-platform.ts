import { resolve } from 'node:path'
import { fetchPlatform } from '../../platform/fetch.js'
import { NO_PLATFORM_FILES, PLATFORM_TARGETS } from '../../platform/sources.js'
import { exec } from '../../util/exec.js'
import { parse, required } from '../args.js'
import { printJson, type Command } from '../io.js'

const fetchPlatformOptions = {
  target: {
    type: 'string',
    required: true,
    // the help lists exactly what the parser accepts
    choices: PLATFORM_TARGETS,
    arg: PLATFORM_TARGETS.join('|'),
    help: 'The target whose platform files to fetch (nitro needs --from; oci and gramine need none from here, and say so).'
  },
  output: {
    type: 'string',
    default: 'platform',
    arg: 'DIR',
    help: 'Where to write the files.'
  },
  mirror: {
    type: 'string',
    arg: 'URL',
    help: 'Debian mirror root (default https://deb.debian.org/debian; a snapshot.debian.org/archive/debian/<date> URL once sid moved on).'
  },
  from: {
    type: 'string',
    arg: 'DIR',
    help: "Read the pinned .deb files from DIR instead of downloading them (as apt-get download leaves them); for nitro, AWS's blobs: an aws-nitro-enclaves-cli checkout, its blobs/x86_64, or Amazon Linux's /usr/share/nitro_enclaves/blobs."
  },
  json: {
    type: 'boolean',
    default: false,
    help: 'Print {"files": [{"input", "path", "sha256", "source", "cached"}]}, and "note" (why there are none) for oci and gramine.'
  }
} as const

/**
 * `enclave-build fetch-platform`: the real, pinned platform files of a
 * target (firmware, kernel, systemd-stub) from their Debian packages, or
 * AWS's Nitro blobs from a folder the user has, and the action inputs that
 * use them.
 */
export const fetchPlatformCommand: Command = async (args, io) => {
  const { values: v } = parse(args, fetchPlatformOptions)
  const target = required(v.target, '--target')
  // a target that measures no fetchable file: said plainly, exit 0, as
  // there is nothing missing (the build's preflight names what it needs)
  const note = NO_PLATFORM_FILES[target]
  if (note !== undefined) {
    if (v.json) printJson(io, { files: [], note })
    else io.stdout(`${note}\n`)
    return 0
  }
  const files = await fetchPlatform(
    target,
    resolve(io.cwd, v.output),
    { exec, log: v.json ? undefined : (m) => io.stderr(`${m}\n`) },
    {
      ...(v.mirror === undefined ? {} : { mirror: v.mirror }),
      ...(v.from === undefined ? {} : { from: resolve(io.cwd, v.from) })
    }
  )
  if (v.json) printJson(io, { files })
  else
    for (const f of files)
      io.stdout(
        `${f.input}: ${f.path}\n${f.input}-sha256: ${f.sha256}\n  (${f.source}${f.cached ? ', already there' : ''})\n`
      )
  return 0
}
fetchPlatformCommand.about =
  "Downloads the real platform files of a target from their Debian packages (snp, tdx, uki), or copies AWS's Nitro blobs from a folder (nitro), checks each against its pinned sha256, and prints the action inputs that use them; for a target that needs none (oci, gramine) it says so and exits 0."
