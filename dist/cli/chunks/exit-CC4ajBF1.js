export { r as removeTempsOnExit } from './temps-ClGZhUnt.js';

/**
 * How the entry points end. When their work is done (or failed) the process
 * should end by itself; but anything left holding the event loop (a worker's
 * port, a keep-alive socket, a retry timer of a library) would keep a failed
 * job alive until the runner's timeout. So a timer that does not itself hold
 * the loop ends the process shortly after, with the exit code already set.
 */
/** Grace for the loop to drain by itself, in milliseconds. */
const EXIT_GRACE_MS = 500;
/**
 * Makes sure the process ends: by itself if nothing holds it, else after
 * `graceMs`, once stdout and stderr have taken what was written to them.
 */
function exitWhenDone(graceMs = EXIT_GRACE_MS) {
    setTimeout(() => {
        const streams = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
        if (streams.length === 0)
            process.exit();
        let left = streams.length;
        for (const s of streams)
            s.write('', () => {
                if (--left === 0)
                    process.exit();
            });
        // a reader that never reads must not hold the process either
        setTimeout(() => process.exit(), graceMs).unref();
    }, graceMs).unref();
}

export { EXIT_GRACE_MS, exitWhenDone };
