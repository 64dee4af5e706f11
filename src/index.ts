import { run } from './main.js'

// No top-level await: in the single-file bundle, modules loaded with
// import() are placed after this entry, and a top-level await here would
// suspend the file before they are initialised.
/* istanbul ignore next */
void run()
