/**
 * Progress of long synchronous work (a big enclave's MRENCLAVE), shown only
 * in a terminal: logs and pipes get nothing, so outputs stay exactly as the
 * contract says.
 */

/** Told how far the work is, in the work's own units (bytes here). */
export type Progress = (done: number, total: number) => void

/** Where progress is drawn; process.stderr by default. */
export interface ProgressStream {
  isTTY?: boolean
  write: (text: string) => unknown
}

/** Work shorter than this shows nothing. */
const QUIET_MS = 1000
/** At most one redraw per this many milliseconds. */
const REDRAW_MS = 200

const gib = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(0)} GiB`

/**
 * A progress line on `stream` (`label: 37% of 1024 GiB`), redrawn in place,
 * shown only after a second of work and cleared when done; undefined when
 * `stream` is not a terminal.
 */
export function terminalProgress(
  label: string,
  stream: ProgressStream = process.stderr,
  now: () => number = Date.now
): Progress | undefined {
  if (stream.isTTY !== true) return undefined
  const start = now()
  let last = 0
  let shown = false
  return (done, total) => {
    const t = now()
    if (done >= total) {
      if (shown) stream.write('\r\x1b[K')
      shown = false
      return
    }
    if (t - start < QUIET_MS || t - last < REDRAW_MS) return
    last = t
    shown = true
    const pct = Math.floor((done / total) * 100)
    stream.write(`\r${label}: ${pct}% of ${gib(total)}\x1b[K`)
  }
}
