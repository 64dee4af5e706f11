import { run } from './main.js'
import { exitWhenDone, removeTempsOnExit } from './util/exit.js'

// No top-level await: in the single-file bundle, modules loaded with
// import() are placed after this entry, and a top-level await here would
// suspend the file before they are initialised. Every way out ends the
// process promptly, whatever a library left running.
/* istanbul ignore next */
removeTempsOnExit()
void run().finally(() => exitWhenDone())
