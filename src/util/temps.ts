/**
 * Every temp file and directory the tool makes, so that nothing is left
 * behind when the process is stopped: a TERM or INT
 * during a build used to leave `.NAME.<rand>.tmp` files of hundreds of MB,
 * and the gramine cross-check's copy of the signing key. Normal paths
 * remove their temps themselves; this registry is for the ways out they
 * do not see: signals and process.exit.
 */

const fs = process.getBuiltinModule('node:fs')

const live = new Set<string>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
let enabled = false
let listening = false

function onSignal(signal: NodeJS.Signals): void {
  removeTrackedTemps()
  process.kill(process.pid, signal)
}

/**
 * Signal listeners exist only while there are temps to remove: a listener
 * replaces the default action, and during long synchronous work (hashing a
 * big enclave) a listener could run only when that work ends, so a TERM
 * would no longer stop the process at once.
 */
function listen(): void {
  const want = enabled && live.size > 0
  if (want === listening) return
  listening = want
  for (const signal of SIGNALS)
    if (want) process.on(signal, onSignal)
    else process.off(signal, onSignal)
}

/** Records `path` (a file or a directory) as a temp to remove on the way out. */
export function trackTemp(path: string): string {
  live.add(path)
  listen()
  return path
}

/** Forgets `path`: it was moved into place or removed. */
export function untrackTemp(path: string): void {
  live.delete(path)
  listen()
}

/** The temps not yet moved or removed (tests). */
export function trackedTemps(): string[] {
  return [...live]
}

/** Removes every tracked temp now, synchronously (it runs in exit handlers). */
export function removeTrackedTemps(): void {
  for (const path of live) {
    try {
      fs.rmSync(path, { recursive: true, force: true })
    } catch {
      // best effort on the way out: a temp that cannot be removed now
      // could not be by anyone else either
    }
  }
  live.clear()
  listen()
}

/**
 * Entry points call this once: while temps exist, SIGINT, SIGTERM and
 * SIGHUP remove them and are raised again, so the process ends as the
 * signal says (exit status 128 + n); on exit they are removed too.
 */
export function removeTempsOnExit(): void {
  if (enabled) return
  enabled = true
  process.on('exit', removeTrackedTemps)
  listen()
}
