import { post } from './post.js'

/* istanbul ignore next */
await post()
// dangling HTTP retries of the cache client must not keep the job alive
process.exit(0)
