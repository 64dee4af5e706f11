import { post } from './post.js'

// No top-level await (see index.ts). Exit explicitly: dangling HTTP retries
// of the cache client must not keep the job alive.
/* istanbul ignore next */
void post().finally(() => process.exit(0))
